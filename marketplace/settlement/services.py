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
netted against card and transfer sales at the next payout. A gift set's price goes to
the producers of its parts (``goods_shares``); the house shop that packs it keeps the
shipping fee, and the COD cash it collected is posted to it.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
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


def split_in_proportion(total: int, weights: list[int]) -> list[int]:
    """``total`` đồng shared in proportion to ``weights``, summing exactly to ``total``
    (largest remainder: the đồng left over by rounding down go to the largest fractions)."""
    if not weights:
        return []
    weights = weights if sum(weights) > 0 else [1] * len(weights)
    whole = sum(weights)
    parts = [total * weight // whole for weight in weights]
    by_fraction = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for i in by_fraction[:total - sum(parts)]:
        parts[i] += 1
    return parts


def goods_shares(shop_order) -> dict[int, int]:
    """Producer id → the goods đồng of this parcel that are theirs.

    A gift-set line belongs to the producers of its parts, not to the house shop that
    packs and ships it: its price is shared in proportion to the retail value of what
    the line took from each part (``GiftSetSale``). A part whose product was deleted
    stays with the parcel's own producer. Every other line is the parcel producer's.
    """
    from ..catalog.models import Product
    from ..outlets.giftset_models import GiftSetSale

    shares = {shop_order.producer_id: 0}
    taken: dict[int, list[tuple[int, int]]] = {}
    for line_id, producer_id, weight in db.session.execute(
            select(GiftSetSale.order_line_id, Product.producer_id,
                   func.coalesce(Product.price_vnd, 0) * GiftSetSale.quantity)
            .outerjoin(Product, Product.id == GiftSetSale.product_id)
            .where(GiftSetSale.order_line_id.in_([line.id for line in shop_order.lines]))
            .order_by(GiftSetSale.id)):
        taken.setdefault(line_id, []).append((producer_id or shop_order.producer_id, weight))
    for line in shop_order.lines:
        parts = taken.get(line.id) or [(shop_order.producer_id, 1)]
        amounts = split_in_proportion(line.unit_price_vnd * line.quantity, [w for _, w in parts])
        for (producer_id, _), amount in zip(parts, amounts):
            shares[producer_id] = shares.get(producer_id, 0) + amount
    return shares


def _credited(shop_order_id: int) -> bool:
    return db.session.scalar(select(LedgerEntry.id).where(
        LedgerEntry.kind == EntryKind.SALE, LedgerEntry.shop_order_id == shop_order_id)
        .limit(1)) is not None


def _key(prefix: str, owner_id: int, producer_id: int, parcel_producer_id: int) -> str:
    """``sale:<parcel>`` for the parcel's own producer, ``sale:<parcel>:<producer>`` for a
    gift-set part's producer: one posting per producer, each once."""
    key = f"{prefix}:{owner_id}"
    return key if producer_id == parcel_producer_id else f"{key}:{producer_id}"


def credit_delivery(shop_order) -> bool:
    """Credit a delivered, collected parcel to its producers, less the commission (once).

    The parcel's producer gets its own goods and the shipping fee (it pays the courier);
    the producers of a gift set's parts get their share of the set price (``goods_shares``).
    Called where delivery is applied (and again, harmlessly, by the payout run and when
    a card payment is confirmed after delivery). Returns True when it posted now.
    """
    if not is_collected(shop_order) or _credited(shop_order.id):
        return False
    number, own = shop_order.order.number, shop_order.producer_id
    percent = commission_percent()
    for producer_id, goods in goods_shares(shop_order).items():
        shipping = shop_order.shipping_vnd if producer_id == own else 0
        if goods + shipping == 0:
            continue
        _post(producer_id, EntryKind.SALE, goods + shipping, _key("sale", shop_order.id,
                                                                  producer_id, own),
              f"Đơn {number}: tiền hàng {goods} + vận chuyển {shipping}",
              shop_order_id=shop_order.id)
        commission = commission_on(goods, percent)
        if commission:
            _post(producer_id, EntryKind.COMMISSION, -commission,
                  _key("commission", shop_order.id, producer_id, own),
                  f"Đơn {number}: phí sàn {percent.normalize():f}% của {goods}",
                  shop_order_id=shop_order.id)
    if shop_order.order.payment.method == "cod":  # the parcel producer's courier took it all
        _post(own, EntryKind.COD_CASH, -shop_order.total_vnd,
              f"cod-cash:{shop_order.id}", f"Đơn {number}: tiền COD cơ sở đã thu",
              shop_order_id=shop_order.id)
    db.session.flush()
    return True


def debit_refund(refund) -> bool:
    """Take a refund of a credited parcel back from its producers, in proportion to what
    each was credited, with the commission on that part returned to them. A parcel that
    was never credited (cancelled before delivery) owes nothing. Once per refund."""
    if refund.shop_order_id is None or db.session.scalar(select(LedgerEntry.id).where(
            LedgerEntry.refund_id == refund.id).limit(1)) is not None:
        return False
    entries = db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.shop_order_id == refund.shop_order_id, LedgerEntry.refund_id.is_(None),
        LedgerEntry.kind.in_([EntryKind.SALE, EntryKind.COMMISSION]))
        .order_by(LedgerEntry.id)).all()
    sales = [entry for entry in entries if entry.kind == EntryKind.SALE]
    if not sales:
        return False
    commissions = {entry.producer_id: -entry.amount_vnd for entry in entries
                   if entry.kind == EntryKind.COMMISSION}
    from ..orders.models import ShopOrder

    parcel_producer = db.session.get(ShopOrder, refund.shop_order_id).producer_id
    amount = min(refund.amount_vnd, sum(sale.amount_vnd for sale in sales))
    for sale, part in zip(sales, split_in_proportion(amount, [s.amount_vnd for s in sales])):
        if part:
            _debit_refund_part(refund, sale, part, commissions.get(sale.producer_id, 0),
                               parcel_producer)
    db.session.flush()
    return True


def _debit_refund_part(refund, sale: LedgerEntry, part: int, commission: int,
                       parcel_producer: int) -> None:
    back = int((Decimal(commission) * part / sale.amount_vnd).quantize(Decimal(1),
                                                                       ROUND_HALF_UP))
    links = {"shop_order_id": refund.shop_order_id, "refund_id": refund.id}
    _post(sale.producer_id, EntryKind.REFUND, -part,
          _key("refund", refund.id, sale.producer_id, parcel_producer),
          f"Hoàn {part} cho người mua ({refund.reason})"[:300], **links)
    if back:
        _post(sale.producer_id, EntryKind.COMMISSION_REVERSAL, back,
              _key("refund-commission", refund.id, sale.producer_id, parcel_producer),
              f"Hoàn phí sàn trên khoản {part}", **links)


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
        errors.append(_("Vui lòng nhập tên ngân hàng."))
    if not account_no.isalnum() or not 4 <= len(account_no) <= 40:
        errors.append(_("Số tài khoản gồm 4 đến 40 chữ hoặc số."))
    if not account_name:
        errors.append(_("Vui lòng nhập tên chủ tài khoản."))
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
        raise SettlementError(_("Khoản chi này không còn ở trạng thái chờ chuyển khoản."))
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
            raise SettlementError(_("Chỉ huỷ được khoản chi đang chờ chuyển khoản."))
        db.session.execute(update(LedgerEntry).where(LedgerEntry.payout_id == payout.id)
                           .values(payout_id=None).execution_options(synchronize_session=False))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    db.session.refresh(payout)
