"""The search service the rest of the app calls: query, suggest, keep the index in step.

Consistency is explicit: a service that changes what a product shows in search
(create, edit, delete, restock, (de)certify, a producer approved or suspended)
calls ``mark_products`` (or ``mark_producers``) inside its transaction. The
marks are flushed to the index right after that transaction commits, from the
committed rows, and dropped if it rolls back; so search sees a change in the
same request that made it. ``index_products``/``remove_products`` do the same
at once, for code that has already committed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterable

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .. import units
from ..catalog import cache
from ..catalog.filters import ProductFilters
from ..catalog.listing import FacetValue, ProductPage, fetch_cards
from ..catalog.models import Category
from ..extensions import db
from ..formatting import format_vnd, localized
from ..i18n import current_language
from .base import PRICE_BANDS, SUGGEST_LIMIT, SearchBackend, Suggestion, price_band_key
from .documents import SearchDocument, load_documents, product_ids_of_producers

log = logging.getLogger(__name__)
PENDING = "search_pending_products"


@dataclass
class SearchPage(ProductPage):
    """A listing page answered by search: cards, total, facets, plus what search adds."""

    suggestion: str | None = None  # did-you-mean, with diacritics
    words: tuple[str, ...] = ()  # the query's words, for highlighting


def backend() -> SearchBackend:
    """The configured backend of the current app, created on first use."""
    name = current_app.config.get("SEARCH_BACKEND", "whoosh")
    key = (name, current_app.config.get("SEARCH_INDEX_DIR"))
    backends = current_app.extensions.setdefault("search", {})
    if key not in backends:
        backends[key] = _make_backend(name)
    return backends[key]


def _make_backend(name: str) -> SearchBackend:
    if name == "whoosh":
        from .whoosh_backend import WhooshBackend

        return WhooshBackend(current_app.config["SEARCH_INDEX_DIR"])
    if name == "postgres":
        from .postgres_backend import PostgresBackend

        return PostgresBackend()
    raise ValueError(f"SEARCH_BACKEND must be 'whoosh' or 'postgres', not {name!r}")


# Queries ------------------------------------------------------------------------

def search_products(filters: ProductFilters, *, with_facets: bool = True) -> SearchPage:
    """One page of products for the filters and query, facets and did-you-mean included.

    Raises SearchUnavailable when the index cannot answer (being rebuilt).
    """
    result = backend().search(filters, with_facets)
    page = SearchPage(fetch_cards(result.ids), result.total, filters,
                      suggestion=result.suggestion, words=result.words)
    if with_facets:
        page.facets = facet_values(result.facets)
    return page


def suggest(text: str, limit: int = SUGGEST_LIMIT) -> list[Suggestion]:
    """Up to ``limit`` (at most 10) product and producer names completing ``text``."""
    return backend().suggest(text, max(0, min(limit, SUGGEST_LIMIT)))


def facet_values(raw: dict[str, dict]) -> dict[str, list[FacetValue]]:
    """Raw counts keyed by filter values → the listing's FacetValue lists, in its order."""
    groups = _groups()
    facets = {
        "category": [FacetValue(groups[k].slug, localized(groups[k]), n)
                     for k, n in sorted(raw.get("category", {}).items(),
                                        key=lambda kv: groups[kv[0]].position) if k in groups],
        "stars": [FacetValue(str(k), str(k), n)
                  for k, n in sorted(raw.get("stars", {}).items(), reverse=True)],
        "province": _units(raw.get("province", {}), units.province),
        "commune": _units(raw.get("commune", {}), units.commune),
        "price": [FacetValue(price_band_key(PRICE_BANDS[k]), _band_label(PRICE_BANDS[k]), n)
                  for k, n in sorted(raw.get("price", {}).items()) if n],
    }
    return facets


@dataclass(frozen=True)
class _Group:
    slug: str
    name: str
    name_en: str
    position: int


def _groups() -> dict[int, _Group]:
    # Plain values, not ORM rows: the cache outlives the session that read them.
    def compute() -> dict[int, _Group]:
        rows = db.session.execute(select(Category.id, Category.slug, Category.name,
                                         Category.name_en, Category.position)
                                  .where(Category.parent_id.is_(None)))
        return {id_: _Group(*values) for id_, *values in rows}

    return cache.cached(("search-groups",), compute)


def _units(counts: dict[str, int], lookup) -> list[FacetValue]:
    values = [FacetValue(code, getattr(lookup(code), "short", code), n)
              for code, n in counts.items()]
    return sorted(values, key=lambda v: (-v.count, units.fold(v.label)))


def _band_label(band: tuple[int, int | None]) -> str:
    low, high = band
    language = current_language()
    if high is None:
        return _("Từ %(price)s", price=format_vnd(low, language))
    if low == 0:
        return _("Dưới %(price)s", price=format_vnd(high + 1, language))
    return f"{format_vnd(low, language)} – {format_vnd(high + 1, language)}"


# Keeping the index in step ------------------------------------------------------

def index_products(ids: Iterable[int]) -> None:
    """Re-read these products (committed state) and update the index now.

    Products that are no longer listed (draft, archived, deleted, producer not
    approved) are removed from it.
    """
    wanted = {int(i) for i in ids}
    if wanted:
        backend().apply(_changes(wanted))


def remove_products(ids: Iterable[int]) -> None:
    """Remove these products from the index now (e.g. after deleting them)."""
    wanted = {int(i) for i in ids}
    if wanted:
        backend().apply({i: None for i in wanted})


def index_producers(ids: Iterable[int]) -> None:
    """Re-read every product of these producers (after approval, suspension, a rename)."""
    index_products(product_ids_of_producers(ids))


def mark_products(ids: Iterable[int]) -> None:
    """Index these products when the current transaction commits (dropped on rollback)."""
    db.session.info.setdefault(PENDING, set()).update(int(i) for i in ids)


def mark_producers(ids: Iterable[int]) -> None:
    """Index every product of these producers when the current transaction commits."""
    mark_products(product_ids_of_producers(ids))


def rebuild(procs: int | None = None) -> int:
    """Rebuild the whole index from the database (atomically); returns the product count.

    ``procs``: indexing processes for the Whoosh backend (default: chosen by size).
    """
    return backend().rebuild(procs)


def clear() -> None:
    """Empty the index (tests; a database that was emptied)."""
    backend().clear()


def health() -> str:
    """The backend's short state when it can answer; raises SearchUnavailable if it cannot."""
    return backend().health()


def _changes(ids: set[int]) -> dict[int, SearchDocument | None]:
    # A connection of its own: sees exactly what is committed, and can run inside
    # the after_commit hook, where the session itself may not emit SQL.
    with db.engine.connect() as connection:
        found = load_documents(ids, connection)
    return {i: found.get(i) for i in ids}


def _after_commit(session: Session) -> None:
    ids = session.info.pop(PENDING, None)
    if not ids:
        return
    try:
        index_products(ids)
    except Exception:  # the database change stands: never turn it into an error page
        log.exception("search index update failed for %d product(s)", len(ids))


def _after_rollback(session: Session, previous) -> None:
    if previous.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(PENDING, None)


def init_app(app: Flask) -> None:
    """Flush marked products to the index after each commit of the app's session."""
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_soft_rollback", _after_rollback)
    app.extensions.setdefault("search", {})
