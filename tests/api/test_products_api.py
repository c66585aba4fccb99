"""API v1 read side: products, product detail, producers and OCOP statistics."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event

from marketplace import search, units
from marketplace.catalog.models import ProductImage, ProductStatus
from marketplace.clock import today
from marketplace.shops.models import ProducerStatus
from tests.api import assert_matches_schema
from tests.factories import make_certification, make_producer, make_product

API = "/api/v1"
ITEM_KEYS = {"slug", "name", "producer", "category", "stars", "price_vnd", "province",
             "commune", "url"}


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def listing(client, query=""):
    return get_json(client, f"{API}/products?{query}")


def slugs(data):
    return [item["slug"] for item in data["items"]]


def move_to_hanoi(producer, db):
    """make_producer always registers in Thái Nguyên; put this one in Hà Nội."""
    producer.province_code = "01"
    producer.commune_code = units.communes_of("01")[0].code
    db.session.commit()
    return producer


def expired(stars=4):
    return {"stars": stars, "certified_on": today() - timedelta(days=1200),
            "expires_on": today() - timedelta(days=1)}


# --- GET /products: shape -------------------------------------------------------------

def test_listing_has_the_documented_shape(client, db):
    producer = make_producer("HTX chè Hảo Đạt", slug="htx-che-hao-dat")
    make_product("Chè Đinh Tân Cương", slug="che-dinh", producer=producer, stars=5,
                 price_vnd=450_000)

    response = client.get(f"{API}/products")
    data = response.get_json()

    assert response.status_code == 200
    assert response.headers["Cache-Control"] in ("public, max-age=60", "max-age=60, public")
    assert list(data) == ["query", "total", "page", "per_page", "items", "facets",
                          "suggestion"]
    assert (data["query"], data["total"], data["page"], data["per_page"]) == ("", 1, 1, 24)
    assert data["suggestion"] is None
    assert data["items"] == [{
        "slug": "che-dinh", "name": "Chè Đinh Tân Cương",
        "producer": {"slug": "htx-che-hao-dat", "name": "HTX chè Hảo Đạt"},
        "category": "Thực phẩm", "stars": 5, "price_vnd": 450_000,
        "province": "Thái Nguyên", "commune": "Tân Cương",
        "url": "http://localhost/products/che-dinh",
    }]
    assert data["facets"] == {"category": {"Thực phẩm": 1}, "stars": {"3": 0, "4": 0, "5": 1},
                              "province": {"Thái Nguyên": 1}, "commune": {"Tân Cương": 1}}
    assert_matches_schema(data, "ProductList")


def test_listing_hides_unlisted_products(client, db):
    make_product(slug="on-sale")
    make_product(slug="draft", status=ProductStatus.DRAFT)
    make_product(slug="archived", status=ProductStatus.ARCHIVED)
    make_product(slug="of-suspended-shop",
                 producer=make_producer(status=ProducerStatus.SUSPENDED))

    assert slugs(listing(client)) == ["on-sale"]


def test_unknown_parameters_are_ignored(client, db):
    make_product(slug="only")

    assert slugs(listing(client, "colour=green&stars=&utm_source=x")) == ["only"]


# --- filters --------------------------------------------------------------------------

def test_stars_filter_reads_the_active_badge(client, db):
    make_product(slug="four", stars=4)
    make_product(slug="three", stars=3)
    make_product(slug="none")

    assert slugs(listing(client, "stars=4")) == ["four"]


@pytest.mark.parametrize("value", ["Thực phẩm", "thuc-pham", "che-ca-phe"])
def test_category_filter_by_group_name_slug_or_sub_group(client, db, value):
    make_product(slug="tea", category_slug="che-ca-phe")
    make_product(slug="wine", category_slug="do-uong-co-con")

    assert slugs(listing(client, f"category={value}")) == ["tea"]


@pytest.mark.parametrize("value", ["Thái Nguyên", "19", "Tỉnh Thái Nguyên"])
def test_province_filter_by_name_or_code(client, db, value):
    make_product(slug="thai-nguyen")
    make_product(slug="ha-noi", producer=move_to_hanoi(make_producer(), db))

    assert slugs(listing(client, f"province={value}")) == ["thai-nguyen"]


def test_commune_filter_by_code(client, db):
    other = next(c for c in units.communes_of("19") if c.code != "05503")
    make_product(slug="tan-cuong")
    make_product(slug="elsewhere", producer=make_producer(commune_code=other.code))

    assert slugs(listing(client, "commune=05503")) == ["tan-cuong"]
    assert slugs(listing(client, "province=19&commune=Tân Cương")) == ["tan-cuong"]


def test_price_range_includes_both_ends(client, db):
    for price in (50_000, 100_000, 200_000, 300_000):
        make_product(slug=f"p{price}", price_vnd=price)

    data = listing(client, "min_price=100000&max_price=200000&sort=price_asc")

    assert slugs(data) == ["p100000", "p200000"]


def test_in_stock_filter(client, db):
    make_product(slug="sold-out", stock=0)
    make_product(slug="available", stock=3)

    assert slugs(listing(client, "in_stock=1")) == ["available"]
    assert sorted(slugs(listing(client, "in_stock=0"))) == ["available", "sold-out"]


def test_gift_filter_both_ways(client, db):
    make_product(slug="gift", is_gift=True)
    make_product(slug="plain")

    assert slugs(listing(client, "is_gift=1")) == ["gift"]
    assert slugs(listing(client, "is_gift=false")) == ["plain"]


def test_query_matches_every_word_ignoring_case_and_accents(client, db):
    # Search reads the group and the commune too: the others miss "chè" or "Tân Cương" there.
    make_product("Chè Đinh Tân Cương", slug="che-dinh")
    make_product("Trà tôm nõn Tân Cương", slug="tra-tom", category_slug="do-uong-khong-con")
    make_product("Miến dong Tài Hoan", slug="mien",
                 producer=make_producer(commune_code="05809"))  # Xã An Khánh
    search.rebuild()  # the factories do not tell search; services do (tests/search)

    data = listing(client, "q=TAN+cuong++che")

    assert data["query"] == "TAN cuong che"
    assert slugs(data) == ["che-dinh"]
    assert data["facets"]["category"] == {"Thực phẩm": 1}


def test_query_results_follow_the_requested_sort(client, db):
    make_product("Chè xanh A", slug="dear", price_vnd=300_000)
    make_product("Chè xanh B", slug="cheap", price_vnd=90_000)
    make_product("Mật ong", slug="honey", price_vnd=10_000, category_slug="nong-san-tuoi-song")
    search.rebuild()

    assert slugs(listing(client, "q=che&sort=price_asc")) == ["cheap", "dear"]
    assert slugs(listing(client, "q=che&sort=price_desc")) == ["dear", "cheap"]


# --- sorting and paging ---------------------------------------------------------------

@pytest.fixture
def three_products(db):
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    make_product(slug="old-5", stars=5, price_vnd=200_000, created_at=start)
    make_product(slug="mid-3", stars=3, price_vnd=50_000, created_at=start + timedelta(days=1))
    make_product(slug="new-4", stars=4, price_vnd=900_000, created_at=start + timedelta(days=2))


@pytest.mark.parametrize("sort, expected", [
    ("price_asc", ["mid-3", "old-5", "new-4"]),
    ("price_desc", ["new-4", "old-5", "mid-3"]),
    ("stars", ["old-5", "new-4", "mid-3"]),
    ("newest", ["new-4", "mid-3", "old-5"]),
])
def test_sorts(client, three_products, sort, expected):
    assert slugs(listing(client, f"sort={sort}")) == expected


def test_default_order_is_by_stars(client, three_products):
    assert slugs(listing(client)) == ["old-5", "new-4", "mid-3"]


def test_pagination(client, db):
    for price in range(1, 6):
        make_product(slug=f"p{price}", price_vnd=price * 1000)

    data = listing(client, "sort=price_asc&per_page=2&page=2")
    last = listing(client, "sort=price_asc&per_page=2&page=3")
    beyond = listing(client, "sort=price_asc&per_page=2&page=4")

    assert (data["total"], data["page"], data["per_page"]) == (5, 2, 2)
    assert slugs(data) == ["p3", "p4"]
    assert slugs(last) == ["p5"]
    assert beyond["items"] == [] and beyond["total"] == 5


def test_per_page_accepts_the_maximum(client, db):
    make_product()

    assert listing(client, "per_page=100")["per_page"] == 100


def test_a_listing_page_uses_a_constant_number_of_queries(client, db):
    producer = make_producer()
    products = [make_product(producer=producer, stars=(3, 4, 5, None)[n % 4])
                for n in range(60)]
    db.session.add_all(ProductImage(product=p, path=f"p/{p.slug}.jpg") for p in products[::7])
    db.session.commit()

    def statements(url):
        seen = []

        def count(conn, cursor, statement, parameters, context, executemany):
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(seen)

    statements(f"{API}/products")  # warm up the connection
    assert statements(f"{API}/products?per_page=5") == statements(f"{API}/products?per_page=50")
    assert (statements(f"{API}/products?q=san+pham&per_page=5")
            == statements(f"{API}/products?q=san+pham&per_page=50"))


# --- facets and the certification rule -------------------------------------------------

def test_facets_count_without_their_own_filter_only(client, db):
    make_product(slug="tea-4", stars=4, category_slug="che-ca-phe")
    make_product(slug="tea-5", stars=5, category_slug="che-ca-phe")
    make_product(slug="wine-4", stars=4, category_slug="do-uong-co-con")
    make_product(slug="wine-3", stars=3, category_slug="do-uong-co-con")
    make_product(slug="honey-none", category_slug="nong-san-so-che")

    facets = listing(client, "stars=4")["facets"]

    assert facets["category"] == {"Thực phẩm": 1, "Đồ uống": 1}
    assert facets["stars"] == {"3": 1, "4": 2, "5": 1}
    assert facets["province"] == {"Thái Nguyên": 2}


def test_commune_facet_tells_apart_communes_sharing_a_name(client, db):
    # "An Khánh" is a commune of Thái Nguyên and a commune of Hà Nội.
    tn = next(c for c in units.communes_of("19") if c.short == "An Khánh")
    hn = next(c for c in units.communes_of("01") if c.short == "An Khánh")
    make_product(producer=make_producer(commune_code=tn.code))
    hanoi = make_producer()
    hanoi.province_code, hanoi.commune_code = "01", hn.code
    db.session.commit()
    make_product(producer=hanoi)

    communes = listing(client)["facets"]["commune"]

    assert communes == {f"{tn.name}, Thái Nguyên": 1, f"{hn.name}, Hà Nội": 1}


def test_expired_certificate_shows_no_stars_and_leaves_the_stars_filter(client, db):
    make_product(slug="lapsed", **expired(stars=5))

    data = listing(client)

    assert data["items"][0]["stars"] is None
    assert data["facets"]["stars"] == {"3": 0, "4": 0, "5": 0}
    assert listing(client, "stars=5")["total"] == 0


# --- bad parameters -------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "page=abc", "page=0", "page=1.5", "per_page=0", "per_page=101", "per_page=-1",
    "stars=2", "stars=6", "stars=four", "category=no-such-group", "province=Atlantis",
    "province=99", "commune=99999", "commune=Tân Cương", "province=01&commune=05503",
    "min_price=-1", "min_price=5&max_price=4", "max_price=lots", "sort=random",
    "in_stock=maybe", "is_gift=2", "q=%00", "category=%00",
])
def test_bad_parameters_are_400_with_an_error(client, db, query):
    response = client.get(f"{API}/products?{query}")

    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert set(response.get_json()) == {"error"}
    assert response.get_json()["error"]
    assert "Cache-Control" not in response.headers


# --- GET /products/<slug> ---------------------------------------------------------------

def test_product_detail_has_the_documented_shape(client, db):
    producer = make_producer("HTX chè Hảo Đạt", slug="hao-dat", street="Xóm Nam Thái",
                             legacy_address="Xóm Nam Thái, xã Tân Cương, TP Thái Nguyên")
    product = make_product("Chè tôm nõn", slug="che-tom-non", producer=producer,
                           price_vnd=600_000, stock=7, description="Búp chè một tôm.",
                           unit="hộp", net_quantity="200 g", origin="Đồi chè Tân Cương",
                           stars=4, certified_on=today() - timedelta(days=1500),
                           expires_on=today() - timedelta(days=400))
    current = make_certification(product, stars=5, certified_on=today() - timedelta(days=30))
    db.session.add_all([ProductImage(product=product, path="che/2.jpg", position=1),
                        ProductImage(product=product, path="che/1.jpg", position=0)])
    db.session.commit()

    response = client.get(f"{API}/products/che-tom-non")
    data = response.get_json()

    assert response.status_code == 200
    assert "max-age=60" in response.headers["Cache-Control"]
    assert set(data) == ITEM_KEYS | {"description", "unit", "net_quantity", "stock", "images",
                                     "certification", "certification_history", "provenance"}
    assert (data["stars"], data["price_vnd"], data["stock"]) == (5, 600_000, 7)
    assert (data["unit"], data["net_quantity"]) == ("hộp", "200 g")
    assert data["url"] == "http://localhost/products/che-tom-non"
    assert data["images"] == ["http://localhost/media/che/1.jpg",
                              "http://localhost/media/che/2.jpg"]
    assert data["certification"] == {
        "stars": 5, "score": 92, "certificate_no": current.certificate_no,
        "decision_no": current.decision_no, "issuer": "UBND tỉnh Thái Nguyên",
        "certified_on": current.certified_on.isoformat(),
        "expires_on": current.expires_on.isoformat(), "active": True, "status": "active",
    }
    assert [(c["stars"], c["active"], c["status"]) for c in data["certification_history"]] == [
        (5, True, "active"), (4, False, "expired")]
    assert data["provenance"] == {
        "producer": {"slug": "hao-dat", "name": "HTX chè Hảo Đạt", "kind": "cooperative",
                     "url": "http://localhost/shops/hao-dat"},
        "province": "Thái Nguyên", "commune": "Tân Cương", "province_code": "19",
        "commune_code": "05503", "street": "Xóm Nam Thái",
        "legacy_address": "Xóm Nam Thái, xã Tân Cương, TP Thái Nguyên",
        "origin": "Đồi chè Tân Cương",
    }
    assert_matches_schema(data, "ProductDetail")


def test_product_detail_item_matches_the_listing_item(client, db):
    make_product(slug="same", stars=3, category_slug="gia-vi")

    detail = get_json(client, f"{API}/products/same")

    assert {k: detail[k] for k in ITEM_KEYS} == listing(client)["items"][0]


def test_product_whose_certificate_lapsed_has_no_certification(client, db):
    make_product(slug="lapsed", **expired())

    data = get_json(client, f"{API}/products/lapsed")

    assert data["stars"] is None and data["certification"] is None
    assert [(c["active"], c["status"]) for c in data["certification_history"]] == [
        (False, "expired")]
    assert_matches_schema(data, "ProductDetail")


@pytest.mark.parametrize("case", ["unknown", "draft", "archived", "suspended", "pending"])
def test_unlisted_product_is_404_json(client, db, case):
    if case in ("draft", "archived"):
        make_product(slug="x", status=ProductStatus(case))
    elif case in ("suspended", "pending"):
        make_product(slug="x", producer=make_producer(status=ProducerStatus(case)))

    data = get_json(client, f"{API}/products/x", status=404)

    assert set(data) == {"error"}
    assert_matches_schema(data, "Error")


def test_nul_in_a_slug_is_404(client, db):
    assert get_json(client, f"{API}/products/a%00b", status=404)["error"]


# --- GET /producers/<slug> ---------------------------------------------------------------

def test_producer_profile_lists_its_listed_products(client, db):
    producer = make_producer("HTX miến Việt Cường", slug="viet-cuong", story="Làng miến.",
                             phone="0208 3820 000", website="https://example.vn",
                             logo_path="logos/viet-cuong.png")
    make_product(slug="mien", producer=producer, stars=5)
    make_product(slug="mien-draft", producer=producer, status=ProductStatus.DRAFT)
    make_product(slug="someone-else")

    data = get_json(client, f"{API}/producers/viet-cuong")

    assert data["kind"] == "cooperative"
    assert (data["province"], data["commune"]) == ("Thái Nguyên", "Tân Cương")
    assert (data["province_code"], data["commune_code"]) == ("19", "05503")
    assert (data["story"], data["phone"], data["email"]) == ("Làng miến.", "0208 3820 000", None)
    assert data["logo"] == "http://localhost/media/logos/viet-cuong.png"
    assert data["url"] == "http://localhost/shops/viet-cuong"
    assert [p["slug"] for p in data["products"]] == ["mien"]
    assert set(data["products"][0]) == ITEM_KEYS
    assert_matches_schema(data, "Producer")


@pytest.mark.parametrize("status", [None, ProducerStatus.PENDING, ProducerStatus.SUSPENDED])
def test_unknown_or_unapproved_producer_is_404_json(client, db, status):
    if status:
        make_producer(slug="hidden", status=status)

    data = get_json(client, f"{API}/producers/hidden", status=404)

    assert set(data) == {"error"}


# --- GET /stats/ocop ----------------------------------------------------------------------

def test_stats_count_active_certificates_only(client, db):
    make_product(stars=3)
    make_product(stars=4)
    make_product(stars=4, certified_on=today() - timedelta(days=1070),
                 expires_on=today() + timedelta(days=20))
    make_product(**expired(stars=5))

    response = client.get(f"{API}/stats/ocop")
    data = response.get_json()

    assert response.status_code == 200
    assert "max-age=60" in response.headers["Cache-Control"]
    assert data["products_certified"] == 3
    assert data["by_stars"] == {"3": 1, "4": 2, "5": 0}
    assert (data["producers"], data["outlets"], data["expiring_within_90_days"]) == (4, 0, 1)
    assert_matches_schema(data, "Stats")
