"""Danh bạ điểm bán: the public directory of approved outlets ("where can I buy this near me").

One query function serves the /outlets page and ``GET /api/v1/outlets``: filters by
commune (GSO code), level and product carried (with units on the shelf), optionally
sorted by distance from a point. Only approved outlets are ever listed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select

from .. import units
from ..catalog.models import Product, ProductStatus
from ..extensions import db
from .exceptions import OutletInvalid
from .models import Outlet, OutletLevel, OutletStatus, OutletStock

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 24
MAX_PAGE = 10_000


@dataclass(frozen=True)
class OutletQuery:
    commune: str | None = None  # GSO code
    level: OutletLevel | None = None
    product: Product | None = None
    near: tuple[float, float] | None = None  # (lat, lng)
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


@dataclass
class OutletPage:
    items: list[Outlet]
    total: int
    query: OutletQuery
    distances: dict[int, float]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


def _int(args, name: str, default: int, low: int, high: int) -> int:
    text = (args.get(name) or "").strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise OutletInvalid({name: f"{name} must be a whole number from {low} to {high}"})
    return int(text)


def parse_query(args) -> OutletQuery:
    """The query string of /outlets or the API, checked; OutletInvalid (English keys and
    messages, for the API) on a bad value."""
    commune = (args.get("commune") or "").strip() or None
    if commune is not None:
        found = units.commune(commune) if commune.isdigit() else None
        if found is None and not commune.isdigit():
            province = (args.get("province") or "19").strip()
            found = units.resolve_commune(province, commune)
        if found is None:
            raise OutletInvalid({"commune": f"unknown commune '{commune[:40]}'"})
        commune = found.code
    level = (args.get("level") or "").strip() or None
    if level is not None:
        try:
            level = OutletLevel(level)
        except ValueError:
            raise OutletInvalid({"level": "level must be one of "
                                          + ", ".join(v.value for v in OutletLevel)}) from None
    product = None
    slug = (args.get("product") or "").strip()
    if slug:
        product = db.session.scalar(select(Product).where(Product.slug == slug[:160],
                                                          Product.status == ProductStatus.ACTIVE))
        if product is None:
            raise OutletInvalid({"product": f"unknown product '{slug[:60]}'"})
    near = None
    if args.get("lat") or args.get("lng"):
        try:
            near = (float(args.get("lat", "")), float(args.get("lng", "")))
        except ValueError:
            raise OutletInvalid({"near": "lat and lng must be decimal degrees"}) from None
        if not (-90 <= near[0] <= 90 and -180 <= near[1] <= 180):
            raise OutletInvalid({"near": "lat and lng must be decimal degrees"})
    return OutletQuery(commune=commune, level=level, product=product, near=near,
                       page=_int(args, "page", 1, 1, MAX_PAGE),
                       per_page=_int(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE))


def _statement(q: OutletQuery):
    stmt = select(Outlet).where(Outlet.status == OutletStatus.APPROVED)
    if q.commune:
        stmt = stmt.where(Outlet.commune_code == q.commune)
    if q.level:
        stmt = stmt.where(Outlet.level == q.level)
    if q.product is not None:
        stmt = stmt.where(select(OutletStock.id).where(
            OutletStock.outlet_id == Outlet.id, OutletStock.product_id == q.product.id,
            OutletStock.on_hand > 0).exists())
    return stmt


def find_outlets(q: OutletQuery) -> OutletPage:
    """One page of approved outlets matching ``q``: by name, or nearest first."""
    stmt = _statement(q)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    start = (q.page - 1) * q.per_page
    distances: dict[int, float] = {}
    if q.near is None:
        rows = list(db.session.scalars(stmt.order_by(Outlet.name, Outlet.id)
                                       .offset(start).limit(q.per_page)))
    else:  # ~150 rows in a province: sorting in Python is simpler than SQL trigonometry
        every = list(db.session.scalars(stmt))
        for outlet in every:
            distances[outlet.id] = distance_km(q.near, point_of(outlet))
        every.sort(key=lambda o: (distances[o.id], o.name))
        rows = every[start:start + q.per_page]
    return OutletPage(rows, total, q, distances)


def point_of(outlet: Outlet) -> tuple[float | None, float | None]:
    """The outlet's pin, or its commune's centre when it has none."""
    if outlet.lat is not None and outlet.lng is not None:
        return outlet.lat, outlet.lng
    commune = outlet.commune
    return getattr(commune, "lat", None), getattr(commune, "lng", None)


def distance_km(a: tuple[float, float], b: tuple[float | None, float | None]) -> float:
    """Great-circle distance (haversine); unknown coordinates are infinitely far."""
    if b[0] is None or b[1] is None:
        return math.inf
    lat1, lng1, lat2, lng2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * \
        math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def listed_outlet(slug: str) -> Outlet | None:
    return db.session.scalar(select(Outlet).where(Outlet.slug == slug[:140],
                                                  Outlet.status == OutletStatus.APPROVED))


def carried_products(outlet_id: int) -> list[OutletStock]:
    """What the outlet has on its shelf now, for its public page (listed products only)."""
    from sqlalchemy.orm import selectinload

    from ..shops.models import Producer, ProducerStatus

    return list(db.session.scalars(
        select(OutletStock).join(Product, Product.id == OutletStock.product_id)
        .join(Producer, Producer.id == Product.producer_id)
        .where(OutletStock.outlet_id == outlet_id, OutletStock.on_hand > 0,
               Product.status == ProductStatus.ACTIVE, Producer.status == ProducerStatus.APPROVED)
        .order_by(Product.name)
        .options(selectinload(OutletStock.product).selectinload(Product.producer),
                 selectinload(OutletStock.product).selectinload(Product.images))))


def nearby(lat: float | None, lng: float | None, *, limit: int = 5,
           radius_km: float = 30.0) -> list[tuple[Outlet, float]]:
    """Approved outlets within ``radius_km`` of a point, nearest first."""
    if lat is None or lng is None:
        return []
    found = []
    for outlet in db.session.scalars(select(Outlet).where(Outlet.status == OutletStatus.APPROVED)):
        km = distance_km((lat, lng), point_of(outlet))
        if km <= radius_km:
            found.append((outlet, km))
    return sorted(found, key=lambda pair: pair[1])[:limit]


def communes_with_outlets() -> list[tuple[str, str, int]]:
    """(code, name, outlets) of every commune with an approved outlet, for the filter."""
    rows = db.session.execute(select(Outlet.commune_code, func.count())
                              .where(Outlet.status == OutletStatus.APPROVED)
                              .group_by(Outlet.commune_code))
    result = [(code, getattr(units.commune(code), "name", code), n) for code, n in rows]
    return sorted(result, key=lambda r: units.fold(r[1]))


def api_item(outlet: Outlet) -> dict:
    """One outlet as ``GET /api/v1/outlets`` lists it (DESIGN.md)."""
    return {
        "slug": outlet.slug,
        "name": outlet.name,
        "level": str(outlet.level),
        "province": getattr(outlet.province, "short", ""),
        "commune": getattr(outlet.commune, "short", ""),
        "address": outlet.address_line,
        "lat": outlet.lat,
        "lng": outlet.lng,
    }
