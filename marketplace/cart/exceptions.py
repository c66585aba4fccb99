"""What the cart services raise; ``str(error)`` is a Vietnamese sentence fit to show."""


class CartError(Exception):
    """Base class; nothing in the cart changed."""

    status = 400


class BadQuantity(CartError):
    def __init__(self, maximum: int) -> None:
        super().__init__(f"Số lượng phải là một số nguyên từ 1 đến {maximum}.")


class ProductUnavailable(CartError):
    """Unknown id, a draft or archived product, or a producer that is not approved."""

    status = 404

    def __init__(self, name: str | None = None) -> None:
        super().__init__(f"Sản phẩm «{name}» hiện không còn bán." if name
                         else "Không tìm thấy sản phẩm này, hoặc sản phẩm đã ngừng bán.")


class NotEnoughStock(CartError):
    def __init__(self, name: str, available: int, wanted: int) -> None:
        self.available = available
        if available <= 0:
            text = f"«{name}» đã hết hàng."
        else:
            text = (f"«{name}» chỉ còn {available} sản phẩm; giỏ hàng không thể chứa "
                    f"{wanted}.")
        super().__init__(text)


class CartFull(CartError):
    def __init__(self, maximum: int) -> None:
        super().__init__(f"Giỏ hàng chứa tối đa {maximum} sản phẩm khác nhau.")


class LineNotFound(CartError):
    status = 404

    def __init__(self) -> None:
        super().__init__("Không tìm thấy sản phẩm này trong giỏ hàng của bạn.")
