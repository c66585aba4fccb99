"""Tồn kho điểm bán: what an outlet carries, counter sales, stock counts, the movement history.

As for producers, ``on_hand`` is only changed by one conditional UPDATE that returns the
quantity it left (``on_hand + delta >= 0``), and the movement is written in the same
transaction: two sales at two tills can never sell the last unit twice, and the history
always adds up to what is on the shelf. ``change_shelf`` and ``receive_units`` only flush;
the other public services commit once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..catalog.models import Product
from ..extensions import db
from ..models_base import utcnow
from .exceptions import OutletInvalid, ShelfStockRefused
from .models import Outlet, OutletMovement, OutletReason, OutletStock

MAX_UNITS = 100_000
CAS_ATTEMPTS = 5
_DIGITS = re.compile(r"[0-9]{1,6}")


def parse_count(text, field: str, label: str, *, low: int = 0, high: int = MAX_UNITS) -> int:
    raw = str(text if text is not None else "").strip()
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise OutletInvalid({field: _("%(label)s: số nguyên từ %(low)s đến %(high)s.",
                                      label=label, low=low, high=high)})
    return int(raw)


def item(outlet_id: int, product_id: int) -> OutletStock | None:
    return db.session.scalar(select(OutletStock).where(OutletStock.outlet_id == outlet_id,
                                                       OutletStock.product_id == product_id))


def items(outlet_id: int) -> list[OutletStock]:
    """What the outlet carries, with products and producers, by producer then name."""
    return sorted(db.session.scalars(
        select(OutletStock).where(OutletStock.outlet_id == outlet_id)
        .options(selectinload(OutletStock.product).selectinload(Product.producer))),
        key=lambda s: (s.product.producer.name, s.product.name))


def low_items(outlet_id: int) -> list[OutletStock]:
    """Items at or below their reorder point (the low-stock warning)."""
    return [s for s in items(outlet_id) if s.is_low]


def change_shelf(outlet_id: int, product_id: int, delta: int, reason: OutletReason, *,
                 note: str = "", restock_order_id: int | None = None,
                 stamp_serial: str | None = None, actor_id: int | None = None) -> int | None:
    """Add ``delta`` to the outlet's units of a product if that leaves 0 or more, and record
    it. Returns the new quantity, or None (nothing changed: not carried, or too few). Flushes."""
    row = db.session.execute(
        update(OutletStock)
        .where(OutletStock.outlet_id == outlet_id, OutletStock.product_id == product_id,
               OutletStock.on_hand + delta >= 0)
        .values(on_hand=OutletStock.on_hand + delta, updated_at=utcnow())
        .returning(OutletStock.on_hand)
        .execution_options(synchronize_session=False)).first()
    if row is None:
        return None
    db.session.add(OutletMovement(
        outlet_id=outlet_id, product_id=product_id, delta=delta, on_hand_after=row[0],
        reason=OutletReason(reason), note=(note or "")[:300], restock_order_id=restock_order_id,
        stamp_serial=stamp_serial, actor_id=actor_id))
    _expire(outlet_id, product_id)
    return row[0]


def _expire(outlet_id: int, product_id: int) -> None:
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, OutletStock) and obj.outlet_id == outlet_id \
                and obj.product_id == product_id:
            db.session.expire(obj, ["on_hand", "updated_at"])


def ensure_item(outlet_id: int, product_id: int) -> None:
    """Make sure the outlet carries the product (a row at 0), without racing a twin insert."""
    if item(outlet_id, product_id) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(OutletStock(outlet_id=outlet_id, product_id=product_id, on_hand=0))
    except IntegrityError:
        pass  # inserted meanwhile by another transaction: the row is there either way


def receive_units(outlet_id: int, product_id: int, quantity: int, *, restock_order_id: int,
                  note: str, actor_id: int | None) -> int:
    """Put received units on the shelf (the item is added if new). Flushes only."""
    ensure_item(outlet_id, product_id)
    after = change_shelf(outlet_id, product_id, quantity, OutletReason.RESTOCK, note=note,
                         restock_order_id=restock_order_id, actor_id=actor_id)
    if after is None:  # cannot happen for a positive delta on an existing row
        raise ShelfStockRefused(_("Không ghi được hàng nhận vào tồn kho."))
    return after


@dataclass(frozen=True)
class Levels:
    reorder_point: int
    target_level: int


def check_levels(reorder_text, target_text) -> Levels:
    errors = {}
    try:
        reorder = parse_count(reorder_text, "reorder_point", _("Điểm đặt hàng lại"))
    except OutletInvalid as error:
        errors.update(error.errors)
        reorder = 0
    try:
        target = parse_count(target_text, "target_level", _("Mức tồn mong muốn"))
    except OutletInvalid as error:
        errors.update(error.errors)
        target = 0
    if not errors and target <= reorder:
        errors["target_level"] = _("Mức tồn mong muốn phải lớn hơn điểm đặt hàng lại "
                                   "(%(n)s).", n=reorder)
    if errors:
        raise OutletInvalid(errors)
    return Levels(reorder, target)


def add_item(outlet: Outlet, product_id: int, opening_text, levels: Levels, *,
             actor_id: int | None) -> OutletStock:
    """Start carrying a product with its opening quantity (one movement); commits."""
    opening = parse_count(opening_text, "opening", _("Số lượng đang có"))
    product = db.session.get(Product, product_id)
    if product is None:
        raise OutletInvalid({"product_id": _("Vui lòng chọn sản phẩm.")})
    if item(outlet.id, product_id) is not None:
        raise OutletInvalid({"product_id": _("Điểm bán đã có «%(name)s» trong danh sách.",
                                             name=product.name)})
    try:
        row = OutletStock(outlet_id=outlet.id, product_id=product_id, on_hand=0,
                          reorder_point=levels.reorder_point, target_level=levels.target_level)
        db.session.add(row)
        db.session.flush()
        if opening:
            change_shelf(outlet.id, product_id, opening, OutletReason.OPENING, actor_id=actor_id)
        db.session.commit()
        return row
    except IntegrityError:
        db.session.rollback()
        raise OutletInvalid({"product_id": _("Điểm bán đã có «%(name)s».",
                                             name=product.name)}) from None
    except Exception:
        db.session.rollback()
        raise


def set_levels(stock: OutletStock, levels: Levels) -> None:
    stock.reorder_point, stock.target_level = levels.reorder_point, levels.target_level
    db.session.commit()


def sell(outlet: Outlet, product_id: int, quantity_text, *, actor_id: int | None,
         note: str = "") -> int:
    """Bán tại quầy: take ``quantity`` units off the shelf; commits; returns what is left."""
    quantity = parse_count(quantity_text, "quantity", _("Số lượng bán"), low=1)
    try:
        after = change_shelf(outlet.id, product_id, -quantity, OutletReason.COUNTER_SALE,
                             note=note, actor_id=actor_id)
        if after is None:
            current = item(outlet.id, product_id)
            have = current.on_hand if current else 0
            raise ShelfStockRefused(_("Không đủ hàng: quầy chỉ còn %(have)s, không bán được "
                                      "%(quantity)s.", have=have, quantity=quantity))
        db.session.commit()
        return after
    except Exception:
        db.session.rollback()
        raise


def sell_by_stamp(outlet: Outlet, serial: str, *, actor_id: int | None,
                  actor_name: str = "") -> tuple[Product, int]:
    """Bán một đơn vị theo số tem: the stamp names the product (and its batch); each stamp is
    sold at a counter once. Records a ``retail_selling`` trace event. Commits."""
    from ..trace.models import Stamp

    serial = (serial or "").strip().upper()
    if not serial or len(serial) > 20:
        raise OutletInvalid({"serial": _("Nhập số tem in dưới mã QR.")})
    stamp = db.session.scalar(select(Stamp).where(Stamp.serial == serial))
    if stamp is None:
        raise OutletInvalid({"serial": _("Không tìm thấy tem «%(serial)s».", serial=serial)})
    product = stamp.batch.product
    if item(outlet.id, product.id) is None:
        raise OutletInvalid({"serial": _("Tem của «%(name)s», sản phẩm điểm bán chưa có trong "
                                         "danh sách tồn kho.", name=product.name)})
    try:
        after = change_shelf(outlet.id, product.id, -1, OutletReason.COUNTER_SALE,
                             note=f"Tem {serial}", stamp_serial=serial, actor_id=actor_id)
        if after is None:
            raise ShelfStockRefused(_("Tồn kho «%(name)s» đang là 0: kiểm kê lại trước khi bán.",
                                      name=product.name))
        db.session.flush()
        _trace_retail_sale(outlet, stamp.batch, actor_name)
        db.session.commit()
        return product, after
    except IntegrityError:
        db.session.rollback()
        raise OutletInvalid({"serial": _("Tem «%(serial)s» đã được bán tại quầy trước đó.",
                                         serial=serial)}) from None
    except Exception:
        db.session.rollback()
        raise


def _trace_retail_sale(outlet: Outlet, batch, actor_name: str) -> None:
    from ..trace import links, services as trace

    code, name = links.outlet_place(outlet)
    trace.record_event(batch, "retail_selling", "OBSERVE", code, name,
                       actor_name or outlet.name, quantity=1, source="manual",
                       note="Bán tại quầy điểm bán OCOP")


def record_count(outlet: Outlet, counted: dict[int, str], *, actor_id: int | None) -> int:
    """Kiểm kê: set each counted item to the number found (one movement for each difference).
    Compare-and-set on the number read, so a sale in between is not overwritten. Commits;
    returns how many items changed."""
    wanted: dict[int, int] = {}
    errors = {}
    for product_id, text in counted.items():
        if str(text or "").strip() == "":
            continue
        try:
            wanted[product_id] = parse_count(text, f"count-{product_id}", _("Số đếm được"))
        except OutletInvalid as error:
            errors.update(error.errors)
    if errors:
        raise OutletInvalid(errors)
    changed = 0
    try:
        for product_id in sorted(wanted):
            if _count_one(outlet.id, product_id, wanted[product_id], actor_id):
                changed += 1
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return changed


def _count_one(outlet_id: int, product_id: int, target: int, actor_id: int | None) -> bool:
    for _attempt in range(CAS_ATTEMPTS):
        seen = db.session.scalar(select(OutletStock.on_hand).where(
            OutletStock.outlet_id == outlet_id, OutletStock.product_id == product_id))
        if seen is None:
            raise OutletInvalid({f"count-{product_id}": _("Sản phẩm không có trong danh sách.")})
        if seen == target:
            return False
        result = db.session.execute(
            update(OutletStock).where(OutletStock.outlet_id == outlet_id,
                                      OutletStock.product_id == product_id,
                                      OutletStock.on_hand == seen)
            .values(on_hand=target, updated_at=utcnow())
            .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            db.session.add(OutletMovement(outlet_id=outlet_id, product_id=product_id,
                                          delta=target - seen, on_hand_after=target,
                                          reason=OutletReason.COUNT, actor_id=actor_id))
            _expire(outlet_id, product_id)
            return True
    raise ShelfStockRefused(_("Tồn kho đang thay đổi liên tục; vui lòng kiểm kê lại."))


def history(outlet_id: int, product_id: int | None = None,
            limit: int = 200) -> list[OutletMovement]:
    """Movements newest first (of one product, or of the whole outlet)."""
    query = select(OutletMovement).where(OutletMovement.outlet_id == outlet_id)
    if product_id is not None:
        query = query.where(OutletMovement.product_id == product_id)
    return list(db.session.scalars(
        query.order_by(OutletMovement.created_at.desc(), OutletMovement.id.desc()).limit(limit)
        .options(selectinload(OutletMovement.product))))


def movement_total(outlet_id: int, product_id: int) -> int:
    return db.session.scalar(select(func.coalesce(func.sum(OutletMovement.delta), 0)).where(
        OutletMovement.outlet_id == outlet_id, OutletMovement.product_id == product_id)) or 0


def sold_since(outlet_id: int, days: int, now=None) -> dict[int, int]:
    """Units sold at the counter per product over the last ``days`` days."""
    since = (now or utcnow()) - timedelta(days=days)
    rows = db.session.execute(
        select(OutletMovement.product_id, func.sum(-OutletMovement.delta))
        .where(OutletMovement.outlet_id == outlet_id,
               OutletMovement.reason == OutletReason.COUNTER_SALE,
               OutletMovement.created_at >= since)
        .group_by(OutletMovement.product_id))
    return {pid: int(n or 0) for pid, n in rows}


def sell_gift_set(outlet: Outlet, gift_product_id: int, quantity_text, *,
                  actor_id: int | None) -> int:
    """Sell gift sets at the counter: each set takes its components off this outlet's shelf,
    in product-id order, all or nothing. Commits; returns the sets sold."""
    from .giftsets import compositions

    quantity = parse_count(quantity_text, "quantity", _("Số bộ quà"), low=1, high=1000)
    parts = compositions([gift_product_id]).get(gift_product_id)
    if not parts:
        raise OutletInvalid({"gift_set": _("Không tìm thấy bộ quà.")})
    gift = db.session.get(Product, gift_product_id)
    try:
        for product_id, qty in sorted(parts):
            if change_shelf(outlet.id, product_id, -qty * quantity, OutletReason.COUNTER_SALE,
                            note=f"Bộ quà «{gift.name}» ×{quantity}", actor_id=actor_id) is None:
                name = db.session.get(Product, product_id).name
                raise ShelfStockRefused(_("Không đủ «%(name)s» trên quầy để ghép %(n)s bộ.",
                                          name=name, n=quantity))
        db.session.commit()
        return quantity
    except Exception:
        db.session.rollback()
        raise


def gift_sets_here(outlet_id: int) -> list[tuple]:
    """(gift set, sets this outlet can make from its shelf) for sets it has every part of."""
    from .giftsets import gift_sets

    on_hand = {s.product_id: s.on_hand for s in db.session.scalars(
        select(OutletStock).where(OutletStock.outlet_id == outlet_id))}
    result = []
    for gift in gift_sets(listed_only=True):
        if gift.components and all(c.product_id in on_hand for c in gift.components):
            result.append((gift, min(on_hand[c.product_id] // c.quantity
                                     for c in gift.components)))
    return result
