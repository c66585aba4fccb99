"""Small helpers shared by the search tests."""
from __future__ import annotations

from sqlalchemy import select

from marketplace import search
from marketplace.catalog.filters import ProductFilters
from marketplace.catalog.models import Product
from marketplace.extensions import db


def names(page) -> list[str]:
    """Product names of a search page, in order."""
    return [card.name for card in page.items]


def find(q: str = "", **filters) -> search.SearchPage:
    """Search like the /search page does (relevance with a query, all facets)."""
    filters.setdefault("sort", "relevance" if q else "stars")
    filters.setdefault("per_page", 100)
    return search.search_products(ProductFilters(q=q, **filters))


def product_named(name: str) -> Product:
    return db.session.scalars(select(Product).where(Product.name == name)).one()
