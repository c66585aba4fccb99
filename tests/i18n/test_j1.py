"""The storefront in English: home, listings, product, shop, search, reviews and errors.

The data is ASCII, so a word with a Vietnamese letter on an English page is interface
text left untranslated, apart from the names of provinces and communes: those come from
the administrative units data set and are proper nouns, shown as they are written.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import render_template
from flask_babel import refresh
from sqlalchemy import select

from marketplace import search, units
from marketplace.catalog.models import Product
from marketplace.clock import today
from marketplace.extensions import db as database
from marketplace.ocop.services import issue_certification
from marketplace.reviews import services as reviews
from tests.factories import make_producer, make_product, make_user
from tests.i18n.helpers import vietnamese_left
from tests.reviews.helpers import bought, reviewed
from tests.shops.helpers import login

HOME = "19"  # Thai Nguyen


def _place_names() -> tuple[str, ...]:
    names = {"Tiếng Việt"}
    for province in units.provinces():
        names |= {province.name, province.short}
    for commune in units.communes_of(HOME):
        names |= {commune.name, commune.short}
    return tuple(sorted(names, key=len, reverse=True))  # "Tỉnh Thái Nguyên" before "Thái Nguyên"


PLACES = _place_names()


def left(response) -> list[str]:
    return vietnamese_left(response.get_data(as_text=True), PLACES)


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def shop(db):
    """A cooperative with a 4-star tea (English name and description), a 5-star honey
    without a photo, and a verified review with the producer's reply."""
    producer = make_producer(
        "HTX Hao Dat", slug="htx-hao-dat", street="Xom Hong Thai 2", phone="0208 3855 888",
        email="haodat@example.vn", website="haodat.example.vn", contact_name="Nguyen Thi Hoa",
        opening_hours="7:00 - 17:00", legacy_address="Tan Cuong, Thai Nguyen City",
        story="Three generations of tea makers on the Tan Cuong hills.",
    )
    tea = make_product(
        "Che Tan Cuong", producer=producer, slug="che-tan-cuong", unit="box", stock=5,
        name_en="Tan Cuong green tea", description="Bup che hai tay.",
        description_en="Hand-picked tea buds.", net_quantity="100 g", origin="Tan Cuong hills",
        shelf_life="18 months", storage="Cool and dry", gtin="8938505970012", is_gift=True,
    )
    issue_certification(tea, stars=4, score=78, certified_on=today() - timedelta(days=100),
                        expires_on=today() + timedelta(days=400), certificate_no="GCN-0001",
                        decision_no="12/QD-UBND", issuer="Thai Nguyen People's Committee")
    honey = make_product("Mat ong rung", producer=producer, slug="mat-ong-rung", unit="jar",
                         category_slug="thuc-pham-che-bien", stock=0)
    issue_certification(honey, stars=5, score=92, certified_on=date(2025, 1, 5),
                        certificate_no="GCN-0002", issuer="Thai Nguyen People's Committee")
    db.session.commit()
    review = reviewed(tea, 5, "Very fragrant tea", user=make_user(name="Nguyen Van An"))
    reviews.reply(producer.id, review.id, "Thank you!", actor_id=None)
    search.rebuild()
    return producer


# ---------------------------------------------------------------- pages
def test_home_is_in_english(client, shop):
    response = client.get("/?lang=en")

    page = text(response)
    assert response.status_code == 200 and left(response) == []
    assert "<title>Thai Nguyen OCOP Market – OCOP-certified local specialities</title>" in page
    assert "4-star OCOP products" in page and "5-star OCOP products" in page
    assert ">Tan Cuong green tea</a>" in page  # the card shows the English name
    assert '<span class="tile__name">Food</span>' in page and ">2 products</span>" in page
    assert '<meta property="og:locale" content="en_US">' in page


def test_home_in_vietnamese_is_unchanged(client, shop):
    page = text(client.get("/"))

    assert "Sản phẩm OCOP 4 sao" in page and ">Che Tan Cuong</a>" in page
    assert '<span class="tile__name">Thực phẩm</span>' in page
    assert "Chợ OCOP Thái Nguyên" in page and "Tan Cuong green tea" not in page


def test_listing_with_filters_is_in_english(client, shop):
    response = client.get("/products?lang=en&stars=4&in_stock=1&min_price=1000&sort=newest")

    page = text(response)
    assert response.status_code == 200 and left(response) == []
    assert "<span>OCOP 4-star</span>" in page and "<span>From 1,000 ₫</span>" in page
    assert '<option value="newest" selected>Newest</option>' in page
    assert 'role="status">1 product</p>' in page and "Clear filters" in page


def test_listing_in_vietnamese_is_unchanged(client, shop):
    page = text(client.get("/products?stars=4"))

    assert "<span>OCOP 4 sao</span>" in page and "Xóa bộ lọc" in page
    assert 'role="status">1 sản phẩm</p>' in page


def test_a_bad_filter_is_explained_in_english(client, shop):
    response = client.get("/products?lang=en&min_price=abc")

    page = text(response)
    assert response.status_code == 400 and left(response) == []
    assert "The filters could not be applied." in page
    assert "“Price from” must be a whole number." in page


def test_category_page_uses_the_english_group_names(client, shop):
    response = client.get("/categories/thuc-pham?lang=en")

    page = text(response)
    assert response.status_code == 200 and left(response) == []
    assert "<h1>Food</h1>" in page and ">Tea and coffee</a>" in page
    assert "<title>Food – Thai Nguyen OCOP Market</title>" in page
    # a card without a photo names its group in English
    assert '<span class="placeholder__text">Food</span>' in page


