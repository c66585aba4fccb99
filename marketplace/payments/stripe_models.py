"""Card payments through Stripe: checkout attempts, webhook events received, refunds.

- ``CardCheckout``: one Stripe Checkout Session per attempt to pay an order (attempt 1,
  then 2 if the first had to be replaced), with the idempotency key it was created with.
  A payment Stripe took for an order that had already ended is *flagged* here for the
  office, which refunds it or settles it by hand: stock is never taken again silently.
- ``StripeEvent``: every webhook event id, once (unique), written in the transaction that
  applied it, so a replayed or duplicated delivery changes nothing.
- ``Refund``: money sent back through Stripe for a cancelled parcel (or by the office),
  recorded before Stripe is called, so a failed call is retried, never lost.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column, utcnow

if TYPE_CHECKING:
    from ..orders.models import Order, ShopOrder
    from .models import Payment


class CheckoutStatus(StrEnum):
    CREATING = "creating"  # recorded, Stripe not (yet) answered
    OPEN = "open"  # the shopper can pay on Stripe's page
    COMPLETE = "complete"  # paid (or Stripe finished it awaiting an async payment)
    EXPIRED = "expired"  # nobody can pay it any more
    FAILED = "failed"  # the async payment failed
    REPLACED = "replaced"  # superseded by a newer attempt (the amount changed)


class CardCheckout(db.Model):
    """One Stripe Checkout Session opened to pay an order."""

    __tablename__ = "card_checkout"
    __table_args__ = (
        UniqueConstraint("payment_id", "attempt", name="uq_card_checkout_payment_attempt"),
        CheckConstraint("amount_vnd >= 0", name="amount_not_negative"),
        Index("ix_card_checkout_flagged", "flagged_at", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", ondelete="CASCADE"),
                                            index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"),
                                          index=True)
    attempt: Mapped[int] = mapped_column(default=1)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[CheckoutStatus] = enum_column(CheckoutStatus, default=CheckoutStatus.CREATING)
    amount_vnd: Mapped[int]
    session_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    url: Mapped[str] = mapped_column(Text, default="")
    payment_status: Mapped[str] = mapped_column(String(30), default="unpaid")
    payment_intent_id: Mapped[str | None] = mapped_column(String(255), index=True)
    paid_vnd: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # For the office: money taken for an order that had ended, a second payment...
    flag_reason: Mapped[str] = mapped_column(String(300), default="")
    flagged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    payment: Mapped[Payment] = relationship()
    order: Mapped[Order] = relationship()

    @property
    def needs_office(self) -> bool:
        return self.flagged_at is not None and self.resolved_at is None

    def flag(self, reason: str) -> None:
        self.flag_reason = reason[:300]
        self.flagged_at = self.flagged_at or utcnow()
        self.resolved_at = None


class StripeEvent(db.Model):
    """A webhook event Stripe sent, recorded once by its id with what it did here."""

    __tablename__ = "stripe_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), unique=True)
    type: Mapped[str] = mapped_column(String(100))
    object_id: Mapped[str] = mapped_column(String(255), default="")
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="SET NULL"),
                                                 index=True)
    stripe_created: Mapped[int | None]  # the event's ``created`` (Unix seconds)
    outcome: Mapped[str] = mapped_column(String(300), default="")
    received_at: Mapped[datetime] = created_column()


class RefundStatus(StrEnum):
    PENDING = "pending"  # recorded; Stripe not asked yet, or asked without an answer
    SUBMITTED = "submitted"  # Stripe accepted it and is processing (its "pending")
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # the last call failed: retried by `flask payments retry-refunds`


REFUND_OPEN = frozenset({RefundStatus.PENDING, RefundStatus.FAILED})


class Refund(db.Model):
    """Money going back to a card: a cancelled parcel's share, or what the office decided."""

    __tablename__ = "refund"
    __table_args__ = (
        CheckConstraint("amount_vnd > 0", name="amount_positive"),
        Index("ix_refund_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", ondelete="CASCADE"),
                                            index=True)
    checkout_id: Mapped[int | None] = mapped_column(
        ForeignKey("card_checkout.id", ondelete="SET NULL"), index=True)
    shop_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("shop_order.id", ondelete="SET NULL"), index=True)
    amount_vnd: Mapped[int]
    reason: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[RefundStatus] = enum_column(RefundStatus, default=RefundStatus.PENDING)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    stripe_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    succeeded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    payment: Mapped[Payment] = relationship()
    checkout: Mapped[CardCheckout | None] = relationship()
    shop_order: Mapped[ShopOrder | None] = relationship()

    @property
    def status_label(self) -> str:
        return REFUND_LABELS[self.status]


REFUND_LABELS = {
    RefundStatus.PENDING: _l("Chờ gửi Stripe"), RefundStatus.SUBMITTED: _l("Stripe đang xử lý"),
    RefundStatus.SUCCEEDED: _l("Đã hoàn"), RefundStatus.FAILED: _l("Lỗi, sẽ thử lại"),
}
