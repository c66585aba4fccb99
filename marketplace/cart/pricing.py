"""Prices, problems and shipping of cart lines, read fresh from the database.

The cart page and checkout both use ``summarize``: what the shopper sees is what the
order will charge. Money is never read from a form.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import units
from ..catalog.models import Product, ProductStatus
from ..extensions import db
from ..formatting import format_vnd
from ..i18n import current_language
from ..shops.models import ProducerStatus
from . import shipping
from .models import CartLine


@dataclass(frozen=True)
class PricedLine:
    line_id: int
    product_id: int
    slug: str
    name: str
    unit: str
    image: str | None
    producer_id: int
    quantity: int
    unit_price_vnd: int  # the product's price now
    price_seen_vnd: int  # what the shopper saw when adding it
    stock: int
    weight_grams: int
    listed: bool  # active product of an approved producer

    @property
    def line_total_vnd(self) -> int:
        return self.unit_price_vnd * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.unit_price_vnd != self.price_seen_vnd

    @property
    def out_of_stock(self) -> bool:
        return self.stock <= 0

    @property
    def short_of_stock(self) -> bool:
        return 0 < self.stock < self.quantity

    @property
    def problem(self) -> str | None:
        """Why this line cannot be ordered as it is, in one sentence (None: it can)."""
        if not self.listed:
            return _("«%(name)s» hiện không còn bán.", name=self.name)
        if self.out_of_stock:
            return _("«%(name)s» đã hết hàng.", name=self.name)
        if self.short_of_stock:
            return _("«%(name)s» chỉ còn %(stock)s sản phẩm (bạn chọn %(quantity)s).",
                     name=self.name, stock=self.stock, quantity=self.quantity)
        if self.price_changed:
            language = current_language()
            return _("Giá «%(name)s» đã thay đổi từ %(old)s thành %(new)s.", name=self.name,
                     old=format_vnd(self.price_seen_vnd, language),
                     new=format_vnd(self.unit_price_vnd, language))
        return None


@dataclass(frozen=True)
class ShopGroup:
    """One producer's lines and the shipping fee of its parcel."""

    producer_id: int
    producer_name: str
    producer_slug: str
    province_code: str
    lines: tuple[PricedLine, ...]
    quote: shipping.ShippingQuote

    @property
    def subtotal_vnd(self) -> int:
        return sum(line.line_total_vnd for line in self.lines)

    @property
    def shipping_vnd(self) -> int:
        return self.quote.fee_vnd

    @property
    def total_vnd(self) -> int:
        return self.subtotal_vnd + self.shipping_vnd


@dataclass(frozen=True)
class CartSummary:
    groups: tuple[ShopGroup, ...]
    destination_code: str
    problems: tuple[str, ...] = field(default=())

    @property
    def lines(self) -> list[PricedLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def subtotal_vnd(self) -> int:
        return sum(group.subtotal_vnd for group in self.groups)

    @property
    def shipping_vnd(self) -> int:
        return sum(group.shipping_vnd for group in self.groups)

    @property
    def total_vnd(self) -> int:
        return self.subtotal_vnd + self.shipping_vnd

    @property
    def destination(self) -> units.Province | None:
        return units.province(self.destination_code)

    @property
    def is_empty(self) -> bool:
        return not self.groups


def load_lines(cart_id: int | None) -> list[CartLine]:
    """A cart's lines with their products and producers, in the order they were added."""
    if cart_id is None:
        return []
    return list(db.session.scalars(
        select(CartLine).where(CartLine.cart_id == cart_id).order_by(CartLine.id)
        .options(selectinload(CartLine.product).selectinload(Product.producer),
                 selectinload(CartLine.product).selectinload(Product.images))
    ))


def summarize(lines: list[CartLine], destination_code: str) -> CartSummary:
    """Group lines by producer, price them now, quote each parcel, list the problems."""
    groups: dict[int, list[PricedLine]] = {}
    producers = {}
    for line in lines:
        product = line.product
        producer = product.producer
        producers[producer.id] = producer
        groups.setdefault(producer.id, []).append(PricedLine(
            line_id=line.id, product_id=product.id, slug=product.slug, name=product.name,
            unit=product.unit, image=product.images[0].path if product.images else None,
            producer_id=producer.id, quantity=line.quantity,
            unit_price_vnd=product.price_vnd, price_seen_vnd=line.price_seen_vnd,
            stock=product.stock, weight_grams=product.weight_grams,
            listed=(product.status == ProductStatus.ACTIVE
                    and producer.status == ProducerStatus.APPROVED),
        ))
    result = []
    for producer_id, priced in groups.items():
        producer = producers[producer_id]
        weight = sum(line.weight_grams * line.quantity for line in priced)
        result.append(ShopGroup(
            producer_id=producer_id, producer_name=producer.name, producer_slug=producer.slug,
            province_code=producer.province_code, lines=tuple(priced),
            quote=shipping.quote(producer.province_code, destination_code, weight),
        ))
    problems = tuple(line.problem for group in result for line in group.lines if line.problem)
    return CartSummary(groups=tuple(result), destination_code=destination_code,
                       problems=problems)
