"""Cached read models of the storefront: the home page aggregates (trang chủ), category
info and a producer's few cards, each computed once per catalogue revision.

Everything the home page shows that depends on the catalogue is gathered in one
cached value, so a warm home page costs the revision read and nothing else. Group
counts and the highlight orders reuse the listing's own cache entries.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from .. import units
from ..extensions import db
from ..ocop import services as ocop_services  # module, not names: ocop imports catalog too
from ..shops.models import Producer, ProducerStatus
from . import cache
from .filters import ProductFilters, category_ids
from .groups import OCOP_GROUPS
from .listing import ProductCard, facets, fetch_cards, list_products, matching_ids
from .models import Category

HIGHLIGHTS = 10
TOP_COMMUNES = 12


@dataclass(frozen=True)
class GroupCount:
    slug: str
    name: str
    name_en: str
    count: int  # listed products in the group and its sub-groups


@dataclass(frozen=True)
class CommuneCount:
    code: str
    province_code: str
    name: str  # "Xã Tân Cương"
    province: str  # "Thái Nguyên"
    producers: int


@dataclass(frozen=True)
class HomePage:
    five_star: list[ProductCard]
    four_star: list[ProductCard]
    groups: list[GroupCount]
    communes: list[CommuneCount]
    products_listed: int
    certified: int
    by_stars: dict[str, int]
    producers: int
    outlets: int


def home_page() -> HomePage:
    """The home page aggregates, cached per catalogue revision and day."""
    return cache.cached(("home-page",), _compute)


def _compute() -> HomePage:
    everything = ProductFilters()
    by_slug = {value.key: value.count for value in facets(everything)["category"]}
    stats = ocop_services.ocop_stats()
    return HomePage(
        five_star=_highlights(5),
        four_star=_highlights(4),
        groups=[GroupCount(slug, name, name_en, by_slug.get(slug, 0))
                for slug, name, name_en, _c in OCOP_GROUPS],
        communes=_communes(),
        products_listed=len(matching_ids(everything)),
        certified=stats.products_certified,
        by_stars=stats.by_stars,
        producers=stats.producers,
        outlets=stats.outlets,
    )


def _highlights(stars: int) -> list[ProductCard]:
    """The newest products holding ``stars`` today (the listing's star order)."""
    return fetch_cards(matching_ids(ProductFilters(stars=stars))[:HIGHLIGHTS])


def _communes() -> list[CommuneCount]:
    """Communes with the most approved producers (chủ thể), for the "by commune" block."""
    rows = db.session.execute(
        select(Producer.commune_code, func.count(Producer.id))
        .where(Producer.status == ProducerStatus.APPROVED)
        .group_by(Producer.commune_code)
        .order_by(func.count(Producer.id).desc(), Producer.commune_code)
        .limit(TOP_COMMUNES)
    )
    result = []
    for code, count in rows:
        commune = units.commune(code)
        province = units.province(commune.province_code) if commune else None
        result.append(CommuneCount(code, getattr(commune, "province_code", ""),
                                   getattr(commune, "name", code),
                                   getattr(province, "short", ""), count))
    return result


@dataclass(frozen=True)
class CategoryRef:
    slug: str
    name: str
    name_en: str


@dataclass(frozen=True)
class CategoryInfo:
    """A group or sub-group as pages show it, cached so a listing does not reload the tree."""

    slug: str
    name: str
    name_en: str
    ids: tuple[int, ...]  # itself and its sub-groups: what the listing filters on
    parent: CategoryRef | None
    children: tuple[CategoryRef, ...]

    @property
    def group(self) -> CategoryRef:
        return self.parent or CategoryRef(self.slug, self.name, self.name_en)


def category_info(slug: str) -> CategoryInfo | None:
    """The category with this slug (per catalogue revision), or None."""
    def compute() -> CategoryInfo | None:
        found = db.session.scalar(select(Category).where(Category.slug == slug))
        if found is None:
            return None
        parent = (CategoryRef(found.parent.slug, found.parent.name, found.parent.name_en)
                  if found.parent else None)
        return CategoryInfo(found.slug, found.name, found.name_en, category_ids(found), parent,
                            tuple(CategoryRef(c.slug, c.name, c.name_en) for c in found.children))
    return cache.cached(("category-info", slug), compute)


def producer_cards(producer_id: int) -> list[ProductCard]:
    """A few cards of one producer (the product page's "more from"), cached per revision."""
    return cache.cached(("producer-cards", producer_id),
                        lambda: list_products(ProductFilters(producer_id=producer_id, per_page=5)).items)
