"""Settlement rules: post to the ledger, read balances, run payout batches.

``credit_delivery`` and ``debit_refund`` only flush: they run inside the orders' and the
refunds' own transactions, so a parcel is delivered and credited together, or neither.
The public services below (``run_payouts``, ``set_payout_account``, ``mark_payout_sent``,
``cancel_payout``) commit once.

Money: a delivered parcel credits its whole amount (goods + its shipping fee, since the
producer pays its own courier) and debits the platform commission,
``PLATFORM_COMMISSION_PERCENT`` of the goods only, rounded half up to the đồng. A cash on
delivery parcel is collected by the producer's own courier (see payments/cod.py), so it
also posts that cash as already in the producer's hands: its net is minus the commission,
netted against card and transfer sales at the next payout.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, func, select, update

from ..extensions import db
from ..models_base import utcnow
from .models import (
    EntryKind, LedgerEntry, Payout, PayoutAccount, PayoutBatch, PayoutStatus,
)


class SettlementError(Exception):
    """A settlement action refused; ``str()`` is a Vietnamese sentence for the page."""


# ---------------------------------------------------------------- posting (flush only)

def commission_percent() -> Decimal:
    return Decimal(str(current_app.config.get("PLATFORM_COMMISSION_PERCENT", 5)))


def commission_on(goods_vnd: int, percent: Decimal | None = None) -> int:
    """The platform's share of ``goods_vnd`` đồng, rounded half up to the đồng."""
    percent = commission_percent() if percent is None else percent
    return int((Decimal(goods_vnd) * percent / 100).quantize(Decimal(1), ROUND_HALF_UP))


def _posted(key: str) -> bool:
    return db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.dedupe_key == key)) \
        is not None


def _post(producer_id: int, kind: EntryKind, amount_vnd: int, key: str, note: str,
          **links) -> LedgerEntry:
    entry = LedgerEntry(producer_id=producer_id, kind=kind, amount_vnd=amount_vnd,
                        dedupe_key=key, note=note[:300], **links)
    db.session.add(entry)
    return entry


def is_collected(shop_order) -> bool:
    """Is this delivered parcel's money collected? A card or transfer payment that is
    paid, or cash on delivery once the producer recorded the courier's cash
    (``cod_collected_at``; without that record, delivery itself counts as collection)."""
    from ..orders.states import PaymentStatus, ShopOrderStatus

    payment = shop_order.order.payment
    if shop_order.status != ShopOrderStatus.DELIVERED or payment is None:
        return False
    if payment.method == "cod":
        return not hasattr(shop_order, "cod_collected_at") or \
            shop_order.cod_collected_at is not None
    return payment.status in (PaymentStatus.PAID, PaymentStatus.REFUNDED)


def credit_delivery(shop_order) -> bool:
    """Credit a delivered, collected parcel to its producer, less the commission (once).

    Called where delivery is applied (and again, harmlessly, by the payout run and when
    a card payment is confirmed after delivery). Returns True when it posted now.
    """
    if not is_collected(shop_order) or _posted(f"sale:{shop_order.id}"):
        return False
    number = shop_order.order.number
    percent = commission_percent()
    commission = commission_on(shop_order.subtotal_vnd, percent)
    _post(shop_order.producer_id, EntryKind.SALE, shop_order.total_vnd, f"sale:{shop_order.id}",
          f"Đơn {number}: tiền hàng {shop_order.subtotal_vnd} + vận chuyển "
          f"{shop_order.shipping_vnd}", shop_order_id=shop_order.id)
    if commission:
        _post(shop_order.producer_id, EntryKind.COMMISSION, -commission,
              f"commission:{shop_order.id}",
              f"Đơn {number}: phí sàn {percent.normalize():f}% của {shop_order.subtotal_vnd}",
              shop_order_id=shop_order.id)
    if shop_order.order.payment.method == "cod":
        _post(shop_order.producer_id, EntryKind.COD_CASH, -shop_order.total_vnd,
              f"cod-cash:{shop_order.id}", f"Đơn {number}: tiền COD cơ sở đã thu",
              shop_order_id=shop_order.id)
    db.session.flush()
    return True


