"""Refunds to cards: recorded in the cancelling transaction, sent to Stripe after it.

1. ``refund_shop_order`` (flush only) runs inside the transaction that cancels a paid
   parcel, whoever cancels it (shopper, producer, office): it records a ``Refund`` of the
   parcel's share (goods + its shipping) and, if the parcel had been credited, debits
   the producer's ledger. Nothing here can fail the cancellation over the network.
2. ``submit_pending`` (after the commit) asks Stripe for each refund still pending, with
   the refund's own idempotency key, so repeating a call never refunds twice.
3. A refund Stripe could not take stays ``failed`` with its error on the office's page,
   and ``flask payments retry-refunds`` tries it again: a refund is never lost.

When the refunds of a payment add up to all that was received, the payment is
``refunded``; until then it stays ``paid`` (partial refunds, one parcel at a time).
"""
from __future__ import annotations

import uuid

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..models_base import utcnow
from ..orders.exceptions import InvalidTransition
from ..orders.states import PaymentStatus, ShopOrderStatus, apply_transition
from . import stripe_gateway as gateway
from .card import CODE, paid_checkout
from .stripe_models import REFUND_OPEN, CardCheckout, Refund, RefundStatus


class RefundRefused(Exception):
    """The office asked for a refund that cannot be made (nothing left, not a card)."""


def _key() -> str:
    return f"ocop-refund-{uuid.uuid4().hex}"


def refunded_vnd(*, payment_id: int | None = None, checkout_id: int | None = None,
                 shop_order_id: int | None = None, succeeded_only: bool = False) -> int:
    """What has been (or is being) refunded, by payment, attempt or parcel."""
    query = select(func.coalesce(func.sum(Refund.amount_vnd), 0))
    if succeeded_only:
        query = query.where(Refund.status == RefundStatus.SUCCEEDED)
    for column, value in ((Refund.payment_id, payment_id), (Refund.checkout_id, checkout_id),
                          (Refund.shop_order_id, shop_order_id)):
        if value is not None:
            query = query.where(column == value)
    return int(db.session.scalar(query))


def record_refund(payment, checkout: CardCheckout | None, amount_vnd: int, *, shop_order,
                  reason: str, actor_id: int | None = None) -> Refund:
    """Record a refund to send (flush only); debit the producer if the parcel was credited."""
    from ..settlement.services import debit_refund

    refund = Refund(payment_id=payment.id, checkout_id=checkout.id if checkout else None,
                    shop_order_id=shop_order.id if shop_order is not None else None,
                    amount_vnd=amount_vnd, reason=reason[:300], status=RefundStatus.PENDING,
                    idempotency_key=_key(), actor_id=actor_id)
    db.session.add(refund)
    db.session.flush()
    debit_refund(refund)
    return refund


def refund_shop_order(shop_order, *, actor_id: int | None = None,
                      reason: str = "") -> Refund | None:
    """The refund hook of a cancelled parcel (flush only): a card payment that was paid
    gets the parcel's share back. Other methods keep the office's manual refund."""
    payment = shop_order.order.payment
    if payment is None or payment.method != CODE or payment.status != PaymentStatus.PAID:
        return None
    checkout = paid_checkout(payment)
    if checkout is None:
        return None
    left_on_card = checkout.paid_vnd - refunded_vnd(checkout_id=checkout.id)
    amount = min(shop_order.total_vnd - refunded_vnd(shop_order_id=shop_order.id), left_on_card)
    if amount <= 0:
        return None
    return record_refund(payment, checkout, amount, shop_order=shop_order, actor_id=actor_id,
                         reason=reason or shop_order.cancel_reason or "Huỷ phần đơn đã thanh toán")


# ---------------------------------------------------------------- talking to Stripe

def submit_pending(*, payment_id: int | None = None, include_failed: bool = False,
                   limit: int = 100) -> list[Refund]:
    """Send the refunds still pending (of one payment, or all) to Stripe; each outcome is
    committed on its own. Never raises for Stripe's errors: they are recorded."""
    statuses = REFUND_OPEN if include_failed else {RefundStatus.PENDING}
    query = select(Refund).where(Refund.status.in_(statuses)).order_by(Refund.id).limit(limit)
    if payment_id is not None:
        query = query.where(Refund.payment_id == payment_id)
    refunds = list(db.session.scalars(query))
    for refund in refunds:
        submit(refund)
    return refunds


