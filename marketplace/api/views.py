"""API v1 read endpoints: thin wrappers over the catalogue and OCOP services.

Each view parses its parameters, calls one service and hands the result to
``serializers``; bad parameters become ``{"error": ...}`` with 400, unknown or
unlisted records ``{"error": ...}`` with 404.
"""
from __future__ import annotations

from flask import current_app, request

from .. import search
from ..catalog.exceptions import InvalidFilter
from ..catalog.filters import ProductFilters, parse_filters
from ..catalog.listing import ProductPage, fetch_cards, list_products, matching_ids
from ..catalog.services import get_listed_producer, get_listed_product
from ..clock import today
from ..security import config_limit, limiter, search_limit, without_query
from ..ocop.services import ocop_stats
from . import bp, serializers
from .errors import json_error
from .openapi import openapi_document

CACHE_SECONDS = 60
RETRY_AFTER_SECONDS = 30
SUGGEST_MAX_CHARS = 100  # what a search box sends while typing; longer is cut, not refused


def json_ok(data: dict):
    """A 200 JSON response keeping the keys in the order the serializers wrote them."""
    body = current_app.json.dumps(data, sort_keys=False)
    return current_app.response_class(body + "\n", mimetype="application/json")


@bp.before_request
def _reject_nul_characters():
    # PostgreSQL refuses NUL in text parameters (a 500); nothing legitimate contains one.
    if any("\x00" in value for value in (request.view_args or {}).values()
           if isinstance(value, str)):
        return json_error("not found", 404)
    if any("\x00" in value for values in request.args.listvalues() for value in values):
        return json_error("parameters must not contain NUL characters", 400)
    return None


@bp.after_request
def _cache_headers(response):
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = CACHE_SECONDS
    return response


@bp.errorhandler(InvalidFilter)
def _invalid_filter(error: InvalidFilter):
    return json_error(str(error), 400)


@bp.errorhandler(search.SearchUnavailable)
def _search_unavailable(error: search.SearchUnavailable):
    response = json_error("search is temporarily unavailable; retry shortly", 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def product_listing(f: ProductFilters) -> ProductPage:
    """The listing for ``f``; with a query, the search index answers (ranked, with a
    did-you-mean ``suggestion``), without one the listing query does."""
    if not f.q:
        return list_products(f, with_facets=True)
    return search.search_products(f)


@bp.get("/products")
@search_limit(exempt_when=without_query)
def products():
    """Listed products matching the filters, one page, with facet counts."""
    page = product_listing(parse_filters(request.args))
    return json_ok(serializers.product_page(page, getattr(page, "suggestion", None)))


@bp.get("/suggest")
@limiter.limit(config_limit("SUGGEST_RATE_LIMIT_PER_IP"))
def suggest():
    """Product and producer names completing what was typed (the search box), at most 10."""
    q = " ".join((request.args.get("q") or "").split())[:SUGGEST_MAX_CHARS]
    items = search.suggest(q) if q else []
    return json_ok(serializers.suggestions(q, items))


@bp.get("/products/<slug>")
def product(slug: str):
    """One listed product with its certificates and provenance."""
    found = get_listed_product(slug)
    cards = fetch_cards([found.id]) if found else []
    if not cards:
        return json_error(f"no product '{slug[:160]}'", 404)
    return json_ok(serializers.product_detail(found, cards[0], today()))


@bp.get("/producers/<slug>")
def producer(slug: str):
    """An approved producer's profile and its listed products."""
    found = get_listed_producer(slug)
    if found is None:
        return json_error(f"no producer '{slug[:140]}'", 404)
    cards = fetch_cards(matching_ids(ProductFilters(producer_id=found.id)))
    return json_ok(serializers.producer_profile(found, cards))


@bp.get("/stats/ocop")
def ocop_statistics():
    """Programme figures counting certificates in force today."""
    return json_ok(ocop_stats().as_json())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API."""
    return json_ok(openapi_document())
