"""The server-rendered storefront: every page, its key content, its failure modes and cost."""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import render_template
from sqlalchemy import event
from werkzeug.exceptions import InternalServerError

from marketplace.catalog import cache
from marketplace.catalog.models import Product, ProductImage, ProductStatus
from marketplace.clock import today
from marketplace.ocop.services import revoke_certification
from marketplace.shops.models import ProducerKind, ProducerStatus
from tests.factories import make_order, make_producer, make_product

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def html(response) -> str:
    return response.get_data(as_text=True)


def card_names(page: str) -> list[str]:
    """Product names in listing-card order."""
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', page)


@contextmanager
def count_statements(engine):
    """Every SQL statement the block sends, via a before_cursor_execute listener."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def tea(db):
    """A 4★ tea of a Tân Cương cooperative, with a full provenance and one photo."""
    producer = make_producer(
        "HTX chè Hảo Đạt", slug="htx-che-hao-dat", commune_code="05503",
        street="Xóm Hồng Thái 2", legacy_address="xã Tân Cương, TP Thái Nguyên, tỉnh Thái Nguyên",
        phone="0208 3855 888", email="haodat@example.vn", website="haodat.example.vn",
        story="Ba thế hệ làm chè trên đồi Tân Cương.",
    )
    product = make_product(
        "Chè Đinh Tân Cương", producer=producer, slug="che-dinh-tan-cuong", stars=4,
        certified_on=date(2025, 3, 10), expires_on=today() + timedelta(days=400),
        price_vnd=125_000, unit="hộp", net_quantity="100 g", origin="Đồi chè Tân Cương",
        shelf_life="18 tháng", storage="Nơi khô ráo, thoáng mát", gtin="8938505970012",
        description="Búp chè đinh hái tay.",
    )
    db.session.add(ProductImage(product=product, path="products/che-dinh/0.jpg",
                                alt="Hộp chè Đinh Tân Cương", position=0))
    db.session.commit()
    return product


# ------------------------------------------------------------------ home
def test_home_shows_highlights_groups_communes_and_figures(client, tea):
    make_product("Miến dong Tài Hoan", stars=5, producer=make_producer(commune_code="05503"))

    response = client.get("/")

    page = html(response)
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert "Sản phẩm OCOP 5 sao" in page and "Sản phẩm OCOP 4 sao" in page
    assert "Miến dong Tài Hoan" in page and "Chè Đinh Tân Cương" in page
    assert "OCOP 5 sao" in page and "OCOP 4 sao" in page
    assert "Sáu nhóm sản phẩm OCOP" in page and 'href="/categories/du-lich"' in page
    assert "Xã Tân Cương" in page and "2 chủ thể" in page
    assert "commune=05503" in page
    assert 'href="/ocop/stats"' in page


def test_home_renders_on_an_empty_catalogue(client):
    response = client.get("/")

    assert response.status_code == 200
    assert "Sáu nhóm sản phẩm OCOP" in html(response)


# ------------------------------------------------------------------ product page
def test_product_page_shows_certificate_price_and_provenance(client, tea):
    certificate = tea.certifications[0]

    response = client.get("/products/che-dinh-tan-cuong")

    page = html(response)
    assert response.status_code == 200
    assert "<h1" in page and "Chè Đinh Tân Cương" in page
    assert "OCOP 4 sao" in page and 'class="badge badge--4' in page
    assert certificate.certificate_no in page
    assert "UBND tỉnh Thái Nguyên" in page
    assert f"10/03/2025 – {certificate.expires_on:%d/%m/%Y}" in page
    assert "125.000 ₫" in page and "/ hộp" in page and "100 g" in page
    assert "Xóm Hồng Thái 2, Xã Tân Cương, Tỉnh Thái Nguyên" in page
    assert "xã Tân Cương, TP Thái Nguyên, tỉnh Thái Nguyên" in page  # legacy address
    assert "Đồi chè Tân Cương" in page and "18 tháng" in page and "8938505970012" in page
    assert 'href="/shops/htx-che-hao-dat"' in page and "Hợp tác xã" in page
    assert 'alt="Hộp chè Đinh Tân Cương"' in page
    assert '<link rel="canonical" href="http://localhost/products/che-dinh-tan-cuong">' in page


def test_product_page_has_schema_org_product_json_ld(client, tea):
    page = html(client.get("/products/che-dinh-tan-cuong"))

    data = json.loads(JSONLD.search(page).group(1))
    assert data["@type"] == "Product"
    assert data["name"] == "Chè Đinh Tân Cương"
    assert data["brand"]["name"] == "HTX chè Hảo Đạt"
    assert data["gtin"] == "8938505970012"
    assert data["image"] == ["http://localhost/media/products/che-dinh/0.jpg"]
    assert data["offers"]["priceCurrency"] == "VND"
    assert data["offers"]["price"] == 125000
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["offers"]["url"] == "http://localhost/products/che-dinh-tan-cuong"
    properties = {p["name"]: p["value"] for p in data["additionalProperty"]}
    assert properties["Hạng sao OCOP"] == 4
    assert properties["Số giấy chứng nhận OCOP"] == tea.certifications[0].certificate_no


def test_json_ld_cannot_break_out_of_its_script_tag(client, db):
    make_product("Chè </script><script>alert(1)</script>", slug="che-xss",
                 description="<!-- & ' \"")

    page = html(client.get("/products/che-xss"))

    assert "<script>alert(1)" not in page
    assert len(JSONLD.findall(page)) == 1
    data = json.loads(JSONLD.search(page).group(1))
    assert data["name"] == "Chè </script><script>alert(1)</script>"
    assert "additionalProperty" not in data


def test_expired_certificate_shows_no_badge_on_product_page_or_card(client, db):
    make_product("Trà xanh Nguyên Việt", slug="tra-xanh", stars=4,
                 certified_on=today() - timedelta(days=1100), expires_on=today() - timedelta(days=1))

    product_page = html(client.get("/products/tra-xanh"))
    listing = html(client.get("/products"))

    assert "OCOP 4 sao" not in product_page and 'class="badge' not in product_page
    assert "Hết hiệu lực" in product_page  # still in the history
    assert "không có giấy chứng nhận OCOP còn hiệu lực" in product_page
    assert "additionalProperty" not in product_page
    assert "Trà xanh Nguyên Việt" in listing
    assert "OCOP 4 sao" not in listing and 'class="badge' not in listing


def test_revoked_certificate_is_marked_in_the_history(client, db):
    product = make_product("Mật ong Phúc Thành", slug="mat-ong", stars=3)
    revoke_certification(product.certifications[0], "Vi phạm an toàn thực phẩm")

    page = html(client.get("/products/mat-ong"))

    assert "OCOP 3 sao" not in page
    assert "Đã thu hồi" in page and "Vi phạm an toàn thực phẩm" in page


def test_product_without_images_shows_a_placeholder(client, db):
    make_product("Bánh chưng Bờ Đậu", slug="banh-chung", category_slug="thuc-pham-che-bien")

    page = html(client.get("/products/banh-chung"))

    assert 'class="placeholder placeholder--thuc-pham"' in page
    assert "chưa được phân hạng OCOP" in page
    assert '"image"' not in JSONLD.search(page).group(1)


@pytest.mark.parametrize("setup", ["unknown", "draft", "pending producer"])
def test_unknown_or_unlisted_product_is_a_404_in_the_store_look(client, db, setup):
    if setup == "draft":
        make_product(slug="che-nhap", status=ProductStatus.DRAFT)
    elif setup == "pending producer":
        make_product(slug="che-nhap", producer=make_producer(status=ProducerStatus.PENDING))

    response = client.get("/products/che-nhap")

    page = html(response)
    assert response.status_code == 404
    assert "Lỗi 404" in page and "Không tìm thấy sản phẩm này" in page
    assert "Chợ OCOP" in page and 'class="site-nav"' in page


# ------------------------------------------------------------------ listings
def test_listing_cards_show_badge_price_producer_and_commune(client, tea):
    page = html(client.get("/products"))

    assert "Chè Đinh Tân Cương" in page
    assert "OCOP 4 sao" in page and "125.000 ₫" in page
    assert "HTX chè Hảo Đạt" in page and "Tân Cương, Thái Nguyên" in page
    assert 'src="/media/products/che-dinh/0.jpg"' in page
    assert 'for="f-stars"' in page and 'for="f-commune"' in page and 'for="f-min-price"' in page


def test_star_filter_and_facets(client, db):
    make_product("Chè năm sao", stars=5)
    make_product("Miến bốn sao", stars=4)
    make_product("Măng khô", stars=None)

    page = html(client.get("/products?stars=5"))

    assert card_names(page) == ["Chè năm sao"]
    assert "1 sản phẩm" in page
    assert re.search(r'class="facet__count">1<', page)  # each star level counts one
    assert 'href="/products?stars=4"' in page


def test_group_commune_price_and_stock_filters(client, db):
    make_product("Chè Tân Cương", price_vnd=200_000, producer=make_producer(commune_code="05503"))
    make_product("Rượu men lá", price_vnd=90_000, category_slug="do-uong-co-con",
                 producer=make_producer(commune_code="01843"))
    make_product("Miến hết hàng", price_vnd=50_000, stock=0, producer=make_producer(commune_code="05503"))

    def names(query: str) -> set[str]:
        return set(card_names(html(client.get("/products?" + query))))

    assert names("category=do-uong") == {"Rượu men lá"}
    assert names("province=19&commune=05503") == {"Chè Tân Cương", "Miến hết hàng"}
    assert names("min_price=60000&max_price=150000") == {"Rượu men lá"}
    assert names("in_stock=1") == {"Chè Tân Cương", "Rượu men lá"}


def test_sorting_changes_the_order(client, db):
    make_product("Giữa", price_vnd=100_000, stars=4)
    make_product("Rẻ", price_vnd=50_000, stars=3)
    make_product("Đắt", price_vnd=300_000, stars=5)

    def order(sort: str) -> list[str]:
        return card_names(html(client.get(f"/products?sort={sort}")))

    assert order("price_asc") == ["Rẻ", "Giữa", "Đắt"]
    assert order("price_desc") == ["Đắt", "Giữa", "Rẻ"]
    assert order("stars") == ["Đắt", "Giữa", "Rẻ"]
    assert order("newest") == ["Đắt", "Rẻ", "Giữa"]


def test_pagination_keeps_the_other_parameters(client, db):
    for n in range(5):
        make_product(f"Chè số {n}", price_vnd=10_000 * (n + 1))

    page = html(client.get("/products?sort=price_asc&per_page=2&page=2"))

    assert card_names(page) == ["Chè số 2", "Chè số 3"]
    assert 'href="/products?sort=price_asc&amp;per_page=2&amp;page=3"' in page  # next
    assert 'href="/products?sort=price_asc&amp;per_page=2"' in page  # previous, page 1
    assert 'aria-current="page" aria-label="Trang 2' in page


@pytest.mark.parametrize("query, message", [
    ("stars=9", "«Hạng sao» phải nằm trong khoảng từ 3 đến 5."),
    ("page=abc", "«Trang» phải là một số nguyên."),
    ("min_price=500&max_price=100", "«Giá từ» không được lớn hơn «Giá đến»."),
    ("sort=cheapest", "Cách sắp xếp không hợp lệ."),
    ("category=khong-co", "Không có nhóm sản phẩm «khong-co»."),
    ("province=19&commune=99999", "Không có xã/phường «99999»"),
    ("in_stock=maybe", "«Còn hàng» chỉ nhận giá trị 0 hoặc 1."),
])
def test_bad_listing_parameters_render_a_400_page_with_a_message(client, tea, query, message):
    response = client.get("/products?" + query)

    page = html(response)
    assert response.status_code == 400
    assert "Không thể áp dụng bộ lọc." in page
    assert message in page
    assert 'id="filter-form"' in page  # the form is there to fix it


def test_bad_parameters_on_category_and_shop_pages_are_400_too(client, tea):
    category = client.get("/categories/thuc-pham?page=0")
    shop = client.get("/shops/htx-che-hao-dat?page=abc")

    assert category.status_code == 400 and "«Trang» phải nằm trong khoảng" in html(category)
    assert shop.status_code == 400 and "«Trang» phải là một số nguyên." in html(shop)


def test_category_page_lists_the_group_and_its_sub_groups(client, db):
    make_product("Chè Đinh", category_slug="che-ca-phe")
    make_product("Rượu men lá", category_slug="do-uong-co-con")

    response = client.get("/categories/thuc-pham")

    page = html(response)
    assert response.status_code == 200
    assert "<h1>Thực phẩm</h1>" in page
    assert card_names(page) == ["Chè Đinh"]
    assert 'href="/categories/che-ca-phe"' in page  # sub-group chip
    assert card_names(html(client.get("/categories/che-ca-phe"))) == ["Chè Đinh"]


def test_unknown_category_is_a_404(client, db):
    response = client.get("/categories/khong-co")

    assert response.status_code == 404
    assert "Không tìm thấy nhóm sản phẩm này." in html(response)


def test_listing_sends_the_same_number_of_queries_whatever_the_page_size(client, db):
    producers = [make_producer(commune_code=code) for code in ("05503", "01843", "05809")]
    for n in range(24):
        product = make_product(f"Sản phẩm {n}", producer=producers[n % 3],
                               stars=(3, 4, 5, None)[n % 4])
        db.session.add(ProductImage(product=product, path=f"products/{n}/0.jpg", position=0))
    db.session.commit()
    shop = producers[0].slug

    def statements(url: str) -> int:
        db.session.expire_all()
        with count_statements(db.engine) as sent:
            assert client.get(url).status_code == 200
        return len(sent)

    assert statements("/products?per_page=1") == statements("/products?per_page=24")
    assert statements("/categories/thuc-pham?per_page=1") == statements("/categories/thuc-pham?per_page=24")
    assert statements(f"/shops/{shop}?per_page=1") == statements(f"/shops/{shop}?per_page=8")
    assert statements("/products?per_page=24") <= 12


def test_cached_pages_follow_catalogue_changes(client, db, catalogue_cache):
    product = make_product("Chè Đinh", slug="che-dinh", stars=5, price_vnd=125_000)
    assert "125.000 ₫" in html(client.get("/")) and "125.000 ₫" in html(client.get("/products"))
    assert "OCOP 5 sao" in html(client.get("/products?stars=5"))

    product.price_vnd = 150_000
    cache.bump_revision()
    db.session.commit()

    assert "150.000 ₫" in html(client.get("/")) and "150.000 ₫" in html(client.get("/products"))
    assert "125.000 ₫" not in html(client.get("/products?stars=5"))


def test_cached_sidebar_is_keyed_by_the_filters_but_not_the_page(client, db, catalogue_cache):
    for n in range(3):
        make_product(f"Chè số {n}", stars=4)
    make_product("Miến", stars=3)

    first = html(client.get("/products?stars=4&per_page=1"))
    second = html(client.get("/products?stars=4&per_page=1&page=2"))
    other = html(client.get("/products?stars=3&per_page=1"))

    assert '<option value="4" selected>' in first and '<option value="4" selected>' in second
    assert '<option value="3" selected>' in other and '<option value="4" selected>' not in other
    assert card_names(first) != card_names(second)


def test_listing_shows_the_current_stock_even_while_cached(client, db, catalogue_cache):
    from marketplace.orders.services import cancel_order

    product = make_product("Mật ong", stock=2)
    assert "Hết hàng" not in html(client.get("/products"))

    make_order(items=[(product, 1)])  # a sale that leaves stock: the cards stay cached
    assert "Hết hàng" not in html(client.get("/products"))

    order = make_order(items=[(db.session.get(Product, product.id), 1)])  # the last unit
    assert "Hết hàng" in html(client.get("/products"))

    cancel_order(order, actor_id=None)  # back in stock
    assert "Hết hàng" not in html(client.get("/products"))


def test_cached_product_page_reads_the_stock_fresh_and_follows_reviews(client, db,
                                                                        catalogue_cache):
    from marketplace.reviews import services as reviews
    from tests.reviews.helpers import reviewed

    product = make_product("Mật ong", slug="mat-ong", stock=8)
    assert "Chỉ còn 8" in html(client.get("/products/mat-ong"))

    make_order(items=[(product, 3)])  # no revision bump: only the stock part is live
    page = html(client.get("/products/mat-ong"))
    assert "Chỉ còn 5" in page and 'max="5"' in page

    review = reviewed(db.session.get(Product, product.id), 4, "Mật thơm, đặc")
    assert "Mật thơm, đặc" in html(client.get("/products/mat-ong"))

    reviews.hide(review.id, "Thử ẩn", actor_id=None)
    assert "Mật thơm, đặc" not in html(client.get("/products/mat-ong"))


def test_a_product_page_is_404_once_unlisted_even_while_cached(client, db, catalogue_cache):
    from marketplace.catalog import manage

    product = make_product("Miến dong", slug="mien-dong")
    assert client.get("/products/mien-dong").status_code == 200

    manage.set_status(db.session.get(Product, product.id), ProductStatus.ARCHIVED)

    assert client.get("/products/mien-dong").status_code == 404


# ------------------------------------------------------------------ shop and statistics
def test_shop_page_shows_story_contact_address_and_products(client, tea):
    response = client.get("/shops/htx-che-hao-dat")

    page = html(response)
    assert response.status_code == 200
    assert "<h1" in page and "HTX chè Hảo Đạt" in page
    assert "Ba thế hệ làm chè trên đồi Tân Cương." in page
    assert 'href="tel:02083855888"' in page and 'href="mailto:haodat@example.vn"' in page
    assert 'href="https://haodat.example.vn"' in page
    assert "Hợp tác xã" in page
    assert "Xã Tân Cương, Tỉnh Thái Nguyên" in page
    assert "xã Tân Cương, TP Thái Nguyên, tỉnh Thái Nguyên" in page
    assert "Chè Đinh Tân Cương" in page and "OCOP 4 sao" in page and "125.000 ₫" in page


def test_shop_page_never_links_a_script_url(client, db):
    make_producer("HTX lạ", slug="htx-la", website="javascript:alert(1)",
                  kind=ProducerKind.HOUSEHOLD)

    page = html(client.get("/shops/htx-la"))

    assert 'href="javascript:' not in page
    assert "Hộ kinh doanh" in page


def test_shop_products_are_paginated(client, db):
    producer = make_producer(slug="htx-nhieu")
    for n in range(14):
        make_product(f"Sản phẩm {n:02d}", producer=producer, price_vnd=1000 * (n + 1))

    first = html(client.get("/shops/htx-nhieu?sort=price_asc"))
    second = html(client.get("/shops/htx-nhieu?sort=price_asc&page=2"))

    assert len(card_names(first)) == 12 and card_names(second) == ["Sản phẩm 12", "Sản phẩm 13"]
    assert 'href="/shops/htx-nhieu?sort=price_asc&amp;page=2"' in first


@pytest.mark.parametrize("status", [None, ProducerStatus.PENDING, ProducerStatus.SUSPENDED])
def test_unknown_or_hidden_shop_is_a_404(client, db, status):
    if status:
        make_producer(slug="htx-an", status=status)

    response = client.get("/shops/htx-an")

    assert response.status_code == 404
    assert "Không tìm thấy gian hàng này." in html(response)


def test_stats_page_counts_current_certificates_and_lists_the_expiring(client, tea):
    make_product("Miến Việt Cường", slug="mien-viet-cuong", stars=5,
                 certified_on=today() - timedelta(days=1050), expires_on=today() + timedelta(days=30))
    make_product("Trà cũ", stars=3, certified_on=today() - timedelta(days=1200),
                 expires_on=today() - timedelta(days=5))

    response = client.get("/ocop/stats")

    page = html(response)
    assert response.status_code == 200
    assert re.search(r"<strong>2</strong><span>sản phẩm đang có chứng nhận", page)
    assert 'href="/categories/thuc-pham">Thực phẩm</a></th><td class="num">2</td>' in page
    assert "Xã Tân Cương" in page and "commune=05503" in page
    assert 'href="/products/mien-viet-cuong">Miến Việt Cường</a>' in page
    assert (today() + timedelta(days=30)).strftime("%d/%m/%Y") in page and "30 ngày" in page
    assert "Trà cũ" not in page


# ------------------------------------------------------------------ media and errors
def test_media_serves_files_with_cache_headers(client, app):
    media = Path(app.config["MEDIA_DIR"])
    (media / "products" / "7").mkdir(parents=True, exist_ok=True)
    (media / "products" / "7" / "0.jpg").write_bytes(b"\xff\xd8jpeg")

    response = client.get("/media/products/7/0.jpg")

    assert response.status_code == 200
    assert response.data == b"\xff\xd8jpeg"
    assert response.mimetype == "image/jpeg"
    assert "public" in response.headers["Cache-Control"]
    assert "max-age=86400" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", ["../secret.txt", "..%2fsecret.txt", "products/../../secret.txt",
                                  "%2e%2e/secret.txt", "/etc/passwd"])
def test_media_refuses_paths_outside_the_media_dir(client, app, path):
    secret = Path(app.config["MEDIA_DIR"]).parent / "secret.txt"
    secret.write_text("top secret")

    response = client.get("/media/" + path, follow_redirects=True)

    assert response.status_code == 404
    assert b"top secret" not in response.data and b"root:" not in response.data


def test_unknown_url_is_a_404_page_in_the_store_look(client):
    response = client.get("/khong-co-trang-nay")

    page = html(response)
    assert response.status_code == 404
    assert "Lỗi 404" in page and "Không tìm thấy trang" in page
    assert 'class="site-header"' in page and 'href="/products"' in page


def test_500_page_renders_without_touching_the_database(app, db):
    with app.test_request_context("/"), count_statements(db.engine) as sent:
        page = render_template("errors/500.html", error=InternalServerError())

    assert "Lỗi 500" in page and "Chợ OCOP" in page and '<html lang="vi">' in page
    assert sent == []


def test_pages_have_landmarks_skip_link_and_labelled_search(client, tea):
    page = html(client.get("/products"))

    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page
    assert "<header" in page and "<footer" in page and "<nav" in page
    assert '<label class="visually-hidden" for="site-search">' in page
    assert 'action="/search"' in page
