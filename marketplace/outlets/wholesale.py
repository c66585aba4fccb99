"""Giá sỉ: a producer's wholesale terms for outlets, and the price a quantity pays.

Tiers are (minimum quantity → unit price in integer đồng). They are checked as a whole:
quantities strictly increasing, prices never increasing (buying more never costs more
per unit), the first tier starting at or below the minimum order quantity (MOQ) so that
every quantity an outlet may order has a price. A quantity pays the price of the last
tier whose minimum it reaches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import format_decimal, gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..catalog.models import Product
from ..extensions import db
from .exceptions import BelowMinimumOrder, NotOffered, OutletInvalid
from .restock_models import WholesaleTerms, WholesaleTier

MAX_TIERS = 6
MAX_QTY = 100_000
MAX_PRICE = 1_000_000_000
MAX_LEAD_DAYS = 90
_DIGITS = re.compile(r"[0-9]{1,10}")


@dataclass(frozen=True)
class Tier:
    min_qty: int
    unit_price_vnd: int


@dataclass(frozen=True)
class Terms:
    """Checked terms, ready to save."""

    offered: bool
    min_order_qty: int
    lead_time_days: int
    tiers: tuple[Tier, ...]


def _number(errors: dict, field: str, text, label: str, low: int, high: int) -> int | None:
    raw = str(text if text is not None else "").strip().replace(".", "").replace(" ", "")
    if not _DIGITS.fullmatch(raw):
        errors[field] = _("%(label)s: nhập một số nguyên.", label=label)
        return None
    value = int(raw)
    if not low <= value <= high:
        errors[field] = _("%(label)s: từ %(low)s đến %(high)s.", label=label,
                          low=format_decimal(low), high=format_decimal(high))
        return None
    return value


def check_terms(offered: bool, moq_text: str, lead_text: str,
                tier_rows: list[tuple[str, str]]) -> Terms:
    """Parse and check the wholesale form; OutletInvalid names every bad field.

    ``tier_rows``: (minimum quantity, unit price) as typed; blank rows are ignored.
    """
    errors: dict[str, str] = {}
    moq = _number(errors, "min_order_qty", moq_text, _("Số lượng đặt tối thiểu"), 1, MAX_QTY)
    lead = _number(errors, "lead_time_days", lead_text, _("Thời gian giao hàng (ngày)"), 0,
                   MAX_LEAD_DAYS)
    tiers: list[Tier] = []
    for index, (qty_text, price_text) in enumerate(tier_rows):
        if not str(qty_text or "").strip() and not str(price_text or "").strip():
            continue
        qty = _number(errors, f"tier-{index}", qty_text,
                      _("Bậc %(n)s, số lượng từ", n=index + 1), 1, MAX_QTY)
        price = None if f"tier-{index}" in errors else _number(
            errors, f"tier-{index}", price_text, _("Bậc %(n)s, đơn giá", n=index + 1), 0,
            MAX_PRICE)
        if qty is not None and price is not None:
            tiers.append(Tier(qty, price))
    if len(tiers) > MAX_TIERS:
        errors["tiers"] = _("Tối đa %(n)s bậc giá.", n=MAX_TIERS)
    errors.update(tier_errors(tiers, moq))
    if offered and not tiers and "tiers" not in errors:
        errors["tiers"] = _("Cần ít nhất một bậc giá sỉ khi bán cho điểm bán.")
    if errors:
        raise OutletInvalid(errors)
    return Terms(bool(offered), moq, lead, tuple(tiers))


def tier_errors(tiers: list[Tier], moq: int | None) -> dict[str, str]:
    """The ordering rules of a tier table (empty when it is sound)."""
    errors = {}
    for before, after in zip(tiers, tiers[1:]):
        if after.min_qty <= before.min_qty:
            errors["tiers"] = _("Các bậc giá phải có số lượng tăng dần (%(first)s rồi đến "
                                "%(then)s).", first=before.min_qty, then=after.min_qty)
            break
        if after.unit_price_vnd > before.unit_price_vnd:
            errors["tiers"] = _("Mua nhiều hơn không được đắt hơn: đơn giá bậc từ %(then)s cao "
                                "hơn bậc từ %(first)s.", then=after.min_qty, first=before.min_qty)
            break
    if tiers and moq is not None and "tiers" not in errors and tiers[0].min_qty > moq:
        errors["tiers"] = _("Bậc giá đầu tiên phải bắt đầu từ %(moq)s sản phẩm trở xuống "
                            "(số lượng đặt tối thiểu), để mọi đơn hợp lệ đều có giá.", moq=moq)
    return errors


def save_terms(product: Product, terms: Terms) -> WholesaleTerms:
    """Replace the product's wholesale terms and tiers; commits."""
    try:
        row = db.session.get(WholesaleTerms, product.id)
        if row is None:
            row = WholesaleTerms(product_id=product.id, tiers=[])
            db.session.add(row)
        row.offered = terms.offered
        row.min_order_qty = terms.min_order_qty
        row.lead_time_days = terms.lead_time_days
        row.tiers.clear()
        db.session.flush()  # delete the old tiers before inserting the (unique) new ones
        row.tiers.extend(WholesaleTier(min_qty=t.min_qty, unit_price_vnd=t.unit_price_vnd)
                         for t in terms.tiers)
        db.session.commit()
        return row
    except Exception:
        db.session.rollback()
        raise


