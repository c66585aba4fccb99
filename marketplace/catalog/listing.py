"""Storefront listings: which products match, in what order, and the facet counts.

Only active products of approved producers are listed. Stars come from the one
certification rule (``Certification.current_clause``), so an expired or revoked
certificate drops a product out of star filters and facets the same day.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Select, and_, bindparam, func, select

from .. import units
from ..clock import today
from ..extensions import db
from ..formatting import localized
from ..ocop.models import Certification
from ..shops.models import Producer, ProducerStatus
from . import cache
from .filters import ProductFilters
from .models import Category, Product, ProductImage, ProductStatus


@dataclass(frozen=True)
class ProductCard:
    """What a listing shows of one product."""

    id: int
    slug: str
    name: str
    price_vnd: int
    stock: int
    is_gift: bool
    stars: int | None
    category: str
    producer_slug: str
    producer_name: str
    province_code: str
    commune_code: str
    image: str | None
    name_en: str  # English name and group name, when filled in (``localized``)
    category_en: str

    @property
    def province(self) -> str:
        found = units.province(self.province_code)
        return found.short if found else ""

    @property
    def commune(self) -> str:
        found = units.commune(self.commune_code)
        return found.short if found else ""


@dataclass
class ProductPage:
    items: list[ProductCard]
    total: int
    filters: ProductFilters
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.filters.per_page))


def _listed(day) -> Select:
    """Products on sale, with their current certificate (if any) outer-joined."""
    return (
        select(Product.id)
        .join(Producer, Producer.id == Product.producer_id)
        .join(Category, Category.id == Product.category_id)
        .outerjoin(Certification, and_(Certification.product_id == Product.id,
                                       Certification.current_clause(day)))
        .where(Product.status == ProductStatus.ACTIVE, Producer.status == ProducerStatus.APPROVED)
    )


def _apply(stmt: Select, f: ProductFilters, skip: str = "") -> Select:
    """Add every active filter except ``skip`` (a facet counts without its own filter)."""
    if f.category_ids and skip != "category":
        stmt = stmt.where(Product.category_id.in_(f.category_ids))
    if f.stars and skip != "stars":
        stmt = stmt.where(Certification.stars == f.stars)
    if f.province and skip != "province":
        stmt = stmt.where(Producer.province_code == f.province)
    if f.commune and skip != "commune":
        stmt = stmt.where(Producer.commune_code == f.commune)
    if f.producer_id:
        stmt = stmt.where(Product.producer_id == f.producer_id)
    if f.min_price is not None:
        stmt = stmt.where(Product.price_vnd >= f.min_price)
    if f.max_price is not None:
        stmt = stmt.where(Product.price_vnd <= f.max_price)
    if f.in_stock:
        stmt = stmt.where(Product.stock > 0)
    if f.is_gift is not None:
        stmt = stmt.where(Product.is_gift == f.is_gift)
    return stmt


ORDERINGS = {
    "price_asc": (Product.price_vnd.asc(), Product.id.asc()),
    "price_desc": (Product.price_vnd.desc(), Product.id.desc()),
    "newest": (Product.created_at.desc(), Product.id.desc()),
    "stars": (func.coalesce(Certification.stars, 0).desc(), Product.created_at.desc(),
              Product.id.desc()),
}


def matching_ids(f: ProductFilters, ids: list[int] | None = None) -> list[int]:
    """Ordered ids of every listed product matching the filters (cached per revision).

    ``ids`` restricts the result to a candidate set (search hits), kept in its order.
    """
    day = today()

    def compute() -> list[int]:
        stmt = _apply(_listed(day), f)
        if ids is not None:
            allowed = set(db.session.scalars(stmt.where(Product.id.in_(ids))))
            return [i for i in ids if i in allowed]
        return list(db.session.scalars(stmt.order_by(*ORDERINGS.get(f.sort, ORDERINGS["stars"]))))

    if ids is not None:
        return compute()
    return cache.cached(("ids", f.without_paging()), compute)


@lru_cache(maxsize=1)
def _cards_statement() -> Select:
    """Built once: constructing this select costs more than running it for 24 ids."""
    group = Category.__table__.alias("product_group")
    cover = (
        select(ProductImage.path).where(ProductImage.product_id == Product.id)
        .order_by(ProductImage.position).limit(1).correlate(Product).scalar_subquery()
    )
    return (
        select(Product.id, Product.slug, Product.name, Product.price_vnd, Product.stock,
               Product.is_gift, Certification.stars,
               func.coalesce(group.c.name, Category.name), Producer.slug, Producer.name,
               Producer.province_code, Producer.commune_code, cover, Product.name_en,
               func.coalesce(group.c.name_en, Category.name_en))
        .join(Producer, Producer.id == Product.producer_id)
        .join(Category, Category.id == Product.category_id)
        .outerjoin(group, group.c.id == Category.parent_id)
        .outerjoin(Certification, and_(Certification.product_id == Product.id,
                                       Certification.current_clause(bindparam("day"))))
        .where(Product.id.in_(bindparam("ids", expanding=True)))
    )


def fetch_cards(ids: list[int]) -> list[ProductCard]:
    """Cards for the given product ids, in that order, in one query."""
    if not ids:
        return []
    rows = db.session.execute(_cards_statement(), {"day": today(), "ids": list(ids)})
    cards = {row[0]: ProductCard(*row) for row in rows}
    return [cards[i] for i in ids if i in cards]


def list_products(f: ProductFilters, *, with_facets: bool = False,
                  ids: list[int] | None = None) -> ProductPage:
    """One page of the listing, with facet counts when asked."""
    matched = matching_ids(f, ids)
    start = (f.page - 1) * f.per_page
    shown = matched[start:start + f.per_page]
    # A card shows the stock only as "out of stock", and selling the last unit bumps the
    # revision, so a page of cards keeps per revision; search hits are not cached here.
    cards = fetch_cards(shown) if ids is not None else cache.cached(
        ("cards", f), lambda: fetch_cards(shown))
    page = ProductPage(cards, len(matched), f)
    if with_facets:
        page.facets = facets(f, ids)
    return page


@dataclass(frozen=True)
class FacetValue:
    key: str  # what the filter takes: category slug, stars, GSO code
    label: str
    count: int


def facets(f: ProductFilters, ids: list[int] | None = None) -> dict[str, list[FacetValue]]:
    """Counts per group, stars, province and commune, each respecting the other filters."""
    day = today()

    def count(column, skip: str) -> dict:
        stmt = _apply(_listed(day), f, skip=skip)
        if ids is not None:
            stmt = stmt.where(Product.id.in_(ids))
        stmt = stmt.with_only_columns(column, func.count(Product.id)).group_by(column)
        return {key: n for key, n in db.session.execute(stmt) if key is not None}

    def compute() -> dict[str, list[FacetValue]]:
        groups = {c.id: c for c in db.session.scalars(select(Category).where(Category.parent_id.is_(None)))}
        by_group = count(func.coalesce(Category.parent_id, Category.id), "category")
        by_stars = count(Certification.stars, "stars")
        return {
            "category": [FacetValue(groups[k].slug, localized(groups[k]), n)
                         for k, n in sorted(by_group.items(), key=lambda kv: groups[kv[0]].position)],
            "stars": [FacetValue(str(k), str(k), n) for k, n in sorted(by_stars.items(), reverse=True)],
            "province": _units(count(Producer.province_code, "province"), units.province),
            "commune": _units(count(Producer.commune_code, "commune"), units.commune),
        }

    if ids is not None:
        return compute()
    return cache.cached(("facets", f.without_paging()), compute)


def _units(counts: dict[str, int], lookup) -> list[FacetValue]:
    values = [FacetValue(code, getattr(lookup(code), "short", code), n) for code, n in counts.items()]
    return sorted(values, key=lambda v: (-v.count, units.fold(v.label)))
