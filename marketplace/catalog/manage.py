"""Quản lý sản phẩm: a producer's products on the dashboard (create, edit, duplicate,
publish, archive, restore) and their images.

A product starts as a draft and is listed only once published (``active``) while its
producer is approved. Every public service commits once; each change that the
storefront or search shows bumps the catalogue revision and marks the product for the
search index in the same transaction. Stock is never set here except the opening stock
of a new product (a movement, like every stock change: see ``stock.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..formatting import slugify
from ..shops.models import Producer
from . import cache, images, stock
from .exceptions import ImageRejected, ProductInvalid
from .models import Category, Product, ProductImage, ProductStatus, StockReason

INT_MAX = 2**31 - 1
COUNT_RE = re.compile(r"[0-9]{1,10}")
GROUPED_RE = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")
GTIN_RE = re.compile(r"[0-9]{8}|[0-9]{12,14}")
TEXT_LIMITS = {"name": 200, "unit": 40, "net_quantity": 60, "origin": 300, "shelf_life": 100,
               "storage": 300, "name_en": 200}
DESCRIPTION_MAX = 5000
ALT_MAX = 300
S = ProductStatus
# What each status may become, and the verb the dashboard shows for it.
TRANSITIONS = {
    S.DRAFT: {S.ACTIVE, S.ARCHIVED},
    S.ACTIVE: {S.DRAFT, S.ARCHIVED},
    S.ARCHIVED: {S.DRAFT},
}
STATUS_LABELS = {S.DRAFT: _l("Bản nháp"), S.ACTIVE: _l("Đang bán"), S.ARCHIVED: _l("Đã lưu trữ")}


@dataclass
class ProductData:
    """What the product form says, as typed (numbers are text until checked)."""

    name: str = ""
    category: str = ""
    description: str = ""
    name_en: str = ""  # optional: shown to visitors who chose English
    description_en: str = ""
    unit: str = "sản phẩm"
    net_quantity: str = ""
    price_vnd: str = ""
    stock: str = "0"  # opening stock; only read when creating
    weight_grams: str = "500"
    low_stock_threshold: str = "5"
    origin: str = ""
    shelf_life: str = ""
    storage: str = ""
    gtin: str = ""
    is_gift: bool = False

    @classmethod
    def of(cls, product: Product) -> ProductData:
        values = {f.name: getattr(product, f.name) for f in fields(cls)
                  if f.name not in ("category",)}
        values = {k: ("" if v is None else v if isinstance(v, bool) else str(v))
                  for k, v in values.items()}
        return cls(category=product.category.slug if product.category else "", **values)


def _count(errors: dict, field: str, text: str, *, low: int = 0, label: str) -> int:
    text = (text or "").strip()
    if field == "price_vnd" and GROUPED_RE.fullmatch(text):
        text = text.replace(".", "")  # "120.000": Vietnamese thousands grouping
    if not COUNT_RE.fullmatch(text):
        errors[field] = _("%(label)s phải là số nguyên, không âm (ví dụ 125000).", label=label)
        return 0
    value = int(text)
    if value > INT_MAX:
        errors[field] = _("%(label)s quá lớn.", label=label)
    elif value < low:
        errors[field] = _("%(label)s phải từ %(low)s trở lên.", label=label, low=low)
    return value


def check_product(data: ProductData, producer: Producer, product: Product | None = None,
                  *, creating: bool = False) -> dict:
    """The form's values, cleaned and checked, or ProductInvalid naming every bad field."""
    errors: dict[str, str] = {}
    values: dict = {name: " ".join((getattr(data, name) or "").split()) for name in
                    ("name", "name_en", "unit", "net_quantity", "origin", "shelf_life",
                     "storage")}
    for name, limit in TEXT_LIMITS.items():
        if name in values and len(values[name]) > limit:
            errors[name] = _("Tối đa %(n)s ký tự.", n=limit)
    if not values["name"]:
        errors["name"] = _("Vui lòng nhập tên sản phẩm.")
    elif "name" not in errors and _name_taken(producer.id, values["name"], product):
        errors["name"] = _("Gian hàng đã có một sản phẩm cùng tên.")
    values["unit"] = values["unit"] or "sản phẩm"
    for field in ("description", "description_en"):
        text = (getattr(data, field) or "").replace("\r\n", "\n").strip()
        if len(text) > DESCRIPTION_MAX:
            errors[field] = _("Mô tả dài tối đa %(n)s ký tự.", n=DESCRIPTION_MAX)
        values[field] = text
    category = db.session.scalar(select(Category).where(Category.slug == (data.category or "")))
    if category is None:
        errors["category"] = _("Vui lòng chọn nhóm sản phẩm OCOP.")
    values["category"] = category
    values["price_vnd"] = _count(errors, "price_vnd", data.price_vnd, label=_("Giá bán (đồng)"))
    values["weight_grams"] = _count(errors, "weight_grams", data.weight_grams, low=1,
                                    label=_("Khối lượng đóng gói (gam)"))
    values["low_stock_threshold"] = _count(errors, "low_stock_threshold",
                                           data.low_stock_threshold,
                                           label=_("Ngưỡng sắp hết hàng"))
    if creating:
        values["stock"] = _count(errors, "stock", data.stock, label=_("Tồn kho ban đầu"))
    gtin = (data.gtin or "").strip()
    if gtin and not GTIN_RE.fullmatch(gtin):
        errors["gtin"] = _("Mã vạch GTIN gồm 8, 12, 13 hoặc 14 chữ số.")
    values["gtin"] = gtin or None
    values["is_gift"] = bool(data.is_gift)
    if errors:
        raise ProductInvalid(errors)
    return values


