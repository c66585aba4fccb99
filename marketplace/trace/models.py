"""Batches (lô), value-chain events (EPCIS 2.0 ObjectEvents), stamps (tem) and their scans."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint, Date, DateTime, Enum as SAEnum, ForeignKey, Index, String, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column

if TYPE_CHECKING:
    from ..catalog.models import Product

# Vietnam keeps one offset all year (no daylight saving): every eventTime is written with it.
TZ_OFFSET = "+07:00"


class BizStep(StrEnum):
    """CBV 2.0 business steps used by the marketplace (a subset of the standard list)."""

    COMMISSIONING = "commissioning"  # sản xuất, khởi tạo lô
    INSPECTING = "inspecting"  # kiểm tra, kiểm nghiệm
    PACKING = "packing"  # đóng gói
    STORING = "storing"  # lưu kho
    SHIPPING = "shipping"  # xuất hàng
    TRANSPORTING = "transporting"  # vận chuyển
    RECEIVING = "receiving"  # nhận hàng
    RETAIL_SELLING = "retail_selling"  # bán lẻ
    DECOMMISSIONING = "decommissioning"  # thu hồi, huỷ


class Action(StrEnum):
    """EPCIS ObjectEvent action."""

    ADD = "ADD"
    OBSERVE = "OBSERVE"
    DELETE = "DELETE"


class Disposition(StrEnum):
    """CBV 2.0 dispositions (subset)."""

    ACTIVE = "active"
    IN_PROGRESS = "in_progress"
    IN_TRANSIT = "in_transit"
    IN_POSSESSION = "in_possession"
    SELLABLE_ACCESSIBLE = "sellable_accessible"
    SELLABLE_NOT_ACCESSIBLE = "sellable_not_accessible"
    RETAIL_SOLD = "retail_sold"
    CONFORMANT = "conformant"
    NON_CONFORMANT = "non_conformant"
    RECALLED = "recalled"
    DESTROYED = "destroyed"


class EventSource(StrEnum):
    """Who wrote the event: a person on the dashboard, or a flow of the store."""

    MANUAL = "manual"
    BATCH = "batch"  # commissioning, written when the batch is created
    ORDER = "order"  # shipping / receiving of a marketplace parcel
    RESTOCK = "restock"  # receiving at an OCOP outlet (outlets)


class Batch(db.Model):
    """Lô sản xuất: one lot of a product, with where its raw material came from."""

    __tablename__ = "trace_batch"
    __table_args__ = (
        UniqueConstraint("product_id", "code", name="uq_trace_batch_product_code"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("best_before IS NULL OR best_before >= produced_on",
                        name="best_before_after_production"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"),
                                            index=True)
    code: Mapped[str] = mapped_column(String(20))  # GS1 AI (10): at most 20 characters
    produced_on: Mapped[date] = mapped_column(Date)
    best_before: Mapped[date | None] = mapped_column(Date)
    quantity: Mapped[int] = mapped_column(default=0)
    unit: Mapped[str] = mapped_column(String(40), default="")
    brand: Mapped[str] = mapped_column(String(200), default="")  # nhãn hiệu
    standards: Mapped[str] = mapped_column(String(500), default="")  # tiêu chuẩn áp dụng
    material_area_name: Mapped[str] = mapped_column(String(200), default="")  # vùng nguyên liệu
    material_area_code: Mapped[str] = mapped_column(String(60), default="")  # mã vùng trồng
    material_lat: Mapped[float | None]
    material_lng: Mapped[float | None]
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()

    product: Mapped[Product] = relationship()
    events: Mapped[list[TraceEvent]] = relationship(
        back_populates="batch", order_by=lambda: (TraceEvent.event_time, TraceEvent.id),
        cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self) -> str:
        return f"<Batch {self.product_id}/{self.code}>"


class TraceEvent(db.Model):
    """One EPCIS ObjectEvent of a batch: what happened (bizStep, action), where, when, by whom."""

    __tablename__ = "trace_event"
    __table_args__ = (Index("ix_trace_event_batch_time", "batch_id", "event_time"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # urn:uuid:... in EPCIS: stable across exports and re-exports.
    event_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("trace_batch.id", ondelete="CASCADE"))
    biz_step: Mapped[BizStep] = enum_column(BizStep)
    action: Mapped[Action] = enum_column(Action)
    disposition: Mapped[Disposition | None] = mapped_column(
        SAEnum(Disposition, name="disposition", native_enum=False, length=30,
               values_callable=lambda e: [m.value for m in e], create_constraint=True,
               validate_strings=True), nullable=True)
    event_time: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place_code: Mapped[str] = mapped_column(String(80))  # mã truy vết địa điểm
    place_name: Mapped[str] = mapped_column(String(200))
    actor: Mapped[str] = mapped_column(String(200), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id",
                                                            ondelete="SET NULL"))
    quantity: Mapped[int | None]
    note: Mapped[str] = mapped_column(String(500), default="")
    photo_path: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[EventSource] = enum_column(EventSource, default=EventSource.MANUAL)
    shop_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("shop_order.id", ondelete="SET NULL"), index=True)
    recorded_at: Mapped[datetime] = created_column()

    batch: Mapped[Batch] = relationship(back_populates="events")


class Stamp(db.Model):
    """Tem truy xuất: one unit's serial, printed as a QR code; scans are counted on it."""

    __tablename__ = "trace_stamp"
    __table_args__ = (CheckConstraint("scan_count >= 0", name="scan_count_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(20), unique=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("trace_batch.id", ondelete="CASCADE"),
                                          index=True)
    scan_count: Mapped[int] = mapped_column(default=0, server_default="0")
    first_scanned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_scanned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()

    batch: Mapped[Batch] = relationship()


class Scan(db.Model):
    """One public view of a stamp's trace page: when, and a coarse client hint only
    (``phone``, ``tablet``, ``desktop``, ``other``); no address, no full user agent."""

    __tablename__ = "trace_scan"
    __table_args__ = (Index("ix_trace_scan_stamp_time", "stamp_id", "scanned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stamp_id: Mapped[int] = mapped_column(ForeignKey("trace_stamp.id", ondelete="CASCADE"))
    scanned_at: Mapped[datetime] = created_column()
    client_hint: Mapped[str] = mapped_column(String(20), default="other")


class ShipmentBatch(db.Model):
    """Which batch a product of a marketplace parcel was taken from (set by the producer,
    or implied when the product has a single batch): its shipping and receiving events."""

    __tablename__ = "trace_shipment_batch"
    __table_args__ = (UniqueConstraint("shop_order_id", "product_id",
                                       name="uq_trace_shipment_batch_order_product"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_order_id: Mapped[int] = mapped_column(ForeignKey("shop_order.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("trace_batch.id", ondelete="CASCADE"),
                                          index=True)
