"""What the outlet services raise; views turn these into form errors, flashes or 404s.

``str(error)`` is a sentence fit to show the operator, the producer or the office, in the
language of the request that raised it.
"""
from __future__ import annotations

from flask_babel import gettext as _


class OutletError(Exception):
    """Base class of every outlet rule that refused an action."""


class OutletInvalid(OutletError):
    """Input that breaks a rule; ``errors`` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class InvalidOutletTransition(OutletError):
    """An outlet approval step the table does not allow (or that lost a race)."""


class InvalidRestockTransition(OutletError):
    """A restock order status change the table does not allow (or that lost a race)."""

    def __init__(self, current: str, target: str, reason: str = "") -> None:
        from .restock_states import STATUS_LABELS

        self.current, self.target = str(current), str(target)
        super().__init__(reason or _(
            "Không thể chuyển đơn nhập hàng từ «%(current)s» sang «%(target)s».",
            current=STATUS_LABELS.get(current, current), target=STATUS_LABELS.get(target, target)))


class ShelfStockRefused(OutletError):
    """Not enough units on the outlet's shelf (nothing changed)."""


class BelowMinimumOrder(OutletError):
    """A restock line under the producer's minimum order quantity (MOQ)."""

    def __init__(self, product_name: str, quantity: int, minimum: int) -> None:
        self.product_name, self.quantity, self.minimum = product_name, quantity, minimum
        super().__init__(_("«%(name)s»: cơ sở chỉ nhận đơn từ %(minimum)s sản phẩm trở lên "
                           "(bạn đặt %(quantity)s). Hãy tăng số lượng lên ít nhất %(minimum)s.",
                           name=product_name, minimum=minimum, quantity=quantity))


class NotOffered(OutletError):
    """The producer does not sell this product to outlets (or stopped selling it)."""

    def __init__(self, product_name: str) -> None:
        self.product_name = product_name
        super().__init__(_("«%(name)s» hiện không bán sỉ cho điểm bán.", name=product_name))


class GiftSetUnavailable(OutletError):
    """A gift set that cannot be sold as asked (a part is short or no longer on sale)."""
