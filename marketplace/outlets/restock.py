"""Đơn nhập hàng: build a restock order, split it per producer, and move it to the shelf.

The operator's list (``RestockDraftLine``) is filled from the suggestions, from "repeat
last order" or by hand, priced live at the producers' wholesale tiers, and placed as one
``RestockOrder`` per producer in one transaction (a double-submitted form places once).
The producer accepts or refuses, then ships: the units leave its stock then (one
conditional UPDATE per line, recorded as ``outlet_restock`` movements) and a ``shipping``
trace event is written for each batch. The outlet confirms receipt: the units are added to
its shelf exactly once (the status change and the ``stock_received`` flag are both
conditional UPDATEs), with a ``receiving`` trace event per batch.

Every public service commits once; views translate the exceptions.
"""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..catalog import stock as stock_ledger
from ..catalog.models import Product, StockReason
from ..clock import now
from ..extensions import db
from ..models_base import utcnow
from . import mails, shelf
from .exceptions import InvalidRestockTransition, OutletInvalid, ShelfStockRefused
from .models import Outlet, OutletStatus
from .restock_models import (
    PaymentTerms, RestockDraftLine, RestockLine, RestockOrder, RestockStatus, restock_number,
)
from .restock_list import (  # noqa: F401  (the list's services, used through this module)
    Preview, PricedLine, ProducerGroup, add_to_draft, clear_draft, draft_from_last_order,
    draft_from_suggestions, draft_lines, last_order_lines, preview, price_lines,
    remove_from_draft, set_draft_quantities,
)
from .restock_states import apply_transition

_KEY = re.compile(r"[A-Za-z0-9_\-]{16,64}")
R = RestockStatus


def payment_terms_available() -> list[PaymentTerms]:
    """Transfer on invoice needs the platform's VietQR account configured."""
    config = current_app.config
    terms = [PaymentTerms.ON_DELIVERY]
    if config.get("VIETQR_BANK_BIN") and config.get("VIETQR_ACCOUNT_NO"):
        terms.insert(0, PaymentTerms.TRANSFER_ON_INVOICE)
    return terms


# ---------------------------------------------------------------- placing

def orders_of_request(outlet_id: int, key: str) -> list[RestockOrder]:
    return list(db.session.scalars(select(RestockOrder).where(
        RestockOrder.outlet_id == outlet_id, RestockOrder.request_key == key)
        .order_by(RestockOrder.id)))


def place(outlet: Outlet, *, payment_terms: str, note: str, request_key: str,
          actor_id: int | None) -> list[RestockOrder]:
    """Place the list as one restock order per producer, in one transaction, or nothing.

    Prices are the tiers in force now (never the form's); any line under its MOQ or no
    longer offered stops the whole request with every problem named. The same
    ``request_key`` (the form's token) returns the orders it already placed."""
    if not _KEY.fullmatch(request_key or ""):
        raise OutletInvalid({"request_key": _("Phiên đặt hàng không hợp lệ; vui lòng tải lại.")})
    existing = orders_of_request(outlet.id, request_key)
    if existing:
        return existing
    if outlet.status != OutletStatus.APPROVED:
        raise OutletInvalid({"outlet": _("Điểm bán chưa được Văn phòng OCOP duyệt.")})
    try:
        terms = PaymentTerms(payment_terms)
    except ValueError:
        terms = None
    if terms not in payment_terms_available():
        raise OutletInvalid({"payment_terms": _("Vui lòng chọn cách thanh toán.")})
    note = " ".join((note or "").split())
    if len(note) > 500:
        raise OutletInvalid({"note": _("Ghi chú dài tối đa 500 ký tự.")})
    priced = preview(outlet.id)
    if priced.is_empty:
        raise OutletInvalid({"draft": _("Danh sách nhập hàng đang trống.")})
    if priced.problems:
        raise OutletInvalid({"draft": " ".join(priced.problems)})
    try:
        orders = _write(outlet, priced, terms, note, request_key, actor_id)
        db.session.execute(delete(RestockDraftLine).where(RestockDraftLine.outlet_id == outlet.id))
        for order in orders:
            mails.restock_placed(order)
        db.session.commit()
        return orders
    except IntegrityError:
        db.session.rollback()  # the same token placed by a concurrent submit: those stand
        existing = orders_of_request(outlet.id, request_key)
        if not existing:
            raise
        return existing
    except Exception:
        db.session.rollback()
        raise


