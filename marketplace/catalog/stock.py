"""Tồn kho: every change of a product's stock is a ``StockMovement``; the stock is their sum.

The stock column itself is only ever changed by one conditional UPDATE (``stock + delta
>= 0``) that returns the stock it left, and the movement is written in the same
transaction with that number. So two concurrent changes can neither push the stock
below zero nor make the history disagree with it, on SQLite and PostgreSQL alike.

``change_stock`` and ``set_stock`` only flush (orders, imports and the dashboard call
them inside their own transactions); ``adjust_stock`` and ``set_stock_levels`` are the
dashboard's public services and commit once. Whoever changes stock marks the product
for search in the same transaction: the index's "in stock" filter reads the stock it
indexed (cards read it fresh), so a product going to or from 0 must be re-indexed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from ..extensions import db
from . import cache
from .exceptions import ProductInvalid, StockRefused
from .models import Product, StockMovement, StockReason

MANUAL_REASONS = {
    StockReason.RESTOCK: _l("Nhập thêm hàng"),
    StockReason.COUNT: _l("Kiểm kê lại"),
    StockReason.DAMAGE: _l("Hư hỏng, hết hạn dùng"),
    StockReason.OTHER: _l("Lý do khác"),
}
REASON_LABELS = {
    StockReason.INITIAL: _l("Tồn ban đầu"),
    StockReason.SALE: _l("Bán hàng"),
    StockReason.CANCELLATION: _l("Huỷ đơn, trả lại kho"),
    StockReason.DELIVERY_FAILED: _l("Giao không thành công, hàng về kho"),
    StockReason.EXPIRY: _l("Đơn quá hạn thanh toán, trả lại kho"),
    StockReason.BULK_UPDATE: _l("Cập nhật hàng loạt (CSV)"),
    StockReason.IMPORT: _l("Nhập danh mục"),
    StockReason.OUTLET_RESTOCK: _l("Xuất cho điểm bán OCOP"),
    StockReason.GIFT_SET: _l("Bộ quà: tính lại theo tồn kho thành phần"),
    **MANUAL_REASONS,
}
INT_MAX = 2**31 - 1
SIGNED_RE = re.compile(r"[+-]?[0-9]{1,10}")  # ASCII digits only
CAS_ATTEMPTS = 5


def reason_label(reason) -> str:
    return REASON_LABELS.get(reason, str(reason))


def record(product_id: int, delta: int, stock_after: int, reason: StockReason, *,
           note: str = "", shop_order_id: int | None = None,
           actor_id: int | None = None) -> StockMovement | None:
    """Add the movement for a stock UPDATE that already ran (flushes nothing itself)."""
    if delta == 0:
        return None
    movement = StockMovement(product_id=product_id, delta=delta, stock_after=stock_after,
                             reason=StockReason(reason), note=(note or "")[:300],
                             shop_order_id=shop_order_id, actor_id=actor_id)
    db.session.add(movement)
    if movement.reason != StockReason.INITIAL and (stock_after == 0) != (stock_after == delta):
        # Sold out, or back in stock: cached cards ("out of stock"), the in-stock filter
        # and search must follow. Other movements leave the caches alone, and a new
        # product's opening stock is marked by the service that creates it.
        _changed([product_id])
    return movement


def change_stock(product_id: int, delta: int, reason: StockReason, *, note: str = "",
                 shop_order_id: int | None = None, actor_id: int | None = None) -> int | None:
    """Add ``delta`` (negative: take) to the stock if it stays at 0 or more, and record it.

    Returns the new stock, or None when the product is missing or the stock is too low
    (nothing changed). Flushes only.
    """
    if delta == 0:
        return db.session.scalar(select(Product.stock).where(Product.id == product_id))
    row = db.session.execute(
        update(Product)
        .where(Product.id == product_id, Product.stock + delta >= 0)
        .values(stock=Product.stock + delta)
        .returning(Product.stock)
        .execution_options(synchronize_session=False)
    ).first()
    if row is None:
        return None
    record(product_id, delta, row[0], reason, note=note, shop_order_id=shop_order_id,
           actor_id=actor_id)
    return row[0]


def set_stock(product_id: int, target: int, reason: StockReason, *, note: str = "",
              actor_id: int | None = None) -> int:
    """Set the stock to ``target``, recording the difference; returns the delta applied.

    Compare-and-set on the stock just read: a sale committed in between makes the
    UPDATE match nothing, and the difference is read again (a few times at most).
    """
    for _ in range(CAS_ATTEMPTS):
        seen = db.session.scalar(select(Product.stock).where(Product.id == product_id))
        if seen is None:
            raise StockRefused(_("Không tìm thấy sản phẩm."))
        delta = target - seen
        if delta == 0:
            return 0
        result = db.session.execute(
            update(Product).where(Product.id == product_id, Product.stock == seen)
            .values(stock=target).execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            record(product_id, delta, target, reason, note=note, actor_id=actor_id)
            return delta
    raise StockRefused(_("Tồn kho đang thay đổi liên tục; vui lòng thử lại."))


def expire_stock(products: Iterable[Product]) -> None:
    """Make loaded products read their stock again after SQL changed it."""
    for product in products:
        db.session.expire(product, ["stock"])


@dataclass(frozen=True)
class Adjustment:
    """A manual change on the dashboard: ``delta`` units (signed), why, and a note."""

    delta: int
    reason: str
    note: str = ""


def check_adjustment(delta_text: str, reason: str, note: str) -> Adjustment:
    """Parse and check the adjustment form; ProductInvalid names every bad field."""
    errors = {}
    text = (delta_text or "").strip().replace(" ", "")
    delta = 0
    if not SIGNED_RE.fullmatch(text):
        errors["delta"] = _("Nhập một số nguyên, ví dụ 20 (nhập thêm) hoặc -3 (bớt đi).")
    else:
        delta = int(text)
        if delta == 0:
            errors["delta"] = _("Số lượng thay đổi phải khác 0.")
        elif abs(delta) > INT_MAX:
            errors["delta"] = _("Số lượng quá lớn.")
    try:
        reason = StockReason(reason)
    except ValueError:
        reason = None
    if reason not in MANUAL_REASONS:
        errors["reason"] = _("Vui lòng chọn lý do điều chỉnh.")
    note = " ".join((note or "").split())
    if reason == StockReason.OTHER and not note:
        errors["note"] = _("Vui lòng ghi rõ lý do.")
    if len(note) > 300:
        errors["note"] = _("Ghi chú dài tối đa %(n)s ký tự.", n=300)
    if errors:
        raise ProductInvalid(errors)
    return Adjustment(delta, reason, note)


def adjust_stock(product: Product, adjustment: Adjustment, *, actor_id: int | None) -> int:
    """Apply a manual adjustment (one movement), commit, and return the new stock."""
    try:
        after = change_stock(product.id, adjustment.delta, StockReason(adjustment.reason),
                             note=adjustment.note, actor_id=actor_id)
        if after is None:
            raise StockRefused(_("Không thể bớt %(n)s khi chỉ còn %(stock)s trong kho.",
                                 n=-adjustment.delta, stock=product.stock))
        _changed([product.id])
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    expire_stock([product])
    return after


def _changed(product_ids: list[int]) -> None:
    """Listings show stock (and "out of stock"): invalidate caches, re-index these products."""
    from .. import search

    cache.bump_revision()
    search.mark_products(product_ids)


def history(product_id: int, limit: int = 200) -> list[StockMovement]:
    """The product's movements, newest first."""
    return list(db.session.scalars(
        select(StockMovement).where(StockMovement.product_id == product_id)
        .order_by(StockMovement.created_at.desc(), StockMovement.id.desc()).limit(limit)))


def movement_total(product_id: int) -> int:
    """The sum of the product's movements (equals ``Product.stock``)."""
    return db.session.scalar(select(func.coalesce(func.sum(StockMovement.delta), 0))
                             .where(StockMovement.product_id == product_id)) or 0


def mismatches() -> list[tuple[int, int, int]]:
    """(product id, stock, sum of movements) for every product where they differ."""
    totals = (select(StockMovement.product_id, func.sum(StockMovement.delta).label("total"))
              .group_by(StockMovement.product_id).subquery())
    rows = db.session.execute(
        select(Product.id, Product.stock, func.coalesce(totals.c.total, 0))
        .outerjoin(totals, totals.c.product_id == Product.id)
        .where(Product.stock != func.coalesce(totals.c.total, 0)))
    return [tuple(row) for row in rows]
