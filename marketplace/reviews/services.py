"""The review rules: who may review, reply and moderate, and the figures a product shows.

Only a delivered order line can be reviewed, by the shopper who ordered it, once: the
service checks first (for a clear message) and the unique key on ``order_line_id``
settles a double submit. A reply and a moderation step are conditional UPDATEs
(``WHERE replied_at IS NULL``, ``WHERE status = ...``), so two submits cannot both win.
Hidden reviews are left out of every figure and list the public sees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..catalog.models import Product
from ..extensions import db
from ..models_base import utcnow
from ..orders.models import OrderLine, ShopOrder
from ..orders.states import ShopOrderStatus
from .exceptions import (
    AlreadyReplied, AlreadyReviewed, NotReviewable, ReviewError, ReviewInvalid, ReviewNotFound,
)
from .models import Review, ReviewStatus

BODY_MAX = 2000
REASON_MAX = 300
PRODUCT_PAGE_SIZE = 5  # reviews shown on the product page itself
PAGE_SIZE = 10
# Control characters other than tab and newline (PostgreSQL refuses NUL in text).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Summary:
    """What the product page shows: the figures of visible reviews and the newest ones."""

    count: int
    average: float | None
    distribution: list[tuple[int, int, int]]  # (stars, count, percent of count), 5★ first
    latest: list[Review]

    @property
    def has_more(self) -> bool:
        return self.count > len(self.latest)


@dataclass(frozen=True)
class Page:
    items: list
    page: int
    pages: int
    total: int


# ---------------------------------------------------------------- reading
def _visible(product_id: int):
    return (Review.product_id == product_id) & (Review.status == ReviewStatus.VISIBLE)


def tally(counts: dict[int, int]) -> tuple[int, float | None, list[tuple[int, int, int]]]:
    """(count, average rounded half up to one decimal, distribution) from stars → count."""
    total = sum(counts.values())
    if not total:
        return 0, None, [(stars, 0, 0) for stars in range(5, 0, -1)]
    average = (Decimal(sum(s * n for s, n in counts.items())) / total).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)
    distribution = [(stars, counts.get(stars, 0),
                     int((Decimal(100 * counts.get(stars, 0)) / total).quantize(
                         Decimal(1), rounding=ROUND_HALF_UP)))
                    for stars in range(5, 0, -1)]
    return total, float(average), distribution


def product_summary(product_id: int, limit: int = PRODUCT_PAGE_SIZE) -> Summary:
    """Average, distribution and the newest visible reviews: one aggregate query, and one
    more for the reviews only when there are some."""
    counts = dict(db.session.execute(
        select(Review.rating, func.count()).where(_visible(product_id))
        .group_by(Review.rating)).all())
    count, average, distribution = tally(counts)
    latest = _newest(product_id, limit) if count and limit else []
    return Summary(count, average, distribution, latest)


def _newest(product_id: int, limit: int) -> list[Review]:
    return list(db.session.scalars(
        select(Review).where(_visible(product_id)).options(joinedload(Review.author))
        .order_by(Review.created_at.desc(), Review.id.desc()).limit(limit)))


def _page(query, page: int, per_page: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    items = list(db.session.scalars(
        query.options(joinedload(Review.author), joinedload(Review.product))
        .order_by(Review.created_at.desc(), Review.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).unique())
    return Page(items, page, pages, total)


def product_reviews(product_id: int, page: int) -> Page:
    """A page of a product's visible reviews, newest first."""
    return _page(select(Review).where(_visible(product_id)), page, PAGE_SIZE)


def shop_reviews(producer_id: int, page: int, *, unreplied: bool = False) -> Page:
    """The reviews of a producer's products (hidden ones too, marked), newest first."""
    query = select(Review).join(Product, Product.id == Review.product_id).where(
        Product.producer_id == producer_id)
    if unreplied:
        query = query.where(Review.replied_at.is_(None))
    return _page(query, page, PAGE_SIZE)


def recent_reviews(page: int, status: str = "") -> Page:
    """Every review for the office, newest first, optionally of one status."""
    query = select(Review)
    if status in {s.value for s in ReviewStatus}:
        query = query.where(Review.status == status)
    return _page(query, page, PAGE_SIZE)


def ratings_of_lines(line_ids: list[int]) -> dict[int, int]:
    """Order line id → the stars its buyer gave (hidden reviews included: still done)."""
    if not line_ids:
        return {}
    return dict(db.session.execute(
        select(Review.order_line_id, Review.rating).where(Review.order_line_id.in_(line_ids))
    ).all())