def _name_taken(producer_id: int, name: str, product: Product | None) -> bool:
    query = select(Product.id).where(Product.producer_id == producer_id,
                                     func.lower(Product.name) == name.lower())
    if product is not None:
        query = query.where(Product.id != product.id)
    return db.session.scalar(query.limit(1)) is not None


def _unique_slug(base: str) -> str:
    taken = set(db.session.scalars(select(Product.slug).where(
        or_(Product.slug == base, Product.slug.like(f"{base}-%")))))
    number, slug = 1, base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def changed(product_ids: list[int]) -> None:
    """Storefront and search must follow these products (flush-only, in the caller's
    transaction; search indexes them after the commit)."""
    from .. import search

    cache.bump_revision()
    search.mark_products(product_ids)


def _commit(action):
    try:
        result = action()
        db.session.commit()
        return result
    except IntegrityError:
        db.session.rollback()
        raise ProductInvalid({"name": _("Gian hàng đã có một sản phẩm cùng tên.")}) from None
    except Exception:
        db.session.rollback()
        raise


def create_product(producer: Producer, data: ProductData, *, actor_id: int | None) -> Product:
    """A new draft product with its opening stock recorded as the first movement."""
    values = check_product(data, producer, creating=True)
    opening = values.pop("stock")

    def action() -> Product:
        product = Product(producer_id=producer.id, status=ProductStatus.DRAFT, stock=0,
                          slug=_unique_slug(slugify(f"{values['name']} {producer.name}")),
                          **values)
        db.session.add(product)
        db.session.flush()
        if opening:
            stock.change_stock(product.id, opening, StockReason.INITIAL, actor_id=actor_id)
            db.session.expire(product, ["stock"])
        changed([product.id])
        return product

    return _commit(action)


def update_product(product: Product, data: ProductData) -> Product:
    """Save the product form (name, group, price, texts...). Stock moves elsewhere."""
    values = check_product(data, product.producer, product)

    def action() -> Product:
        for name, value in values.items():
            setattr(product, name, value)
        changed([product.id])
        return product

    return _commit(action)


def set_status(product: Product, target: ProductStatus) -> None:
    """Publish (active), take off sale (draft), archive or restore (to draft)."""
    target = ProductStatus(target)
    if target not in TRANSITIONS.get(ProductStatus(product.status), set()):
        raise ProductInvalid({"status": _("Không thể chuyển sản phẩm từ «%(current)s» sang "
                                          "«%(target)s».", current=STATUS_LABELS[product.status],
                                          target=STATUS_LABELS[target])})
    if target == ProductStatus.ACTIVE and product.price_vnd <= 0:
        raise ProductInvalid({"price_vnd": _("Hãy đặt giá bán trước khi đăng bán.")})

    def action() -> None:
        product.status = target
        changed([product.id])

    _commit(action)


