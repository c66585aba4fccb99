"""Canonical links, robots rules and link previews (Open Graph, Twitter) of the pages."""
from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.catalog.models import Product, ProductImage, ProductStatus
from marketplace.clock import today
from marketplace.outlets import events
from marketplace.seo.meta import summary
from tests.factories import make_gift_set, make_outlet, make_producer, make_product, make_user
from tests.seo.helpers import head_of
from tests.shops.helpers import login


@pytest.fixture
def tea(db):
    producer = make_producer("HTX chè Hảo Đạt", slug="htx-che-hao-dat",
                             story="<p>Ba thế hệ làm chè trên đồi <strong>Tân Cương</strong>.</p>",
                             logo_path="logos/hao-dat.webp")
    product = make_product("Chè Đinh \"Tân Cương\" <đặc biệt>", slug="che-dinh", producer=producer,
                           stars=4, price_vnd=125_000, description="Búp chè đinh hái tay.")
    db.session.add_all([
        ProductImage(product=product, path="products/che-dinh/1.jpg", position=1),
        ProductImage(product=product, path="products/che-dinh/0.jpg", alt="Hộp chè",
                     position=0, width=1200, height=900),
    ])
    db.session.commit()
    return product


def test_every_storefront_page_has_one_canonical_link_and_is_indexable(client, tea):
    gift = make_gift_set([(tea, 2)], name="Quà Tết Tân Cương")
    outlet = make_outlet("Điểm bán chợ Đán", slug="diem-ban-cho-dan")
    event = events.create_event(events.EventData(
        title="Hội chợ OCOP", kind="fair", starts_on=(today() + timedelta(days=5)).isoformat(),
        ends_on=(today() + timedelta(days=7)).isoformat(), venue="Quảng trường",
        province_code="19", commune_code="05443"), actor_id=None, publish=True)
    pages = {
        "/": "http://localhost/",
        "/products": "http://localhost/products",
        "/categories/thuc-pham": "http://localhost/categories/thuc-pham",
        "/products/che-dinh": "http://localhost/products/che-dinh",
        "/shops/htx-che-hao-dat": "http://localhost/shops/htx-che-hao-dat",
        f"/gift-sets/{gift.slug}": f"http://localhost/gift-sets/{gift.slug}",
        "/gift-sets": "http://localhost/gift-sets",
        f"/outlets/{outlet.slug}": "http://localhost/outlets/diem-ban-cho-dan",
        "/outlets": "http://localhost/outlets",
        f"/events/{event.slug}": f"http://localhost/events/{event.slug}",
        "/events": "http://localhost/events",
        "/ocop/stats": "http://localhost/ocop/stats",
    }
    for path, canonical in pages.items():
        head = head_of(client.get(path))
        assert head.canonical == [canonical], path
        assert "robots" not in head.meta, path


@pytest.fixture
def many(db):
    """25 products in one commit: two pages of the default 24; one of them 5★."""
    star = make_product(stars=5)
    db.session.add_all(Product(producer=star.producer, slug=f"hang-loat-{n}", name=f"Hàng loạt {n}",
                               category=star.category, price_vnd=100_000, stock=5,
                               status=ProductStatus.ACTIVE) for n in range(24))
    db.session.commit()


@pytest.mark.parametrize("path, canonical", [
    ("/products?page=1", "/products"),
    ("/products?page=2", "/products?page=2"),
    ("/products?page=2&q=", "/products?page=2"),  # empty parameters do not count
    ("/products?sort=price_asc", "/products"),
    ("/products?sort=price_asc&page=2", "/products"),
    ("/products?per_page=10&page=2", "/products"),
    ("/products?stars=5", "/products"),
    ("/products?stars=5&province=19", "/products"),
    ("/products?category=che-ca-phe", "/categories/che-ca-phe"),
    ("/products?category=che-ca-phe&page=2", "/categories/che-ca-phe?page=2"),
    ("/categories/thuc-pham?page=2", "/categories/thuc-pham?page=2"),
    ("/categories/thuc-pham?in_stock=1", "/categories/thuc-pham"),
    ("/categories/thuc-pham?category=do-uong", "/categories/thuc-pham"),
])
def test_listing_variants_point_at_the_listing_that_defines_their_content(client, many, path,
                                                                           canonical):
    head = head_of(client.get(path))

    assert head.canonical == ["http://localhost" + canonical]
    assert "robots" not in head.meta


@pytest.mark.parametrize("path", ["/products?page=3", "/products?stars=9", "/products?page=x",
                                  "/products?max_price=1"])
def test_listings_that_show_nothing_are_noindex(client, many, path):
    head = head_of(client.get(path))

    assert head.one("robots") == "noindex"
    assert head.canonical == ["http://localhost/products" + ("?page=3" if "page=3" in path else "")]


