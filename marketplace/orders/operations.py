"""Flush-only steps of the order services: stock, cancellation, status roll-up.

Nothing here commits; the public service that calls these commits once, so an order,
its stock and its mail are written together or not at all.
"""
from __future__ import annotations

from sqlalchemy import and_, select, update

from ..catalog import stock
from ..catalog.models import Product, ProductStatus, StockReason
from ..extensions import db
from ..models_base import utcnow
from ..shops.models import Producer, ProducerStatus
from .states import (
    CANCELLABLE, RELEASES_STOCK, OrderStatus, PaymentStatus, ShopOrderStatus, apply_transition,
)


def take_stock(product_id: int, quantity: int, unit_price_vnd: int, *,
               shop_order_id: int | None = None, actor_id: int | None = None) -> bool:
    """Take ``quantity`` units if that many are left *and* the product is still on sale at
    ``unit_price_vnd``: one conditional UPDATE, so two buyers can never take the last unit
    twice (PostgreSQL re-checks the WHERE after a concurrent commit; SQLite serialises
    writers). The sale is recorded as a stock movement in the same transaction.
    False means nothing was taken."""
    approved = select(Producer.id).where(Producer.id == Product.producer_id,
                                         Producer.status == ProducerStatus.APPROVED)
    row = db.session.execute(
        update(Product)
        .where(and_(Product.id == product_id, Product.stock >= quantity,
                    Product.price_vnd == unit_price_vnd, Product.status == ProductStatus.ACTIVE,
                    approved.exists()))
        .values(stock=Product.stock - quantity)
        .returning(Product.stock)
        .execution_options(synchronize_session=False)
    ).first()
    if row is None:
        return False
    stock.record(product_id, -quantity, row[0], StockReason.SALE, shop_order_id=shop_order_id,
                 actor_id=actor_id)
    return True


def release_stock(shop_order, reason: StockReason = StockReason.CANCELLATION,
                  actor_id: int | None = None) -> None:
    """Put a shop order's units back on the shelf, once (guarded by ``stock_released``),
    each line recorded as a stock movement with ``reason``."""
    from .models import ShopOrder

    claimed = db.session.execute(
        update(ShopOrder).where(ShopOrder.id == shop_order.id,
                                ShopOrder.stock_released.is_(False))
        .values(stock_released=True).execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return
    from ..outlets.giftsets import units_to_return

    # A gift-set line gives back the components it took (outlets, issue 7).
    returned = units_to_return(shop_order.lines)
    for product_id, quantity in returned:
        stock.change_stock(product_id, quantity, reason, note=shop_order.order.number or "",
                           shop_order_id=shop_order.id, actor_id=actor_id)
    db.session.expire(shop_order, ["stock_released"])
    # The units are for sale again: listings ("out of stock") and search must see it.
    _catalogue_changed([product_id for product_id, _ in returned])


def _catalogue_changed(product_ids: list[int]) -> None:
    from .. import search
    from ..catalog import cache

    if product_ids:
        cache.bump_revision()
        search.mark_products(product_ids)


def _release_reason(shop_order, target: ShopOrderStatus) -> StockReason:
    """Why units come back: a refused parcel, an unpaid hold that ran out, or a cancellation."""
    if target == ShopOrderStatus.DELIVERY_FAILED:
        return StockReason.DELIVERY_FAILED
    payment = shop_order.order.payment
    # expire_payment() moves the payment to ``expired`` before it cancels the parcels.
    if payment is not None and payment.status == PaymentStatus.EXPIRED:
        return StockReason.EXPIRY
    return StockReason.CANCELLATION


def end_shop_order(shop_order, target: ShopOrderStatus, *, reason: str = "",
                   actor_id: int | None = None) -> None:
    """Cancel a shop order or record a failed delivery: transition, release its stock,
    reduce what is still to be paid (or record what must be refunded)."""
    apply_transition(shop_order, target, note=reason, actor_id=actor_id)
    shop_order.cancel_reason = reason[:300]
    release_stock(shop_order, _release_reason(shop_order, target), actor_id=actor_id)
    payment = shop_order.order.payment
    if payment is None:
        return
    if payment.status == PaymentStatus.UNPAID:
        payment.amount_vnd = max(0, payment.amount_vnd - shop_order.total_vnd)
    elif payment.status == PaymentStatus.PAID and target == ShopOrderStatus.CANCELLED:
        payment.refund_due_vnd += shop_order.total_vnd


def cancel_open_parts(order, reason: str, actor_id: int | None = None) -> list:
    """Cancel every shop order that has not left its producer; returns those cancelled."""
    cancelled = []
    for shop_order in order.shop_orders:
        if shop_order.status in CANCELLABLE:
            end_shop_order(shop_order, ShopOrderStatus.CANCELLED, reason=reason,
                           actor_id=actor_id)
            cancelled.append(shop_order)
    return cancelled


def sync_order_status(order, actor_id: int | None = None) -> None:
    """Roll the shop orders' statuses up into the order's and settle a COD payment.

    - every part cancelled or refused: the order is cancelled; an unpaid payment expires;
    - every part finished with at least one delivered: the order is completed, and a COD
      payment counts as paid (the couriers collected the delivered parts);
    - any part taken up by its producer: the order is confirmed (being processed).
    """
    parts = [s.status for s in order.shop_orders]
    finished = all(s in RELEASES_STOCK or s == ShopOrderStatus.DELIVERED for s in parts)
    delivered = [s for s in order.shop_orders if s.status == ShopOrderStatus.DELIVERED]
    payment = order.payment
    if all(s in RELEASES_STOCK for s in parts):
        if order.status != OrderStatus.CANCELLED:
            apply_transition(order, OrderStatus.CANCELLED, actor_id=actor_id)
        if payment is not None and payment.status == PaymentStatus.UNPAID:
            apply_transition(payment, PaymentStatus.EXPIRED, note="đơn đã huỷ",
                             actor_id=actor_id)
        return
    if order.status == OrderStatus.PLACED and any(s != ShopOrderStatus.PENDING for s in parts
                                                  if s not in RELEASES_STOCK):
        apply_transition(order, OrderStatus.CONFIRMED, actor_id=actor_id)
    if finished and delivered and order.status != OrderStatus.COMPLETED:
        if order.status == OrderStatus.PLACED:
            apply_transition(order, OrderStatus.CONFIRMED, actor_id=actor_id)
        apply_transition(order, OrderStatus.COMPLETED, actor_id=actor_id)
        if payment is not None and payment.method == "cod" and payment.status == PaymentStatus.UNPAID:
            payment.received_vnd = sum(s.total_vnd for s in delivered)
            payment.paid_at = utcnow()
            apply_transition(payment, PaymentStatus.PAID, note="thu tiền khi giao hàng",
                             actor_id=actor_id)
