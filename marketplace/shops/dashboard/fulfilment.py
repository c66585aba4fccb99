"""Giao hàng: a producer's shop orders, the actions each status allows, the CSV export.

Reads only. The actions themselves are the order services (``orders/services.py``):
each goes through the shop-order state machine and mails the shopper.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...orders.models import Order, ShopOrder
from ...orders.states import STATUS_LABELS, ShopOrderStatus

S = ShopOrderStatus
PAGE_SIZE = 30
# Action name → (label, statuses it applies to). The state machine has the last word.
ACTIONS = {
    "confirm": (_l("Xác nhận đơn"), {S.PENDING}),
    "pack": (_l("Đã đóng gói"), {S.CONFIRMED}),
    "ship": (_l("Giao cho đơn vị vận chuyển"), {S.PACKED}),
    "deliver": (_l("Đã giao thành công"), {S.SHIPPED}),
    "fail": (_l("Giao không thành công"), {S.SHIPPED}),
    "cancel": (_l("Huỷ đơn"), {S.PENDING, S.CONFIRMED, S.PACKED}),
    "cod": (_l("Đã thu tiền COD"), {S.DELIVERED}),
}
STATUS_CHOICES = [(s.value, STATUS_LABELS[ShopOrderStatus][s]) for s in ShopOrderStatus]
CARRIERS = ["Viettel Post", "VNPost", "Giao Hàng Nhanh (GHN)", "Giao Hàng Tiết Kiệm (GHTK)",
            "J&T Express", "Ninja Van", _l("Tự giao")]


@dataclass(frozen=True)
class OrderFilters:
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1


def parse_filters(args) -> tuple[OrderFilters, list[str]]:
    """Filters from the query string; bad values are dropped and reported, never a 500."""
    problems = []
    status = args.get("status") or None
    if status and status not in {s.value for s in ShopOrderStatus}:
        problems.append(_("Trạng thái không hợp lệ."))
        status = None
    days = {}
    for key in ("from", "to"):
        text = (args.get(key) or "").strip()
        days[key] = None
        if text:
            try:
                days[key] = date.fromisoformat(text)
            except ValueError:
                problems.append(_("Ngày phải có dạng YYYY-MM-DD."))
    page_text = args.get("page") or "1"
    page = int(page_text) if page_text.isdigit() and 0 < len(page_text) < 6 else 1
    return OrderFilters(status, days["from"], days["to"], max(page, 1)), problems


def _local_midnight(day: date) -> datetime:
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    return datetime.combine(day, time.min, zone).astimezone(timezone.utc)


def _query(producer_id: int, f: OrderFilters) -> Select:
    query = select(ShopOrder).where(ShopOrder.producer_id == producer_id)
    if f.status:
        query = query.where(ShopOrder.status == f.status)
    if f.date_from:
        query = query.where(ShopOrder.created_at >= _local_midnight(f.date_from))
    if f.date_to:
        query = query.where(ShopOrder.created_at < _local_midnight(f.date_to + timedelta(days=1)))
    return query


def shop_orders(producer_id: int, f: OrderFilters) -> tuple[list[ShopOrder], int]:
    """One page of the producer's shop orders (newest first) and how many match."""
    query = _query(producer_id, f)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(ShopOrder.created_at.desc(), ShopOrder.id.desc())
        .offset((f.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        .options(selectinload(ShopOrder.order).selectinload(Order.payment),
                 selectinload(ShopOrder.lines))).all()
    return list(rows), total


def status_counts(producer_id: int) -> dict[str, int]:
    rows = db.session.execute(select(ShopOrder.status, func.count()).where(
        ShopOrder.producer_id == producer_id).group_by(ShopOrder.status))
    return {str(status): n for status, n in rows}


def get_shop_order(producer_id: int, shop_order_id: int) -> ShopOrder | None:
    """The producer's own shop order, or None (another producer's is not found)."""
    return db.session.scalar(select(ShopOrder).where(ShopOrder.id == shop_order_id,
                                                     ShopOrder.producer_id == producer_id))


def available_actions(shop_order: ShopOrder) -> list[str]:
    actions = [name for name, (_label, statuses) in ACTIONS.items()
               if shop_order.status in statuses]
    if "cod" in actions and (shop_order.order.payment_method != "cod"
                             or shop_order.cod_collected_at is not None):
        actions.remove("cod")
    return actions


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


EXPORT_HEADER = ("order_number", "placed_at", "status", "recipient", "phone", "address", "items",
                 "subtotal_vnd", "shipping_vnd", "total_vnd", "payment_method", "carrier",
                 "tracking_code", "cod_collected_at")


def export_csv(producer_id: int, f: OrderFilters) -> str:
    """Every shop order matching the filters (all pages) as CSV, UTF-8 with a BOM for Excel."""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    rows = db.session.scalars(
        _query(producer_id, f).order_by(ShopOrder.created_at, ShopOrder.id)
        .options(selectinload(ShopOrder.order), selectinload(ShopOrder.lines)))
    for parcel in rows:
        order = parcel.order
        placed = parcel.created_at.replace(tzinfo=parcel.created_at.tzinfo or timezone.utc)
        collected = parcel.cod_collected_at
        writer.writerow([_cell(v) for v in (
            order.number, placed.astimezone(zone).strftime("%Y-%m-%d %H:%M"), parcel.status,
            order.recipient_name, order.phone, order.address_line,
            "; ".join(f"{line.quantity} x {line.product_name}" for line in parcel.lines),
            parcel.subtotal_vnd, parcel.shipping_vnd, parcel.total_vnd, order.payment_method,
            parcel.carrier, parcel.tracking_code,
            collected.strftime("%Y-%m-%d %H:%M") if collected else "")])
    return out.getvalue()
