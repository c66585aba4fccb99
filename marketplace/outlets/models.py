"""Điểm bán OCOP: the commune, district and provincial sales points."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models_base import created_column, enum_column


class OutletLevel(StrEnum):
    COMMUNE = "commune"
    DISTRICT = "district"  # legacy district-level point, kept by name
    PROVINCE = "province"
    REST_STOP = "rest_stop"
    TRADE_CENTRE = "trade_centre"


class OutletStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SUSPENDED = "suspended"


class Outlet(db.Model):
    """A point of sale for OCOP products, approved by the OCOP office."""

    __tablename__ = "outlet"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[OutletLevel] = enum_column(OutletLevel, default=OutletLevel.COMMUNE)
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    commune_code: Mapped[str] = mapped_column(String(5), index=True)
    street: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[OutletStatus] = enum_column(OutletStatus, default=OutletStatus.PENDING)
    created_at: Mapped[datetime] = created_column()
