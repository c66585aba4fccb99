"""Batches, events and stamps: the traceability services.

``record_event`` is the one way an event is written, by this package and by others
(orders: shipping/receiving of a parcel; outlets: receiving of a restock). Its signature
is a contract:

    record_event(batch, biz_step, action, place_code, place_name, actor, when=None, note="")

It checks the values, adds the event and flushes: the caller's service commits. The other
public services here (create_batch, add_event, create_stamps, ...) commit once each.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..catalog.models import Product
from ..clock import today
from ..extensions import db
from . import links, serials
from .exceptions import TraceInvalid
from .models import Action, Batch, BizStep, Disposition, EventSource, Stamp, TraceEvent

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# The disposition an event gets when none is given (CBV 2.0 pairs).
DEFAULT_DISPOSITION = {
    BizStep.COMMISSIONING: Disposition.ACTIVE,
    BizStep.INSPECTING: Disposition.CONFORMANT,
    BizStep.PACKING: Disposition.IN_PROGRESS,
    BizStep.STORING: Disposition.SELLABLE_NOT_ACCESSIBLE,
    BizStep.SHIPPING: Disposition.IN_TRANSIT,
    BizStep.TRANSPORTING: Disposition.IN_TRANSIT,
    BizStep.RECEIVING: Disposition.IN_POSSESSION,
    BizStep.RETAIL_SELLING: Disposition.RETAIL_SOLD,
    BizStep.DECOMMISSIONING: Disposition.DESTROYED,
}
BIZ_STEP_LABELS = {
    BizStep.COMMISSIONING: _l("Sản xuất (khởi tạo lô)"),
    BizStep.INSPECTING: _l("Kiểm tra chất lượng"),
    BizStep.PACKING: _l("Đóng gói"),
    BizStep.STORING: _l("Lưu kho"),
    BizStep.SHIPPING: _l("Xuất hàng"),
    BizStep.TRANSPORTING: _l("Vận chuyển"),
    BizStep.RECEIVING: _l("Nhận hàng"),
    BizStep.RETAIL_SELLING: _l("Bán lẻ"),
    BizStep.DECOMMISSIONING: _l("Thu hồi, huỷ"),
}
TEXT_LIMITS = {"place_code": 80, "place_name": 200, "actor": 200, "note": 500}
COMMISSIONING_NOTE = "Khởi tạo lô sản xuất"  # stored as written; the trace page translates it


def as_vietnam_time(moment: datetime) -> datetime:
    """The moment on Vietnam's clock (+07:00); a naive value is taken as UTC (SQLite)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VN)


def record_event(batch: Batch, biz_step: str, action: str, place_code: str, place_name: str,
                 actor: str, when: datetime | None = None, note: str = "", *,
                 disposition: str | None = None, quantity: int | None = None,
                 photo_path: str | None = None, actor_id: int | None = None,
                 source: str = EventSource.MANUAL, shop_order_id: int | None = None
                 ) -> TraceEvent:
    """Add one EPCIS ObjectEvent to ``batch``; flushes only (the caller commits).

    ``biz_step``: a CBV business step (``commissioning``, ``packing``, ``shipping``,
    ``receiving``, ``retail_selling``, ``inspecting``, ``storing``, ``transporting``,
    ``decommissioning``); ``action``: ``ADD``, ``OBSERVE`` or ``DELETE``; ``place_code``
    and ``place_name``: the location trace code and its name (see ``links.producer_place``
    and ``links.outlet_place``); ``actor``: who did it, as people should read it;
    ``when``: an aware datetime (default now; a naive one is taken as UTC). Raises
    TraceInvalid on a bad value.
    """
    errors: dict[str, str] = {}
    try:
        step = BizStep(biz_step)
    except ValueError:
        errors["biz_step"] = _("Công đoạn «%(step)s» không thuộc từ vựng EPCIS được hỗ trợ.",
                               step=biz_step)
        step = None
    try:
        verb = Action(str(action).upper())
    except ValueError:
        errors["action"] = _("Hành động phải là ADD, OBSERVE hoặc DELETE.")
        verb = None
    texts = {"place_code": (place_code or "").strip(), "place_name": (place_name or "").strip(),
             "actor": (actor or "").strip(), "note": (note or "").strip()}
    for field, limit in TEXT_LIMITS.items():
        if len(texts[field]) > limit:
            errors[field] = _("Tối đa %(limit)s ký tự.", limit=limit)
    if not texts["place_code"]:
        errors["place_code"] = _("Cần mã truy vết địa điểm.")
    if not texts["place_name"]:
        errors["place_name"] = _("Cần tên địa điểm.")
    chosen = None
    if disposition:
        try:
            chosen = Disposition(disposition)
        except ValueError:
            errors["disposition"] = _("Trạng thái (disposition) không hợp lệ.")
    if quantity is not None and quantity < 0:
        errors["quantity"] = _("Số lượng không âm.")
    if errors:
        raise TraceInvalid(errors)
    moment = when or datetime.now(timezone.utc)
    # Stored in UTC: SQLite keeps no offset, so every value must be on the same clock.
    moment = (moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None
              else moment.astimezone(timezone.utc))
    event = TraceEvent(
        event_uuid=str(uuid.uuid4()), batch=batch, biz_step=step, action=verb,
        disposition=chosen or DEFAULT_DISPOSITION.get(step), event_time=moment,
        quantity=quantity, photo_path=photo_path, actor_id=actor_id,
        source=EventSource(source), shop_order_id=shop_order_id, **texts,
    )
    db.session.add(event)
    db.session.flush()
    return event


