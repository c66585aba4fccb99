"""Đối soát (settlement): what the platform owes each producer, and what it paid them.

Stripe collects card payments on the platform's own account (it does not onboard
Vietnamese businesses, and Connect payouts to Vietnam are not available: OCOP.md), so
the marketplace keeps a ledger per producer and pays producers out by bank transfer.

- ``LedgerEntry`` is append-only: an amount is never changed or deleted; a correction is
  a new entry. The only later write is the settlement mark (``payout_id``), set when a
  payout batch takes the entry, and cleared only if the office cancels that payout.
  ``dedupe_key`` (``sale:<shop order>``, ``refund:<refund>``...) makes every posting
  happen once however often the event that causes it is seen.
- ``PayoutBatch`` is one run of ``flask settlement payouts --until DATE``; ``Payout`` is
  one producer's transfer in it, with the bank details copied at batch time for the CSV.
- ``PayoutAccount`` is where a producer wants to be paid (set by its owner only).
"""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column, utcnow

if TYPE_CHECKING:
    from ..shops.models import Producer


class EntryKind(StrEnum):
    SALE = "sale"  # + a delivered parcel (paid by card/transfer, or COD collected)
    COMMISSION = "commission"  # − the platform's share of that sale
    REFUND = "refund"  # − money returned to the buyer for a credited parcel
    COMMISSION_REVERSAL = "commission_reversal"  # + the commission on what was refunded
    # − cash on delivery: the producer's courier collected the parcel's money, so the
    # producer already holds it; what remains is the commission the producer owes.
    COD_CASH = "cod_cash"


ENTRY_LABELS = {
    EntryKind.SALE: _l("Doanh thu kiện đã giao"), EntryKind.COMMISSION: _l("Phí sàn"),
    EntryKind.REFUND: _l("Hoàn tiền cho người mua"),
    EntryKind.COMMISSION_REVERSAL: _l("Hoàn phí sàn"),
    EntryKind.COD_CASH: _l("Tiền COD cơ sở đã thu"),
}


class LedgerEntry(db.Model):
    """One posting to a producer's account; positive: the platform owes the producer more."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        Index("ix_ledger_entry_producer_payout", "producer_id", "payout_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"))
    kind: Mapped[EntryKind] = enum_column(EntryKind)
    amount_vnd: Mapped[int]
    dedupe_key: Mapped[str] = mapped_column(String(80), unique=True)
    shop_order_id: Mapped[int | None] = mapped_column(ForeignKey("shop_order.id"), index=True)
    refund_id: Mapped[int | None] = mapped_column(ForeignKey("refund.id"))
    payout_id: Mapped[int | None] = mapped_column(ForeignKey("payout.id"))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = created_column()

    @property
    def kind_label(self) -> str:
        return ENTRY_LABELS[self.kind]


class PayoutStatus(StrEnum):
    PENDING = "pending"  # in a batch, the transfer not confirmed yet
    SENT = "sent"  # the office confirmed the bank transfer
    CANCELLED = "cancelled"  # withdrawn; its entries are owed again


PAYOUT_LABELS = {PayoutStatus.PENDING: _l("Chờ chuyển khoản"), PayoutStatus.SENT: _l("Đã chuyển"),
                 PayoutStatus.CANCELLED: _l("Đã huỷ")}


class PayoutBatch(db.Model):
    """One payout run: everything owed up to ``until`` (inclusive, Vietnam time)."""

    __tablename__ = "payout_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    until: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = created_column()

    payouts: Mapped[list[Payout]] = relationship(back_populates="batch", order_by="Payout.id")

    @property
    def total_vnd(self) -> int:
        return sum(p.amount_vnd for p in self.payouts if p.status != PayoutStatus.CANCELLED)


class Payout(db.Model):
    """One transfer to one producer: the sum of the ledger entries it settles."""

    __tablename__ = "payout"
    __table_args__ = (CheckConstraint("amount_vnd > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("payout_batch.id"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"), index=True)
    amount_vnd: Mapped[int]
    status: Mapped[PayoutStatus] = enum_column(PayoutStatus, default=PayoutStatus.PENDING)
    producer_name: Mapped[str] = mapped_column(String(200))
    bank_name: Mapped[str] = mapped_column(String(120))
    account_no: Mapped[str] = mapped_column(String(40))
    account_name: Mapped[str] = mapped_column(String(120))
    bank_reference: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = created_column()
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    batch: Mapped[PayoutBatch] = relationship(back_populates="payouts")
    producer: Mapped[Producer] = relationship()

    @property
    def reference(self) -> str:
        """What the bank transfer says, so the producer can match it: ``OCOP PO 000012``."""
        return f"OCOP PO {self.id:06d}"

    @property
    def status_label(self) -> str:
        return PAYOUT_LABELS[self.status]


class PayoutAccount(db.Model):
    """The bank account a producer is paid to; changed by the producer's owner only."""

    __tablename__ = "payout_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"), unique=True)
    bank_name: Mapped[str] = mapped_column(String(120))
    account_no: Mapped[str] = mapped_column(String(40))
    account_name: Mapped[str] = mapped_column(String(120))
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    @property
    def masked_account_no(self) -> str:
        return "•" * max(0, len(self.account_no) - 4) + self.account_no[-4:]


class LedgerIsAppendOnly(Exception):
    """An attempt to change or delete a posted ledger entry."""


@event.listens_for(Session, "before_flush")
def _keep_ledger_append_only(session, _context, _instances) -> None:
    from sqlalchemy import inspect

    for obj in session.deleted:
        if isinstance(obj, LedgerEntry):
            raise LedgerIsAppendOnly("ledger entries are never deleted; post a correction")
    for obj in session.dirty:
        if isinstance(obj, LedgerEntry):
            state = inspect(obj)
            changed = {a.key for a in state.attrs if a.history.has_changes()}
            if changed - {"payout_id"}:
                raise LedgerIsAppendOnly("a posted ledger entry is never changed; "
                                         "post a correction")
