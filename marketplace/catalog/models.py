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


class CatalogRevision(db.Model):
    """One counter that every catalogue write bumps in its own transaction.

    Workers key their cached listings and aggregates on it, so a change made in
    one gunicorn worker (or host) is seen by the others on their next request.
    """

    __tablename__ = "catalog_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=0)
