"""Gợi ý nhập hàng: what to reorder, and how much, from sales velocity and lead time.

For each item at or below its reorder point (counting units already on order):

- velocity = units sold at the counter in the last ``window`` days (30) ÷ ``window``;
- use while waiting = ⌈velocity × lead time⌉, the lead time being the producer's for that
  product (``WholesaleTerms.lead_time_days``);
- need = target level + use while waiting − on hand − on order: enough to be back at the
  target level when the delivery arrives;
- suggested = need raised to the producer's minimum order quantity (0 when need ≤ 0).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from .restock_models import RestockLine, RestockOrder
from .restock_states import OPEN
from .shelf import items, sold_since
from .wholesale import terms_for, unit_price

WINDOW_DAYS = 30


@dataclass(frozen=True)
class Suggestion:
    stock: object  # the OutletStock row
    sold: int  # units in the window
    velocity: float  # units a day
    lead_time_days: int
    on_order: int
    quantity: int  # suggested order (0: nothing to order, or not offered)
    min_order_qty: int
    unit_price_vnd: int | None
    offered: bool

    @property
    def product(self):
        return self.stock.product


def suggested_quantity(*, on_hand: int, on_order: int, target_level: int, sold: int,
                       window_days: int, lead_time_days: int, min_order_qty: int = 1) -> int:
    """The arithmetic above, on plain numbers (so it can be tested on its own)."""
    velocity = sold / window_days if window_days > 0 else 0.0
    # Round the product first: 0.1 × 30 is 3.0000000000000004 in floating point.
    waiting = math.ceil(round(velocity * lead_time_days, 9))
    need = target_level + waiting - on_hand - on_order
    if need <= 0:
        return 0
    return max(need, min_order_qty)


def on_order(outlet_id: int) -> dict[int, int]:
    """Units in this outlet's open restock orders (placed, accepted, shipped), by product."""
    rows = db.session.execute(
        select(RestockLine.product_id, func.sum(RestockLine.quantity))
        .join(RestockOrder, RestockOrder.id == RestockLine.order_id)
        .where(RestockOrder.outlet_id == outlet_id, RestockOrder.status.in_(list(OPEN)),
               RestockLine.product_id.is_not(None))
        .group_by(RestockLine.product_id))
    return {pid: int(n) for pid, n in rows}


def suggestions(outlet_id: int, *, window_days: int = WINDOW_DAYS,
                include_all: bool = False) -> list[Suggestion]:
    """The reorder list: items at or below their reorder point (every item if asked)."""
    carried = items(outlet_id)
    sold = sold_since(outlet_id, window_days)
    coming = on_order(outlet_id)
    terms = terms_for(s.product_id for s in carried)
    default_lead = current_app.config.get("OUTLET_DEFAULT_LEAD_DAYS", 3)
    result = []
    for stock in carried:
        waiting = coming.get(stock.product_id, 0)
        if not include_all and stock.on_hand + waiting > stock.reorder_point:
            continue
        term = terms.get(stock.product_id)
        offered = bool(term and term.offered and term.tiers)
        lead = term.lead_time_days if term else default_lead
        moq = term.min_order_qty if term else 1
        n = sold.get(stock.product_id, 0)
        quantity = suggested_quantity(
            on_hand=stock.on_hand, on_order=waiting, target_level=stock.target_level, sold=n,
            window_days=window_days, lead_time_days=lead, min_order_qty=moq) if offered else 0
        result.append(Suggestion(
            stock=stock, sold=n, velocity=n / window_days, lead_time_days=lead,
            on_order=waiting, quantity=quantity, min_order_qty=moq,
            unit_price_vnd=unit_price(term.tiers, quantity) if offered and quantity else None,
            offered=offered))
    return result
