"""Thẻ quốc tế qua Stripe (card): for tourists and buyers abroad.

The shopper pays on Stripe Checkout, a page hosted by Stripe, in VND (a zero-decimal
currency: 125.000 ₫ is ``125000``). Placing the order takes the stock at once and holds
it ``CARD_HOLD_MINUTES`` (60 by default, 30 at least: Stripe's shortest session) while
the shopper pays; the session closes a little before the hold ends, so Stripe stops
taking money before the orders' expiry sweep (``flask orders expire-unpaid``) releases
the stock. The payment becomes ``paid`` from the webhook (``webhooks.py``) or from the
return page, which asks Stripe directly; both apply the same ``card.apply_session``.

Offered only when ``STRIPE_SECRET_KEY`` and ``STRIPE_WEBHOOK_SECRET`` are set.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..formatting import format_vnd
from ..i18n import current_language
from ..models_base import utcnow
from .base import PaymentMethod

MIN_HOLD_MINUTES, MAX_HOLD_MINUTES = 30, 24 * 60  # a Checkout Session lives 30 min to 24 h


def hold_minutes(config) -> int:
    minutes = int(config.get("CARD_HOLD_MINUTES", 60))
    return max(MIN_HOLD_MINUTES, min(MAX_HOLD_MINUTES, minutes))


class CardPayment(PaymentMethod):
    code = "card"
    position = 30
    label = _l("Thẻ quốc tế (Visa, Mastercard…) qua Stripe")
    description = _l("Thanh toán an toàn trên trang Stripe; dành cho khách du lịch và người mua "
                     "ở nước ngoài. Hàng được giữ trong thời gian chờ thanh toán.")
    instructions_template = "payments/card.html"

    def is_available(self, config) -> bool:
        return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET"))

    def start(self, order, config):
        payment = super().start(order, config)
        payment.expires_at = utcnow() + timedelta(minutes=hold_minutes(config))
        return payment

    def next_url(self, order) -> str | None:
        """Stripe's payment page for the order; None (the order page, with a button to try
        again) when Stripe cannot be reached: the order itself is already committed."""
        from . import card
        from .stripe_gateway import GatewayError

        try:
            return card.open_checkout(order).url or None
        except (GatewayError, card.NotPayable) as error:
            current_app.logger.warning("Stripe checkout for %s failed: %s", order.number, error)
            return None

    def instructions(self, order) -> dict:
        from . import card

        latest = card.latest_checkout(order.payment)
        return {
            "amount_vnd": order.payment.amount_vnd,
            "expires_at": order.payment.expires_at,
            "pay_url": url_for("payments.card_pay", number=order.number),
            "failed": latest is not None and latest.status == "failed",
        }

    def mail_instructions(self, order) -> str:
        minutes = hold_minutes(current_app.config)
        return _("Thanh toán: thẻ quốc tế qua Stripe, %(amount)s. Nếu chưa thanh toán xong, "
                 "hãy mở trang đơn hàng và bấm «Thanh toán bằng thẻ». Đơn được giữ hàng "
                 "%(minutes)s phút; quá hạn chưa thanh toán, đơn sẽ tự huỷ.",
                 amount=format_vnd(order.payment.amount_vnd, current_language()),
                 minutes=minutes)


CARD = CardPayment()