def _write(outlet: Outlet, priced: Preview, terms: PaymentTerms, note: str, key: str,
           actor_id: int | None) -> list[RestockOrder]:
    orders = []
    for group in priced.groups:
        order = RestockOrder(
            outlet_id=outlet.id, producer_id=group.producer.id, request_key=key,
            status=R.PLACED, payment_terms=terms, subtotal_vnd=group.subtotal_vnd, note=note,
            placed_by_id=actor_id,
            lines=[RestockLine(product_id=line.product.id, product_name=line.product.name,
                               unit=line.product.unit, quantity=line.quantity,
                               unit_price_vnd=line.unit_price_vnd,
                               retail_price_vnd=line.product.price_vnd)
                   for line in group.lines])
        db.session.add(order)
        db.session.flush()  # the id, for the number; the unique key speaks here
        order.number = restock_number(now().year, order.id)
        from .restock_models import RestockEvent

        db.session.add(RestockEvent(order_id=order.id, from_status="", to_status=R.PLACED,
                                    actor_id=actor_id))
        orders.append(order)
    db.session.flush()
    return orders


# ---------------------------------------------------------------- after placing

def _do(action):
    try:
        result = action()
        db.session.commit()
        return result
    except Exception:
        db.session.rollback()
        raise


def accept(order: RestockOrder, *, actor_id: int | None) -> None:
    """The producer takes the order; the outlet is told."""
    def action():
        apply_transition(order, R.ACCEPTED, actor_id=actor_id)
        mails.restock_changed(order, "accepted")

    _do(action)


def refuse(order: RestockOrder, *, reason: str, actor_id: int | None) -> None:
    """The producer declines, saying why; the outlet is told."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise OutletInvalid({"reason": _("Vui lòng ghi lý do từ chối để điểm bán biết.")})
    if len(reason) > 300:
        raise OutletInvalid({"reason": _("Lý do dài tối đa 300 ký tự.")})

    def action():
        apply_transition(order, R.REFUSED, note=reason, actor_id=actor_id)
        order.refuse_reason = reason
        mails.restock_changed(order, "refused")

    _do(action)


def cancel(order: RestockOrder, *, reason: str = "", actor_id: int | None) -> None:
    """The outlet withdraws the order before it ships; the producer is told."""
    reason = " ".join((reason or "").split())[:300] or "Điểm bán huỷ đơn"

    def action():
        apply_transition(order, R.CANCELLED, note=reason, actor_id=actor_id)
        mails.restock_placed(order, cancelled=True)

    _do(action)


def _claim(order: RestockOrder, flag: str) -> None:
    """Set a once-only flag with a conditional UPDATE; a second claim raises."""
    column = getattr(RestockOrder, flag)
    claimed = db.session.execute(update(RestockOrder).where(RestockOrder.id == order.id,
                                                            column.is_(False))
                                 .values({flag: True}).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise InvalidRestockTransition(order.status, order.status,
                                       _("Thao tác này đã được ghi nhận trước đó."))
    db.session.expire(order, [flag])


def ship(order: RestockOrder, *, carrier: str, tracking_code: str = "",
         batch_codes: dict[int, str] | None = None, actor_id: int | None,
         actor_name: str = "") -> None:
    """Hand the goods to the carrier: the units leave the producer's stock (all lines or
    none), batches are noted, ``shipping`` trace events written, the outlet told."""
    carrier = " ".join((carrier or "").split())[:80]
    tracking_code = (tracking_code or "").strip()[:80]
    if not carrier:
        raise OutletInvalid({"carrier": _("Ghi đơn vị vận chuyển (hoặc «Cơ sở tự giao»).")})
    codes = {k: (v or "").strip()[:60] for k, v in (batch_codes or {}).items()}

    def action():
        apply_transition(order, R.SHIPPED, actor_id=actor_id)
        _claim(order, "stock_taken")
        moved = []
        for line in sorted(order.lines, key=lambda l: l.product_id or 0):
            if line.product_id is None:
                continue
            after = stock_ledger.change_stock(line.product_id, -line.quantity,
                                              StockReason.OUTLET_RESTOCK, note=order.number,
                                              actor_id=actor_id)
            if after is None:
                have = db.session.scalar(select(Product.stock).where(Product.id == line.product_id))
                raise ShelfStockRefused(_(
                    "Không đủ tồn kho «%(name)s»: còn %(have)s, đơn cần %(need)s. Nhập thêm "
                    "hàng rồi gửi lại.", name=line.product_name, have=have or 0,
                    need=line.quantity))
            moved.append(line.product_id)
            line.batch_code = codes.get(line.id, "") or line.batch_code
        order.carrier, order.tracking_code, order.shipped_at = carrier, tracking_code, utcnow()
        _catalogue_changed(moved)
        _trace(order, "shipping", actor_name, actor_id)
        mails.restock_changed(order, "shipped")

    _do(action)


def receive(order: RestockOrder, *, actor_id: int | None, actor_name: str = "") -> None:
    """Xác nhận đã nhận hàng: the units go on the outlet's shelf exactly once (a second
    submit finds the status changed and the flag taken, and changes nothing)."""
    def action():
        apply_transition(order, R.RECEIVED, actor_id=actor_id)
        _claim(order, "stock_received")
        for line in sorted(order.lines, key=lambda l: l.product_id or 0):
            if line.product_id is not None:
                shelf.receive_units(order.outlet_id, line.product_id, line.quantity,
                                    restock_order_id=order.id, note=order.number,
                                    actor_id=actor_id)
        order.received_at = utcnow()
        if order.payment_terms == PaymentTerms.ON_DELIVERY and order.paid_at is None:
            order.paid_at = utcnow()  # paid in cash to the producer's courier at the door
        _trace(order, "receiving", actor_name, actor_id)
        from .ledger import credit_restock

        credit_restock(order)
        mails.restock_placed(order, received=True)

    _do(action)


def mark_paid(order: RestockOrder, *, actor_id: int | None) -> bool:
    """The office saw the transfer (purpose = the order number) on the bank statement.
    Once; the producer is credited when the goods are also received. Returns False when
    already recorded."""
    from .ledger import credit_restock

    if order.payment_terms != PaymentTerms.TRANSFER_ON_INVOICE:
        raise OutletInvalid({"paid": _("Đơn này trả tiền khi nhận hàng, không chuyển khoản.")})
    if order.status in (R.REFUSED, R.CANCELLED):
        raise OutletInvalid({"paid": _("Đơn đã huỷ hoặc bị từ chối.")})

    def action():
        claimed = db.session.execute(
            update(RestockOrder).where(RestockOrder.id == order.id,
                                       RestockOrder.paid_at.is_(None))
            .values(paid_at=utcnow()).execution_options(synchronize_session=False))
        db.session.expire(order, ["paid_at"])
        if claimed.rowcount != 1:
            return False
        from .restock_models import RestockEvent

        db.session.add(RestockEvent(order_id=order.id, from_status=str(order.status),
                                    to_status=str(order.status), actor_id=actor_id,
                                    note="Đã nhận chuyển khoản"))
        credit_restock(order)
        return True

    return _do(action)


def _catalogue_changed(product_ids: list[int]) -> None:
    from .. import search
    from ..catalog import cache

    if product_ids:
        cache.bump_revision()
        search.mark_products(product_ids)


def _trace(order: RestockOrder, step: str, actor_name: str, actor_id: int | None) -> None:
    """A ``shipping`` (at the producer) or ``receiving`` (at the outlet) event for each batch
    of the order: the batch the producer named, or the product's only batch."""
    from ..trace import links, services as trace
    from ..trace.models import Batch

    if step == "shipping":
        place_code, place_name = links.producer_place(order.producer)
        actor = actor_name or order.producer.name
    else:
        place_code, place_name = links.outlet_place(order.outlet)
        actor = actor_name or order.outlet.name
    for line in order.lines:
        if line.product_id is None:
            continue
        batch = None
        if line.batch_code:
            batch = db.session.scalar(select(Batch).where(Batch.product_id == line.product_id,
                                                          Batch.code == line.batch_code))
        else:
            found = db.session.scalars(select(Batch).where(Batch.product_id == line.product_id)
                                       .limit(2)).all()
            batch = found[0] if len(found) == 1 else None
        if batch is None:
            continue
        trace.record_event(batch, step, "OBSERVE", place_code, place_name, actor,
                           quantity=line.quantity, actor_id=actor_id, source="restock",
                           note=f"Đơn nhập hàng {order.number} cho {order.outlet.name}"[:500])


