"""What a stamp's trace page and API show: the minimum data of Circular 02/2024/TT-BKHCN,
the OCOP certificate on the production date and today, the event timeline, the scans.

Circular 02/2024's ten minimum fields, as keys of ``TraceView.circular_02()``:
product_name, product_image, producer (name and address), stages (each with its
product trace code, location trace code and time), production_date, trace_code, brand,
serial, shelf_life, standards.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..catalog import images
from ..catalog.models import Product
from ..clock import today
from ..extensions import db
from ..formatting import format_day
from ..i18n import current_language
from ..ocop.services import certification_on, current_certification
from . import links, serials
from .exceptions import UnknownStamp
from .models import Stamp
from .scans import ScanSignal, signal
from .services import BIZ_STEP_LABELS, COMMISSIONING_NOTE, as_vietnam_time

CIRCULAR_02_FIELDS = ("product_name", "product_image", "producer", "stages", "production_date",
                      "trace_code", "brand", "serial", "shelf_life", "standards")


def find_stamp(text: str) -> Stamp:
    """The stamp a typed or scanned serial names, else UnknownStamp (``mistyped`` when
    the check character fails, so no database lookup was needed)."""
    serial = serials.normalise(text)
    if not serials.is_valid(serial):
        raise UnknownStamp(serial[:20], mistyped=serials.is_well_formed(serial)
                           or len(serial) == serials.LENGTH)
    stamp = db.session.scalar(select(Stamp).where(Stamp.serial == serial))
    if stamp is None:
        raise UnknownStamp(serial)
    return stamp


@dataclass(frozen=True)
class Stage:
    biz_step: str
    label: str
    action: str
    disposition: str | None
    time: str  # ISO 8601 with +07:00
    time_display: str  # 29/11/2026 14:05
    product_trace_code: str
    place_code: str
    place_name: str
    actor: str
    note: str
    event_id: str
    photo: str | None  # URL of the stage's photo, if one was taken


def certificate_dict(certification, day: date) -> dict | None:
    if certification is None:
        return None
    return {"stars": certification.stars, "score": certification.score,
            "certificate_no": certification.certificate_no,
            "decision_no": certification.decision_no, "issuer": certification.issuer,
            "certified_on": certification.certified_on.isoformat(),
            "expires_on": certification.expires_on.isoformat(),
            "status": str(certification.status), "active": certification.is_current(day)}


@dataclass(frozen=True)
class TraceView:
    stamp: Stamp
    product: Product
    stages: list[Stage]
    certificate_then: dict | None
    certificate_now: dict | None
    scans: ScanSignal
    url: str
    image: str | None

    @property
    def batch(self):
        return self.stamp.batch

    @property
    def producer(self):
        return self.product.producer

    @property
    def serial_grouped(self) -> str:
        return serials.grouped(self.stamp.serial)

    @property
    def trace_code(self) -> str:
        """Mã truy xuất: the lot's product trace code followed by the unit's serial
        (``(01)08930000000017(10)LOT(21)SERIAL``, or ``SP000012-LOT-SERIAL`` without GTIN)."""
        lot = links.product_trace_code(self.product.id, self.product.gtin, self.batch.code)
        if links.gtin14(self.product.gtin):
            return f"{lot}(21){self.stamp.serial}"
        return f"{lot}-{self.stamp.serial}"

    @property
    def shelf_life(self) -> str:
        parts = []
        if self.batch.best_before:
            parts.append(_("Hạn sử dụng đến %(day)s", day=format_day(
                self.batch.best_before, current_language())))
        if self.product.shelf_life:
            parts.append(_("thời hạn %(period)s", period=self.product.shelf_life))
        return "; ".join(parts)

    def circular_02(self) -> dict:
        """The ten minimum fields of Circular 02/2024 (see the module docstring)."""
        return {
            "product_name": self.product.name,
            "product_image": self.image,
            "producer": {"name": self.producer.name, "address": self.producer.address_line,
                         "legacy_address": self.producer.legacy_address},
            "stages": [{"biz_step": s.biz_step, "label": s.label,
                        "product_trace_code": s.product_trace_code,
                        "location_trace_code": s.place_code, "location": s.place_name,
                        "time": s.time} for s in self.stages],
            "production_date": self.batch.produced_on.isoformat(),
            "trace_code": self.trace_code,
            "brand": self.batch.brand or self.producer.name,
            "serial": self.stamp.serial,
            "shelf_life": self.shelf_life,
            "standards": self.batch.standards,
        }

    def as_json(self) -> dict:
        """GET /api/v1/trace/<serial> (DESIGN.md)."""
        batch = self.batch
        return {
            "serial": self.stamp.serial,
            "authentic": True,
            "url": self.url,
            "product": {"slug": self.product.slug, "name": self.product.name,
                        "gtin": links.gtin14(self.product.gtin), "image": self.image,
                        "shelf_life": self.product.shelf_life,
                        "url": url_for("catalog.product", slug=self.product.slug,
                                       _external=True)},
            "producer": {"slug": self.producer.slug, "name": self.producer.name,
                         "address": self.producer.address_line,
                         "province_code": self.producer.province_code,
                         "commune_code": self.producer.commune_code,
                         "url": url_for("shops.shop", slug=self.producer.slug,
                                        _external=True)},
            "batch": {"code": batch.code, "produced_on": batch.produced_on.isoformat(),
                      "best_before": batch.best_before.isoformat() if batch.best_before
                      else None,
                      "quantity": batch.quantity, "unit": batch.unit, "brand": batch.brand,
                      "standards": batch.standards,
                      "material_area": {"name": batch.material_area_name,
                                        "code": batch.material_area_code,
                                        "lat": batch.material_lat, "lng": batch.material_lng}},
            "certification": {"at_production": self.certificate_then,
                              "now": self.certificate_now},
            "events": [{"event_id": s.event_id, "biz_step": s.biz_step, "action": s.action,
                        "disposition": s.disposition, "event_time": s.time,
                        "event_time_zone_offset": "+07:00",
                        "product_trace_code": s.product_trace_code,
                        "place_code": s.place_code, "place_name": s.place_name,
                        "actor": s.actor, "note": s.note, "photo": s.photo}
                       for s in self.stages],
            "scans": {"count": self.scans.count,
                      "first_scanned_at": as_vietnam_time(self.stamp.first_scanned_at)
                      .isoformat(timespec="seconds") if self.stamp.first_scanned_at else None,
                      "after_sale": self.scans.after_sale,
                      "suspicious": self.scans.suspicious},
            "circular_02": self.circular_02(),
        }


def trace_view(stamp: Stamp, day: date | None = None) -> TraceView:
    """Everything the page and the API show for one stamp."""
    day = day or today()
    batch = stamp.batch
    product = batch.product
    code = links.product_trace_code(product.id, product.gtin, batch.code)
    stages = []
    for event in batch.events:
        moment = as_vietnam_time(event.event_time)
        stages.append(Stage(
            biz_step=str(event.biz_step), label=str(BIZ_STEP_LABELS.get(event.biz_step,
                                                                         event.biz_step)),
            action=str(event.action), disposition=str(event.disposition) if event.disposition
            else None, time=moment.isoformat(timespec="seconds"),
            time_display=moment.strftime("%d/%m/%Y %H:%M"), product_trace_code=code,
            place_code=event.place_code, place_name=event.place_name, actor=event.actor,
            note=_("Khởi tạo lô sản xuất") if event.note == COMMISSIONING_NOTE else event.note,
            event_id=f"urn:uuid:{event.event_uuid}",
            photo=url_for("catalog.media", path=images.variant_path(event.photo_path, "card"),
                          _external=True) if event.photo_path else None))
    cover = product.images[0].path if product.images else None
    image = url_for("catalog.media", path=images.variant_path(cover, "card"), _external=True) \
        if cover else None
    return TraceView(
        stamp=stamp, product=product, stages=stages,
        certificate_then=certificate_dict(certification_on(product, batch.produced_on), day),
        certificate_now=certificate_dict(current_certification(product, day), day),
        scans=signal(stamp), url=links.stamp_url(stamp.serial, product.gtin, batch.code),
        image=image)
