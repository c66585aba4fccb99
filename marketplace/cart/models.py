"""Giỏ hàng: a cart per account, or per browser for guests, and its lines."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, utcnow

if TYPE_CHECKING:
    from ..catalog.models import Product


class Cart(db.Model):
    """An account's cart (``user_id``) or a guest's (``token``, kept in the signed session)."""

    __tablename__ = "cart"
    __table_args__ = (
        CheckConstraint("user_id IS NOT NULL OR token IS NOT NULL", name="has_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart", order_by="CartLine.id", cascade="all, delete-orphan",
        passive_deletes=True,
    )


class CartLine(db.Model):
    """A product and quantity in a cart, with the price the shopper saw when adding it.

    The stored price is never charged: checkout charges the product's current price, and
    only after the shopper has seen (and accepted) any difference.
    """

    __tablename__ = "cart_line"
    __table_args__ = (
        UniqueConstraint("cart_id", "product_id", name="uq_cart_line_cart_product"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(ForeignKey("cart.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"),
                                            index=True)
    quantity: Mapped[int]
    price_seen_vnd: Mapped[int]
    added_at: Mapped[datetime] = created_column()

    cart: Mapped[Cart] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()
