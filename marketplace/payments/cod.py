"""Thanh toán khi nhận hàng (COD): the shopper pays each producer's courier in cash.

Nothing is due at checkout and no stock hold expires. The payment becomes ``paid`` when
the order completes (the delivered parcels' amount, collected by the couriers) and
``expired`` when every parcel was cancelled or refused at the door.
"""
from __future__ import annotations

from ..formatting import format_vnd
from .base import PaymentMethod, register


class CashOnDelivery(PaymentMethod):
    code = "cod"
    position = 10
    label = "Thanh toán khi nhận hàng (COD)"
    description = "Trả tiền mặt cho người giao hàng khi nhận từng kiện hàng."
    instructions_template = "payments/cod.html"

    def mail_instructions(self, order) -> str:
        return (f"Thanh toán: tiền mặt khi nhận hàng, tổng cộng {format_vnd(order.total_vnd)} "
                f"(mỗi cơ sở giao một kiện và thu phần của mình).")


register(CashOnDelivery())