def terms_of(product_id: int) -> WholesaleTerms | None:
    return db.session.scalar(select(WholesaleTerms).where(WholesaleTerms.product_id == product_id)
                             .options(selectinload(WholesaleTerms.tiers)))


def terms_for(product_ids) -> dict[int, WholesaleTerms]:
    ids = list(set(product_ids))
    if not ids:
        return {}
    return {t.product_id: t for t in db.session.scalars(
        select(WholesaleTerms).where(WholesaleTerms.product_id.in_(ids))
        .options(selectinload(WholesaleTerms.tiers)))}


def unit_price(tiers, quantity: int) -> int | None:
    """The unit price ``quantity`` pays: the last tier whose minimum it reaches (None: none)."""
    price = None
    for tier in sorted(tiers, key=lambda t: t.min_qty):
        if quantity >= tier.min_qty:
            price = tier.unit_price_vnd
    return price


def next_tier(tiers, quantity: int):
    """The next cheaper tier above ``quantity`` (to say "from N units: X đ"), or None."""
    for tier in sorted(tiers, key=lambda t: t.min_qty):
        if tier.min_qty > quantity:
            return tier
    return None


def price_line(product: Product, terms: WholesaleTerms | None, quantity: int) -> int:
    """The unit price of ``quantity`` units for an outlet, or NotOffered/BelowMinimumOrder."""
    if terms is None or not terms.offered or not terms.tiers:
        raise NotOffered(product.name)
    if quantity < terms.min_order_qty:
        raise BelowMinimumOrder(product.name, quantity, terms.min_order_qty)
    price = unit_price(terms.tiers, quantity)
    if price is None:  # cannot happen with checked tiers; refuse rather than guess
        raise NotOffered(product.name)
    return price


def offered_products(q: str = "", limit: int = 50) -> list[Product]:
    """Products offered to outlets (active, approved producer), by name; for adding by hand."""
    from .. import units
    from ..catalog.models import ProductStatus
    from ..shops.models import Producer, ProducerStatus

    rows = db.session.scalars(
        select(Product).join(WholesaleTerms, WholesaleTerms.product_id == Product.id)
        .join(Producer, Producer.id == Product.producer_id)
        .where(WholesaleTerms.offered.is_(True), Product.status == ProductStatus.ACTIVE,
               Producer.status == ProducerStatus.APPROVED)
        .order_by(Producer.name, Product.name)
        .options(selectinload(Product.producer))).all()
    words = units.fold(q).split()
    if words:
        rows = [p for p in rows if all(w in units.fold(f"{p.name} {p.producer.name}")
                                       for w in words)]
    return rows[:limit]