# ---------------------------------------------------------------- batches

@dataclass
class BatchData:
    """The batch form, as typed (dates as ``YYYY-MM-DD`` text until checked)."""

    code: str = ""
    produced_on: str = ""
    best_before: str = ""
    quantity: str = "0"
    unit: str = ""
    brand: str = ""
    standards: str = ""
    material_area_name: str = ""
    material_area_code: str = ""
    material_lat: str = ""
    material_lng: str = ""
    note: str = ""


def _day(errors: dict, field: str, text: str, *, required: bool) -> date | None:
    text = (text or "").strip()
    if not text:
        if required:
            errors[field] = _("Cần ngày (YYYY-MM-DD).")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[field] = _("Ngày không hợp lệ (YYYY-MM-DD).")
        return None


def _coordinate(errors: dict, field: str, text: str, limit: float) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        errors[field] = _("Toạ độ là số thập phân (ví dụ 21.5946).")
        return None
    if not -limit <= value <= limit:
        errors[field] = _("Toạ độ trong khoảng ±%(limit)s.", limit=format(limit, "g"))
        return None
    return value


def check_batch(product: Product, data: BatchData) -> dict:
    """The batch's column values, or TraceInvalid with every problem."""
    errors: dict[str, str] = {}
    code = (data.code or "").strip()
    if not links.LOT_RE.fullmatch(code):
        errors["code"] = _("Mã lô gồm 1–20 ký tự: chữ không dấu, số, dấu chấm, gạch ngang "
                           "hoặc gạch dưới, bắt đầu bằng chữ hoặc số.")
    produced_on = _day(errors, "produced_on", data.produced_on, required=True)
    best_before = _day(errors, "best_before", data.best_before, required=False)
    if produced_on and produced_on > today():
        errors["produced_on"] = _("Ngày sản xuất không thể ở tương lai.")
    if produced_on and best_before and best_before < produced_on:
        errors["best_before"] = _("Hạn sử dụng phải sau ngày sản xuất.")
    quantity_text = (data.quantity or "0").strip()
    quantity = int(quantity_text) if quantity_text.isdigit() and len(quantity_text) < 10 else None
    if quantity is None:
        errors["quantity"] = _("Số lượng là số nguyên không âm.")
    values = {
        "code": code, "produced_on": produced_on, "best_before": best_before,
        "quantity": quantity or 0,
        "unit": (data.unit or product.unit or "").strip()[:40],
        "brand": (data.brand or "").strip() or product.producer.name,
        "standards": (data.standards or "").strip(),
        "material_area_name": (data.material_area_name or "").strip(),
        "material_area_code": (data.material_area_code or "").strip(),
        "material_lat": _coordinate(errors, "material_lat", data.material_lat, 90),
        "material_lng": _coordinate(errors, "material_lng", data.material_lng, 180),
        "note": (data.note or "").strip(),
    }
    for field, limit in (("brand", 200), ("standards", 500), ("material_area_name", 200),
                         ("material_area_code", 60), ("note", 500)):
        if len(values[field]) > limit:
            errors[field] = _("Tối đa %(limit)s ký tự.", limit=limit)
    if not errors and db.session.scalar(select(Batch.id).where(
            Batch.product_id == product.id, Batch.code == code)):
        errors["code"] = _("Sản phẩm đã có lô «%(code)s».", code=code)
    if errors:
        raise TraceInvalid(errors)
    return values


def _commissioning_time(produced_on: date) -> datetime:
    """Now if made today; else noon of the production day in Vietnam (the day is what
    the producer knows)."""
    if produced_on >= today():
        return datetime.now(timezone.utc)
    return datetime.combine(produced_on, time(12), VN).astimezone(timezone.utc)


def _add_batch(product: Product, values: dict, actor_name: str,
               actor_id: int | None) -> Batch:
    batch = Batch(product=product, created_by_id=actor_id, **values)
    db.session.add(batch)
    db.session.flush()
    code, name = links.producer_place(product.producer)
    record_event(batch, BizStep.COMMISSIONING, Action.ADD, code, name,
                 actor_name or product.producer.name, _commissioning_time(batch.produced_on),
                 COMMISSIONING_NOTE, quantity=batch.quantity, actor_id=actor_id,
                 source=EventSource.BATCH)
    return batch