def duplicate_product(product: Product, *, actor_id: int | None) -> Product:
    """A draft copy (texts, price, images; no stock, no certificate) to edit into a new one."""
    base = _("%(name)s (bản sao)", name=product.name)[:190]
    name, number = base, 1
    while _name_taken(product.producer_id, name, None):
        number += 1
        name = f"{base} {number}"

    def action() -> Product:
        copy = Product(producer_id=product.producer_id, status=ProductStatus.DRAFT, stock=0,
                       name=name, slug=_unique_slug(slugify(f"{name} {product.producer.name}")),
                       **{c: getattr(product, c) for c in (
                           "name_en", "category_id", "description", "description_en", "unit",
                           "net_quantity", "price_vnd", "weight_grams", "origin", "shelf_life",
                           "storage", "is_gift", "low_stock_threshold")})
        copy.images = [ProductImage(path=i.path, alt=i.alt, position=i.position, width=i.width,
                                    height=i.height) for i in product.images]
        db.session.add(copy)
        db.session.flush()
        changed([copy.id])
        return copy

    return _commit(action)


# ---------------------------------------------------------------- images

@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def add_images(product: Product, uploads: list[Upload], alt: str = "") -> list[ProductImage]:
    """Check every upload first (all or none are added), store them, append them in order."""
    limit = current_app.config["PRODUCT_MAX_IMAGES"]
    if not uploads:
        raise ProductInvalid({"images": _("Vui lòng chọn ít nhất một ảnh.")})
    if len(product.images) + len(uploads) > limit:
        raise ProductInvalid({"images": _("Mỗi sản phẩm có tối đa %(n)s ảnh.", n=limit)})
    alt = " ".join((alt or "").split())[:ALT_MAX]
    decoded, errors = [], []
    for upload in uploads:
        try:
            decoded.append(images.store(upload.data))
        except ImageRejected as exc:
            errors.append(f"«{upload.filename or _('tệp')}»: {exc}")
    if errors:
        raise ProductInvalid({"images": " ".join([*errors, _("Chưa ảnh nào được thêm.")])})
    start = max((i.position for i in product.images), default=-1) + 1

    def action() -> list[ProductImage]:
        added = []
        for offset, stored in enumerate(decoded):
            image = ProductImage(path=stored.path, width=stored.width, height=stored.height,
                                 alt=alt or product.name, position=start + offset)
            product.images.append(image)
            added.append(image)
        db.session.flush()
        changed([product.id])
        return added

    return _commit(action)


def get_image(product: Product, image_id: int) -> ProductImage | None:
    """One of ``product``'s images (another product's image is not found)."""
    return next((i for i in product.images if i.id == image_id), None)


def update_alt(product: Product, image: ProductImage, alt: str) -> None:
    alt = " ".join((alt or "").split())
    if len(alt) > ALT_MAX:
        raise ProductInvalid({"alt": _("Mô tả ảnh dài tối đa %(n)s ký tự.", n=ALT_MAX)})
    image.alt = alt

    _commit(lambda: changed([product.id]))


def move_image(product: Product, image: ProductImage, direction: str) -> None:
    """``up``, ``down`` or ``first`` (the cover); positions are renumbered 0..n-1."""
    ordered = sorted(product.images, key=lambda i: (i.position, i.id))
    index = ordered.index(image)
    ordered.pop(index)
    target = {"up": max(0, index - 1), "down": min(len(ordered), index + 1),
              "first": 0}.get(direction)
    if target is None:
        raise ProductInvalid({"images": _("Thao tác không hợp lệ.")})
    ordered.insert(target, image)

    def action() -> None:
        for position, item in enumerate(ordered):
            item.position = position
        changed([product.id])

    _commit(action)


def delete_image(product: Product, image: ProductImage) -> None:
    """Remove the image; its files go when no other image or shop uses them."""
    path = image.path

    def action() -> None:
        product.images.remove(image)
        db.session.flush()
        for position, item in enumerate(sorted(product.images, key=lambda i: (i.position, i.id))):
            item.position = position
        changed([product.id])

    _commit(action)
    if not _path_in_use(path):
        images.delete_files(path)


def _path_in_use(path: str) -> bool:
    used = db.session.scalar(select(ProductImage.id).where(ProductImage.path == path).limit(1))
    return used is not None or db.session.scalar(select(Producer.id).where(
        or_(Producer.logo_path == path, Producer.banner_path == path)).limit(1)) is not None


def low_stock(producer_id: int) -> list[Product]:
    """Products on sale (or ready to be) at or below their low-stock threshold."""
    return list(db.session.scalars(
        select(Product).where(Product.producer_id == producer_id,
                              Product.status != ProductStatus.ARCHIVED,
                              Product.stock <= Product.low_stock_threshold)
        .order_by(Product.stock, Product.name)))
