"""Đơn hàng: one Order per checkout, one ShopOrder per producer, OrderLine snapshots."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean, CheckConstraint, DateTime, ForeignKey, Index, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import units
from ..extensions import db
from ..models_base import created_column, enum_column, utcnow
from .states import (
    CANCELLABLE, ORDER_MACHINE, SHOP_ORDER_MACHINE, OrderStatus, ShopOrderStatus, status_label,
    translated_reason,
)

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..payments.models import Payment
    from ..shops.models import Producer

NUMBER_PREFIX = "OCOP"


def order_number(year: int, order_id: int) -> str:
    """``OCOP-2026-000123``: derived from the row id, so two checkouts never share one."""
    return f"{NUMBER_PREFIX}-{year}-{order_id:06d}"


class Order(db.Model):
    """What a shopper bought in one checkout: delivery details, money totals, payment method."""

    __tablename__ = "orders"  # "order" is an SQL keyword
    state_machine = ORDER_MACHINE
    __table_args__ = (
        # A double-submitted checkout form carries the same token: one order, never two.
        UniqueConstraint("user_id", "idempotency_key", name="uq_orders_user_idempotency"),
        CheckConstraint("subtotal_vnd >= 0 AND shipping_vnd >= 0", name="amounts_not_negative"),
        CheckConstraint("total_vnd = subtotal_vnd + shipping_vnd", name="total_adds_up"),
        Index("ix_orders_user_placed", "user_id", "placed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Set from the id in the same transaction as the insert; never seen empty once committed.
    number: Mapped[str | None] = mapped_column(String(24), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[OrderStatus] = enum_column(OrderStatus, default=OrderStatus.PLACED, index=True)
    payment_method: Mapped[str] = mapped_column(String(20))
    recipient_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(15))
    province_code: Mapped[str] = mapped_column(String(2))
    commune_code: Mapped[str] = mapped_column(String(5))
    street: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    is_gift: Mapped[bool] = mapped_column(Boolean, default=False)
    gift_message: Mapped[str] = mapped_column(Text, default="")
    subtotal_vnd: Mapped[int]
    shipping_vnd: Mapped[int]
    total_vnd: Mapped[int]
    placed_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    user: Mapped[User] = relationship()
    shop_orders: Mapped[list[ShopOrder]] = relationship(
        back_populates="order", order_by="ShopOrder.id", cascade="all, delete-orphan",
    )
    payment: Mapped[Payment | None] = relationship(back_populates="order", uselist=False,
                                                   cascade="all, delete-orphan")

    @property
    def order_ref_id(self) -> int:
        return self.id

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def address_line(self) -> str:
        parts = [self.street, getattr(units.commune(self.commune_code), "name", ""),
                 getattr(units.province(self.province_code), "name", "")]
        return ", ".join(p for p in parts if p)

    @property
    def can_cancel(self) -> bool:
        """The shopper may cancel the whole order while no shop order has shipped."""
        return self.status in (OrderStatus.PLACED, OrderStatus.CONFIRMED) and all(
            s.status in CANCELLABLE or s.status == ShopOrderStatus.CANCELLED
            for s in self.shop_orders
        ) and any(s.status in CANCELLABLE for s in self.shop_orders)

    def __repr__(self) -> str:
        return f"<Order {self.number} {self.status}>"


class ShopOrder(db.Model):
    """One producer's part of an order: its lines, its shipping fee, its own status."""

    __tablename__ = "shop_order"
    state_machine = SHOP_ORDER_MACHINE
    __table_args__ = (
        UniqueConstraint("order_id", "producer_id", name="uq_shop_order_order_producer"),
        CheckConstraint("subtotal_vnd >= 0 AND shipping_vnd >= 0", name="amounts_not_negative"),
        Index("ix_shop_order_producer_status", "producer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"))
    producer_name: Mapped[str] = mapped_column(String(200))  # as it was when ordered
    status: Mapped[ShopOrderStatus] = enum_column(ShopOrderStatus,
                                                  default=ShopOrderStatus.PENDING)
    subtotal_vnd: Mapped[int]
    shipping_vnd: Mapped[int]
    shipping_zone: Mapped[str] = mapped_column(String(10))
    weight_grams: Mapped[int]
    carrier: Mapped[str] = mapped_column(String(80), default="")
    tracking_code: Mapped[str] = mapped_column(String(80), default="")
    # Set once, by the transition that returned this shop order's units to stock.
    stock_released: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Cash on delivery: when the producer recorded that the courier handed over the cash.
    cod_collected_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    order: Mapped[Order] = relationship(back_populates="shop_orders")
    producer: Mapped[Producer] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="shop_order", order_by="OrderLine.id", cascade="all, delete-orphan",
    )

    @property
    def order_ref_id(self) -> int:
        return self.order_id

    @property
    def total_vnd(self) -> int:
        return self.subtotal_vnd + self.shipping_vnd

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def can_cancel(self) -> bool:
        return self.status in CANCELLABLE

    @property
    def cancel_reason_text(self) -> str:
        return translated_reason(self.cancel_reason)


class OrderLine(db.Model):
    """A snapshot of what was sold: name, unit price, producer and stars at purchase.

    The product may later change its price, lose its certificate or be deleted
    (``product_id`` becomes null); the order must still say what was bought and for how
    much, so nothing here is read through the product.
    """

    __tablename__ = "order_line"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_vnd >= 0", name="price_not_negative"),
        CheckConstraint("stars_at_purchase IS NULL OR stars_at_purchase BETWEEN 3 AND 5",
                        name="stars_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_order_id: Mapped[int] = mapped_column(ForeignKey("shop_order.id", ondelete="CASCADE"),
                                               index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id", ondelete="SET NULL"),
                                                   index=True)
    product_name: Mapped[str] = mapped_column(String(200))
    product_slug: Mapped[str] = mapped_column(String(160))
    unit: Mapped[str] = mapped_column(String(40))
    producer_name: Mapped[str] = mapped_column(String(200))
    stars_at_purchase: Mapped[int | None]
    certificate_no: Mapped[str] = mapped_column(String(80), default="")
    unit_price_vnd: Mapped[int]
    quantity: Mapped[int]
    weight_grams: Mapped[int]

    shop_order: Mapped[ShopOrder] = relationship(back_populates="lines")

    @property
    def line_total_vnd(self) -> int:
        return self.unit_price_vnd * self.quantity


class OrderEvent(db.Model):
    """One status change of an order, a shop order or a payment (the audit trail)."""

    __tablename__ = "order_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    machine: Mapped[str] = mapped_column(String(20))  # order | shop_order | payment
    record_id: Mapped[int | None]
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