def create_batch(product: Product, data: BatchData, *, actor_name: str = "",
                 actor_id: int | None = None) -> Batch:
    """Record a batch of ``product`` and its commissioning event (ADD, with lot data)."""
    batch = _add_batch(product, check_batch(product, data), actor_name, actor_id)
    db.session.commit()
    return batch


def batch_by_code(product: Product, code: str) -> Batch | None:
    return db.session.scalar(select(Batch).where(Batch.product_id == product.id,
                                                 Batch.code == code.strip()))


def batches_of(product: Product) -> list[Batch]:
    """The product's batches, newest production first."""
    return list(db.session.scalars(select(Batch).where(Batch.product_id == product.id)
                                   .order_by(Batch.produced_on.desc(), Batch.id.desc())))


@dataclass
class EventData:
    """A manual event from the dashboard form."""

    biz_step: str = ""
    action: str = "OBSERVE"
    place_code: str = ""
    place_name: str = ""
    when: str = ""  # YYYY-MM-DDTHH:MM, Vietnam time; empty = now
    note: str = ""
    quantity: str = ""


def add_event(batch: Batch, data: EventData, *, actor_name: str, actor_id: int | None = None,
              photo_path: str | None = None) -> TraceEvent:
    """A producer records a stage of the batch by hand (packing, inspecting, ...)."""
    errors: dict[str, str] = {}
    when = None
    if (data.when or "").strip():
        try:
            when = datetime.fromisoformat(data.when.strip())
        except ValueError:
            errors["when"] = _("Thời điểm không hợp lệ.")
        else:
            when = when.replace(tzinfo=VN) if when.tzinfo is None else when
            if when > datetime.now(timezone.utc) + timedelta(minutes=5):
                errors["when"] = _("Thời điểm không thể ở tương lai.")
    quantity = None
    if (data.quantity or "").strip():
        if not data.quantity.strip().isdigit():
            errors["quantity"] = _("Số lượng là số nguyên không âm.")
        else:
            quantity = int(data.quantity.strip())
    if errors:
        raise TraceInvalid(errors)
    if not (data.place_code or "").strip() and not (data.place_name or "").strip():
        data.place_code, data.place_name = links.producer_place(batch.product.producer)
    event = record_event(batch, data.biz_step, data.action or "OBSERVE", data.place_code,
                         data.place_name, actor_name, when, data.note, quantity=quantity,
                         actor_id=actor_id, photo_path=photo_path)
    db.session.commit()
    return event


# ---------------------------------------------------------------- stamps

def _new_serials(count: int) -> list[str]:
    """``count`` fresh serials, none already issued (a clash of 65-bit values is
    astronomically unlikely, but checking costs one indexed query)."""
    wanted: set[str] = set()
    while len(wanted) < count:
        candidates = {serials.generate() for _ in range(count - len(wanted))} - wanted
        taken = set(db.session.scalars(select(Stamp.serial).where(
            Stamp.serial.in_(candidates)))) if candidates else set()
        wanted |= candidates - taken
    return sorted(wanted)


def _check_count(count) -> None:
    limit = current_app.config["TRACE_MAX_STAMPS"]
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= limit:
        raise TraceInvalid({"count": _("Số tem từ 1 đến %(limit)s mỗi lần.", limit=limit)})


def create_stamps(batch: Batch, count: int) -> list[Stamp]:
    """Issue ``count`` stamps for ``batch`` (1 to TRACE_MAX_STAMPS per call)."""
    _check_count(count)
    stamps = [Stamp(serial=serial, batch_id=batch.id) for serial in _new_serials(count)]
    db.session.add_all(stamps)
    db.session.commit()
    return stamps


def stamps_for(product_slug: str, batch_code: str, count: int) -> tuple[Batch, list[Stamp]]:
    """``flask trace stamps``: the product's batch ``batch_code`` (created with today's
    date, and its commissioning event, if new) and ``count`` new stamps on it."""
    _check_count(count)
    product = db.session.scalar(select(Product).where(Product.slug == product_slug))
    if product is None:
        raise TraceInvalid({"product": _("Không có sản phẩm «%(slug)s».", slug=product_slug)})
    batch = batch_by_code(product, batch_code)
    if batch is None:
        values = check_batch(product, BatchData(code=batch_code,
                                                produced_on=today().isoformat()))
        batch = _add_batch(product, values, "", None)
        db.session.flush()
    return batch, create_stamps(batch, count)


def stamps_of(batch: Batch, limit: int | None = None) -> list[Stamp]:
    query = select(Stamp).where(Stamp.batch_id == batch.id).order_by(Stamp.id)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def stamp_count(batch: Batch) -> int:
    return db.session.scalar(select(func.count(Stamp.id)).where(Stamp.batch_id == batch.id)) or 0
