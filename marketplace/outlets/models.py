"""Điểm bán OCOP: the commune, district and provincial sales points, and their shelf stock."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import PlaceMixin, StatusEventMixin, created_column, enum_column, utcnow

if TYPE_CHECKING:
    from ..catalog.models import Product


class OutletLevel(StrEnum):
    COMMUNE = "commune"
    DISTRICT = "district"  # legacy district-level point, kept by name
    PROVINCE = "province"
    REST_STOP = "rest_stop"
    TRADE_CENTRE = "trade_centre"


LEVEL_LABELS = {
    OutletLevel.COMMUNE: _l("Điểm bán cấp xã"),
    OutletLevel.DISTRICT: _l("Điểm bán cấp huyện (cũ)"),
    OutletLevel.PROVINCE: _l("Điểm bán cấp tỉnh"),
    OutletLevel.REST_STOP: _l("Trạm dừng nghỉ"),
    OutletLevel.TRADE_CENTRE: _l("Trung tâm thương mại, xúc tiến"),
}


class OutletStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SUSPENDED = "suspended"


STATUS_LABELS = {
    OutletStatus.PENDING: _l("Chờ duyệt"),
    OutletStatus.APPROVED: _l("Đã duyệt"),
    OutletStatus.SUSPENDED: _l("Tạm ngưng"),
}


class Outlet(PlaceMixin, db.Model):
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
    email: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[OutletStatus] = enum_column(OutletStatus, default=OutletStatus.PENDING)
    # The office's last reason (suspension), shown to the operator.
    status_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, self.level))

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def is_listed(self) -> bool:
        return self.status == OutletStatus.APPROVED

    def __repr__(self) -> str:
        return f"<Outlet {self.slug}>"


class OutletStatusEvent(StatusEventMixin, db.Model):
    """One office decision on an outlet (approved, suspended, reinstated): the audit trail."""

    __tablename__ = "outlet_status_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"),
                                           index=True)


class OutletStock(db.Model):
    """A product an outlet carries: units on the shelf, when to reorder, and up to what.

    ``on_hand`` is only ever changed by one conditional UPDATE (``on_hand + delta >= 0``),
    each change written as an ``OutletMovement``, so ``on_hand`` equals their sum.
    """

    __tablename__ = "outlet_stock"
    __table_args__ = (
        UniqueConstraint("outlet_id", "product_id", name="uq_outlet_stock_outlet_product"),
        CheckConstraint("on_hand >= 0", name="on_hand_not_negative"),
        CheckConstraint("reorder_point >= 0", name="reorder_point_not_negative"),
        CheckConstraint("target_level >= 0", name="target_level_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"),
                                            index=True)
    on_hand: Mapped[int] = mapped_column(default=0)
    reorder_point: Mapped[int] = mapped_column(default=0)  # điểm đặt hàng lại
    target_level: Mapped[int] = mapped_column(default=0)  # mức tồn mong muốn
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    outlet: Mapped[Outlet] = relationship()
    product: Mapped[Product] = relationship()

    @property
    def is_low(self) -> bool:
        return self.on_hand <= self.reorder_point


class OutletReason(StrEnum):
    """Why an outlet's shelf stock changed."""

    OPENING = "opening"  # tồn đầu: the quantity an item was added with
    COUNTER_SALE = "counter_sale"  # bán tại quầy
    COUNT = "count"  # kiểm kê
    RESTOCK = "restock"  # nhận hàng từ đơn nhập
    DAMAGE = "damage"  # hư hỏng, hết hạn
    RETURN = "return"  # khách trả lại, huỷ bán


OUTLET_REASON_LABELS = {
    OutletReason.OPENING: _l("Tồn đầu"),
    OutletReason.COUNTER_SALE: _l("Bán tại quầy"),
    OutletReason.COUNT: _l("Kiểm kê"),
    OutletReason.RESTOCK: _l("Nhận hàng nhập"),
    OutletReason.DAMAGE: _l("Hư hỏng, hết hạn"),
    OutletReason.RETURN: _l("Trả lại, huỷ bán"),
}


class OutletMovement(db.Model):
    """One change of an outlet's shelf stock of one product (a ledger, like the producers')."""

    __tablename__ = "outlet_movement"
    __table_args__ = (
        CheckConstraint("delta <> 0", name="delta_not_zero"),
        CheckConstraint("on_hand_after >= 0", name="on_hand_after_not_negative"),
        # A stamped unit is sold at a counter once (NULLs, the unstamped sales, are distinct).
        UniqueConstraint("stamp_serial", name="uq_outlet_movement_stamp_serial"),
        Index("ix_outlet_movement_outlet_product_created", "outlet_id", "product_id",
              "created_at"),
        Index("ix_outlet_movement_outlet_reason_created", "outlet_id", "reason", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    delta: Mapped[int]
    on_hand_after: Mapped[int]
    reason: Mapped[OutletReason] = enum_column(OutletReason)
    note: Mapped[str] = mapped_column(String(300), default="")
    restock_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("restock_order.id", ondelete="SET NULL"), index=True)
    stamp_serial: Mapped[str | None] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()

    product: Mapped[Product] = relationship()

    @property
    def reason_label(self) -> str:
        return str(OUTLET_REASON_LABELS.get(self.reason, self.reason))


# The other models of the domain live beside this one, one module each.
from .restock_models import (  # noqa: E402,F401
    RestockDraftLine, RestockEvent, RestockLine, RestockOrder, WholesaleTerms, WholesaleTier,
)
from .giftset_models import GiftSet, GiftSetComponent, GiftSetSale  # noqa: E402,F401
from .event_models import EventApplication, EventApplicationProduct, TradeEvent  # noqa: E402,F401
