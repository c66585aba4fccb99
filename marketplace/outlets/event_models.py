"""Xúc tiến thương mại: trade fairs, exhibitions and OCOP weeks, and who exhibits there."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import units
from ..extensions import db
from ..models_base import created_column, enum_column

if TYPE_CHECKING:
    from ..catalog.models import Product
    from ..shops.models import Producer


class EventKind(StrEnum):
    FAIR = "fair"  # hội chợ
    EXHIBITION = "exhibition"  # triển lãm
    OCOP_WEEK = "ocop_week"  # tuần hàng OCOP


EVENT_KIND_LABELS = {EventKind.FAIR: _l("Hội chợ"), EventKind.EXHIBITION: _l("Triển lãm"),
                     EventKind.OCOP_WEEK: _l("Tuần hàng OCOP")}


class EventStatus(StrEnum):
    DRAFT = "draft"  # the office is preparing it
    PUBLISHED = "published"  # public, open for applications until it starts
    CANCELLED = "cancelled"


class TradeEvent(db.Model):
    """A fair, exhibition or OCOP week the office publishes, with its venue commune."""

    __tablename__ = "trade_event"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        Index("ix_trade_event_status_starts", "status", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[EventKind] = enum_column(EventKind, default=EventKind.FAIR)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300))
    province_code: Mapped[str] = mapped_column(String(2))
    commune_code: Mapped[str] = mapped_column(String(5), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    photo_path: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[EventStatus] = enum_column(EventStatus, default=EventStatus.DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()

    applications: Mapped[list[EventApplication]] = relationship(
        back_populates="event", order_by="EventApplication.id", cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return str(EVENT_KIND_LABELS[self.kind])

    @property
    def commune(self) -> units.Commune | None:
        return units.commune(self.commune_code)

    @property
    def place_line(self) -> str:
        parts = [self.venue, getattr(self.commune, "name", ""),
                 getattr(units.province(self.province_code), "name", "")]
        return ", ".join(p for p in parts if p)


class ApplicationStatus(StrEnum):
    PENDING = "pending"  # chờ duyệt
    ACCEPTED = "accepted"  # được tham gia
    REFUSED = "refused"  # không được chọn
    WITHDRAWN = "withdrawn"  # cơ sở rút đăng ký


APPLICATION_LABELS = {ApplicationStatus.PENDING: _l("Chờ duyệt"),
                      ApplicationStatus.ACCEPTED: _l("Được tham gia"),
                      ApplicationStatus.REFUSED: _l("Không được chọn"),
                      ApplicationStatus.WITHDRAWN: _l("Đã rút")}


class EventApplication(db.Model):
    """A producer's application to exhibit at an event, with the products it brings."""

    __tablename__ = "event_application"
    __table_args__ = (
        UniqueConstraint("event_id", "producer_id", name="uq_event_application_event_producer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("trade_event.id", ondelete="CASCADE"))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"),
                                             index=True)
    status: Mapped[ApplicationStatus] = enum_column(ApplicationStatus,
                                                    default=ApplicationStatus.PENDING)
    note: Mapped[str] = mapped_column(String(500), default="")
    decided_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = created_column()
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    event: Mapped[TradeEvent] = relationship(back_populates="applications")
    producer: Mapped[Producer] = relationship()
    products: Mapped[list[EventApplicationProduct]] = relationship(
        order_by="EventApplicationProduct.id", cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        return str(APPLICATION_LABELS[self.status])


class EventApplicationProduct(db.Model):
    """One product a producer brings to an event."""

    __tablename__ = "event_application_product"
    __table_args__ = (
        UniqueConstraint("application_id", "product_id",
                         name="uq_event_application_product_application_product"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("event_application.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"),
                                            index=True)

    product: Mapped[Product] = relationship()
