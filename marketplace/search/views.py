"""Trang tìm kiếm: ``GET /search?q=`` with the listing's facet sidebar, highlighted results,
did-you-mean and a useful empty state.

The page reuses the listing's parameters (``parse_filters``), its sidebar and cards; only
the answer comes from the search index instead of the listing query. Any input gives a
page or a 400 (bad filter, NUL character); an index that cannot answer gives a 503 page.
"""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from ..catalog.exceptions import InvalidFilter
from ..catalog.filters import ProductFilters, parse_filters
from ..catalog.home import home_page
from ..catalog.models import Product
from ..catalog.views import _active_filters, filter_message
from ..extensions import db
from ..formatting import localized
from ..security import search_limit
from .base import SearchUnavailable, price_band_key
from .highlight import highlight, snippet
from .service import SearchPage, search_products, suggest

bp = Blueprint("search", __name__)
RETRY_AFTER_SECONDS = 30
EMPTY_SUGGESTIONS = 6  # names completing the query, offered when nothing was found
DID_YOU_MEAN_PREVIEW = 4  # hits of the corrected query shown when nothing was found


@bp.get("/search")
@search_limit()
def results():
    """Kết quả tìm kiếm: one page of hits for the query and the listing's filters."""
    if any("\x00" in value for values in request.args.listvalues() for value in values):
        return _page(None, ProductFilters(), error=_("Từ khoá chứa ký tự không hợp lệ.")), 400
    try:
        filters = parse_filters(request.args)
    except InvalidFilter as error:
        q = " ".join((request.args.get("q") or "").split())[:500]
        return _page(None, ProductFilters(q=q), error=filter_message(error)), 400
    try:
        page = search_products(filters)
    except SearchUnavailable:
        response = render_template("search/unavailable.html", q=filters.q, search_q=filters.q)
        return response, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return _page(page, filters)


def _page(page: SearchPage | None, filters: ProductFilters, *, error: str | None = None):
    empty = page is not None and not page.items and filters.page == 1
    instead = _did_you_mean_hits(page, filters) if empty else None
    names, snippets = _highlights(page) if page else ({}, {})
    if instead is not None:
        more_names, more_snippets = _highlights(instead)
        names, snippets = {**names, **more_names}, {**snippets, **more_snippets}
    return render_template(
        "search/results.html", page=page, filters=filters, error=error,
        chips=_active_filters(filters, None) if page else [],
        names=names, snippets=snippets, instead=instead,
        search_q=filters.q, filters_action=url_for("search.results"),
        reset_href=url_for("search.results", q=filters.q or None),
        price_selected=_price_selected(filters),
        completions=_completions(filters.q) if empty else [],
        groups=_popular_groups() if empty or page is None else [],
    )


def _highlights(page: SearchPage) -> tuple[dict[int, Markup], dict[int, Markup]]:
    """Each card's name and a stretch of its description with the query's words marked.

    ``highlight``/``snippet`` escape the text and add only <mark> tags, so the Markup is safe.
    """
    if not page.items or not page.words:
        return {}, {}
    ids = [card.id for card in page.items]
    descriptions = {row.id: localized(row, "description") for row in db.session.execute(
        select(Product.id, Product.description, Product.description_en)
        .where(Product.id.in_(ids)))}
    names = {card.id: highlight(localized(card), page.words) for card in page.items}
    snippets = {i: snippet(text, page.words) for i, text in descriptions.items() if text}
    return names, snippets


def _did_you_mean_hits(page: SearchPage, filters: ProductFilters) -> SearchPage | None:
    """The first hits of the did-you-mean query, shown on a page that found nothing."""
    if not page.suggestion:
        return None
    try:
        return search_products(replace(filters, q=page.suggestion, page=1,
                                       per_page=DID_YOU_MEAN_PREVIEW), with_facets=False)
    except SearchUnavailable:
        return None


def _price_selected(f: ProductFilters) -> str:
    """The price facet key the current min/max prices stand for ("" if none)."""
    if f.min_price is None and f.max_price is None:
        return ""
    return price_band_key((f.min_price or 0, f.max_price))


def _completions(q: str):
    """Names that complete what was typed (the typed words as prefixes), for the empty page."""
    if not q:
        return []
    try:
        return suggest(q, EMPTY_SUGGESTIONS)
    except SearchUnavailable:
        return []


def _popular_groups():
    """The OCOP groups that have products, most first: somewhere to go from an empty page."""
    return sorted((g for g in home_page().groups if g.count), key=lambda g: -g.count)
