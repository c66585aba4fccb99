"""Card payment rules: open a Checkout Session for an order, and apply what Stripe says.

``open_checkout`` is a public service (it commits); ``apply_session`` and the
``session_*`` steps only flush, so the webhook records its event id in the same
transaction as their effect. Every step tolerates any order of arrival and repeats:

- paid (``checkout.session.completed`` with ``payment_status == "paid"``, or
  ``async_payment_succeeded``, or the return page): an unpaid order becomes paid; one
  that already ended (expired, cancelled: its stock is back on the shelf) is *not*
  revived: the attempt is flagged for the office with the amount due back;
- expired: an unpaid order ends like any unpaid hold (parcels cancelled, stock released
  by the orders' own steps, shopper mailed); a paid one is left alone;
- async payment failed: the attempt is marked failed; the order keeps its hold and the
  order page offers to pay again.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..i18n import DEFAULT
from ..models_base import utcnow
from ..notifications.services import mail_url
from ..orders import mails
from ..orders.operations import cancel_open_parts, sync_order_status
from ..orders.states import (
    N_, RELEASES_STOCK, OrderStatus, PaymentStatus, ShopOrderStatus, apply_transition,
)
from . import stripe_gateway as gateway
from .stripe_models import CardCheckout, CheckoutStatus

CODE = "card"
# Stripe's page closes this long before the stock hold ends, so no payment can land
# after the expiry sweep released the stock (a late one is still handled: flagged).
SESSION_MARGIN = timedelta(minutes=2)
STRIPE_MIN_SESSION = timedelta(minutes=30, seconds=30)
STRIPE_MAX_SESSION = timedelta(hours=23, minutes=59)
EXPIRED_REASON = N_("Quá hạn thanh toán bằng thẻ")
LATE_PAYMENT = ("Stripe nhận {amount} đ sau khi đơn đã kết thúc ({status}); hàng đã trả kho. "
                "Cần hoàn tiền cho người mua hoặc xử lý thủ công.")
SECOND_PAYMENT = "Người mua đã thanh toán lần thứ hai ({amount} đ) cho đơn đã trả tiền."


class NotPayable(Exception):
    """The order is not waiting for a card payment (paid, ended, another method)."""


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def latest_checkout(payment) -> CardCheckout | None:
    if payment is None or payment.id is None:
        return None
    return db.session.scalar(select(CardCheckout).where(CardCheckout.payment_id == payment.id)
                             .order_by(CardCheckout.attempt.desc()).limit(1))


def paid_checkout(payment) -> CardCheckout | None:
    """The attempt whose money paid the order (the one refunds go back through)."""
    return db.session.scalar(select(CardCheckout).where(
        CardCheckout.payment_id == payment.id, CardCheckout.paid_vnd > 0,
        CardCheckout.flagged_at.is_(None)).order_by(CardCheckout.attempt).limit(1))


# ---------------------------------------------------------------- opening a session

def _open_parts(order):
    return [s for s in order.shop_orders if s.status not in RELEASES_STOCK]


def session_params(order, checkout: CardCheckout) -> dict:
    """The Checkout Session for ``order``: one line per order line plus each parcel's
    shipping, in VND (zero-decimal: amounts in đồng), with the order number and id."""
    amount = gateway.to_stripe_amount
    lines = []
    for shop_order in _open_parts(order):
        for line in shop_order.lines:
            lines.append({"quantity": line.quantity, "price_data": {
                "currency": gateway.CURRENCY, "unit_amount": amount(line.unit_price_vnd),
                "product_data": {"name": line.product_name[:250],
                                 "description": f"{line.producer_name} · {line.unit}"[:250]}}})
        if shop_order.shipping_vnd:
            lines.append({"quantity": 1, "price_data": {
                "currency": gateway.CURRENCY, "unit_amount": amount(shop_order.shipping_vnd),
                "product_data": {"name": f"Phí vận chuyển – {shop_order.producer_name}"[:250]}}})
    total = sum(l["quantity"] * l["price_data"]["unit_amount"] for l in lines)
    if total != checkout.amount_vnd:
        raise NotPayable(f"order {order.number}: lines add up to {total}, due "
                         f"{checkout.amount_vnd}")
    metadata = {"order_id": str(order.id), "order_number": order.number,
                "attempt": str(checkout.attempt)}
    return {
        "mode": "payment",
        "payment_method_types": ["card"],
        "line_items": lines,
        "client_reference_id": order.number,
        "customer_email": order.user.email,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata,
                                "description": f"Chợ OCOP {order.number}"},
        "success_url": _external("payments.card_return") + "?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": _external("orders.detail", number=order.number),
        "expires_at": int(checkout.expires_at.timestamp()),
        "locale": "auto",
    }


def _external(endpoint: str, **values) -> str:
    """An absolute URL on the host the shopper came to; outside a request (a CLI, a
    test) on SITE_URL."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    return mail_url(endpoint, **values)