def submit(refund: Refund) -> Refund:
    """Ask Stripe to make this refund (same idempotency key every time); commit the outcome."""
    if refund.status not in REFUND_OPEN:
        return refund
    intent = refund.checkout.payment_intent_id if refund.checkout else None
    if not intent:
        refund.status, refund.last_error = RefundStatus.FAILED, "Không rõ giao dịch Stripe để hoàn."
        db.session.commit()
        return refund
    refund.attempts += 1
    params = {"payment_intent": intent, "amount": gateway.to_stripe_amount(refund.amount_vnd),
              "reason": "requested_by_customer",
              "metadata": {"ocop_refund_id": str(refund.id),
                           "order_number": refund.payment.order.number,
                           "shop_order_id": str(refund.shop_order_id or "")}}
    try:
        answer = gateway.create_refund(params, idempotency_key=refund.idempotency_key)
    except gateway.GatewayError as error:
        refund.status, refund.last_error = RefundStatus.FAILED, str(error)[:300]
        if not error.retryable:  # Stripe refused this request: the next try is a new one
            refund.idempotency_key = _key()
        db.session.commit()
        current_app.logger.warning("refund %s failed: %s", refund.id, error)
        return refund
    refund.stripe_refund_id = answer.get("id")
    status = answer.get("status")
    if status == "succeeded":
        refund_succeeded(refund)
    elif status in ("failed", "canceled"):
        refund.status = RefundStatus.FAILED
        refund.last_error = f"Stripe: {answer.get('failure_reason') or status}"[:300]
        refund.idempotency_key = _key()
    else:
        refund.status, refund.last_error = RefundStatus.SUBMITTED, ""
    db.session.commit()
    return refund


def refund_succeeded(refund: Refund) -> None:
    """The money is back on the card (flush only): lower what is due, end the payment
    when everything received has gone back."""
    if refund.status == RefundStatus.SUCCEEDED:
        return
    refund.status, refund.succeeded_at, refund.last_error = RefundStatus.SUCCEEDED, utcnow(), ""
    payment = refund.payment
    payment.refund_due_vnd = max(0, payment.refund_due_vnd - refund.amount_vnd)
    db.session.flush()
    back = refunded_vnd(payment_id=payment.id, succeeded_only=True)
    if payment.status == PaymentStatus.PAID and back >= (payment.received_vnd or 0):
        try:
            apply_transition(payment, PaymentStatus.REFUNDED, note="Stripe đã hoàn toàn bộ")
        except InvalidTransition:
            pass  # refunded by another path a moment ago


def retry_failed(limit: int = 100) -> list[Refund]:
    """``flask payments retry-refunds``: send again every pending or failed refund."""
    return submit_pending(include_failed=True, limit=limit)


# ---------------------------------------------------------------- office actions (commit)

def refund_parcel(shop_order, amount_vnd: int, *, actor_id: int | None, reason: str) -> Refund:
    """The office refunds part or all of a card-paid parcel that was delivered (damaged
    goods: the producer's ledger is debited, less the commission on that part) or that
    came back undelivered (never credited: nothing to debit). Then sent to Stripe."""
    payment = shop_order.order.payment
    if payment is None or payment.method != CODE or payment.status != PaymentStatus.PAID:
        raise RefundRefused(_("Chỉ hoàn qua Stripe cho đơn thanh toán bằng thẻ đã trả tiền."))
    if shop_order.status not in (ShopOrderStatus.DELIVERED, ShopOrderStatus.DELIVERY_FAILED):
        raise RefundRefused(_("Kiện chưa giao: hãy huỷ kiện, tiền được hoàn tự động."))
    checkout = paid_checkout(payment)
    left = min(shop_order.total_vnd - refunded_vnd(shop_order_id=shop_order.id),
               checkout.paid_vnd - refunded_vnd(checkout_id=checkout.id)) if checkout else 0
    if not 0 < amount_vnd <= left:
        raise RefundRefused(_("Số tiền hoàn phải từ 1 đến %(max)s đ.", max=left))
    try:
        payment.refund_due_vnd += amount_vnd
        refund = record_refund(payment, checkout, amount_vnd, shop_order=shop_order,
                               actor_id=actor_id, reason=reason or "Văn phòng hoàn tiền")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return submit(refund)


def refund_flagged(checkout: CardCheckout, *, actor_id: int | None) -> Refund:
    """The office sends back a payment Stripe took for an order that had ended (or a
    second payment); the flag is resolved once the refund is recorded."""
    if not checkout.needs_office:
        raise RefundRefused(_("Giao dịch này không cần xử lý."))
    left = checkout.paid_vnd - refunded_vnd(checkout_id=checkout.id)
    if left <= 0:
        raise RefundRefused(_("Giao dịch này đã được hoàn hết."))
    try:
        refund = record_refund(checkout.payment, checkout, left, shop_order=None,
                               actor_id=actor_id, reason=checkout.flag_reason)
        resolve_flag(checkout, actor_id=actor_id, commit=False)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return submit(refund)


def resolve_flag(checkout: CardCheckout, *, actor_id: int | None, commit: bool = True) -> None:
    """The office dealt with a flagged payment (refunded, or the goods sent after all)."""
    checkout.resolved_at, checkout.resolved_by = utcnow(), actor_id
    if commit:
        db.session.commit()
