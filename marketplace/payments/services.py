"""Payment operations: expire unpaid holds, record a transfer, reconcile a statement.

Each public service commits once (the statement import: once for the whole file, so a
file is applied entirely or, on an error, not at all). Payments move only through
``apply_transition``: a transfer recorded twice, or recorded while the order expires,
changes the payment once and reports the other attempt.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..formatting import format_vnd
from ..i18n import current_language
from ..models_base import utcnow
from ..orders import mails
from ..orders.exceptions import InvalidTransition
from ..orders.models import Order
from ..orders.operations import cancel_open_parts, sync_order_status
from ..orders.states import N_, OrderStatus, PaymentStatus, apply_transition
from .models import Payment
from .statement import StatementLine, read_statement

EXPIRY_REASON = N_("Quá hạn thanh toán chuyển khoản")
_last_sweep = {"at": 0.0}


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every stored one is UTC.
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def is_overdue(payment: Payment, at: datetime | None = None) -> bool:
    return (payment.status == PaymentStatus.UNPAID and payment.expires_at is not None
            and _aware(payment.expires_at) <= (at or utcnow()))


def expire_payment(payment: Payment) -> bool:
    """End one overdue unpaid order: payment expired, parcels cancelled, stock released,
    shopper told. Returns False when it was not (or no longer) overdue."""
    if not is_overdue(payment):
        return False
    order = payment.order
    try:
        apply_transition(payment, PaymentStatus.EXPIRED, note=EXPIRY_REASON)
        cancelled = cancel_open_parts(order, EXPIRY_REASON)
        sync_order_status(order)
        mails.order_cancelled(order, cancelled, EXPIRY_REASON)
        db.session.commit()
    except InvalidTransition:  # paid or expired by someone else a moment ago
        db.session.rollback()
        return False
    except Exception:
        db.session.rollback()
        raise
    return True


def expire_unpaid(at: datetime | None = None) -> list[str]:
    """Expire every unpaid order whose hold has run out; returns their numbers."""
    at = at or utcnow()
    due = db.session.scalars(
        select(Payment).where(Payment.status == PaymentStatus.UNPAID,
                              Payment.expires_at.is_not(None), Payment.expires_at <= at)
        .order_by(Payment.id)
    ).all()
    numbers = []
    for payment in due:
        number = payment.order.number
        if expire_payment(payment):
            numbers.append(number)
    return numbers


def expire_unpaid_lazily() -> None:
    """``expire_unpaid`` at most every ORDER_EXPIRY_SWEEP_SECONDS per worker (on reads)."""
    import time

    interval = current_app.config["ORDER_EXPIRY_SWEEP_SECONDS"]
    moment = time.monotonic()
    if moment - _last_sweep["at"] < interval:
        return
    _last_sweep["at"] = moment
    try:
        expire_unpaid()
    except SQLAlchemyError:  # a busy database must not break the page that asked
        db.session.rollback()
        current_app.logger.exception("lazy expiry of unpaid orders failed")


def _mark_paid(payment: Payment, amount_vnd: int, reference: str, actor_id: int | None) -> None:
    apply_transition(payment, PaymentStatus.PAID, note=reference[:300], actor_id=actor_id)
    payment.received_vnd = amount_vnd
    payment.paid_at = utcnow()
    payment.reference = reference[:300]


def mark_transfer_received(payment: Payment, *, actor_id: int | None, note: str = "") -> None:
    """The office saw the full amount arrive on the platform account."""
    reference = note.strip() or f"Văn phòng xác nhận đã nhận {format_vnd(payment.amount_vnd)}"
    try:
        if payment.order.status == OrderStatus.CANCELLED:
            raise InvalidTransition("payment", payment.status, PaymentStatus.PAID,
                                    _("Đơn hàng đã huỷ; hãy hoàn tiền cho người mua thay vì "
                                      "xác nhận."))
        _mark_paid(payment, payment.amount_vnd, reference, actor_id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def mark_refunded(payment: Payment, *, actor_id: int | None, note: str = "") -> None:
    """The office sent back what was due. The whole payment refunded: ``refunded``."""
    try:
        if payment.refund_due_vnd <= 0:
            raise InvalidTransition("payment", payment.status, PaymentStatus.REFUNDED,
                                    _("Không có khoản nào cần hoàn cho thanh toán này."))
        if (payment.status == PaymentStatus.PAID
                and payment.refund_due_vnd >= (payment.received_vnd or payment.amount_vnd)):
            apply_transition(payment, PaymentStatus.REFUNDED, note=note, actor_id=actor_id)
        payment.reference = (note.strip() or f"Đã hoàn {format_vnd(payment.refund_due_vnd)}")[:300]
        payment.refund_due_vnd = 0
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


@dataclass
class ImportReport:
    matched: list[tuple[StatementLine, str]] = field(default_factory=list)
    unmatched: list[tuple[StatementLine, str]] = field(default_factory=list)

    @property
    def total_matched_vnd(self) -> int:
        return sum(line.amount_vnd or 0 for line, _ in self.matched)


def import_statement(data: bytes, *, actor_id: int | None) -> ImportReport:
    """Match a statement's credits to unpaid orders by order number *and* exact amount.

    Matched payments become paid; every other line is reported with its reason (no order
    number, unknown order, a different amount, already paid, order expired or cancelled:
    refund due). A transfer that arrives after its order expired is recorded on the
    payment as needing a refund, never applied to a cancelled order.
    """
    lines = read_statement(data)  # StatementError for an unreadable file: nothing applied
    report = ImportReport()
    try:
        for line in lines:
            reason = _apply_line(line, actor_id)
            if reason is None:
                report.matched.append((line, line.order_number))
            else:
                report.unmatched.append((line, reason))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return report


def _apply_line(line: StatementLine, actor_id: int | None) -> str | None:
    if line.problem:
        return line.problem
    number = line.order_number
    if number is None:
        return _("Không thấy mã đơn hàng (OCOP-năm-số) trong nội dung.")
    order = db.session.scalar(select(Order).where(Order.number == number))
    if order is None or order.payment is None:
        return _("Không có đơn hàng %(number)s.", number=number)
    payment = order.payment
    if payment.status == PaymentStatus.PAID:
        return _("Đơn %(number)s đã được ghi nhận thanh toán trước đó.", number=number)
    if payment.status != PaymentStatus.UNPAID or order.status == OrderStatus.CANCELLED:
        payment.reference = (f"Nhận {format_vnd(line.amount_vnd)} ngày "
                             f"{line.date:%d/%m/%Y} sau khi đơn đã huỷ: cần hoàn tiền")[:300]
        payment.refund_due_vnd += line.amount_vnd
        return _("Đơn %(number)s đã huỷ hoặc hết hạn; khoản %(amount)s cần được hoàn cho "
                 "người mua.", number=number,
                 amount=format_vnd(line.amount_vnd, current_language()))
    if line.amount_vnd != payment.amount_vnd:
        return _("Số tiền %(amount)s khác số phải trả của đơn %(number)s (%(due)s).",
                 amount=format_vnd(line.amount_vnd, current_language()), number=number,
                 due=format_vnd(payment.amount_vnd, current_language()))
    _mark_paid(payment, line.amount_vnd,
               f"Sao kê {line.date:%d/%m/%Y}: {line.description}", actor_id)
    return None
