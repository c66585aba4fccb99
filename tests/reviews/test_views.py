"""Review pages through HTTP: the product page, the order page, the shopper's form, the
producer's replies, the office's moderation, escaping and CSRF."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from marketplace.reviews import services
from marketplace.reviews.models import Review, ReviewStatus
from tests.conftest import csrf_token_of
from tests.factories import DEFAULT_PASSWORD, make_product, make_user
from tests.reviews.helpers import bought, reviewed
from tests.shops.helpers import login

XSS = "<script>alert('xss')</script>"


def text(response) -> str:
    return response.get_data(as_text=True)


def jsonld(page: str) -> dict:
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    return json.loads(raw)


def review_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Review))


def review_url(order, line) -> str:
    return f"/orders/{order.number}/lines/{line.id}/review"


# ---------------------------------------------------------------- product page
def test_product_page_without_reviews_says_so_and_has_no_rating_markup(client, db):
    make_product("Chè Tân Cương", slug="che-tan-cuong")

    page = text(client.get("/products/che-tan-cuong"))

    assert 'id="reviews-title">Đánh giá</h2>' in page
    assert "Chưa có đánh giá nào" in page
    assert "aggregateRating" not in jsonld(page) and "rating-bars" not in page


def test_product_page_shows_average_distribution_reviews_and_reply(client, db):
    product = make_product("Chè Tân Cương", slug="che-tan-cuong", stock=20)
    reviewed(product, 5, "Chè rất thơm", user=make_user(name="Nguyễn Văn An"))
    for rating in (4, 4, 4):
        reviewed(product, rating)
    services.reply(product.producer_id, services.product_summary(product.id).latest[-1].id,
                   "Cảm ơn anh An!", actor_id=None)

    page = text(client.get("/products/che-tan-cuong"))

    assert '<span class="rating-summary__value">4,3</span>' in page
    assert "4 đánh giá" in page
    assert 'aria-label="5 sao: 1 đánh giá (25%)"' in page
    assert 'aria-label="4 sao: 3 đánh giá (75%)"' in page and '<rect class="rating-bars__fill" width="75"' in page
    assert 'aria-label="1 sao: 0 đánh giá (0%)"' in page
    assert "Chè rất thơm" in page and "Nguyễn Văn A." in page and "Nguyễn Văn An" not in page
    assert "Cảm ơn anh An!" in page and f"Phản hồi của {product.producer.name}" in page
    assert jsonld(page)["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": 4.3,
                                               "reviewCount": 4, "bestRating": 5,
                                               "worstRating": 1}


def test_review_and_reply_text_is_escaped_everywhere(client, db):
    product = make_product(slug="che-xss")
    review = reviewed(product, 1, XSS)
    services.reply(product.producer_id, review.id, XSS, actor_id=None)
    escaped = "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"
    pages = [text(client.get("/products/che-xss")), text(client.get("/products/che-xss/reviews"))]
    login(client, make_user(role="producer", producer=product.producer))
    pages.append(text(client.get("/dashboard/producer/reviews")))
    client.post("/logout")
    login(client, make_user(role="office"))
    pages.append(text(client.get("/dashboard/office/reviews")))

    for page in pages:
        assert XSS not in page
        assert page.count(escaped) == 2


def test_the_reviews_page_is_paginated_newest_first(client, db):
    product = make_product(slug="mien-dong", stock=30)
    user = make_user()
    made = [reviewed(product, 5, f"Nhận xét số {n}", user=user).id for n in range(12)]

    first = text(client.get("/products/mien-dong/reviews"))
    second = text(client.get("/products/mien-dong/reviews?page=2"))
    product_page = text(client.get("/products/mien-dong"))

    ids = lambda page: [int(i) for i in re.findall(r'<li class="review" id="review-(\d+)"', page)]
    assert ids(first) == made[::-1][:10] and ids(second) == made[::-1][10:]
    assert ids(product_page) == made[::-1][:5]
    assert 'href="/products/mien-dong/reviews"' in product_page
    assert client.get("/products/khong-co/reviews").status_code == 404
    assert client.get("/products/mien-dong/reviews?page=abc").status_code == 200


# ---------------------------------------------------------------- the shopper
def test_order_page_offers_a_review_per_delivered_line_then_shows_the_stars(client, db):
    user = make_user()
    order, line = bought(user=user)
    pending, _ = bought(user=user, status="pending")
    login(client, user)

    page = text(client.get(f"/orders/{order.number}"))
    assert f'href="{review_url(order, line)}">Viết đánh giá<span' in page
    assert "Viết đánh giá" not in text(client.get(f"/orders/{pending.number}"))

    response = client.post(review_url(order, line), data={"rating": "4", "body": "Ngon"})
    assert response.status_code == 303 and response.location.endswith(f"/orders/{order.number}")
    page = text(client.get(f"/orders/{order.number}"))
    assert "Cảm ơn bạn đã đánh giá" in page
    assert "Đã đánh giá ★4" in page and "Viết đánh giá" not in page


def test_a_double_post_makes_one_review(client, db):
    order, line = bought()
    login(client, order.user)
    form = client.get(review_url(order, line))
    assert form.status_code == 200 and "Gửi đánh giá" in text(form)

    first = client.post(review_url(order, line), data={"rating": "5", "body": "Một"})
    second = client.post(review_url(order, line), data={"rating": "1", "body": "Hai"})

    assert first.status_code == second.status_code == 303
    assert review_count(db) == 1 and db.session.scalar(select(Review.rating)) == 5
    assert "đã đánh giá sản phẩm này" in text(client.get(second.location))


@pytest.mark.parametrize("rating", ["", "0", "6", "x"])
def test_a_bad_rating_is_a_form_error(client, db, rating):
    order, line = bought()
    login(client, order.user)

    response = client.post(review_url(order, line), data={"rating": rating, "body": "Ngon"})

    assert response.status_code == 400
    assert 'id="rating-error"' in text(response) and "từ 1 đến 5" in text(response)
    assert review_count(db) == 0


def test_a_too_long_review_is_a_form_error(client, db):
    order, line = bought()
    login(client, order.user)

    response = client.post(review_url(order, line), data={"rating": "5", "body": "a" * 2001})

    assert response.status_code == 400 and "Tối đa 2000 ký tự" in text(response)
    assert review_count(db) == 0


def test_an_undelivered_line_cannot_be_reviewed_through_the_page(client, db):
    order, line = bought(status="shipped")
    login(client, order.user)

    response = client.post(review_url(order, line), data={"rating": "5"})

    assert response.status_code == 303
    assert "chưa được giao thành công" in text(client.get(response.location))
    assert review_count(db) == 0


def test_another_shopper_gets_404_for_my_line(client, db):
    order, line = bought()
    login(client, make_user())

    assert client.get(review_url(order, line)).status_code == 404
    assert client.post(review_url(order, line), data={"rating": "1"}).status_code == 404
    assert client.post(f"/orders/OCOP-0000-000000/lines/{line.id}/review",
                       data={"rating": "1"}).status_code == 404
    assert review_count(db) == 0


def test_a_guest_is_sent_to_log_in(client, db):
    order, line = bought()

    response = client.get(review_url(order, line))

    assert response.status_code == 302 and "/login" in response.location


# ---------------------------------------------------------------- producers
def test_the_producer_replies_once_from_the_dashboard(client, db):
    product = make_product("Mật ong Phúc Thành")
    review = reviewed(product, 3, "Hơi ngọt")
    login(client, make_user(role="producer", producer=product.producer, producer_role="staff"))

    page = text(client.get("/dashboard/producer/reviews"))
    assert "Mật ong Phúc Thành" in page and "Hơi ngọt" in page
    assert f'action="/dashboard/producer/reviews/{review.id}/reply"' in page

    url = f"/dashboard/producer/reviews/{review.id}/reply"
    assert client.post(url, data={"body": "Cảm ơn góp ý"}).status_code == 303
    again = client.post(url, data={"body": "Lần hai"})
    assert "chỉ phản hồi một lần" in text(client.get(again.location))
    db.session.expire_all()
    assert db.session.get(Review, review.id).reply_body == "Cảm ơn góp ý"
    assert "reviews/{}/reply".format(review.id) not in text(
        client.get("/dashboard/producer/reviews"))


def test_another_shop_cannot_see_or_reply_to_my_reviews(client, db):
    product = make_product()
    review = reviewed(product, 1, "Của nạn nhân")
    login(client, make_user(role="producer"))

    assert "Của nạn nhân" not in text(client.get("/dashboard/producer/reviews"))
    response = client.post(f"/dashboard/producer/reviews/{review.id}/reply", data={"body": "x"})

    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Review, review.id).replied_at is None


@pytest.mark.parametrize("role", ["shopper", "office", "outlet"])
def test_only_producers_reach_the_reply_pages(client, db, role):
    review = reviewed(make_product(), 1)
    login(client, make_user(role=role))

    assert client.get("/dashboard/producer/reviews").status_code == 403
    assert client.post(f"/dashboard/producer/reviews/{review.id}/reply",
                       data={"body": "x"}).status_code == 403


# ---------------------------------------------------------------- the office
def test_the_office_hides_a_review_from_page_figures_and_json_ld(client, db):
    product = make_product(slug="che-an", stock=20)
    reviewed(product, 5, "Tuyệt vời")
    abusive = reviewed(product, 1, "Lời lẽ thô tục")
    login(client, make_user(role="office"))
    assert "Lời lẽ thô tục" in text(client.get("/dashboard/office/reviews"))

    response = client.post(f"/dashboard/office/reviews/{abusive.id}/hide?status=visible",
                           data={"reason": "Ngôn từ thô tục"})

    assert response.status_code == 303 and "status=visible" in response.location
    page = text(client.get("/products/che-an"))
    assert "Lời lẽ thô tục" not in page and "1 đánh giá" in page
    assert '<span class="rating-summary__value">5,0</span>' in page
    assert jsonld(page)["aggregateRating"]["reviewCount"] == 1
    hidden_list = text(client.get("/dashboard/office/reviews?status=hidden"))
    assert "Lời lẽ thô tục" in hidden_list and "Ngôn từ thô tục" in hidden_list

    client.post(f"/dashboard/office/reviews/{abusive.id}/unhide", data={})
    assert jsonld(text(client.get("/products/che-an")))["aggregateRating"]["reviewCount"] == 2


def test_hiding_the_only_review_removes_the_rating_markup(client, db):
    product = make_product(slug="nam-huong")
    review = reviewed(product, 2)
    login(client, make_user(role="office"))

    client.post(f"/dashboard/office/reviews/{review.id}/hide", data={"reason": "Spam"})

    page = text(client.get("/products/nam-huong"))
    assert "aggregateRating" not in jsonld(page) and "Chưa có đánh giá nào" in page


def test_hiding_without_a_reason_is_refused(client, db):
    review = reviewed(make_product(), 1)
    login(client, make_user(role="office"))

    response = client.post(f"/dashboard/office/reviews/{review.id}/hide", data={"reason": ""})

    assert "Hãy ghi lý do" in text(client.get(response.location))
    db.session.expire_all()
    assert db.session.get(Review, review.id).status == ReviewStatus.VISIBLE


@pytest.mark.parametrize("role", ["shopper", "producer", "outlet"])
def test_only_the_office_moderates(client, db, role):
    review = reviewed(make_product(), 1)
    login(client, make_user(role=role))

    assert client.get("/dashboard/office/reviews").status_code == 403
    assert client.post(f"/dashboard/office/reviews/{review.id}/hide",
                       data={"reason": "x"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Review, review.id).status == ReviewStatus.VISIBLE


def test_moderation_and_replies_need_a_login(client, db):
    review = reviewed(make_product(), 1)

    for url in ("/dashboard/office/reviews", "/dashboard/producer/reviews"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location
    assert client.post(f"/dashboard/office/reviews/{review.id}/hide",
                       data={"reason": "x"}).status_code == 302


# ---------------------------------------------------------------- CSRF
def csrf_login(client, user) -> None:
    token = csrf_token_of(client.get("/login").data)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_the_review_form_needs_its_csrf_token(csrf_client, db):
    order, line = bought()
    csrf_login(csrf_client, order.user)

    refused = csrf_client.post(review_url(order, line), data={"rating": "5"})
    assert refused.status_code == 400 and review_count(db) == 0

    token = csrf_token_of(csrf_client.get(review_url(order, line)).data)
    accepted = csrf_client.post(review_url(order, line), data={"rating": "5",
                                                               "csrf_token": token})
    assert accepted.status_code == 303 and review_count(db) == 1


def test_reply_and_moderation_forms_need_their_csrf_token(csrf_client, db):
    product = make_product()
    review = reviewed(product, 1)
    csrf_login(csrf_client, make_user(role="producer", producer=product.producer))
    reply_url = f"/dashboard/producer/reviews/{review.id}/reply"

    assert csrf_client.post(reply_url, data={"body": "x"}).status_code == 400
    token = csrf_token_of(csrf_client.get("/dashboard/producer/reviews").data)
    assert csrf_client.post(reply_url, data={"body": "x", "csrf_token": token}).status_code == 303

    csrf_client.post("/logout", data={"csrf_token": token})
    csrf_login(csrf_client, make_user(role="office"))
    hide_url = f"/dashboard/office/reviews/{review.id}/hide"
    assert csrf_client.post(hide_url, data={"reason": "x"}).status_code == 400
    token = csrf_token_of(csrf_client.get("/dashboard/office/reviews").data)
    assert csrf_client.post(hide_url, data={"reason": "x", "csrf_token": token}).status_code == 303
    db.session.expire_all()
    stored = db.session.get(Review, review.id)
    assert stored.reply_body == "x" and stored.status == ReviewStatus.HIDDEN
