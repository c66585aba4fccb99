"""Listing parameters (query string or API) parsed and validated into ProductFilters."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from sqlalchemy import or_, select

from .. import units
from ..extensions import db
from .exceptions import InvalidFilter
from .models import Category

SORTS = ("relevance", "price_asc", "price_desc", "stars", "newest")
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
# The query parameters parse_filters reads ("q" belongs to /search).
LISTING_PARAMS = frozenset({"q", "sort", "stars", "min_price", "max_price", "category",
                            "province", "commune", "in_stock", "is_gift", "page", "per_page"})
# price_vnd is INTEGER: PostgreSQL casts the bound filter to it, so a larger one was a 500.
MAX_PRICE = 2**31 - 1


@dataclass(frozen=True)
class ProductFilters:
    """What a shopper asked the listing for; hashable, so it keys the caches."""

    q: str = ""
    category_ids: tuple[int, ...] = ()
    category: str | None = None  # slug, echoed back in links
    stars: int | None = None
    province: str | None = None  # GSO code
    commune: str | None = None  # GSO code
    producer_id: int | None = None
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool = False
    is_gift: bool | None = None
    sort: str = "stars"
    page: int = 1
    per_page: int = 24

    def without_paging(self) -> ProductFilters:
        return replace(self, page=1, per_page=0)


def _int(args: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise InvalidFilter("not_integer", name) from None
    if not low <= value <= high:
        raise InvalidFilter("out_of_range", name, low=low, high=high)
    return value


def _flag(args: Mapping[str, str], name: str) -> bool | None:
    raw = (args.get(name) or "").strip().lower()
    if not raw:
        return None
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise InvalidFilter("not_flag", name)


def resolve_category(value: str) -> Category:
    """A category by slug or Vietnamese name, or InvalidFilter."""
    found = db.session.scalar(
        select(Category).where(or_(Category.slug == value, Category.name == value))
    )
    if found is None:
        raise InvalidFilter("unknown_value", "category", value=value[:80])
    return found


def category_ids(category: Category) -> tuple[int, ...]:
    """The category and its sub-groups."""
    return (category.id, *(child.id for child in category.children))


def parse_filters(args: Mapping[str, str], *, producer_id: int | None = None,
                  per_page: int = 24) -> ProductFilters:
    """Validate listing parameters; raises InvalidFilter with a message for the shopper."""
    q = " ".join((args.get("q") or "").split())[:500]
    sort = (args.get("sort") or ("relevance" if q else "stars")).strip()
    if sort not in SORTS:
        raise InvalidFilter("unknown_sort", "sort", choices=", ".join(SORTS))
    stars = _int(args, "stars", 3, 5)
    min_price = _int(args, "min_price", 0, MAX_PRICE)
    max_price = _int(args, "max_price", 0, MAX_PRICE)
    if min_price is not None and max_price is not None and min_price > max_price:
        raise InvalidFilter("price_range", "min_price")
    category = resolve_category(args["category"].strip()) if args.get("category") else None
    province = _province(args.get("province"))
    commune = _commune(args.get("commune"), province)
    return ProductFilters(
        q=q,
        category_ids=category_ids(category) if category else (),
        category=category.slug if category else None,
        stars=stars,
        province=province,
        commune=commune,
        producer_id=producer_id,
        min_price=min_price,
        max_price=max_price,
        in_stock=bool(_flag(args, "in_stock")),
        is_gift=_flag(args, "is_gift"),
        sort=sort,
        page=_int(args, "page", 1, MAX_PAGE) or 1,
        per_page=_int(args, "per_page", 1, MAX_PER_PAGE) or per_page,
    )


def _province(raw: str | None) -> str | None:
    if not raw or not raw.strip():
        return None
    found = units.resolve_province(raw)
    if found is None:
        raise InvalidFilter("unknown_value", "province", value=raw.strip()[:80])
    return found.code


def _commune(raw: str | None, province: str | None) -> str | None:
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    if raw.isdigit():
        found = units.commune(raw.zfill(5))
        if found and (province is None or found.province_code == province):
            return found.code
    elif province:
        found = units.resolve_commune(province, raw)
        if found:
            return found.code
    else:
        raise InvalidFilter("commune_needs_province", "commune")
    raise InvalidFilter("unknown_value", "commune", value=raw[:80])
