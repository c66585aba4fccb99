"""What the review services raise; views turn these into form errors, flashes or 404s.

``str(error)`` is a sentence fit to show the shopper, producer or office, in their language
(raised while a request is handled).
"""
from __future__ import annotations

from flask_babel import gettext as _


class ReviewError(Exception):
    """Base class of every review rule that refused an action."""


class ReviewNotFound(ReviewError):
    """Unknown, or someone else's (an order line, a review): the two look the same."""

    def __init__(self) -> None:
        super().__init__(_("Không tìm thấy đánh giá hoặc sản phẩm cần đánh giá."))


class NotReviewable(ReviewError):
    """The line is not (yet) a received purchase: only delivered lines can be reviewed."""


class AlreadyReviewed(ReviewError):
    def __init__(self) -> None:
        super().__init__(_("Bạn đã đánh giá sản phẩm này trong đơn hàng này rồi."))


class AlreadyReplied(ReviewError):
    def __init__(self) -> None:
        super().__init__(_("Đánh giá này đã có phản hồi của cơ sở; mỗi đánh giá chỉ phản hồi "
                           "một lần."))


class ReviewInvalid(ReviewError):
    """Bad input; ``errors`` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))
