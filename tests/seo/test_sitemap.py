"""/sitemap.xml: an index of files per kind, every indexable page once, valid XML."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from flask import render_template

from marketplace.catalog import cache
from marketplace.catalog.models import ProductStatus
from marketplace.clock import today
from marketplace.outlets import events
from marketplace.outlets.models import OutletStatus
from marketplace.seo import sitemap
from marketplace.shops.models import ProducerStatus
from tests.factories import make_gift_set, make_outlet, make_producer, make_product
from tests.seo.helpers import SITEMAP_NS, sitemap_files, sitemap_urls

W3C_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def make_event(title: str = "Tuần hàng OCOP Thái Nguyên", *, publish: bool = True):
    start = today() + timedelta(days=20)
    return events.create_event(events.EventData(
        title=title, kind="ocop_week", starts_on=start.isoformat(),
        ends_on=(start + timedelta(days=3)).isoformat(), venue="Quảng trường 20/8",
        province_code="19", commune_code="05443", description="Gian hàng OCOP."),
        actor_id=None, publish=publish)


@pytest.fixture
def storefront(db):
    """One public thing of each kind, and a hidden twin of each."""
    tea = make_product("Chè Đinh Tân Cương", slug="che-dinh", producer=make_producer(
        "HTX chè Hảo Đạt", slug="htx-che-hao-dat"), stars=4)
    make_product("Bản nháp", slug="ban-nhap", status=ProductStatus.DRAFT, producer=tea.producer)
    make_product("Chè của cơ sở chờ duyệt", slug="che-cho-duyet",
                 producer=make_producer("HTX chờ duyệt", slug="htx-cho-duyet",
                                        status=ProducerStatus.PENDING))
    make_outlet("Điểm bán chợ Đán", slug="diem-ban-cho-dan")
    make_outlet("Điểm bán chờ duyệt", slug="diem-ban-cho-duyet", status=OutletStatus.PENDING)
    gift = make_gift_set([(tea, 2)], name="Quà Tết Tân Cương")
    make_event("Hội chợ OCOP mùa xuân")
    make_event("Hội chợ nháp", publish=False)
    return {"tea": tea, "gift": gift}


def test_the_sitemap_is_an_index_of_one_file_per_kind(client, storefront):
    response = client.get("/sitemap.xml")

    assert response.mimetype == "application/xml"
    assert sitemap_files(response) == [
        f"http://localhost/sitemap-{kind}-1.xml"
        for kind in ("pages", "products", "shops", "outlets", "gift-sets", "events")]


def test_an_empty_kind_has_no_file(client, db):
    assert sitemap_files(client.get("/sitemap.xml")) == ["http://localhost/sitemap-pages-1.xml"]
    assert client.get("/sitemap-products-1.xml").status_code == 404


def test_products_are_the_listed_ones_with_their_last_change(client, storefront):
    urls = sitemap_urls(client.get("/sitemap-products-1.xml"))

    # Drafts, products of unapproved producers and gift sets (their own page) stay out.
    assert list(urls) == ["http://localhost/products/che-dinh"]
    assert W3C_DATETIME.fullmatch(urls["http://localhost/products/che-dinh"])


def test_shops_outlets_gift_sets_and_events_are_the_public_ones(client, storefront):
    def locs(kind: str) -> list[str]:
        return list(sitemap_urls(client.get(f"/sitemap-{kind}-1.xml")))

    house = storefront["gift"].producer.slug  # the shop selling the gift sets is public too
    assert locs("shops") == ["http://localhost/shops/htx-che-hao-dat",
                             f"http://localhost/shops/{house}"]
    assert locs("outlets") == ["http://localhost/outlets/diem-ban-cho-dan"]
    assert locs("gift-sets") == [f"http://localhost/gift-sets/{storefront['gift'].slug}"]
    start = today() + timedelta(days=20)
    assert locs("events") == [f"http://localhost/events/hoi-cho-ocop-mua-xuan-{start.year}"]
    for kind in ("shops", "outlets", "gift-sets", "events"):
        assert all(W3C_DATETIME.fullmatch(lastmod)
                   for lastmod in sitemap_urls(client.get(f"/sitemap-{kind}-1.xml")).values())


def test_every_listed_url_answers_200(client, storefront):
    for file in sitemap_files(client.get("/sitemap.xml")):
        for url in sitemap_urls(client.get(file)):
            assert client.get(url).status_code == 200, url


def test_static_pages_and_the_categories_that_list_something(client, storefront):
    urls = sitemap_urls(client.get("/sitemap-pages-1.xml"))

    assert list(urls) == [
        "http://localhost/", "http://localhost/products",
        "http://localhost/categories/thuc-pham", "http://localhost/categories/che-ca-phe",
        "http://localhost/ocop/stats", "http://localhost/outlets", "http://localhost/gift-sets",
        "http://localhost/events",
    ]
    assert set(urls.values()) == {None}


def test_a_kind_past_the_file_size_is_split_into_numbered_files(client, db, monkeypatch):
    monkeypatch.setattr(sitemap, "URLS_PER_FILE", 2)
    producer = make_producer()
    slugs = [make_product(producer=producer, slug=f"san-pham-{n}").slug for n in range(5)]

    files = sitemap_files(client.get("/sitemap.xml"))

    product_files = [f for f in files if "/sitemap-products-" in f]
    assert product_files == [f"http://localhost/sitemap-products-{n}.xml" for n in (1, 2, 3)]
    listed = [url for f in product_files for url in sitemap_urls(client.get(f))]
    assert listed == [f"http://localhost/products/{slug}" for slug in slugs]


@pytest.mark.parametrize("path", ["/sitemap-products-2.xml", "/sitemap-products-0.xml",
                                  "/sitemap-pages-2.xml", "/sitemap-orders-1.xml",
                                  "/sitemap-products-x.xml"])
def test_a_file_that_does_not_exist_is_a_404(client, storefront, path):
    assert client.get(path).status_code == 404


def test_urls_are_escaped_into_valid_xml(app):
    tricky = "http://localhost/products?stars=5&sort=newest&q=<chè>\"'"
    with app.test_request_context():
        body = render_template("seo/urlset.xml", urls=[(tricky, "2026-01-02T03:04:05+00:00")])

    assert "&amp;sort=newest" in body and "<chè>" not in body
    root = ET.fromstring(body.encode())
    assert root.find(f"{SITEMAP_NS}url/{SITEMAP_NS}loc").text == tricky


def test_unchanged_sitemaps_answer_304(client, storefront):
    first = client.get("/sitemap-products-1.xml")

    again = client.get("/sitemap-products-1.xml", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 304
    assert first.cache_control.public and first.cache_control.max_age == 3600


@pytest.fixture
def sitemap_cache(app):
    """The per-worker caches switched on, as in production."""
    app.config["CATALOG_CACHE_SECONDS"] = 60
    cache.clear()
    sitemap.clear()
    yield
    app.config["CATALOG_CACHE_SECONDS"] = 0
    cache.clear()
    sitemap.clear()


def test_the_sitemap_is_cached_until_the_catalogue_revision_moves(client, db, sitemap_cache):
    producer = make_producer()
    make_product(producer=producer, slug="mot")
    assert list(sitemap_urls(client.get("/sitemap-products-1.xml"))) == [
        "http://localhost/products/mot"]

    make_product(producer=producer, slug="hai")  # the factory writes without a new revision
    cached = sitemap_urls(client.get("/sitemap-products-1.xml"))
    cache.bump_revision()
    db.session.commit()
    fresh = sitemap_urls(client.get("/sitemap-products-1.xml"))

    assert list(cached) == ["http://localhost/products/mot"]
    assert list(fresh) == ["http://localhost/products/mot", "http://localhost/products/hai"]


def test_each_host_gets_its_own_absolute_urls(client, db, sitemap_cache):
    make_product(slug="mot")

    local = sitemap_urls(client.get("/sitemap-products-1.xml"))
    public = sitemap_urls(client.get("/sitemap-products-1.xml", base_url="https://cho-ocop.vn"))

    assert list(local) == ["http://localhost/products/mot"]
    assert list(public) == ["https://cho-ocop.vn/products/mot"]