def test_product_page_with_reviews_is_in_english(client, shop):
    response = client.get("/products/che-tan-cuong?lang=en")

    page = text(response)
    assert response.status_code == 200 and left(response) == []
    assert '<h1 id="product-title" class="product__title">Tan Cuong green tea</h1>' in page
    assert "Hand-picked tea buds." in page and "4-star OCOP certificate" in page
    assert "Only 4 box left" in page and "Add to cart" in page  # one was bought
    assert "1 review" in page and "Verified purchase" in page and "Reply from HTX Hao Dat" in page


def test_product_page_in_vietnamese_is_unchanged(client, shop):
    page = text(client.get("/products/che-tan-cuong"))

    assert '<h1 id="product-title" class="product__title">Che Tan Cuong</h1>' in page
    assert "Chứng nhận OCOP 4 sao" in page and "Thêm vào giỏ hàng" in page
    assert "Chỉ còn 4 box" in page and "Hand-picked" not in page


def test_reviews_page_is_in_english(client, shop):
    response = client.get("/products/che-tan-cuong/reviews?lang=en")

    assert response.status_code == 200 and left(response) == []
    assert "Reviews of Tan Cuong green tea" in text(response)


def test_shop_page_is_in_english(client, shop):
    response = client.get("/shops/htx-hao-dat?lang=en")

    page = text(response)
    assert response.status_code == 200 and left(response) == []
    assert "Products of this shop" in page and "Opening hours" in page
    assert "<title>HTX Hao Dat – OCOP shop – Thai Nguyen OCOP Market</title>" in page


def test_search_results_are_in_english(client, shop):
    response = client.get("/search?lang=en&q=tan+cuong")

    page = text(response)
    assert response.status_code == 200 and left(response) == []
    assert "Results for “tan cuong”" in page and "Search results" in page


def test_search_without_results_is_in_english(client, shop):
    response = client.get("/search?lang=en&q=zzqqxx")

    page = text(response)
    assert response.status_code == 200 and left(response) == []
    assert "No products found for “zzqqxx”." in page and "Popular product groups" in page


def test_search_without_results_in_vietnamese_is_unchanged(client, shop):
    page = text(client.get("/search?q=zzqqxx"))

    assert "Không tìm thấy sản phẩm nào cho «zzqqxx»." in page


def test_not_found_pages_are_in_english(client, db):
    missing_page = client.get("/no-such-page?lang=en")
    missing_product = client.get("/products/no-such-tea?lang=en")

    assert missing_page.status_code == 404 and left(missing_page) == []
    assert "Page not found" in text(missing_page) and "Error 404" in text(missing_page)
    assert missing_product.status_code == 404 and left(missing_product) == []
    assert "Back to the home page" in text(missing_product)
    assert "Không tìm thấy trang" in text(client.get("/no-such-page"))


def test_server_error_page_is_in_english(app, db):
    with app.test_request_context("/?lang=en"):
        refresh()  # the test's app context may already hold a locale
        page = render_template("errors/500.html")

    assert vietnamese_left(page) == [] and '<html lang="en">' in page
    assert "The system is having trouble" in page


# ---------------------------------------------------------------- forms and messages
def _review_url_of_a_new_buyer(client) -> str:
    """A shopper who received the tea, logged in with English chosen: their review form."""
    tea = database.session.scalar(select(Product).where(Product.slug == "che-tan-cuong"))
    shopper = make_user(name="Tran Thi Binh")
    order, line = bought(tea, user=shopper)
    login(client, shopper)
    client.set_cookie("lang", "en")
    return f"/orders/{order.number}/lines/{line.id}/review"


def test_review_form_errors_are_in_english(client, shop):
    url = _review_url_of_a_new_buyer(client)

    response = client.post(url, data={"rating": "", "body": "x" * 2001})

    page = text(response)
    assert response.status_code == 400 and left(response) == []
    assert "Choose a number of stars, from 1 to 5." in page
    assert "How many stars do you give this product?" in page and "5 stars – Very satisfied" in page


def test_review_thanks_is_flashed_in_english(client, shop):
    url = _review_url_of_a_new_buyer(client)

    response = client.post(url, data={"rating": "4", "body": "Good"}, follow_redirects=True)

    assert "Thank you for reviewing the product!" in text(response)


def test_producer_and_office_review_pages_are_in_english(app, client, shop):
    login(client, make_user(role="producer", producer=shop, name="Le Van Chi"))
    producer_page = client.get("/dashboard/producer/reviews?lang=en")
    office = app.test_client()
    login(office, make_user(role="office", name="Pham Thu Ha"))
    office_page = office.get("/dashboard/office/reviews?lang=en")

    assert producer_page.status_code == 200 and left(producer_page) == []
    assert "Product reviews" in text(producer_page)
    assert office_page.status_code == 200 and left(office_page) == []
    assert "Review moderation" in text(office_page) and "Hide review" in text(office_page)


def test_shop_mails_are_in_english(app, shop):
    with app.test_request_context("/?lang=en"):
        refresh()
        mail = render_template("shops/mail/decision.txt", producer=shop, decision="suspended",
                               reason="Missing documents", url="https://example.vn/d",
                               shop_url="https://example.vn/s")

    assert vietnamese_left(mail) == []
    assert mail.startswith("Hello HTX Hao Dat,") and "Reason: Missing documents" in mail
