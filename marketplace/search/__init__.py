"""Tìm kiếm: Vietnamese full-text search over the catalogue, with facets and autocomplete.

Two backends answer the same calls: a Whoosh index on local disk (embedded
default, one host) and PostgreSQL full text (several hosts). The app calls the
functions below explicitly; only this package imports Whoosh.
"""
from .base import PRICE_BANDS, SearchResult, SearchUnavailable, Suggestion, price_band_bounds
from .highlight import highlight, snippet
from .service import (
    SearchPage, backend, clear, health, index_producers, index_products, init_app,
    mark_producers, mark_products, rebuild, remove_products, search_products, suggest,
)

__all__ = [
    "PRICE_BANDS", "SearchPage", "SearchResult", "SearchUnavailable", "Suggestion", "backend",
    "clear", "health", "highlight", "index_producers", "index_products", "init_app",
    "mark_producers", "mark_products", "price_band_bounds", "rebuild", "remove_products",
    "search_products", "snippet", "suggest",
]
