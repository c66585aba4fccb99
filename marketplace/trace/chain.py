"""The marketplace's own flows in the value chain: a parcel's shipping and delivery.

When a shop order ships, each of its products whose batch is known gets a ``shipping``
event on that batch; when it is delivered, a ``receiving`` event at the buyer's commune
(nothing finer about the buyer is ever published). A product's batch is known when the
producer picked it for the parcel (``assign_batch``), or when the product has a single
batch. Called by orders/services.py inside its own transaction: these only flush.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from . import links
from .exceptions import TraceInvalid
from .models import Action, Batch, BizStep, EventSource, ShipmentBatch
from .services import record_event


def batch_for(shop_order, product_id: int) -> Batch | None:
    """The batch a product of the parcel came from, if known."""
    chosen = db.session.scalar(select(Batch).join(
        ShipmentBatch, ShipmentBatch.batch_id == Batch.id).where(
        ShipmentBatch.shop_order_id == shop_order.id, ShipmentBatch.product_id == product_id))
    if chosen is not None:
        return chosen
    only = db.session.scalars(select(Batch).where(Batch.product_id == product_id).limit(2)).all()
    return only[0] if len(only) == 1 else None


def assign_batch(shop_order, product_id: int, batch_id: int | None) -> None:
    """The producer says which batch a product of the parcel was taken from; commits."""
    if product_id not in {line.product_id for line in shop_order.lines}:
        raise TraceInvalid({"product": _("Sản phẩm không có trong đơn này.")})
    existing = db.session.scalar(select(ShipmentBatch).where(
        ShipmentBatch.shop_order_id == shop_order.id, ShipmentBatch.product_id == product_id))
    if batch_id is None:
        if existing is not None:
            db.session.delete(existing)
        db.session.commit()
        return
    batch = db.session.get(Batch, batch_id)
    if batch is None or batch.product_id != product_id:
        raise TraceInvalid({"batch": _("Lô không thuộc sản phẩm này.")})
    if existing is None:
        db.session.add(ShipmentBatch(shop_order_id=shop_order.id, product_id=product_id,
                                     batch_id=batch.id))
    else:
        existing.batch_id = batch.id
    db.session.commit()


def _lines_with_batches(shop_order):
    for line in shop_order.lines:
        if line.product_id is None:
            continue
        batch = batch_for(shop_order, line.product_id)
        if batch is not None:
            yield line, batch


def record_parcel_shipped(shop_order) -> int:
    """``shipping`` events for the parcel's known batches; returns how many. Flushes only."""
    code, name = links.producer_place(shop_order.producer)
    count = 0
    for line, batch in _lines_with_batches(shop_order):
        record_event(batch, BizStep.SHIPPING, Action.OBSERVE, code, name,
                     shop_order.producer_name,
                     note=f"Đơn {shop_order.order.number}, {shop_order.carrier} "
                          f"{shop_order.tracking_code}".strip(", "),
                     quantity=line.quantity, source=EventSource.ORDER,
                     shop_order_id=shop_order.id)
        count += 1
    return count


def record_parcel_delivered(shop_order) -> int:
    """``receiving`` events at the buyer's commune for the parcel's known batches."""
    order = shop_order.order
    code, name = links.commune_place(order.province_code, order.commune_code,
                                     "Người mua nhận hàng")
    count = 0
    for line, batch in _lines_with_batches(shop_order):
        record_event(batch, BizStep.RECEIVING, Action.OBSERVE, code, name,
                     shop_order.carrier or "Đơn vị vận chuyển",
                     note=f"Đơn {order.number} đã giao", quantity=line.quantity,
                     source=EventSource.ORDER, shop_order_id=shop_order.id)
        count += 1
    return count
