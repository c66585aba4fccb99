"""Bán sỉ cho điểm bán: wholesale terms per product and restock orders from outlets.

A restock order (đơn nhập hàng) is one outlet's order to one producer: an operator's
request that spans several producers is split into one order per producer at placing,
like a shopper's order. Lines keep a snapshot of the name and the tier price applied.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean, CheckConstraint, DateTime, ForeignKey, Index, String, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column, utcnow

if TYPE_CHECKING:
    from ..catalog.models import Product
    from ..shops.models import Producer
    from .models import Outlet

NUMBER_PREFIX = "NH"


def restock_number(year: int, order_id: int) -> str:
    """``NH-2026-000123`` (nhập hàng): from the row id; also the VietQR transfer purpose."""
    return f"{NUMBER_PREFIX}-{year}-{order_id:06d}"


class WholesaleTerms(db.Model):
    """A producer's terms for outlets on one product: offered or not, MOQ, lead time."""

    __tablename__ = "wholesale_terms"
    __table_args__ = (
        CheckConstraint("min_order_qty >= 1", name="moq_positive"),
        CheckConstraint("lead_time_days >= 0", name="lead_time_not_negative"),
    )

    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"),
                                            primary_key=True)
    offered: Mapped[bool] = mapped_column(Boolean, default=False)  # bán cho điểm bán
    min_order_qty: Mapped[int] = mapped_column(default=1)  # MOQ, in units
    lead_time_days: Mapped[int] = mapped_column(default=3)  # order to delivery
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    product: Mapped[Product] = relationship()
    tiers: Mapped[list[WholesaleTier]] = relationship(
        order_by="WholesaleTier.min_qty", cascade="all, delete-orphan")


class WholesaleTier(db.Model):
    """From ``min_qty`` units up, each unit costs ``unit_price_vnd`` (integer đồng)."""

    __tablename__ = "wholesale_tier"
    __table_args__ = (
        UniqueConstraint("product_id", "min_qty", name="uq_wholesale_tier_product_min_qty"),
        CheckConstraint("min_qty >= 1", name="min_qty_positive"),
        CheckConstraint("unit_price_vnd >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("wholesale_terms.product_id", ondelete="CASCADE"), index=True)
    min_qty: Mapped[int]
    unit_price_vnd: Mapped[int]


class RestockDraftLine(db.Model):
    """The operator's restock order being built (one list per outlet, all producers)."""

    __tablename__ = "restock_draft_line"
    __table_args__ = (
        UniqueConstraint("outlet_id", "product_id", name="uq_restock_draft_line_outlet_product"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id", ondelete="CASCADE"),
                                           index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    quantity: Mapped[int]
    added_at: Mapped[datetime] = created_column()

    product: Mapped[Product] = relationship()


class RestockStatus(StrEnum):
    PLACED = "placed"  # đã đặt: waiting for the producer
    ACCEPTED = "accepted"  # đã nhận đơn
    REFUSED = "refused"  # từ chối (with a reason)
    SHIPPED = "shipped"  # đã gửi hàng: the producer's stock left
    RECEIVED = "received"  # đã nhận hàng: the outlet's stock went up
    CANCELLED = "cancelled"  # đã huỷ by the outlet before shipping


class PaymentTerms(StrEnum):
    TRANSFER_ON_INVOICE = "transfer_invoice"  # chuyển khoản theo hoá đơn (VietQR)
    ON_DELIVERY = "on_delivery"  # trả tiền khi nhận hàng


PAYMENT_TERMS_LABELS = {
    PaymentTerms.TRANSFER_ON_INVOICE: _l("Chuyển khoản theo hoá đơn (VietQR)"),
    PaymentTerms.ON_DELIVERY: _l("Trả tiền khi nhận hàng"),
}


class RestockOrder(db.Model):
    """One outlet's order to one producer at wholesale terms."""

    __tablename__ = "restock_order"
    __table_args__ = (
        # A double-submitted "place" form carries the same token: one order per producer.
        UniqueConstraint("outlet_id", "request_key", "producer_id",
                         name="uq_restock_order_request"),
        CheckConstraint("subtotal_vnd >= 0", name="subtotal_not_negative"),
        Index("ix_restock_order_producer_status", "producer_id", "status"),
        Index("ix_restock_order_outlet_placed", "outlet_id", "placed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(24), unique=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id"))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"))
    request_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[RestockStatus] = enum_column(RestockStatus, default=RestockStatus.PLACED)
    payment_terms: Mapped[PaymentTerms] = enum_column(PaymentTerms)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    subtotal_vnd: Mapped[int]
    note: Mapped[str] = mapped_column(String(500), default="")
    refuse_reason: Mapped[str] = mapped_column(String(300), default="")
    carrier: Mapped[str] = mapped_column(String(80), default="")
    tracking_code: Mapped[str] = mapped_column(String(80), default="")
    # Set once each, by the transition that moved the goods (never twice: see restock.py).
    stock_taken: Mapped[bool] = mapped_column(Boolean, default=False)
    stock_received: Mapped[bool] = mapped_column(Boolean, default=False)
    placed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    placed_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    outlet: Mapped[Outlet] = relationship()
    producer: Mapped[Producer] = relationship()
    lines: Mapped[list[RestockLine]] = relationship(
        back_populates="order", order_by="RestockLine.id", cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        from .restock_states import STATUS_LABELS

        return str(STATUS_LABELS[self.status])

    @property
    def payment_label(self) -> str:
        return str(PAYMENT_TERMS_LABELS[self.payment_terms])

    @property
    def is_paid(self) -> bool:
        return self.paid_at is not None

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


class RestockLine(db.Model):
    """A snapshot of one product ordered: name, unit, quantity, the tier price applied."""

    __tablename__ = "restock_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_vnd >= 0", name="price_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("restock_order.id", ondelete="CASCADE"),
                                          index=True)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("product.id", ondelete="SET NULL"), index=True)
    product_name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int]
    unit_price_vnd: Mapped[int]
    retail_price_vnd: Mapped[int]  # the shop price at ordering, to show the margin
    # The producer's lot (trace batch code) the units were shipped from, if it says.
    batch_code: Mapped[str] = mapped_column(String(60), default="")

    order: Mapped[RestockOrder] = relationship(back_populates="lines")

    @property
    def line_total_vnd(self) -> int:
        return self.unit_price_vnd * self.quantity


class RestockEvent(db.Model):
    """One status change of a restock order (the audit trail)."""

    __tablename__ = "restock_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("restock_order.id", ondelete="CASCADE"),
                                          index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
