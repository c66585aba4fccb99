"""schema.org JSON-LD: Product offers, breadcrumbs, the shop's organisation, the outlet's store."""
from __future__ import annotations

import pytest

from marketplace.catalog.models import ProductImage
from marketplace.shops.models import ProducerKind
from tests.factories import make_outlet, make_producer, make_product
from tests.seo.helpers import head_of, jsonld_of


@pytest.fixture
def tea(db):
    producer = make_producer("HTX chè Hảo Đạt", slug="htx-che-hao-dat", street="Xóm Hồng Thái 2",
                             phone="0208 3855 888", email="haodat@example.vn",
                             website="haodat.example.vn", tax_code="4600123456",
                             story="Ba thế hệ làm chè.", logo_path="logos/hao-dat.webp")
    product = make_product("Chè Đinh Tân Cương", slug="che-dinh", producer=producer, stars=4,
                           price_vnd=125_000, category_slug="che-ca-phe")
    db.session.add(ProductImage(product=product, path="products/che-dinh/0.jpg", position=0))
    db.session.commit()
    return product


def test_the_product_offer_reads_as_schema_org_expects(client, tea):
    data = jsonld_of(client.get("/products/che-dinh"), "Product")

    offer = data["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == 125000 and isinstance(offer["price"], int)
    assert offer["priceCurrency"] == "VND"
    assert offer["availability"] == "https://schema.org/InStock"
    assert offer["itemCondition"] == "https://schema.org/NewCondition"
    assert offer["seller"] == {"@type": "Organization", "name": "HTX chè Hảo Đạt",
                               "url": "http://localhost/shops/htx-che-hao-dat"}
    assert data["brand"] == {"@type": "Brand", "name": "HTX chè Hảo Đạt"}
    assert data["image"] == ["http://localhost/media/products/che-dinh/0.jpg"]


def test_a_product_out_of_stock_says_so(client, db):
    make_product(slug="het-hang", stock=0)

    offer = jsonld_of(client.get("/products/het-hang"), "Product")["offers"]

    assert offer["availability"] == "https://schema.org/OutOfStock"


def trail(data: dict) -> list[tuple[int, str, str]]:
    assert data["@context"] == "https://schema.org"
    return [(item["position"], item["name"], item["item"]) for item in data["itemListElement"]]


def test_the_product_page_has_its_breadcrumb_trail(client, tea):
    data = jsonld_of(client.get("/products/che-dinh"), "BreadcrumbList")

    assert trail(data) == [
        (1, "Trang chủ", "http://localhost/"),
        (2, "Thực phẩm", "http://localhost/categories/thuc-pham"),
        (3, "Chè, cà phê", "http://localhost/categories/che-ca-phe"),
        (4, "Chè Đinh Tân Cương", "http://localhost/products/che-dinh"),
    ]


@pytest.mark.parametrize("path, names", [
    ("/products", ["Trang chủ", "Sản phẩm"]),
    ("/categories/thuc-pham", ["Trang chủ", "Sản phẩm", "Thực phẩm"]),
    ("/categories/che-ca-phe", ["Trang chủ", "Sản phẩm", "Thực phẩm", "Chè, cà phê"]),
])
def test_listing_pages_have_their_breadcrumb_trail(client, tea, path, names):
    data = jsonld_of(client.get(path), "BreadcrumbList")

    assert [name for _position, name, _url in trail(data)] == names
    assert trail(data)[-1][2] == "http://localhost" + path


def test_the_shop_page_describes_the_producer_as_an_organization(client, tea):
    data = jsonld_of(client.get("/shops/htx-che-hao-dat"), "Organization")

    assert data["@context"] == "https://schema.org"
    assert data["name"] == "HTX chè Hảo Đạt"
    assert data["url"] == "http://localhost/shops/htx-che-hao-dat"
    assert data["address"] == {"@type": "PostalAddress", "streetAddress": "Xóm Hồng Thái 2",
                               "addressLocality": "Xã Tân Cương",
                               "addressRegion": "Tỉnh Thái Nguyên", "addressCountry": "VN"}
    assert (data["telephone"], data["email"], data["taxID"]) == (
        "0208 3855 888", "haodat@example.vn", "4600123456")
    assert data["logo"] == "http://localhost/media/logos/hao-dat.webp"
    assert data["sameAs"] == "https://haodat.example.vn"
    assert data["description"] == "Ba thế hệ làm chè."


def test_a_shop_open_to_visitors_is_a_local_business(client, db):
    make_producer("Hộ ông Tư", slug="ho-ong-tu", kind=ProducerKind.HOUSEHOLD,
                  opening_hours="7:30–17:00", website="javascript:alert(1)")

    data = jsonld_of(client.get("/shops/ho-ong-tu"), "LocalBusiness")

    assert data["name"] == "Hộ ông Tư"
    assert "sameAs" not in data and "logo" not in data and "telephone" not in data


def test_shop_json_ld_cannot_break_out_of_its_script_tag(client, db):
    make_producer("HTX </script><script>alert(1)</script>", slug="htx-xss",
                  story="</script><b>x</b>")

    response = client.get("/shops/htx-xss")

    assert "<script>alert(1)" not in response.get_data(as_text=True)
    assert jsonld_of(response, "Organization")["name"] == "HTX </script><script>alert(1)</script>"


def test_the_outlet_page_describes_a_store_with_its_position(client, db):
    make_outlet("Điểm bán chợ Đán", slug="diem-ban-cho-dan", street="Chợ Đán", lat=21.59,
                lng=105.8, phone="0912 345 678")

    data = jsonld_of(client.get("/outlets/diem-ban-cho-dan"), "Store")

    assert data["url"] == "http://localhost/outlets/diem-ban-cho-dan"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 21.59, "longitude": 105.8}
    assert data["telephone"] == "0912 345 678" and "email" not in data
    assert data["address"]["addressCountry"] == "VN"


def test_pages_carry_no_other_json_ld(client, tea):
    assert [b["@type"] for b in head_of(client.get("/products/che-dinh")).jsonld] == [
        "Product", "BreadcrumbList"]
    assert [b["@type"] for b in head_of(client.get("/shops/htx-che-hao-dat")).jsonld] == [
        "Organization"]