def debit_refund(refund) -> bool:
    """Take a refund of a credited parcel back from its producer, with the commission on
    that part returned to them (proportionally for a partial refund). A parcel that was
    never credited (cancelled before delivery) owes nothing. Once per refund."""
    if refund.shop_order_id is None or _posted(f"refund:{refund.id}"):
        return False
    sale = db.session.scalar(select(LedgerEntry).where(
        LedgerEntry.dedupe_key == f"sale:{refund.shop_order_id}"))
    if sale is None:
        return False
    commission = -(db.session.scalar(select(LedgerEntry.amount_vnd).where(
        LedgerEntry.dedupe_key == f"commission:{refund.shop_order_id}")) or 0)
    amount = min(refund.amount_vnd, sale.amount_vnd)
    back = int((Decimal(commission) * amount / sale.amount_vnd).quantize(Decimal(1),
                                                                         ROUND_HALF_UP))
    _post(sale.producer_id, EntryKind.REFUND, -amount, f"refund:{refund.id}",
          f"Hoàn {amount} cho người mua ({refund.reason})"[:300],
          shop_order_id=refund.shop_order_id, refund_id=refund.id)
    if back:
        _post(sale.producer_id, EntryKind.COMMISSION_REVERSAL, back,
              f"refund-commission:{refund.id}", f"Hoàn phí sàn trên khoản {amount}",
              shop_order_id=refund.shop_order_id, refund_id=refund.id)
    db.session.flush()
    return True


def credit_missing() -> int:
    """Credit every delivered, collected parcel that has no sale entry yet (a transfer or
    card payment confirmed after delivery). Flush only; returns how many."""
    from ..orders.models import ShopOrder
    from ..orders.states import ShopOrderStatus

    credited = select(LedgerEntry.id).where(
        LedgerEntry.kind == EntryKind.SALE, LedgerEntry.shop_order_id == ShopOrder.id)
    candidates = db.session.scalars(
        select(ShopOrder).where(ShopOrder.status == ShopOrderStatus.DELIVERED,
                                ~credited.exists()).order_by(ShopOrder.id)
    ).all()
    return sum(1 for shop_order in candidates if credit_delivery(shop_order))


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class Balance:
    producer_id: int
    owed_vnd: int  # not yet in any payout
    in_payout_vnd: int  # in payouts waiting for the bank transfer
    paid_out_vnd: int  # in payouts the office confirmed


def balance_of(producer_id: int) -> Balance:
    """What the platform owes ``producer_id`` now, has batched, and has paid."""
    owed = db.session.scalar(select(func.coalesce(func.sum(LedgerEntry.amount_vnd), 0)).where(
        LedgerEntry.producer_id == producer_id, LedgerEntry.payout_id.is_(None)))
    by_status = dict(db.session.execute(
        select(Payout.status, func.sum(Payout.amount_vnd))
        .where(Payout.producer_id == producer_id).group_by(Payout.status)).all())
    return Balance(producer_id, int(owed), int(by_status.get(PayoutStatus.PENDING) or 0),
                   int(by_status.get(PayoutStatus.SENT) or 0))


def all_balances() -> list[tuple]:
    """(producer, Balance) for every producer with a ledger entry, largest owed first."""
    from ..shops.models import Producer

    ids = db.session.scalars(select(LedgerEntry.producer_id).distinct()).all()
    rows = [(db.session.get(Producer, pid), balance_of(pid)) for pid in ids]
    return sorted(rows, key=lambda row: (-row[1].owed_vnd, row[0].name))


def entries_of(producer_id: int, limit: int = 200) -> list[LedgerEntry]:
    return list(db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.producer_id == producer_id)
        .order_by(LedgerEntry.id.desc()).limit(limit)))


def payouts_of(producer_id: int) -> list[Payout]:
    return list(db.session.scalars(
        select(Payout).where(Payout.producer_id == producer_id).order_by(Payout.id.desc())))


def payout_account(producer_id: int) -> PayoutAccount | None:
    return db.session.scalar(select(PayoutAccount).where(PayoutAccount.producer_id == producer_id))


# ---------------------------------------------------------------- payouts (commit once)

@dataclass
class PayoutRun:
    batch: PayoutBatch | None = None
    skipped: list[tuple[str, int, str]] = field(default_factory=list)  # name, owed, why


