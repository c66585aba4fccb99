"""Bộ quà tặng (quà biếu): a gift set is a Product whose stock is derived from its parts.

A gift set is a row of ``product`` (so the cart, checkout, order lines, listings, search
and the API treat it like any product) plus a ``gift_set`` row naming its occasion and
who composed it, and its components with quantities. Its ``stock`` column is kept equal
to ``min(component stock // quantity)`` in the same transaction as any component's stock
change (see giftsets.py); buying one takes each component's stock.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..catalog.models import Product
from ..extensions import db
from ..models_base import created_column, enum_column

if TYPE_CHECKING:
    from .models import Outlet


class Occasion(StrEnum):
    TET = "tet"  # quà Tết
    VISIT = "visit"  # quà thăm hỏi, biếu
    CONFERENCE = "conference"  # quà hội nghị, sự kiện


OCCASION_LABELS = {
    Occasion.TET: _l("Quà Tết"),
    Occasion.VISIT: _l("Quà biếu, thăm hỏi"),
    Occasion.CONFERENCE: _l("Quà hội nghị, sự kiện"),
}


class GiftSet(db.Model):
    """The gift-set side of a product: its occasion and who composed it."""

    __tablename__ = "gift_set"

    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"),
                                            primary_key=True)
    occasion: Mapped[Occasion] = enum_column(Occasion, default=Occasion.TET)
    # The operator's outlet that composed it; None: the OCOP office.
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id", ondelete="SET NULL"),
                                                  index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()

    # ``product.gift_set`` is None for every ordinary product.
    product: Mapped[Product] = relationship(backref=backref("gift_set", uselist=False,
                                                            lazy="select"))
    outlet: Mapped[Outlet | None] = relationship()
    components: Mapped[list[GiftSetComponent]] = relationship(
        order_by="GiftSetComponent.id", cascade="all, delete-orphan")

    @property
    def occasion_label(self) -> str:
        return str(OCCASION_LABELS[self.occasion])


class GiftSetComponent(db.Model):
    """``quantity`` units of ``product`` go into one gift set."""

    __tablename__ = "gift_set_component"
    __table_args__ = (
        UniqueConstraint("gift_set_id", "product_id", name="uq_gift_set_component_set_product"),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gift_set_id: Mapped[int] = mapped_column(
        ForeignKey("gift_set.product_id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="RESTRICT"),
                                            index=True)
    quantity: Mapped[int] = mapped_column(default=1)

    product: Mapped[Product] = relationship(foreign_keys=[product_id])


class GiftSetSale(db.Model):
    """What one sold gift-set line took from each component (to give back exactly that).

    The composition may change after a sale; a cancellation must return what was taken.
    """

    __tablename__ = "gift_set_sale"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_line.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        ForeignKey("product.id", ondelete="SET NULL"))
    quantity: Mapped[int]