# ---------------------------------------------------------------- reading

def orders_for_outlet(outlet_id: int, status: str | None = None, limit: int = 200):
    query = select(RestockOrder).where(RestockOrder.outlet_id == outlet_id)
    if status in {s.value for s in RestockStatus}:
        query = query.where(RestockOrder.status == status)
    return list(db.session.scalars(query.order_by(RestockOrder.placed_at.desc(),
                                                  RestockOrder.id.desc()).limit(limit)
                                   .options(selectinload(RestockOrder.producer))))


def orders_for_producer(producer_id: int, status: str | None = None, limit: int = 200):
    query = select(RestockOrder).where(RestockOrder.producer_id == producer_id)
    if status in {s.value for s in RestockStatus}:
        query = query.where(RestockOrder.status == status)
    return list(db.session.scalars(query.order_by(RestockOrder.placed_at.desc(),
                                                  RestockOrder.id.desc()).limit(limit)
                                   .options(selectinload(RestockOrder.outlet))))


def by_number(number: str) -> RestockOrder | None:
    return db.session.scalar(select(RestockOrder).where(RestockOrder.number == number)
                             .options(selectinload(RestockOrder.lines)))


def events_of(order: RestockOrder):
    from .restock_models import RestockEvent

    return list(db.session.scalars(select(RestockEvent).where(RestockEvent.order_id == order.id)
                                   .order_by(RestockEvent.id)))
