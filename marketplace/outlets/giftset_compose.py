"""Composing gift sets (the office or an operator) and reading them for the pages.

A set is a product of the house shop "Quà tặng OCOP Thái Nguyên" (created, approved, with
the first set): name, photo, occasion, set price, and two or more units of on-sale
products of approved producers (never another set). Its stock is then derived
(``giftsets.refresh_stock``) in the same transaction. Each public service commits once.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import units
from ..catalog.models import Category, Product, ProductStatus
from ..extensions import db
from ..formatting import slugify
from ..shops.models import Producer, ProducerKind, ProducerStatus
from .exceptions import OutletInvalid
from .giftset_models import OCCASION_LABELS, GiftSet, GiftSetComponent, Occasion

HOUSE_SLUG = "qua-tang-ocop-thai-nguyen"
HOUSE_NAME = "Quà tặng OCOP Thái Nguyên"
HOUSE_STORY = ("Gian quà tặng của Trung tâm Giới thiệu và bán sản phẩm OCOP tỉnh Thái Nguyên: "
               "các bộ quà Tết, quà biếu và quà hội nghị ghép từ sản phẩm OCOP của nhiều chủ "
               "thể trong tỉnh, đóng hộp và gửi đi từ Trung tâm.")
PACKAGING_GRAMS = 300
MAX_COMPONENTS = 10


def _set_changed(product_id: int, *, refresh: bool = False) -> None:
    """Storefront caches and search follow the set; ``refresh`` recomputes its stock.
    (Imported here: giftsets.py re-exports this module's names, so a top-level import
    would be circular.)"""
    from .giftsets import _storefront_changed, refresh_stock

    if refresh:
        refresh_stock([product_id])
    _storefront_changed([product_id])
MAX_COMPONENT_QTY = 20


def house_producer() -> Producer:
    """The shop that sells the gift sets, created (approved) the first time one is composed."""
    producer = db.session.scalar(select(Producer).where(Producer.slug == HOUSE_SLUG))
    if producer is None:
        ward = units.resolve_commune("19", "Phan Đình Phùng")
        producer = Producer(
            slug=HOUSE_SLUG, name=HOUSE_NAME, kind=ProducerKind.ENTERPRISE, province_code="19",
            commune_code=ward.code if ward else "05503", street="Số 2 đường Đội Cấn",
            legacy_address="Số 2 đường Đội Cấn, phường Phan Đình Phùng, TP. Thái Nguyên, "
                           "tỉnh Thái Nguyên",
            story=HOUSE_STORY, status=ProducerStatus.APPROVED, phone="0208 3855 888")
        db.session.add(producer)
        db.session.flush()
    return producer


@dataclass
class GiftSetData:
    """What the compose form says (text as typed; components as (product id, quantity))."""

    name: str = ""
    description: str = ""
    occasion: str = Occasion.TET.value
    price_vnd: str = ""
    components: list[tuple[str, str]] = field(default_factory=list)


def check_gift_set(data: GiftSetData, existing: Product | None = None) -> dict:
    """Cleaned values, or OutletInvalid naming every bad field."""
    errors: dict[str, str] = {}
    name = " ".join((data.name or "").split())
    if not name:
        errors["name"] = _("Vui lòng đặt tên bộ quà.")
    elif len(name) > 200:
        errors["name"] = _("Tên dài tối đa 200 ký tự.")
    description = (data.description or "").replace("\r\n", "\n").strip()
    if len(description) > 5000:
        errors["description"] = _("Mô tả dài tối đa 5000 ký tự.")
    try:
        occasion = Occasion(data.occasion)
    except ValueError:
        errors["occasion"] = _("Vui lòng chọn dịp tặng.")
        occasion = None
    price_text = (data.price_vnd or "").strip().replace(".", "").replace(" ", "")
    price = int(price_text) if price_text.isascii() and price_text.isdigit() else None
    if price is None or not 1_000 <= price <= 100_000_000:
        errors["price_vnd"] = _("Giá bộ quà là số nguyên đồng, từ 1.000 đến 100.000.000.")
    parts: dict[int, int] = {}
    for pid_text, qty_text in data.components:
        pid_text, qty_text = str(pid_text or "").strip(), str(qty_text or "").strip()
        if not pid_text:
            continue
        if not (pid_text.isascii() and pid_text.isdigit() and qty_text.isascii()
                and qty_text.isdigit() and 1 <= int(qty_text) <= MAX_COMPONENT_QTY):
            errors["components"] = _("Mỗi thành phần cần một sản phẩm và số lượng từ 1 đến "
                                     "%(n)s.", n=MAX_COMPONENT_QTY)
            continue
        parts[int(pid_text)] = parts.get(int(pid_text), 0) + int(qty_text)
    products = {p.id: p for p in db.session.scalars(
        select(Product).where(Product.id.in_(list(parts)))
        .options(selectinload(Product.producer)))} if parts else {}
    if "components" not in errors:
        if sum(parts.values()) < 2:
            errors["components"] = _("Một bộ quà gồm ít nhất hai sản phẩm.")
        elif len(parts) > MAX_COMPONENTS:
            errors["components"] = _("Tối đa %(n)s loại sản phẩm trong một bộ.", n=MAX_COMPONENTS)
        for pid in parts:
            product = products.get(pid)
            if product is None or product.status != ProductStatus.ACTIVE \
                    or product.producer.status != ProducerStatus.APPROVED:
                errors["components"] = _("Chỉ ghép được sản phẩm đang bán của cơ sở đã duyệt.")
            elif product.gift_set is not None or (existing and pid == existing.id):
                errors["components"] = _("Không ghép một bộ quà vào bộ quà khác.")
    if not errors:
        house = db.session.scalar(select(Producer.id).where(Producer.slug == HOUSE_SLUG))
        taken = select(Product.id).where(Product.producer_id == house,
                                         func.lower(Product.name) == name.lower())
        if existing is not None:
            taken = taken.where(Product.id != existing.id)
        if house is not None and db.session.scalar(taken.limit(1)) is not None:
            errors["name"] = _("Đã có một bộ quà cùng tên.")
    if errors:
        raise OutletInvalid(errors)
    ordered = [(products[pid], qty) for pid, qty in parts.items()]
    return {"name": name, "description": description, "occasion": occasion, "price_vnd": price,
            "components": ordered}


def unique_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever no product has yet."""
    taken = set(db.session.scalars(select(Product.slug).where(Product.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def apply_values(product: Product, gift: GiftSet, values: dict) -> None:
    """Write checked values (``check_gift_set``) into a set's product and parts; flushes."""
    parts = values["components"]
    product.name = values["name"]
    product.description = values["description"]
    product.price_vnd = values["price_vnd"]
    product.is_gift = True
    product.unit = "hộp quà"
    product.weight_grams = PACKAGING_GRAMS + sum(p.weight_grams * q for p, q in parts)
    # Filed under the group of its most valuable part, where shoppers look for it.
    product.category_id = max(parts, key=lambda pq: pq[0].price_vnd * pq[1])[0].category_id
    product.net_quantity = " + ".join(f"{q} × {p.name}" for p, q in parts)[:60]
    product.origin = "; ".join(dict.fromkeys(p.origin or p.producer.name for p, _q in parts))[:300]
    gift.occasion = values["occasion"]
    gift.components.clear()
    db.session.flush()
    gift.components.extend(GiftSetComponent(product_id=p.id, quantity=q) for p, q in parts)


def create_gift_set(data: GiftSetData, *, actor_id: int | None,
                    outlet_id: int | None = None) -> Product:
    """Compose a new gift set (on sale at once, stock derived); commits."""
    values = check_gift_set(data)
    try:
        house = house_producer()
        product = Product(producer_id=house.id, status=ProductStatus.ACTIVE, stock=0,
                          slug=unique_slug(slugify(f"bo-qua {values['name']}")),
                          name=values["name"], price_vnd=values["price_vnd"],
                          category_id=values["components"][0][0].category_id)
        db.session.add(product)
        db.session.flush()
        gift = GiftSet(product_id=product.id, outlet_id=outlet_id, created_by_id=actor_id,
                       occasion=values["occasion"], components=[])
        db.session.add(gift)
        apply_values(product, gift, values)
        db.session.flush()
        _set_changed(product.id, refresh=True)
        db.session.commit()
        return product
    except Exception:
        db.session.rollback()
        raise


def update_gift_set(product: Product, data: GiftSetData) -> Product:
    """Change a set's name, price, occasion or parts; commits."""
    values = check_gift_set(data, product)
    try:
        apply_values(product, product.gift_set, values)
        db.session.flush()
        _set_changed(product.id, refresh=True)
        db.session.commit()
        return product
    except Exception:
        db.session.rollback()
        raise


def set_on_sale(product: Product, on_sale: bool) -> None:
    """Take a set off sale (archived) or put it back; commits."""
    product.status = ProductStatus.ACTIVE if on_sale else ProductStatus.ARCHIVED
    _set_changed(product.id)
    db.session.commit()


def gift_sets(*, outlet_id: int | None = None, listed_only: bool = False,
              occasion: str | None = None) -> list[GiftSet]:
    query = (select(GiftSet).join(Product, Product.id == GiftSet.product_id)
             .options(selectinload(GiftSet.product).selectinload(Product.images),
                      selectinload(GiftSet.components).selectinload(GiftSetComponent.product)
                      .selectinload(Product.producer))
             .order_by(Product.name))
    if outlet_id is not None:
        query = query.where(GiftSet.outlet_id == outlet_id)
    if listed_only:
        query = query.where(Product.status == ProductStatus.ACTIVE)
    if occasion in OCCASION_LABELS:
        query = query.where(GiftSet.occasion == occasion)
    return list(db.session.scalars(query))


def by_slug(slug: str) -> GiftSet | None:
    return db.session.scalar(
        select(GiftSet).join(Product, Product.id == GiftSet.product_id)
        .where(Product.slug == slug)
        .options(selectinload(GiftSet.components).selectinload(GiftSetComponent.product)
                 .selectinload(Product.producer)))


def retail_value(gift: GiftSet) -> int:
    """What the parts cost bought one by one (the set price is usually below it)."""
    return sum(c.product.price_vnd * c.quantity for c in gift.components)


def component_choices() -> list[Product]:
    """Products a set may hold: on sale, of approved producers, not sets themselves."""
    return list(db.session.scalars(
        select(Product).join(Producer, Producer.id == Product.producer_id)
        .outerjoin(GiftSet, GiftSet.product_id == Product.id)
        .where(Product.status == ProductStatus.ACTIVE, Producer.status == ProducerStatus.APPROVED,
               GiftSet.product_id.is_(None))
        .order_by(Producer.name, Product.name).options(selectinload(Product.producer))))


def category_of(gift: GiftSet) -> Category:
    return gift.product.category
