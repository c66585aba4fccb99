"""``load_demo()``: write the demo catalogue, creating or updating rows (idempotent).

Producers and products are matched by slug (then by name), outlets by slug, and
a product's certificates by their place in its history, so a second load on the
same day changes nothing and a load on a later day only moves the dates. Stock
is set when a product is created and left alone afterwards, so re-loading the demo
in a running store does not undo sales.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import ProducerRole, Role, User
from .. import search
from ..accounts.passwords import hash_password
from ..catalog import cache, stock
from ..catalog.groups import ensure_categories
from ..catalog.models import Category, Product, ProductImage, ProductStatus, StockReason
from ..clock import today
from ..extensions import db
from ..ocop.models import Certification, CertificationStatus
from ..ocop.services import ocop_stats
from ..outlets.models import Outlet, OutletStatus
from ..shops.models import Producer, ProducerStatus
from . import images
from .generate import build_catalogue
from .legacy import PROVINCE_CODE
from .specs import CertSpec, OutletSpec, ProducerSpec, ProductSpec
from .trade import TradeSummary, load_trade


@dataclass(frozen=True)
class DemoSummary:
    producers: int
    products: int
    certified: int
    by_stars: dict[str, int]
    expiring: int
    outlets: int
    images_drawn: int
    seconds: float
    accounts: tuple[tuple[str, str, str], ...] = ()  # (role, e-mail, password)
    trade: TradeSummary | None = None  # outlets' side: terms, shelves, gift sets, fairs

    def line(self) -> str:
        stars = ", ".join(f"{self.by_stars[s]} {'★' * int(s)}" for s in ("3", "4", "5"))
        accounts = "; ".join(f"{role} {email} / {password}"
                             for role, email, password in self.accounts)
        return (f"Demo loaded in {self.seconds:.1f} s: {self.producers} producers, "
                f"{self.products} products ({self.certified} certified: {stars}; "
                f"{self.expiring} expiring within 90 days), {self.outlets} outlets, "
                f"{self.images_drawn} images drawn."
                + (f" Outlets' side: {self.trade.wholesale} products sold wholesale, "
                   f"{self.trade.shelf_items} shelf items in {self.trade.outlets_stocked} "
                   f"outlets, {self.trade.gift_sets} gift sets, {self.trade.events} upcoming "
                   "fairs." if self.trade else "")
                + (f" Demo accounts: {accounts}." if accounts else ""))


def load_demo() -> DemoSummary:
    """Create or update the Thái Nguyên demo catalogue in one transaction; commits."""
    started = time.perf_counter()
    day = today()
    ensure_categories()
    catalogue = build_catalogue(day, current_app.config["CERTIFICATE_VALID_MONTHS"])
    media = Path(current_app.config["MEDIA_DIR"])
    drawn = [0]
    producers = _upsert_producers(catalogue.producers, media, drawn)
    products = _upsert_products(catalogue.products, producers, media, drawn)
    for spec in catalogue.products:
        _sync_certifications(products[spec.slug], spec.certifications)
    _upsert_outlets(catalogue.outlets)
    _start_stock_ledgers(list(products.values()))
    operator_outlet = db.session.scalar(select(Outlet).where(Outlet.name == DEMO_OPERATOR_OUTLET))
    trade = load_trade(day, lambda relative, render: _draw(media, relative, render, drawn),
                       operator_outlet)  # wholesale, outlet shelves, gift sets, fairs (issue 7)
    accounts = _demo_accounts(producers[DEMO_OWNER_PRODUCER], operator_outlet)
    cache.bump_revision()
    search.mark_products(product.id for product in products.values())  # indexed on commit
    db.session.commit()
    stats = ocop_stats(day)
    return DemoSummary(
        producers=len(catalogue.producers), products=len(catalogue.products),
        certified=stats.products_certified, by_stars=stats.by_stars,
        expiring=len(stats.expiring), outlets=len(catalogue.outlets), images_drawn=drawn[0],
        seconds=time.perf_counter() - started, accounts=accounts, trade=trade,
    )


# Demo accounts (documented in README.md): created once, never reset by a later load.
DEMO_OWNER_PRODUCER = "HTX chè Hảo Đạt"
DEMO_ACCOUNTS = (
    ("producer owner", "chu-the@demo.cho-ocop.vn", "demo-chu-the-2026", Role.PRODUCER),
    ("office", "van-phong@demo.cho-ocop.vn", "demo-van-phong-2026", Role.OFFICE),
    # The operator of the provincial OCOP centre (issue 7): shelf stock, restock, gift sets.
    ("outlet operator", "diem-ban@demo.cho-ocop.vn", "demo-diem-ban-2026", Role.OUTLET),
)
DEMO_OPERATOR_OUTLET = "Trung tâm Giới thiệu và bán sản phẩm OCOP tỉnh Thái Nguyên"
DEMO_NAMES = {Role.PRODUCER: "Chủ thể demo", Role.OFFICE: "Văn phòng OCOP demo",
              Role.OUTLET: "Điểm bán demo"}


def _demo_accounts(owner_of: Producer, outlet: Outlet | None = None
                   ) -> tuple[tuple[str, str, str], ...]:
    """A producer owner of ``owner_of``, an OCOP office account and the operator of
    ``outlet``, if they do not exist."""
    made = []
    for label, email, password, role in DEMO_ACCOUNTS:
        if role == Role.OUTLET and outlet is None:
            continue
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            db.session.add(User(
                email=email, password_hash=hash_password(password), role=role,
                name=DEMO_NAMES[role],
                producer=owner_of if role == Role.PRODUCER else None,
                producer_role=ProducerRole.OWNER if role == Role.PRODUCER else None,
                outlet=outlet if role == Role.OUTLET else None))
        made.append((label, email, password))
    return tuple(made)


def _start_stock_ledgers(products: list[Product]) -> None:
    """Give each demo product's stock its movements (stock == sum of movements): an initial
    movement for a new product, a correction for a stock recorded before the ledger."""
    db.session.flush()
    ids = {p.id for p in products}
    for product_id, stock_now, total in stock.mismatches():
        if product_id in ids:
            stock.record(product_id, stock_now - total, stock_now, StockReason.INITIAL,
                         note="tồn kho dữ liệu mẫu")


def _draw(media: Path, relative: str, render, drawn: list[int]) -> tuple[int, int]:
    """Render only what is missing: the drawings are deterministic."""
    target = media / relative
    if target.exists():
        with Image.open(target) as existing:  # reads the header only
            return existing.size
    drawn[0] += 1
    return images.save(render(), media, relative)


def _upsert_producers(specs: list[ProducerSpec], media: Path,
                      drawn: list[int]) -> dict[str, Producer]:
    found = db.session.scalars(select(Producer).where(or_(
        Producer.slug.in_([s.slug for s in specs]), Producer.name.in_([s.name for s in specs]))))
    by_slug, by_name = {}, {}
    for producer in found:
        by_slug[producer.slug] = by_name[producer.name] = producer
    result = {}
    for spec in specs:
        producer = by_slug.get(spec.slug) or by_name.get(spec.name)
        if producer is None:
            producer = Producer(slug=spec.slug)
            db.session.add(producer)
        logo = f"producers/{spec.slug}.{images.SUFFIX}"
        _draw(media, logo, lambda: images.render_logo(spec.brand or spec.name, spec.specialty),
              drawn)
        producer.name = spec.name
        producer.kind = spec.kind
        producer.phone = spec.phone
        producer.story = spec.story
        producer.logo_path = logo
        producer.province_code = PROVINCE_CODE
        producer.commune_code = spec.place.commune_code
        producer.street = spec.street
        producer.legacy_address = spec.legacy_address
        producer.status = ProducerStatus.APPROVED
        result[spec.name] = producer
    return result


def _upsert_products(specs: list[ProductSpec], producers: dict[str, Producer], media: Path,
                     drawn: list[int]) -> dict[str, Product]:
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    found = db.session.scalars(
        select(Product).where(Product.slug.in_([s.slug for s in specs]))
        .options(selectinload(Product.images), selectinload(Product.certifications))).all()
    by_slug = {p.slug: p for p in found}
    ids = [p.id for p in producers.values() if p.id is not None]
    by_name = {(p.producer_id, p.name): p for p in db.session.scalars(
        select(Product).where(Product.producer_id.in_(ids))
        .options(selectinload(Product.images), selectinload(Product.certifications)))}
    result = {}
    for spec in specs:
        producer = producers[spec.producer.name]
        product = by_slug.get(spec.slug) or by_name.get((producer.id, spec.name))
        if product is None:
            product = Product(slug=spec.slug, stock=spec.stock, images=[], certifications=[])
            db.session.add(product)
        product.producer = producer
        product.name = spec.name
        product.category = categories[spec.category]
        product.description = spec.description
        product.unit = spec.unit
        product.net_quantity = spec.net_quantity
        product.price_vnd = spec.price_vnd
        product.status = ProductStatus.ACTIVE
        product.origin = spec.origin
        product.shelf_life = spec.shelf_life
        product.storage = spec.storage
        product.gtin = spec.gtin
        product.is_gift = spec.is_gift
        _upsert_cover(product, spec, media, drawn)
        result[spec.slug] = product
    db.session.flush()
    return result


def _upsert_cover(product: Product, spec: ProductSpec, media: Path, drawn: list[int]) -> None:
    path = f"products/{spec.slug}.{images.SUFFIX}"
    place = spec.producer.place.commune.short
    width, height = _draw(media, path, lambda: images.render_card(
        spec.name, spec.category, f"{spec.producer.name} · {place}"), drawn)
    cover = next((i for i in product.images if i.position == 0), None)
    if cover is None:
        cover = ProductImage(position=0)
        product.images.append(cover)
    cover.path = path
    cover.alt = f"{spec.name} – {spec.producer.name}"
    cover.width, cover.height = width, height


def _sync_certifications(product: Product, planned: list[CertSpec]) -> None:
    """Match the product's certificates to the plan, position by position in its history."""
    existing = sorted(product.certifications, key=lambda c: (c.certified_on, c.id or 0))
    # Retire what must stop being active first: one active certificate per product at a time.
    changed = False
    for row, spec in zip(existing, planned):
        if row.status == CertificationStatus.ACTIVE and spec.status != CertificationStatus.ACTIVE:
            row.status = spec.status
            changed = True
    for row in existing[len(planned):]:
        product.certifications.remove(row)  # delete-orphan removes the row
        changed = True
    if changed:
        db.session.flush()
    for index, spec in enumerate(planned):
        row = existing[index] if index < len(existing) else None
        if row is None:
            row = Certification(product=product)
            db.session.add(row)
        row.stars = spec.stars
        row.score = spec.score
        row.score_a, row.score_b, row.score_c = spec.parts
        row.certificate_no = spec.certificate_no
        row.decision_no = spec.decision_no
        row.issuer = spec.issuer
        row.issuer_level = spec.issuer_level
        row.certified_on = spec.certified_on
        row.expires_on = spec.expires_on
        row.status = spec.status
        row.revoked_reason = ""


def _upsert_outlets(specs: list[OutletSpec]) -> None:
    found = {o.slug: o for o in db.session.scalars(
        select(Outlet).where(Outlet.slug.in_([s.slug for s in specs])))}
    for spec in specs:
        outlet = found.get(spec.slug)
        if outlet is None:
            outlet = Outlet(slug=spec.slug)
            db.session.add(outlet)
        outlet.name = spec.name
        outlet.level = spec.level
        outlet.province_code = PROVINCE_CODE
        outlet.commune_code = spec.commune_code
        outlet.street = spec.street
        outlet.lat, outlet.lng = spec.lat, spec.lng
        outlet.opening_hours = spec.opening_hours
        outlet.phone = spec.phone
        outlet.status = OutletStatus.APPROVED
