"""Payments: one Payment per order, whatever the method (COD, VietQR, later card)."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column, utcnow
from ..orders.states import PAYMENT_MACHINE, PaymentStatus, status_label

if TYPE_CHECKING:
    from ..orders.models import Order


class Payment(db.Model):
    """How an order is paid and how far that got.

    ``expires_at`` is set for methods that hold stock while waiting for the money
    (a VietQR transfer): past it, the unpaid order is cancelled and its stock released.
    ``refund_due_vnd`` is what the office still owes back after a paid part was cancelled.
    """

    __tablename__ = "payment"
    state_machine = PAYMENT_MACHINE
    __table_args__ = (
        CheckConstraint("amount_vnd >= 0", name="amount_not_negative"),
        CheckConstraint("refund_due_vnd >= 0", name="refund_due_not_negative"),
        Index("ix_payment_status_expires", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"),
                                          unique=True)
    method: Mapped[str] = mapped_column(String(20))
    status: Mapped[PaymentStatus] = enum_column(PaymentStatus, default=PaymentStatus.UNPAID)
    amount_vnd: Mapped[int]
    received_vnd: Mapped[int | None]
    refund_due_vnd: Mapped[int] = mapped_column(default=0)
    # Where the money was seen: a bank statement line, the office's note, a gateway id.
    reference: Mapped[str] = mapped_column(String(300), default="")
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    order: Mapped[Order] = relationship(back_populates="payment")

    @property
    def order_ref_id(self) -> int:
        return self.order_id

    @property
    def status_label(self) -> str:
        return status_label(self.status)
