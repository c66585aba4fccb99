"""What the cart services raise; ``str(error)`` is a sentence fit to show, in the language
of the request (Vietnamese by default)."""
from flask_babel import gettext as _


class CartError(Exception):
    """Base class; nothing in the cart changed."""

    status = 400


class BadQuantity(CartError):
    def __init__(self, maximum: int) -> None:
        super().__init__(_("Số lượng phải là một số nguyên từ 1 đến %(max)s.", max=maximum))


class ProductUnavailable(CartError):
    """Unknown id, a draft or archived product, or a producer that is not approved."""

    status = 404

    def __init__(self, name: str | None = None) -> None:
        super().__init__(_("Sản phẩm «%(name)s» hiện không còn bán.", name=name) if name
                         else _("Không tìm thấy sản phẩm này, hoặc sản phẩm đã ngừng bán."))


class NotEnoughStock(CartError):
    def __init__(self, name: str, available: int, wanted: int) -> None:
        self.available = available
        if available <= 0:
            text = _("«%(name)s» đã hết hàng.", name=name)
        else:
            text = _("«%(name)s» chỉ còn %(available)s sản phẩm; giỏ hàng không thể chứa "
                     "%(wanted)s.", name=name, available=available, wanted=wanted)
        super().__init__(text)


class CartFull(CartError):
    def __init__(self, maximum: int) -> None:
        super().__init__(_("Giỏ hàng chứa tối đa %(max)s sản phẩm khác nhau.", max=maximum))


class LineNotFound(CartError):
    status = 404

    def __init__(self) -> None:
        super().__init__(_("Không tìm thấy sản phẩm này trong giỏ hàng của bạn."))
