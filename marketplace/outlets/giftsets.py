"""Bộ quà tặng: compose gift sets, keep their derived stock, sell them through checkout.

Why a gift set is a ``Product``: the cart, checkout, order lines (snapshots), listings,
search, the API and the storefront already handle products; a set that is one means
none of them needs a second code path. The set belongs to one house shop, "Quà tặng OCOP
Thái Nguyên" (a producer row run by the provincial OCOP centre), which packs and ships
the boxes, so a set's parcel splits off like any shop's.

Stock. A set has no units of its own: it is available ``min(component.stock //
quantity)`` times, over listed components. Buying one takes each component's stock with
the same conditional UPDATE as any sale, in product-id order together with the order's
other lines, so two buyers can never take the last units twice. The set's ``stock``
column is a copy of that minimum for the pages that read ``Product.stock`` (cards,
filters, search); it is written, with a ``gift_set`` stock movement, at the end of every
transaction that moved a component's stock or took it (or its producer) on or off sale
(a session hook: one place that no write path can forget), with the set's row locked so two such transactions cannot race.
Checkout never trusts the copy: it takes the components.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import and_, case, event, func, inspect, select, update
from sqlalchemy.orm import Session

from ..catalog import stock as stock_ledger
from ..catalog.models import Product, ProductStatus, StockMovement, StockReason
from ..extensions import db
from ..shops.models import Producer, ProducerStatus, ProducerStatusEvent
from .giftset_models import GiftSet, GiftSetComponent, GiftSetSale

TOUCHED = "giftset_touched_products"


# ---------------------------------------------------------------- derived stock

def _listed_share():
    """Per component row: how many sets its stock makes (0 when the part is not on sale)."""
    listed = and_(Product.status == ProductStatus.ACTIVE,
                  Producer.status == ProducerStatus.APPROVED)
    return case((listed, Product.stock / GiftSetComponent.quantity), else_=0)


def derived_stock(gift_ids) -> dict[int, int]:
    """Sets available now, by gift-set product id (a set without components: 0)."""
    ids = list(set(gift_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(GiftSetComponent.gift_set_id, func.min(_listed_share()))
        .join(Product, Product.id == GiftSetComponent.product_id)
        .join(Producer, Producer.id == Product.producer_id)
        .where(GiftSetComponent.gift_set_id.in_(ids))
        .group_by(GiftSetComponent.gift_set_id))
    found = {gid: max(int(n or 0), 0) for gid, n in rows}
    return {gid: found.get(gid, 0) for gid in ids}


def sets_containing(product_ids) -> list[int]:
    ids = list(set(product_ids))
    if not ids:
        return []
    return sorted(set(db.session.scalars(select(GiftSetComponent.gift_set_id)
                                         .where(GiftSetComponent.product_id.in_(ids)))))


def refresh_stock(gift_ids) -> list[int]:
    """Write each set's derived stock into its ``stock`` (with a movement); flushes only.

    Sets are locked in id order first (SELECT ... FOR UPDATE on PostgreSQL; SQLite has
    one writer at a time), then the components are read in a new statement, which sees
    every transaction that committed while we waited: the copy can never be left stale
    by two writers racing. Returns the ids whose stock changed.
    """
    ids = sorted(set(gift_ids))
    if not ids:
        return []
    # FOR NO KEY UPDATE: the order lines this transaction inserted hold KEY SHARE locks on
    # the set's row (their foreign key); a plain FOR UPDATE would wait on a twin checkout's.
    seen = dict(db.session.execute(select(Product.id, Product.stock).where(Product.id.in_(ids))
                                   .order_by(Product.id).with_for_update(key_share=True)).all())
    wanted = derived_stock(ids)
    changed = []
    for gid in ids:
        if gid not in seen or wanted[gid] == seen[gid]:
            continue
        db.session.execute(update(Product).where(Product.id == gid)
                           .values(stock=wanted[gid]).execution_options(synchronize_session=False))
        stock_ledger.record(gid, wanted[gid] - seen[gid], wanted[gid], StockReason.GIFT_SET)
        changed.append(gid)  # record() follows a set selling out or coming back
    if changed:
        db.session.flush()
        for obj in db.session.identity_map.values():
            if isinstance(obj, Product) and obj.id in changed:
                db.session.expire(obj, ["stock"])
    return changed


def _storefront_changed(product_ids: list[int]) -> None:
    from .. import search
    from ..catalog import cache

    cache.bump_revision()
    search.mark_products(product_ids)


def _note_movements(session: Session, _context) -> None:
    """after_flush: remember which products' stock moved, or went on or off sale (their
    own status or their producer's), in this transaction."""
    moved = {obj.product_id for obj in session.new if isinstance(obj, StockMovement)
             and obj.reason != StockReason.GIFT_SET}
    moved |= {obj.id for obj in session.dirty if isinstance(obj, Product)
              and inspect(obj).attrs.status.history.has_changes()}
    producers = [obj.producer_id for obj in session.new if isinstance(obj, ProducerStatusEvent)]
    if producers:
        moved |= set(session.scalars(select(Product.id).where(Product.producer_id.in_(producers))))
    if moved:
        session.info.setdefault(TOUCHED, set()).update(moved)


def _refresh_before_commit(session: Session) -> None:
    """before_commit: bring the stock copy of every set that holds a moved product up to date."""
    if not session.info.get(TOUCHED) and not session.new:
        return
    session.flush()  # movements still pending are noted by _note_movements
    touched = session.info.pop(TOUCHED, None)
    if touched:
        refresh_stock(sets_containing(touched))