def _end_of_day_utc(day: date) -> datetime:
    zone = ZoneInfo(current_app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh"))
    return datetime.combine(day + timedelta(days=1), time.min, zone).astimezone(timezone.utc)


def run_payouts(until: date) -> PayoutRun:
    """Group what each producer is owed for entries up to ``until`` (inclusive, Vietnam
    time) into one payout each, in a new batch, and mark those entries settled.

    Safe to run twice, or twice at once: an entry is taken by a conditional UPDATE
    (``WHERE payout_id IS NULL``), so a second run finds nothing left to pay and creates
    nothing; a run that loses a race to another rolls back whole. Producers owed nothing
    (refunds may exceed sales) or with no bank account are skipped and keep their entries.
    """
    from ..shops.models import Producer

    end = _end_of_day_utc(until)
    run = PayoutRun()
    try:
        credit_missing()
        open_entries = and_(LedgerEntry.payout_id.is_(None), LedgerEntry.created_at < end)
        rows = db.session.execute(
            select(LedgerEntry.producer_id, LedgerEntry.id, LedgerEntry.amount_vnd)
            .where(open_entries).order_by(LedgerEntry.producer_id, LedgerEntry.id)).all()
        by_producer: dict[int, list[tuple[int, int]]] = {}
        for producer_id, entry_id, amount in rows:
            by_producer.setdefault(producer_id, []).append((entry_id, amount))
        for producer_id, entries in by_producer.items():
            producer = db.session.get(Producer, producer_id)
            total = sum(amount for _, amount in entries)
            account = payout_account(producer_id)
            if total <= 0:
                run.skipped.append((producer.name, total, "không còn khoản phải trả"))
                continue
            if account is None:
                run.skipped.append((producer.name, total, "chưa có tài khoản nhận tiền"))
                continue
            if run.batch is None:
                run.batch = _new_batch(until)
            payout = Payout(batch=run.batch, producer_id=producer_id, amount_vnd=total,
                            status=PayoutStatus.PENDING, producer_name=producer.name,
                            bank_name=account.bank_name, account_no=account.account_no,
                            account_name=account.account_name)
            db.session.add(payout)
            db.session.flush()
            ids = [entry_id for entry_id, _ in entries]
            taken = db.session.execute(
                update(LedgerEntry).where(LedgerEntry.id.in_(ids), LedgerEntry.payout_id.is_(None))
                .values(payout_id=payout.id).execution_options(synchronize_session=False))
            if taken.rowcount != len(ids):
                raise SettlementError("Một đợt chi trả khác vừa chạy; không có gì được ghi. "
                                      "Hãy chạy lại.")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return run


def _new_batch(until: date) -> PayoutBatch:
    count = db.session.scalar(select(func.count()).select_from(PayoutBatch)
                              .where(PayoutBatch.until == until)) or 0
    batch = PayoutBatch(reference=f"PO-{until:%Y%m%d}-{count + 1}", until=until)
    db.session.add(batch)
    db.session.flush()
    return batch


CSV_HEADER = ["reference", "producer", "bank", "account_no", "account_name", "amount_vnd",
              "description"]


def payout_csv(batch: PayoutBatch) -> str:
    """The batch as a bank transfer list: one line per payout still to be sent or sent."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for payout in batch.payouts:
        if payout.status == PayoutStatus.CANCELLED:
            continue
        writer.writerow([payout.reference, payout.producer_name, payout.bank_name,
                         payout.account_no, payout.account_name, payout.amount_vnd,
                         f"{payout.reference} Cho OCOP thanh toan den {batch.until:%d/%m/%Y}"])
    return out.getvalue()


def set_payout_account(producer_id: int, *, bank_name: str, account_no: str, account_name: str,
                       actor_id: int | None) -> PayoutAccount:
    """Set where the producer is paid (the views allow the producer's owner only)."""
    bank_name = " ".join(bank_name.split())[:120]
    account_no = "".join(account_no.split())
    account_name = " ".join(account_name.split()).upper()[:120]
    errors = []
    if not bank_name:
        errors.append("Vui lòng nhập tên ngân hàng.")
    if not account_no.isalnum() or not 4 <= len(account_no) <= 40:
        errors.append("Số tài khoản gồm 4 đến 40 chữ hoặc số.")
    if not account_name:
        errors.append("Vui lòng nhập tên chủ tài khoản.")
    if errors:
        raise SettlementError(" ".join(errors))
    try:
        account = payout_account(producer_id) or PayoutAccount(producer_id=producer_id)
        account.bank_name, account.account_no = bank_name, account_no
        account.account_name, account.updated_by = account_name, actor_id
        account.updated_at = utcnow()
        db.session.add(account)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return account


def mark_payout_sent(payout: Payout, *, bank_reference: str) -> None:
    """The office confirms the bank transfer went out."""
    claimed = db.session.execute(
        update(Payout).where(Payout.id == payout.id, Payout.status == PayoutStatus.PENDING)
        .values(status=PayoutStatus.SENT, sent_at=utcnow(),
                bank_reference=bank_reference.strip()[:120], updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise SettlementError("Khoản chi này không còn ở trạng thái chờ chuyển khoản.")
    db.session.commit()
    db.session.refresh(payout)


def cancel_payout(payout: Payout) -> None:
    """Withdraw a payout not yet sent (the bank refused it): its entries are owed again."""
    try:
        claimed = db.session.execute(
            update(Payout).where(Payout.id == payout.id, Payout.status == PayoutStatus.PENDING)
            .values(status=PayoutStatus.CANCELLED, updated_at=utcnow())
            .execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            raise SettlementError("Chỉ huỷ được khoản chi đang chờ chuyển khoản.")
        db.session.execute(update(LedgerEntry).where(LedgerEntry.payout_id == payout.id)
                           .values(payout_id=None).execution_options(synchronize_session=False))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    db.session.refresh(payout)
