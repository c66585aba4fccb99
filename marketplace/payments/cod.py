"""Thanh toán khi nhận hàng (COD): the shopper pays each producer's courier in cash.

Nothing is due at checkout and no stock hold expires. The payment becomes ``paid`` when
the order completes (the delivered parcels' amount, collected by the couriers) and
``expired`` when every parcel was cancelled or refused at the door.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..formatting import format_vnd
from ..i18n import current_language
from .base import PaymentMethod, register


class CashOnDelivery(PaymentMethod):
    code = "cod"
    position = 10
    label = _l("Thanh toán khi nhận hàng (COD)")
    description = _l("Trả tiền mặt cho người giao hàng khi nhận từng kiện hàng.")
    instructions_template = "payments/cod.html"

    def mail_instructions(self, order) -> str:
        return _("Thanh toán: tiền mặt khi nhận hàng, tổng cộng %(amount)s (mỗi cơ sở giao "
                 "một kiện và thu phần của mình).",
                 amount=format_vnd(order.total_vnd, current_language()))


register(CashOnDelivery())