def _session_expiry(payment) -> datetime:
    """When Stripe's page closes: just before the hold ends, within Stripe's 30 min–24 h.
    A hold too short for Stripe's minimum (a retry late in the hold) is lengthened to fit."""
    now = utcnow()
    closes = _aware(payment.expires_at) - SESSION_MARGIN
    closes = max(closes, now + STRIPE_MIN_SESSION)
    closes = min(closes, now + STRIPE_MAX_SESSION)
    if _aware(payment.expires_at) < closes + SESSION_MARGIN:
        payment.expires_at = closes + SESSION_MARGIN
    return closes.replace(microsecond=0)


def _check_payable(order) -> None:
    from .services import is_overdue

    payment = order.payment
    if payment is None or payment.method != CODE:
        raise NotPayable(_("Đơn hàng này không thanh toán bằng thẻ."))
    if payment.status != PaymentStatus.UNPAID or order.status == OrderStatus.CANCELLED:
        raise NotPayable(_("Đơn hàng này không còn chờ thanh toán."))
    if is_overdue(payment) or payment.amount_vnd <= 0:
        raise NotPayable(_("Đơn hàng đã quá hạn thanh toán."))


def open_checkout(order) -> CardCheckout:
    """The Checkout Session to pay ``order`` now: the open one if it still fits, else a new
    attempt. Commits. The attempt is recorded (with its idempotency key) *before* Stripe
    is called, so a call that timed out is repeated with the same key and Stripe returns
    the session it made instead of making a second one."""
    _check_payable(order)
    payment = order.payment
    current = latest_checkout(payment)
    if current is not None and current.status == CheckoutStatus.COMPLETE:
        # Stripe finished the session and waits for a delayed payment: never a second one.
        raise NotPayable(_("Thanh toán của đơn này đang chờ ngân hàng xác nhận."))
    if current is not None and current.amount_vnd == payment.amount_vnd:
        if current.status == CheckoutStatus.OPEN and _aware(current.expires_at) > utcnow():
            return current
        if current.status == CheckoutStatus.CREATING:
            return _create_session(order, current)
    if current is not None and current.status in (CheckoutStatus.OPEN, CheckoutStatus.CREATING):
        _replace(current)  # the amount changed (a parcel was cancelled): close the old page
    attempt = (current.attempt + 1) if current is not None else 1
    checkout = CardCheckout(payment_id=payment.id, order_id=order.id, attempt=attempt,
                            idempotency_key=f"ocop-checkout-{order.number}-{attempt}",
                            amount_vnd=payment.amount_vnd, status=CheckoutStatus.CREATING)
    checkout.expires_at = _session_expiry(payment)
    db.session.add(checkout)
    try:
        db.session.commit()
    except IntegrityError:  # a second tab opened the same attempt a moment ago
        db.session.rollback()
        checkout = latest_checkout(payment)
        if checkout.status == CheckoutStatus.OPEN:
            return checkout
    return _create_session(order, checkout)


def _replace(checkout: CardCheckout) -> None:
    if checkout.session_id:
        session = gateway.expire_checkout_session(checkout.session_id)
        if session.get("payment_status") == "paid":  # paid a moment ago: apply, not replace
            apply_session(session)
            db.session.commit()
            raise NotPayable(_("Đơn hàng vừa được thanh toán."))
    checkout.status = CheckoutStatus.REPLACED
    db.session.commit()


def _create_session(order, checkout: CardCheckout) -> CardCheckout:
    try:
        session = gateway.create_checkout_session(session_params(order, checkout),
                                                  idempotency_key=checkout.idempotency_key)
    except gateway.GatewayError as error:
        checkout.last_error = str(error)[:300]
        db.session.commit()
        raise
    checkout.session_id = session["id"]
    checkout.url = session.get("url") or ""
    checkout.status = CheckoutStatus.OPEN
    checkout.last_error = ""
    db.session.commit()
    return checkout


# ---------------------------------------------------------------- applying Stripe's word

def find_checkout(session: dict) -> CardCheckout | None:
    """Our attempt for a Stripe session: by its id, else by the metadata we gave it (a
    webhook can beat the commit that stored the session id)."""
    checkout = db.session.scalar(select(CardCheckout).where(
        CardCheckout.session_id == session.get("id")))
    if checkout is not None:
        return checkout
    metadata = session.get("metadata") or {}
    order_id, attempt = metadata.get("order_id", ""), metadata.get("attempt", "")
    if not (str(order_id).isdigit() and str(attempt).isdigit()):
        return None
    checkout = db.session.scalar(select(CardCheckout).where(
        CardCheckout.order_id == int(order_id), CardCheckout.attempt == int(attempt)))
    if checkout is not None and checkout.session_id is None:
        checkout.session_id = session.get("id")
    return checkout


def _intent_id(session: dict) -> str | None:
    intent = session.get("payment_intent")
    return intent.get("id") if isinstance(intent, dict) else intent


