"""The review rules: verified purchases only, once per line, one reply, office hiding, figures."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.extensions import db as _db
from marketplace.reviews import services
from marketplace.reviews.exceptions import (
    AlreadyReplied, AlreadyReviewed, NotReviewable, ReviewError, ReviewInvalid, ReviewNotFound,
)
from marketplace.reviews.models import Review, ReviewStatus
from marketplace.shops.dashboard.insights import average_rating
from tests.factories import make_product, make_user
from tests.reviews.helpers import bought, reviewed


def review_count() -> int:
    return _db.session.scalar(select(func.count()).select_from(Review))


@pytest.mark.parametrize("status", ["pending", "shipped", "cancelled"])
def test_only_a_delivered_line_can_be_reviewed(db, status):
    order, line = bought(status=status)

    with pytest.raises(NotReviewable, match="chưa được giao"):
        services.create_review(order.user_id, line.id, 5, "Ngon")
    assert review_count() == 0


def test_a_delivered_line_is_reviewed_with_its_product_and_author(db):
    product = make_product()
    order, line = bought(product)

    review = services.create_review(order.user_id, line.id, "4", "  Chè thơm, đóng gói kỹ.\r\n ")

    assert (review.product_id, review.author_id, review.order_line_id) == (
        product.id, order.user_id, line.id)
    assert (review.rating, review.body, review.status) == (
        4, "Chè thơm, đóng gói kỹ.", ReviewStatus.VISIBLE)


def test_a_line_is_reviewed_only_once(db):
    order, line = bought()
    services.create_review(order.user_id, line.id, 5, "")

    with pytest.raises(AlreadyReviewed):
        services.create_review(order.user_id, line.id, 1, "Đổi ý")
    assert review_count() == 1


def test_the_database_refuses_a_second_review_of_a_line(db):
    order, line = bought()
    first = services.create_review(order.user_id, line.id, 5, "")

    db.session.add(Review(order_line_id=line.id, product_id=first.product_id,
                          author_id=order.user_id, rating=3))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_submits_at_once_make_one_review(app, db):
    order, line = bought()
    user_id, line_id = order.user_id, line.id
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        with app.app_context():
            barrier.wait()
            try:
                services.create_review(user_id, line_id, 5, "Gửi hai lần")
                outcomes.append("created")
            except AlreadyReviewed:
                outcomes.append("refused")
            except Exception as exc:  # noqa: BLE001 — shown by the assertion
                outcomes.append(f"error: {exc!r}")
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(outcomes) == ["created", "refused"]
    assert review_count() == 1


def test_another_shopper_cannot_review_my_line(db):
    _order, line = bought()
    stranger = make_user()

    with pytest.raises(ReviewNotFound):
        services.create_review(stranger.id, line.id, 1, "Tệ")
    with pytest.raises(ReviewNotFound):
        services.create_review(stranger.id, 999_999, 1, "")
    assert review_count() == 0


@pytest.mark.parametrize("rating", [None, "", "0", "6", "-1", "4.5", "năm"])
def test_a_rating_outside_one_to_five_or_missing_is_refused(db, rating):
    order, line = bought()

    with pytest.raises(ReviewInvalid) as error:
        services.create_review(order.user_id, line.id, rating, "")
    assert "rating" in error.value.errors
    assert review_count() == 0


def test_review_text_is_limited_and_cleaned(db):
    order, line = bought()
    with pytest.raises(ReviewInvalid, match="Tối đa 2000"):
        services.create_review(order.user_id, line.id, 5, "a" * 2001)

    text = "Ngon\n\ntuyệt " + "b" * 1988  # 2000 characters once cleaned
    review = services.create_review(order.user_id, line.id, 5, "\x00Ngon\x07\r\n\r\ntuyệt "
                                    + "b" * 1988 + "\n ")
    assert review.body == text and len(text) == 2000


def test_average_and_distribution_arithmetic():
    count, average, distribution = services.tally({5: 1, 4: 3})
    assert (count, average) == (4, 4.3)  # 17 / 4 = 4.25, rounded half up
    assert distribution == [(5, 1, 25), (4, 3, 75), (3, 0, 0), (2, 0, 0), (1, 0, 0)]

    count, average, distribution = services.tally({5: 1, 2: 1, 1: 1})
    assert (count, average) == (3, 2.7)  # 8 / 3
    assert [p for _s, _n, p in distribution] == [33, 0, 0, 33, 33]

    assert services.tally({}) == (0, None, [(s, 0, 0) for s in (5, 4, 3, 2, 1)])


def test_the_product_summary_counts_the_product_s_visible_reviews_newest_first(db):
    product, other = make_product(stock=20), make_product()
    first = reviewed(product, 5, "Một")
    reviewed(product, 4, "Hai")
    last = reviewed(product, 3, "Ba")
    reviewed(other, 1)

    summary = services.product_summary(product.id, limit=2)

    assert (summary.count, summary.average) == (3, 4.0)
    assert [n for _s, n, _p in summary.distribution] == [1, 1, 1, 0, 0]
    assert [r.id for r in summary.latest] == [last.id, last.id - 1]
    assert summary.has_more and first.id not in [r.id for r in summary.latest]


def test_the_owning_shop_replies_once(db):
    product = make_product()
    staff = make_user(role="producer", producer=product.producer, producer_role="staff")
    review = reviewed(product, 2, "Giao chậm")

    services.reply(product.producer_id, review.id, "  Xin lỗi anh/chị, lần sau sẽ nhanh hơn. ",
                   actor_id=staff.id)
    db.session.expire_all()
    stored = db.session.get(Review, review.id)
    assert (stored.reply_body, stored.replied_by_id) == (
        "Xin lỗi anh/chị, lần sau sẽ nhanh hơn.", staff.id)
    assert stored.replied_at is not None

    with pytest.raises(AlreadyReplied):
        services.reply(product.producer_id, review.id, "Lần hai", actor_id=staff.id)
    db.session.expire_all()
    assert db.session.get(Review, review.id).reply_body.startswith("Xin lỗi")


def test_another_shop_cannot_reply(db):
    product = make_product()
    review = reviewed(product, 1)
    other = make_user(role="producer")

    with pytest.raises(ReviewNotFound):
        services.reply(other.producer_id, review.id, "Không phải của tôi", actor_id=other.id)
    db.session.expire_all()
    assert db.session.get(Review, review.id).replied_at is None


def test_an_empty_reply_is_refused(db):
    product = make_product()
    review = reviewed(product, 3)

    with pytest.raises(ReviewInvalid, match="phản hồi"):
        services.reply(product.producer_id, review.id, "   ", actor_id=None)


def test_a_hidden_review_neither_shows_nor_counts_until_shown_again(db):
    product = make_product(stock=20)
    office = make_user(role="office")
    reviewed(product, 5)
    abusive = reviewed(product, 1, "Lời lẽ xúc phạm")

    services.hide(abusive.id, "Ngôn từ xúc phạm", actor_id=office.id)

    summary = services.product_summary(product.id)
    assert (summary.count, summary.average) == (1, 5.0)
    assert [r.id for r in summary.latest] != [abusive.id] and len(summary.latest) == 1
    assert summary.distribution[-1] == (1, 0, 0)
    assert services.product_reviews(product.id, 1).total == 1
    assert average_rating(product.producer_id) == (5.0, 1)
    db.session.expire_all()
    hidden = db.session.get(Review, abusive.id)
    assert (hidden.status, hidden.hidden_reason, hidden.hidden_by_id) == (
        ReviewStatus.HIDDEN, "Ngôn từ xúc phạm", office.id)
    with pytest.raises(ReviewError, match="đã bị ẩn"):
        services.hide(abusive.id, "Lần hai", actor_id=office.id)

    services.unhide(abusive.id)
    assert services.product_summary(product.id).count == 2
    assert average_rating(product.producer_id) == (3.0, 2)


def test_hiding_needs_a_reason(db):
    review = reviewed(make_product(), 1)

    with pytest.raises(ReviewInvalid, match="lý do"):
        services.hide(review.id, " ", actor_id=None)
    with pytest.raises(ReviewNotFound):
        services.hide(999_999, "x", actor_id=None)