def _forget(session: Session, previous=None) -> None:
    if previous is None or previous.parent is None:
        session.info.pop(TOUCHED, None)


def init_app(app: Flask) -> None:
    """Install the session hooks that keep gift-set stock equal to its components'."""
    if not event.contains(db.session, "after_flush", _note_movements):
        event.listen(db.session, "after_flush", _note_movements)
        event.listen(db.session, "before_commit", _refresh_before_commit)
        event.listen(db.session, "after_soft_rollback", _forget)


# ---------------------------------------------------------------- checkout hooks

@dataclass(frozen=True)
class Take:
    """One conditional stock UPDATE of a checkout: a plain line, or a set's component."""

    product_id: int
    quantity: int
    line: object  # the cart's PricedLine it serves
    unit_price_vnd: int | None  # checked for plain lines; None for a set's component


def compositions(product_ids) -> dict[int, list[tuple[int, int]]]:
    """{gift-set id: [(component id, quantity), ...]} for those ids that are sets."""
    ids = list(set(product_ids))
    result: dict[int, list[tuple[int, int]]] = {}
    if not ids:
        return result
    for gid, pid, qty in db.session.execute(
            select(GiftSetComponent.gift_set_id, GiftSetComponent.product_id,
                   GiftSetComponent.quantity)
            .where(GiftSetComponent.gift_set_id.in_(ids)).order_by(GiftSetComponent.id)):
        result.setdefault(gid, []).append((pid, qty))
    return result


def stock_plan(lines) -> tuple[list[Take], dict[int, list[tuple[int, int]]]]:
    """Every stock take an order's lines need, in product-id order (one lock order for all
    checkouts, so they never wait on each other in a cycle), and the sets' compositions."""
    sets = compositions([line.product_id for line in lines])
    takes: list[Take] = []
    for line in lines:
        parts = sets.get(line.product_id)
        if parts is None:
            takes.append(Take(line.product_id, line.quantity, line, line.unit_price_vnd))
        else:
            takes += [Take(pid, qty * line.quantity, line, None) for pid, qty in parts]
    return sorted(takes, key=lambda t: (t.product_id, t.unit_price_vnd is None)), sets


def take_component(product_id: int, quantity: int, *, set_name: str, order_number: str,
                   shop_order_id: int | None, actor_id: int | None) -> bool:
    """Take ``quantity`` units of a set's component if they are there and on sale (one
    conditional UPDATE, as for any sale); the sale is recorded in the component's history."""
    approved = select(Producer.id).where(Producer.id == Product.producer_id,
                                         Producer.status == ProducerStatus.APPROVED)
    row = db.session.execute(
        update(Product)
        .where(and_(Product.id == product_id, Product.stock >= quantity,
                    Product.status == ProductStatus.ACTIVE, approved.exists()))
        .values(stock=Product.stock - quantity).returning(Product.stock)
        .execution_options(synchronize_session=False)).first()
    if row is None:
        return False
    stock_ledger.record(product_id, -quantity, row[0], StockReason.SALE,
                        note=f"Bộ quà «{set_name}» – {order_number}"[:300],
                        shop_order_id=shop_order_id, actor_id=actor_id)
    return True


def set_still_on_sale(product_id: int, unit_price_vnd: int) -> bool:
    """The set is still listed at the price the cart showed (read, not locked: the set's
    row is only ever locked after every product row, by ``refresh_stock``)."""
    return db.session.scalar(
        select(Product.id).join(Producer, Producer.id == Product.producer_id)
        .where(Product.id == product_id, Product.price_vnd == unit_price_vnd,
               Product.status == ProductStatus.ACTIVE,
               Producer.status == ProducerStatus.APPROVED)) is not None


def record_sales(order, sets: dict[int, list[tuple[int, int]]]) -> None:
    """Snapshot what each gift-set line took, so a cancellation gives back exactly that."""
    for shop_order in order.shop_orders:
        for line in shop_order.lines:
            for pid, qty in sets.get(line.product_id, ()):
                db.session.add(GiftSetSale(order_line_id=line.id, product_id=pid,
                                           quantity=qty * line.quantity))


def units_to_return(lines) -> list[tuple[int, int]]:
    """(product id, units) a cancelled parcel gives back: a set line returns its components
    as taken; any other line its own product. In product-id order."""
    ids = [line.id for line in lines if line.id is not None]
    taken: dict[int, list[tuple[int, int]]] = {}
    if ids:
        for line_id, pid, qty in db.session.execute(
                select(GiftSetSale.order_line_id, GiftSetSale.product_id, GiftSetSale.quantity)
                .where(GiftSetSale.order_line_id.in_(ids))):
            if pid is not None:
                taken.setdefault(line_id, []).append((pid, qty))
    result = []
    for line in lines:
        if line.id in taken:
            result += taken[line.id]
        elif line.product_id is not None:
            result.append((line.product_id, line.quantity))
    return sorted(result)


def is_gift_set(product_id: int) -> bool:
    return db.session.get(GiftSet, product_id) is not None


# Composing and reading sets lives beside this module; callers use both through this one.
from .giftset_compose import (  # noqa: E402,F401
    HOUSE_NAME, HOUSE_SLUG, GiftSetData, by_slug, check_gift_set, component_choices,
    create_gift_set, gift_sets, house_producer, retail_value, set_on_sale, update_gift_set,
)