def apply_session(session: dict, *, failed: bool = False) -> tuple[str, CardCheckout | None]:
    """Bring our records in line with a Checkout Session as Stripe reported it. Flush only.
    Returns (what happened, the attempt)."""
    checkout = find_checkout(session)
    if checkout is None:
        return "ignored: not a session of this store", None
    if _intent_id(session):
        checkout.payment_intent_id = _intent_id(session)
    if session.get("payment_status") == "paid":
        return session_paid(checkout, session), checkout
    if failed:
        return session_failed(checkout), checkout
    if session.get("status") == "expired":
        return session_expired(checkout), checkout
    if session.get("status") == "complete" and checkout.paid_vnd == 0:
        checkout.status = CheckoutStatus.COMPLETE
        checkout.payment_status = session.get("payment_status") or "unpaid"
        return "complete, awaiting the payment", checkout
    return "no change", checkout


def session_paid(checkout: CardCheckout, session: dict) -> str:
    if checkout.paid_vnd > 0:
        return "already applied"
    payment, order = checkout.payment, checkout.order
    try:
        amount = gateway.from_stripe_amount(session.get("amount_total"),
                                            session.get("currency") or "")
    except ValueError as error:
        checkout.status = CheckoutStatus.COMPLETE
        checkout.flag(f"Stripe báo thanh toán bằng tiền tệ khác: {error}")
        return "flagged: wrong currency"
    checkout.status, checkout.payment_status, checkout.paid_vnd = (
        CheckoutStatus.COMPLETE, "paid", amount)
    reference = f"Stripe {checkout.payment_intent_id or checkout.session_id}"
    if payment.status == PaymentStatus.UNPAID and order.status != OrderStatus.CANCELLED:
        if amount < payment.amount_vnd:
            checkout.flag(f"Stripe nhận {amount} đ, ít hơn số phải trả {payment.amount_vnd} đ.")
            payment.refund_due_vnd += amount
            return "flagged: paid less than due"
        apply_transition(payment, PaymentStatus.PAID, note=reference)
        payment.received_vnd, payment.paid_at, payment.reference = amount, utcnow(), reference
        excess = amount - payment.amount_vnd
        if excess > 0:  # a parcel was cancelled after the session opened: send its share back
            from .refunds import record_refund

            payment.refund_due_vnd += excess
            record_refund(payment, checkout, excess, shop_order=None,
                          reason="Phần đơn đã huỷ trước khi thanh toán")
        from ..settlement.services import credit_delivery

        for shop_order in order.shop_orders:
            if shop_order.status == ShopOrderStatus.DELIVERED:
                credit_delivery(shop_order)
        return "paid"
    payment.refund_due_vnd += amount
    if payment.status == PaymentStatus.PAID:
        checkout.flag(SECOND_PAYMENT.format(amount=amount))
        return "flagged: second payment"
    with force_locale(DEFAULT):  # a note for the office, stored: Vietnamese whoever returned
        status = str(payment.status_label).lower()
    checkout.flag(LATE_PAYMENT.format(amount=amount, status=status))
    payment.reference = f"{reference}: nhận sau khi đơn kết thúc, cần hoàn tiền"[:300]
    return "flagged: paid after the order ended"


def session_expired(checkout: CardCheckout) -> str:
    if checkout.status in (CheckoutStatus.COMPLETE, CheckoutStatus.REPLACED) or checkout.paid_vnd:
        return f"ignored: attempt {checkout.status}"
    checkout.status = CheckoutStatus.EXPIRED
    payment, order = checkout.payment, checkout.order
    newer = latest_checkout(payment)
    if newer is not None and newer.id != checkout.id and newer.status in (
            CheckoutStatus.OPEN, CheckoutStatus.CREATING):
        return "attempt expired; a newer one is open"
    if payment.status != PaymentStatus.UNPAID:
        return f"attempt expired; payment already {payment.status}"
    end_unpaid_order(order, EXPIRED_REASON)
    return "order expired, stock released"


def session_failed(checkout: CardCheckout) -> str:
    if checkout.paid_vnd:
        return "ignored: already paid"
    checkout.status, checkout.payment_status = CheckoutStatus.FAILED, "unpaid"
    checkout.last_error = "Thanh toán không thành công; bạn có thể thử lại."
    return "attempt failed; the order keeps its hold until it expires"


def end_unpaid_order(order, reason: str) -> None:
    """End an unpaid order now, with the orders' own steps (the same ones the expiry sweep
    uses): payment expired, open parcels cancelled and their stock released, shopper told."""
    apply_transition(order.payment, PaymentStatus.EXPIRED, note=reason)
    cancelled = cancel_open_parts(order, reason)
    sync_order_status(order)
    mails.order_cancelled(order, cancelled, reason)


def refresh_from_stripe(checkout: CardCheckout) -> str:
    """Ask Stripe for the session now and apply it (the return page). Commits."""
    session = gateway.retrieve_checkout_session(checkout.session_id)
    try:
        outcome, _ = apply_session(session)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    current_app.logger.info("return page for %s: %s", checkout.session_id, outcome)
    from .refunds import submit_pending

    submit_pending(payment_id=checkout.payment_id)
    return outcome