def test_shop_pages_canonicalise_like_listings(client, tea):
    assert head_of(client.get("/shops/htx-che-hao-dat?page=1")).canonical == [
        "http://localhost/shops/htx-che-hao-dat"]
    assert head_of(client.get("/shops/htx-che-hao-dat?sort=newest")).canonical == [
        "http://localhost/shops/htx-che-hao-dat"]
    past_the_end = head_of(client.get("/shops/htx-che-hao-dat?page=2"))
    assert past_the_end.canonical == ["http://localhost/shops/htx-che-hao-dat?page=2"]
    assert past_the_end.one("robots") == "noindex"


def test_outlet_directory_variants_point_at_the_directory(client, db):
    make_outlet()

    assert head_of(client.get("/outlets?commune=05503")).canonical == ["http://localhost/outlets"]
    bad = head_of(client.get("/outlets?page=abc"))
    assert bad.canonical == ["http://localhost/outlets"] and bad.one("robots") == "noindex"


@pytest.mark.parametrize("path", ["/search?q=ch%C3%A8", "/cart", "/login", "/register",
                                  "/password/forgot"])
def test_search_cart_and_account_pages_are_noindex(client, db, path):
    head = head_of(client.get(path))

    assert head.one("robots") == "noindex"
    assert "og:title" not in head.meta


def test_checkout_and_account_pages_are_noindex_when_logged_in(client, db, tea):
    from tests.factories import make_cart

    shopper = make_user("mua@example.vn")
    make_cart(shopper, items=[(tea, 1)])
    login(client, shopper)

    for path in ("/checkout", "/account", "/account/addresses", "/orders"):
        assert head_of(client.get(path)).one("robots") == "noindex", path


def test_product_card_shows_name_description_cover_and_price(client, tea):
    head = head_of(client.get("/products/che-dinh"))

    assert head.one("og:type") == "product"
    assert head.one("og:title") == "Chè Đinh \"Tân Cương\" <đặc biệt>"  # escaped, read back
    assert head.one("og:description") == "Búp chè đinh hái tay."
    assert head.one("og:url") == "http://localhost/products/che-dinh"
    assert head.one("og:image") == "http://localhost/media/products/che-dinh/0.jpg"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "900")
    assert head.one("og:image:alt") == "Hộp chè"
    assert head.one("og:locale") == "vi_VN"
    assert head.one("og:site_name") == "Chợ OCOP Thái Nguyên"
    assert head.one("twitter:card") == "summary_large_image"
    assert (head.one("product:price:amount"), head.one("product:price:currency")) == (
        "125000", "VND")


def test_shop_card_is_a_profile_with_the_logo_and_the_story_as_text(client, tea):
    head = head_of(client.get("/shops/htx-che-hao-dat"))

    assert head.one("og:type") == "profile"
    assert head.one("og:title") == "HTX chè Hảo Đạt"
    assert head.one("og:description") == "Ba thế hệ làm chè trên đồi Tân Cương."
    assert head.one("og:image") == "http://localhost/media/logos/hao-dat.webp"
    assert head.one("twitter:card") == "summary_large_image"


def test_a_page_without_a_picture_gets_the_small_card(client, db):
    make_producer("HTX không ảnh", slug="htx-khong-anh")
    head = head_of(client.get("/shops/htx-khong-anh"))

    assert "og:image" not in head.meta
    assert head.one("twitter:card") == "summary"
    assert head.one("og:description") == "Gian hàng OCOP của HTX không ảnh"


def test_gift_set_outlet_and_home_cards(client, tea):
    gift = make_gift_set([(tea, 2)], name="Quà Tết Tân Cương")
    make_outlet("Điểm bán chợ Đán", slug="diem-ban-cho-dan", street="Chợ Đán")

    gift_head = head_of(client.get(f"/gift-sets/{gift.slug}"))
    outlet_head = head_of(client.get("/outlets/diem-ban-cho-dan"))
    home_head = head_of(client.get("/"))

    assert (gift_head.one("og:type"), gift_head.one("og:title")) == ("product", "Quà Tết Tân Cương")
    assert gift_head.one("og:url") == f"http://localhost/gift-sets/{gift.slug}"
    assert (outlet_head.one("og:type"), outlet_head.one("og:title")) == (
        "website", "Điểm bán chợ Đán")
    assert outlet_head.one("og:description").startswith("Điểm bán sản phẩm OCOP: Chợ Đán, ")
    assert (home_head.one("og:type"), home_head.one("og:url")) == ("website", "http://localhost/")
    assert home_head.one("og:locale") == "vi_VN"


def test_summaries_are_one_line_and_cut_at_a_word():
    assert summary("  Chè\n\nTân   Cương ") == "Chè Tân Cương"
    cut = summary("Búp chè đinh hái tay " * 20, limit=40)
    assert cut == "Búp chè đinh hái tay Búp chè đinh hái…" and len(cut) <= 40
    assert summary(None) == ""
