"""Catalogue: OCOP product groups (nhóm sản phẩm), products and their images."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column, utcnow

if TYPE_CHECKING:
    from ..ocop.models import Certification
    from ..shops.models import Producer


class Category(db.Model):
    """One of the six OCOP groups of Decision 148 (parent is None) or a sub-group."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )

    @property
    def group(self) -> Category:
        return self.parent or self

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class ProductStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class Product(db.Model):
    """A product a producer sells; it carries a star badge only while certified."""

    __tablename__ = "product"
    __table_args__ = (
        UniqueConstraint("producer_id", "name", name="uq_product_producer_name"),
        CheckConstraint("price_vnd >= 0", name="price_not_negative"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("weight_grams > 0", name="weight_positive"),
        CheckConstraint("low_stock_threshold >= 0", name="low_stock_not_negative"),
        Index("ix_product_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"), index=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(40), default="sản phẩm")
    net_quantity: Mapped[str] = mapped_column(String(60), default="")
    price_vnd: Mapped[int] = mapped_column(index=True)
    stock: Mapped[int] = mapped_column(default=0)
    # Shipping weight of one unit, packed (grams); the shipping fee rule reads it.
    weight_grams: Mapped[int] = mapped_column(default=500, server_default="500")
    status: Mapped[ProductStatus] = enum_column(ProductStatus, default=ProductStatus.DRAFT)
    origin: Mapped[str] = mapped_column(String(300), default="")  # vùng nguyên liệu
    shelf_life: Mapped[str] = mapped_column(String(100), default="")
    storage: Mapped[str] = mapped_column(String(300), default="")
    gtin: Mapped[str | None] = mapped_column(String(14))
    is_gift: Mapped[bool] = mapped_column(default=False)
    # The dashboard warns when an active product's stock falls to this many units or fewer.
    low_stock_threshold: Mapped[int] = mapped_column(default=5, server_default="5")
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    producer: Mapped[Producer] = relationship(back_populates="products")
    category: Mapped[Category] = relationship()
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product", order_by="ProductImage.position",
        cascade="all, delete-orphan",
    )
    certifications: Mapped[list[Certification]] = relationship(
        back_populates="product", order_by="Certification.certified_on.desc()",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Product {self.slug}>"


class ProductImage(db.Model):
    """A product photo stored under MEDIA_DIR; ``position`` 0 is the cover."""

    __tablename__ = "product_image"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    path: Mapped[str] = mapped_column(String(300))
    alt: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
    width: Mapped[int] = mapped_column(default=0)
    height: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="images")


class StockReason(StrEnum):
    """Why a product's stock changed; every change is one ``StockMovement``."""

    INITIAL = "initial"  # tồn đầu kỳ: stock a product was created with (or first recorded)
    SALE = "sale"  # bán: taken by a checkout
    CANCELLATION = "cancellation"  # huỷ đơn: returned when a parcel was cancelled
    DELIVERY_FAILED = "delivery_failed"  # giao thất bại: a refused parcel came back
    EXPIRY = "expiry"  # hết hạn thanh toán: an unpaid order's hold ran out
    RESTOCK = "restock"  # nhập thêm hàng (manual)
    COUNT = "count"  # kiểm kê: corrected after counting the shelf (manual)
    DAMAGE = "damage"  # hư hỏng, hết hạn dùng (manual)
    OTHER = "other"  # khác, with a note (manual)
    BULK_UPDATE = "bulk_update"  # cập nhật hàng loạt từ CSV (dashboard)
    IMPORT = "import"  # nhập danh mục (``flask catalog import``)
    OUTLET_RESTOCK = "outlet_restock"  # xuất cho điểm bán OCOP (restock order shipped)
    # bộ quà tặng: a gift set's stock follows its components (outlets/giftsets.py)
    GIFT_SET = "gift_set"


class StockMovement(db.Model):
    """One change of a product's stock. ``Product.stock`` always equals the sum of ``delta``.

    Written in the same transaction as the UPDATE that changes the stock, with the
    stock the UPDATE left (``stock_after``), so the history reads like a ledger.
    """

    __tablename__ = "stock_movement"
    __table_args__ = (
        CheckConstraint("delta <> 0", name="delta_not_zero"),
        CheckConstraint("stock_after >= 0", name="stock_after_not_negative"),
        Index("ix_stock_movement_product_created", "product_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    delta: Mapped[int]
    stock_after: Mapped[int]
    reason: Mapped[StockReason] = enum_column(StockReason)
    note: Mapped[str] = mapped_column(String(300), default="")
    shop_order_id: Mapped[int | None] = mapped_column(
        ForeignKey("shop_order.id", ondelete="SET NULL"), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()

    product: Mapped[Product] = relationship()


class CatalogRevision(db.Model):
    """One counter that every catalogue write bumps in its own transaction.

    Workers key their cached listings and aggregates on it, so a change made in
    one gunicorn worker (or host) is seen by the others on their next request.
    """

    __tablename__ = "catalog_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=0)
