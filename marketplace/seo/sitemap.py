"""The sitemap: every indexable storefront URL, split by kind into files of bounded size.

``/sitemap.xml`` is always a sitemap index. One sitemap file may hold 50,000 URLs; the
catalogue alone is past 20,000 products in the benchmark and grows with every producer,
so a single file would break one day without warning. The index names chunks
``/sitemap-<kind>-<n>.xml`` of at most ``URLS_PER_FILE`` URLs (10,000: a few MB each).

Each file is cached per catalogue revision and day, like the listings (``catalog/cache``,
which also keeps the small file counts), but in one slot per file and host here: the
revision moves with every sale, and a multi-megabyte body per old revision would pile up
in the shared cache until evicted.
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterator
from urllib.parse import quote

from flask import current_app, render_template, request, url_for
from sqlalchemy import Select, func, select

from ..catalog import cache
from ..catalog.listing import _listed  # the one definition of "listed" (search reuses it too)
from ..catalog.models import Category, Product, ProductStatus
from ..clock import today
from ..extensions import db
from ..outlets.event_models import EventStatus, TradeEvent
from ..outlets.giftset_models import GiftSet
from ..outlets.models import Outlet, OutletStatus
from ..shops.models import Producer, ProducerStatus

URLS_PER_FILE = 10_000
MAX_SLOTS = 64  # cached files across hosts (the Host header picks the absolute URLs)
STATIC_PAGES = ("catalog.home", "catalog.products", "ocop.stats", "outlets.directory_page",
                "outlets.gift_sets_page", "outlets.events_page")


@dataclass(frozen=True)
class Kind:
    """One kind of page: the endpoint taking ``slug`` and (slug, last change) rows by id."""

    endpoint: str
    rows: Callable[[], Select]


def _products() -> Select:
    """Listed products, gift sets aside (their product URL redirects to the gift-set page)."""
    return (_listed(today()).outerjoin(GiftSet, GiftSet.product_id == Product.id)
            .where(GiftSet.product_id.is_(None))
            .with_only_columns(Product.slug, Product.updated_at).order_by(Product.id))


def _shops() -> Select:
    return (select(Producer.slug, func.coalesce(Producer.approved_at, Producer.created_at))
            .where(Producer.status == ProducerStatus.APPROVED).order_by(Producer.id))


def _outlets() -> Select:
    return (select(Outlet.slug, func.coalesce(Outlet.approved_at, Outlet.created_at))
            .where(Outlet.status == OutletStatus.APPROVED).order_by(Outlet.id))


def _gift_sets() -> Select:
    """What the gift-set page shows: a set whose product is on sale."""
    return (select(Product.slug, Product.updated_at).join(GiftSet, GiftSet.product_id == Product.id)
            .where(Product.status == ProductStatus.ACTIVE).order_by(Product.id))


def _events() -> Select:
    return (select(TradeEvent.slug, TradeEvent.created_at)
            .where(TradeEvent.status == EventStatus.PUBLISHED).order_by(TradeEvent.id))


KINDS = {
    "products": Kind("catalog.product", _products),
    "shops": Kind("shops.shop", _shops),
    "outlets": Kind("outlets.outlet_page", _outlets),
    "gift-sets": Kind("outlets.gift_set_page", _gift_sets),
    "events": Kind("outlets.event_page", _events),
}
FILES = ("pages", *KINDS)


def w3c_datetime(moment: datetime | None) -> str | None:
    """``<lastmod>`` text; SQLite hands back naive datetimes, which are UTC here."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def file_counts() -> dict[str, int]:
    """How many files each kind takes (the static pages one, an empty kind none); cached."""
    def compute() -> dict[str, int]:
        totals = {kind: db.session.scalar(select(func.count()).select_from(k.rows().subquery()))
                  for kind, k in KINDS.items()}
        return {"pages": 1, **{kind: math.ceil((n or 0) / URLS_PER_FILE)
                               for kind, n in totals.items()}}
    return cache.cached(("sitemap-files", URLS_PER_FILE), compute)


def index_entries() -> list[str]:
    """Absolute URLs of every sitemap file, for the index."""
    counts = file_counts()
    return [url_for("seo.sitemap_file", kind=kind, number=n, _external=True)
            for kind in FILES for n in range(1, counts[kind] + 1)]


def entries(kind: str, number: int) -> Iterator[tuple[str, str | None]]:
    """(absolute URL, lastmod) of one file, streamed from the database in id order."""
    if kind == "pages":
        yield from ((url, None) for url in _static_pages())
        return
    prefix = url_for(KINDS[kind].endpoint, slug="_", _external=True)[:-1]
    stmt = KINDS[kind].rows().offset((number - 1) * URLS_PER_FILE).limit(URLS_PER_FILE)
    for slug, changed in db.session.execute(stmt.execution_options(yield_per=1000)):
        yield prefix + quote(slug), w3c_datetime(changed)


def _static_pages() -> list[str]:
    """The storefront's own pages, with every category that lists something."""
    pairs = db.session.execute(
        _listed(today()).with_only_columns(Category.id, Category.parent_id).distinct()).all()
    ids = {i for pair in pairs for i in pair if i is not None}
    categories = db.session.scalars(
        select(Category.slug).where(Category.id.in_(ids))
        .order_by(func.coalesce(Category.parent_id, Category.id), Category.parent_id.isnot(None),
                  Category.position, Category.id)) if ids else []
    pages = [url_for(endpoint, _external=True) for endpoint in STATIC_PAGES]
    return [*pages[:2], *(url_for("catalog.category", slug=slug, _external=True)
                          for slug in categories), *pages[2:]]


def render_index() -> str:
    return cached("index", lambda: render_template("seo/sitemap_index.xml",
                                                   files=index_entries()))


def render_file(kind: str, number: int) -> str | None:
    """One sitemap file, or None when the kind has no such file."""
    if not 1 <= number <= file_counts()[kind]:
        return None
    return cached(f"{kind}-{number}", lambda: render_template("seo/urlset.xml",
                                                              urls=entries(kind, number)))


# ---------------------------------------------------------------- one cached body per file
_lock = threading.Lock()
_slots: OrderedDict[tuple[str, str], tuple[tuple, float, str]] = OrderedDict()


def cached(name: str, render: Callable[[], str]) -> str:
    """``render()`` once per catalogue revision and day, for CATALOG_CACHE_SECONDS at most."""
    ttl = current_app.config["CATALOG_CACHE_SECONDS"]
    if ttl <= 0:
        return render()
    key, version = (request.host_url, name), (cache.current_revision(), today())
    now = time.monotonic()
    with _lock:
        hit = _slots.get(key)
        if hit and hit[0] == version and hit[1] > now:
            return hit[2]
    body = render()
    with _lock:
        _slots[key] = (version, now + ttl, body)
        _slots.move_to_end(key)
        while len(_slots) > MAX_SLOTS:
            _slots.popitem(last=False)
    return body


def clear() -> None:
    with _lock:
        _slots.clear()
