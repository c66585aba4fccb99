"""Stripe webhooks: verify, record the event id once, dispatch through a table of handlers.

``receive`` checks ``Stripe-Signature`` over the raw body (5 minutes' tolerance) and
refuses anything else with ``InvalidSignature`` (the view answers 400). Then, in one
transaction, it inserts the ``StripeEvent`` (unique event id) and runs the handler, so an
event is applied at most once: a replay or a concurrent duplicate delivery hits the
unique index, rolls back, and is answered 200 "duplicate" without changing anything.

Handlers are idempotent and read the object's state rather than trusting the order of
arrival (Stripe does not guarantee one): see ``card.py`` for what each state means.
Refunds a handler records are sent to Stripe after the commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..orders.exceptions import InvalidTransition
from ..ops import faults
from . import card
from . import stripe_gateway as gateway
from .stripe_gateway import InvalidSignature  # noqa: F401  (re-exported for the view)
from .stripe_models import CardCheckout, Refund, RefundStatus, StripeEvent


class TryAgain(Exception):
    """The event lost a race with another change; nothing was recorded, so Stripe's retry
    (the view answers 409) applies it afresh."""


@dataclass(frozen=True)
class Received:
    status: str  # applied | duplicate | ignored
    outcome: str


def _completed(obj: dict) -> tuple[str, CardCheckout | None]:
    # Paid only when Stripe says so: a delayed method completes the session unpaid.
    return card.apply_session(obj)


def _async_succeeded(obj: dict):
    return card.apply_session(obj)


def _async_failed(obj: dict):
    return card.apply_session(obj, failed=True)


def _expired(obj: dict):
    return card.apply_session(obj)


def _charge_refunded(charge: dict) -> tuple[str, CardCheckout | None]:
    """Refunds Stripe confirms: ours become succeeded; money refunded from Stripe's own
    dashboard is recorded and flagged (no parcel to debit without the office's word)."""
    from .refunds import refund_succeeded, refunded_vnd

    intent = charge.get("payment_intent")
    intent = intent.get("id") if isinstance(intent, dict) else intent
    checkout = db.session.scalar(select(CardCheckout).where(
        CardCheckout.payment_intent_id == intent)) if intent else None
    if checkout is None:
        return "ignored: unknown payment intent", None
    ours = {r.id: r for r in db.session.scalars(
        select(Refund).where(Refund.checkout_id == checkout.id).order_by(Refund.id))}
    by_stripe_id = {r.stripe_refund_id: r for r in ours.values() if r.stripe_refund_id}
    listed = ((charge.get("refunds") or {}).get("data")) or []
    for item in listed:
        refund = by_stripe_id.get(item.get("id"))
        own_id = str((item.get("metadata") or {}).get("ocop_refund_id", ""))
        if refund is None and own_id.isdigit():
            refund = ours.get(int(own_id))
        if refund is not None and item.get("status") == "succeeded":
            refund.stripe_refund_id = refund.stripe_refund_id or item.get("id")
            refund_succeeded(refund)
    stripe_total = gateway.from_stripe_amount(charge.get("amount_refunded"),
                                              charge.get("currency") or "")
    if not listed:  # newer API versions leave the list out: settle ours in order
        confirmed = refunded_vnd(checkout_id=checkout.id, succeeded_only=True)
        for refund in ours.values():
            if (refund.status == RefundStatus.SUBMITTED
                    and confirmed + refund.amount_vnd <= stripe_total):
                refund_succeeded(refund)
                confirmed += refund.amount_vnd
    # Every refund of ours counts, a failed one too: a call that timed out may have been
    # made all the same (its retry reuses the key), and must not read as a refund from
    # outside. One that truly failed shows on the office page until it goes through.
    known = sum(r.amount_vnd for r in ours.values())
    if stripe_total > known:
        extra = stripe_total - known
        outside = Refund(payment_id=checkout.payment_id, checkout_id=checkout.id,
                         amount_vnd=extra, reason="Hoàn trực tiếp trên Stripe",
                         status=RefundStatus.PENDING,
                         idempotency_key=f"outside-{charge.get('id')}-{stripe_total}"[:80])
        db.session.add(outside)
        checkout.payment.refund_due_vnd += extra
        db.session.flush()
        refund_succeeded(outside)
        checkout.flag(f"Stripe đã hoàn {extra} đ ngoài Chợ OCOP: kiểm tra kiện nào cần trừ "
                      f"vào sổ của cơ sở.")
        return "refund made outside the store recorded and flagged", checkout
    return "refunds confirmed", checkout


HANDLERS: dict[str, Callable[[dict], tuple[str, CardCheckout | None]]] = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _async_succeeded,
    "checkout.session.async_payment_failed": _async_failed,
    "checkout.session.expired": _expired,
    "charge.refunded": _charge_refunded,
}


def _seen(event_id: str) -> bool:
    return db.session.scalar(select(StripeEvent.id).where(StripeEvent.event_id == event_id)) \
        is not None


def receive(payload: bytes, signature_header: str | None) -> Received:
    """Verify a webhook delivery and apply it once. Raises InvalidSignature or TryAgain."""
    event = gateway.verify_webhook(payload, signature_header,
                                   current_app.config.get("STRIPE_WEBHOOK_SECRET", ""))
    return apply_event(event)


def apply_event(event: dict) -> Received:
    """Record ``event`` and run its handler in one transaction (already verified)."""
    event_id, kind, obj = event["id"], event["type"], event["data"]["object"]
    if _seen(event_id):
        return Received("duplicate", "already recorded")
    handler = HANDLERS.get(kind)
    record = StripeEvent(event_id=event_id[:255], type=kind[:100],
                         object_id=str(obj.get("id") or "")[:255],
                         stripe_created=event.get("created") if isinstance(
                             event.get("created"), int) else None)
    try:
        db.session.add(record)
        db.session.flush()  # the unique event id speaks here, before any effect
        if handler is None:
            outcome, checkout = "ignored: event type not handled", None
        else:
            outcome, checkout = handler(obj)
        record.outcome = outcome[:300]
        record.order_id = checkout.order_id if checkout is not None else None
        db.session.flush()
        faults.pause("webhook")  # the kill -9 tests' hook (issue 9); never pauses in production
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if _seen(event_id):
            return Received("duplicate", "recorded by a concurrent delivery")
        raise
    except InvalidTransition as error:
        db.session.rollback()
        raise TryAgain(str(error)) from error
    except Exception:
        db.session.rollback()
        raise
    if checkout is not None:
        from .refunds import submit_pending

        submit_pending(payment_id=checkout.payment_id)
    return Received("applied" if handler else "ignored", outcome)