# ---------------------------------------------------------------- writing
def clean_text(value: str | None) -> str:
    """Plain text as stored: control characters dropped, Windows newlines unified, stripped."""
    return _CONTROL.sub("", (value or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def _parse_rating(value) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        raise ReviewInvalid({"rating": _("Hãy chọn số sao, từ 1 đến 5.")})
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise ReviewInvalid({"rating": _("Số sao phải từ 1 đến 5.")})
    return int(text)


def _text(value: str | None, field: str, limit: int, *, required: str = "") -> str:
    text = clean_text(value)
    if required and not text:
        raise ReviewInvalid({field: required})
    if len(text) > limit:
        raise ReviewInvalid({field: _("Tối đa %(limit)s ký tự (hiện có %(count)s).",
                                      limit=limit, count=len(text))})
    return text


def reviewable_line(user_id: int, line_id: int) -> OrderLine:
    """The shopper's own delivered, not yet reviewed line, or the reason it is not."""
    line = db.session.scalar(
        select(OrderLine).where(OrderLine.id == line_id)
        .options(joinedload(OrderLine.shop_order).joinedload(ShopOrder.order)))
    if line is None or line.shop_order.order.user_id != user_id:
        raise ReviewNotFound()
    if line.shop_order.status != ShopOrderStatus.DELIVERED:
        raise NotReviewable(_("Chỉ đánh giá được sản phẩm đã nhận: phần đơn này chưa được giao "
                              "thành công."))
    if line.product_id is None:
        raise NotReviewable(_("Sản phẩm này đã ngừng bán nên không thể đánh giá."))
    if db.session.scalar(select(Review.id).where(Review.order_line_id == line.id)) is not None:
        raise AlreadyReviewed()
    return line


def _product_pages_changed() -> None:
    """Product pages are cached per catalogue revision and show the reviews: bump it in
    the same transaction as the review change."""
    from ..catalog import cache

    cache.bump_revision()


def create_review(user_id: int, line_id: int, rating, body: str | None) -> Review:
    """Review a received order line (1 to 5 stars, optional plain text); commits.

    Raises ReviewNotFound (not the user's line), NotReviewable, AlreadyReviewed (also
    when a concurrent submit of the same line won) or ReviewInvalid.
    """
    line = reviewable_line(user_id, line_id)
    review = Review(order_line_id=line.id, product_id=line.product_id, author_id=user_id,
                    rating=_parse_rating(rating), body=_text(body, "body", BODY_MAX))
    db.session.add(review)
    try:
        _product_pages_changed()  # flushes the review first: a twin submit fails here
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if db.session.scalar(select(Review.id).where(Review.order_line_id == line_id)):
            raise AlreadyReviewed() from None
        raise
    return review


def get_for_producer(producer_id: int, review_id: int) -> Review:
    """A review of one of the producer's products, else ReviewNotFound."""
    review = db.session.scalar(
        select(Review).join(Product, Product.id == Review.product_id)
        .where(Review.id == review_id, Product.producer_id == producer_id))
    if review is None:
        raise ReviewNotFound()
    return review


def reply(producer_id: int, review_id: int, body: str | None, *, actor_id: int) -> Review:
    """The producer's one public reply to a review of its product; commits."""
    review = get_for_producer(producer_id, review_id)
    text = _text(body, "body", BODY_MAX, required=_("Hãy viết nội dung phản hồi."))
    if review.is_hidden:
        raise ReviewError(_("Đánh giá này đang bị ẩn nên không thể phản hồi."))
    result = db.session.execute(
        update(Review).where(Review.id == review.id, Review.replied_at.is_(None))
        .values(reply_body=text, replied_at=utcnow(), replied_by_id=actor_id)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise AlreadyReplied()
    _product_pages_changed()
    db.session.commit()
    return review


def _moderate(review_id: int, current: ReviewStatus, values: dict, message: str) -> Review:
    review = db.session.get(Review, review_id)
    if review is None:
        raise ReviewNotFound()
    result = db.session.execute(
        update(Review).where(Review.id == review_id, Review.status == current)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        raise ReviewError(message)
    _product_pages_changed()
    db.session.commit()
    return review


def hide(review_id: int, reason: str | None, *, actor_id: int) -> Review:
    """The office hides an abusive review (it stops showing and counting); commits."""
    text = _text(reason, "reason", REASON_MAX, required=_("Hãy ghi lý do ẩn đánh giá."))
    return _moderate(review_id, ReviewStatus.VISIBLE, {
        "status": ReviewStatus.HIDDEN, "hidden_reason": text, "hidden_by_id": actor_id,
        "hidden_at": utcnow()}, _("Đánh giá này đã bị ẩn rồi."))


def unhide(review_id: int) -> Review:
    """The office shows a hidden review again; commits."""
    return _moderate(review_id, ReviewStatus.HIDDEN, {
        "status": ReviewStatus.VISIBLE, "hidden_reason": "", "hidden_by_id": None,
        "hidden_at": None}, _("Đánh giá này đang hiển thị."))
