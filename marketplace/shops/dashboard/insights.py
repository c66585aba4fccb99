"""Số liệu bán hàng: revenue and units per month, top products, status counts, rating.

Revenue is the goods value of the producer's shop orders that were not cancelled or
refused (shipping is the courier's), by the month the order was placed, in Vietnam time.
The rows of one producer for a year are few, so months are bucketed in Python: the same
code on SQLite and PostgreSQL.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import func, select

from ...clock import add_months, today
from ...extensions import db
from ...orders.models import OrderLine, ShopOrder
from ...orders.states import RELEASES_STOCK, status_label
from .fulfilment import _local_midnight, status_counts

MONTHS = 12
TOP = 5


@dataclass
class Month:
    label: str  # "11/2026"
    revenue_vnd: int = 0
    units: int = 0
    orders: int = 0


@dataclass
class Insights:
    months: list[Month]
    top_products: list[tuple[str, int, int]]  # (name, units, revenue)
    statuses: list[tuple[str, str, int]]  # (status, label, count)
    rating: tuple[float, int] | None  # (average, count), None without reviews
    totals: dict[str, int] = field(default_factory=dict)


def _month_keys(last: date) -> list[tuple[int, int]]:
    first = add_months(last.replace(day=1), -(MONTHS - 1))
    return [(d.year, d.month) for d in (add_months(first, i) for i in range(MONTHS))]


def insights(producer_id: int) -> Insights:
    """The producer's figures for the last 12 months (the current one included)."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    keys = _month_keys(today())
    since = _local_midnight(date(*keys[0], 1))
    months = {key: Month(f"{key[1]:02d}/{key[0]}") for key in keys}
    rows = db.session.execute(
        select(ShopOrder.id, ShopOrder.created_at, OrderLine.product_name, OrderLine.quantity,
               OrderLine.unit_price_vnd)
        .join(OrderLine, OrderLine.shop_order_id == ShopOrder.id)
        .where(ShopOrder.producer_id == producer_id, ShopOrder.created_at >= since,
               ShopOrder.status.not_in([str(s) for s in RELEASES_STOCK])))
    seen_orders: set[int] = set()
    products: dict[str, list[int]] = {}
    for shop_order_id, created, name, quantity, price in rows:
        created = created if created.tzinfo else created.replace(tzinfo=timezone.utc)
        local = created.astimezone(zone)
        month = months.get((local.year, local.month))
        if month is None:
            continue
        month.revenue_vnd += quantity * price
        month.units += quantity
        if shop_order_id not in seen_orders:
            seen_orders.add(shop_order_id)
            month.orders += 1
        tally = products.setdefault(name, [0, 0])
        tally[0] += quantity
        tally[1] += quantity * price
    top = sorted(((n, u, r) for n, (u, r) in products.items()), key=lambda t: (-t[2], t[0]))[:TOP]
    counts = status_counts(producer_id)
    statuses = [(s, status_label(s), counts[s]) for s in counts]
    statuses.sort(key=lambda t: -t[2])
    listed = list(months.values())
    return Insights(listed, top, statuses, average_rating(producer_id), {
        "revenue_vnd": sum(m.revenue_vnd for m in listed),
        "units": sum(m.units for m in listed),
        "orders": sum(m.orders for m in listed),
    })


def average_rating(producer_id: int) -> tuple[float, int] | None:
    """(average stars, number of reviews) of the producer's products, None without any.

    Reviews the office hid do not count, as on the product pages.
    """
    from ...catalog.models import Product
    from ...reviews.models import Review, ReviewStatus  # late: reviews' views use the dashboard

    average, count = db.session.execute(
        select(func.avg(Review.rating), func.count(Review.id))
        .join(Product, Product.id == Review.product_id)
        .where(Product.producer_id == producer_id,
               Review.status == ReviewStatus.VISIBLE)).one()
    return (round(float(average), 1), count) if count else None
