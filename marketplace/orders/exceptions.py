"""What the order services raise; views turn these into messages, never 500s.

``str(error)`` is a sentence fit to show the shopper (or the office), in the language of
the request that caused it (Vietnamese by default).
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


class OrderError(Exception):
    """Base class of every order rule that refused an action."""


class InvalidTransition(OrderError):
    """A status change the machine's table does not allow (or that lost a race)."""

    def __init__(self, machine: str, current: str, target: str, reason: str = "") -> None:
        from .states import status_label

        self.machine, self.current, self.target = machine, str(current), str(target)
        super().__init__(
            reason or _("Không thể chuyển %(what)s từ «%(current)s» sang «%(target)s».",
                        what=MACHINE_LABELS.get(machine, machine),
                        current=status_label(current), target=status_label(target))
        )


MACHINE_LABELS = {"order": _l("đơn hàng"), "shop_order": _l("đơn của cơ sở"),
                  "payment": _l("thanh toán")}


class EmptyCart(OrderError):
    def __init__(self) -> None:
        super().__init__(_("Giỏ hàng đang trống: hãy chọn sản phẩm trước khi đặt hàng."))


class CartNeedsReview(OrderError):
    """Prices, stock or availability changed since the items were added.

    ``problems`` holds one sentence per item; nothing was ordered.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(_("Giỏ hàng đã thay đổi, vui lòng xem lại trước khi đặt hàng: "
                           "%(problems)s", problems=" ".join(problems)))


class OutOfStock(OrderError):
    """The conditional stock update found too few units; the whole order was rolled back."""

    def __init__(self, product_name: str, available: int) -> None:
        self.product_name, self.available = product_name, available
        if available > 0:
            text = _("«%(name)s» chỉ còn %(available)s sản phẩm; vui lòng giảm số lượng.",
                     name=product_name, available=available)
        else:
            text = _("«%(name)s» vừa hết hàng; vui lòng bỏ sản phẩm này khỏi giỏ.",
                     name=product_name)
        super().__init__(text + " " + _("Đơn hàng chưa được tạo."))


class CheckoutInvalid(OrderError):
    """Bad delivery or payment details; ``errors`` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class OrderNotFound(OrderError):
    def __init__(self) -> None:
        super().__init__(_("Không tìm thấy đơn hàng."))
