"""The review of one order line: rating, text, moderation and the producer's reply."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..catalog.models import Product
    from ..orders.models import OrderLine


class ReviewStatus(StrEnum):
    VISIBLE = "visible"  # hiển thị
    HIDDEN = "hidden"  # bị Văn phòng OCOP ẩn


class Review(db.Model):
    """A verified purchase's review: one per order line (the unique key makes a double
    submit fail in the database, not only in the service's check)."""

    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        # The product page: visible reviews of a product, newest first.
        Index("ix_review_product_status_created", "product_id", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_line.id", ondelete="CASCADE"), unique=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                           index=True)
    rating: Mapped[int]
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReviewStatus] = enum_column(ReviewStatus, default=ReviewStatus.VISIBLE)
    hidden_reason: Mapped[str] = mapped_column(String(300), default="")
    hidden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reply_body: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    replied_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    product: Mapped[Product] = relationship()
    order_line: Mapped[OrderLine] = relationship()

    @property
    def is_hidden(self) -> bool:
        return self.status == ReviewStatus.HIDDEN

    @property
    def author_name(self) -> str:
        """The name shown under a review, the given name cut to its initial
        ("Nguyễn Văn An" → "Nguyễn Văn A."): enough to be real, not enough to find someone."""
        words = (self.author.name or "").split()
        if not words:
            return _("Khách hàng")
        return " ".join([*words[:-1], f"{words[-1][0]}."])

    def __repr__(self) -> str:
        return f"<Review {self.id} line={self.order_line_id} {self.rating}★ {self.status}>"
