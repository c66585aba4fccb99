"""Restock orders in the producers' settlement ledger (the settlement issue's entries).

A restock order is credited to its producer once the goods are received *and* paid:

- transfer on invoice: the outlet transfers to the platform's account (VietQR, purpose =
  the order number); the office records it; the platform owes the producer the goods,
  less ``RESTOCK_COMMISSION_PERCENT`` (0 by default: the programme does not take a cut on
  supplying its own sales points);
- pay on delivery: the outlet pays the producer's courier in cash at receipt, so, as for a
  COD parcel, the cash is also posted as already in the producer's hands (net: minus the
  commission, if any).

Dedupe keys (``restock-sale:<id>`` ...) make each posting happen once, however often the
receipt or the payment is seen. Flush only: called inside the restock services.
"""
from __future__ import annotations

from decimal import Decimal

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..settlement.models import EntryKind, LedgerEntry
from ..settlement.services import commission_on
from .restock_models import PaymentTerms, RestockOrder, RestockStatus


def _post(order: RestockOrder, kind: EntryKind, amount: int, key: str, note: str) -> None:
    if db.session.scalar(select(LedgerEntry.id).where(LedgerEntry.dedupe_key == key)) is None:
        db.session.add(LedgerEntry(producer_id=order.producer_id, kind=kind, amount_vnd=amount,
                                   dedupe_key=key, note=note[:300]))


def credit_restock(order: RestockOrder) -> bool:
    """Post the order to the producer's ledger if it is received and paid (once)."""
    if order.status != RestockStatus.RECEIVED or order.paid_at is None:
        return False
    percent = Decimal(str(current_app.config.get("RESTOCK_COMMISSION_PERCENT", 0)))
    number, goods = order.number, order.subtotal_vnd
    _post(order, EntryKind.SALE, goods, f"restock-sale:{order.id}",
          f"Đơn nhập hàng {number} của {order.outlet.name}: tiền hàng {goods}")
    commission = commission_on(goods, percent)
    if commission:
        _post(order, EntryKind.COMMISSION, -commission, f"restock-commission:{order.id}",
              f"Đơn nhập hàng {number}: phí sàn {percent.normalize():f}% của {goods}")
    if order.payment_terms == PaymentTerms.ON_DELIVERY:
        _post(order, EntryKind.COD_CASH, -goods, f"restock-cash:{order.id}",
              f"Đơn nhập hàng {number}: điểm bán trả tiền mặt khi nhận hàng")
    db.session.flush()
    return True
