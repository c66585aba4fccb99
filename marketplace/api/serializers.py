"""The JSON shapes of API v1 (DESIGN.md, "JSON API"), built as plain dicts.

Views hand these functions what the catalogue services already loaded; nothing here
queries the database. Every URL is absolute and comes from ``absolute_url``, so a
renamed storefront endpoint breaks in one place.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

from flask import url_for

from .. import units
from ..catalog.listing import FacetValue, ProductCard, ProductPage
from ..catalog.models import Product
from ..ocop.models import Certification, CertificationStatus
from ..ocop.services import current_certification
from ..shops.models import Producer

STAR_LEVELS = ("3", "4", "5")


def absolute_url(endpoint: str, **values) -> str:
    """The external URL of a storefront endpoint (scheme and host of this request)."""
    return url_for(endpoint, _external=True, **values)


def product_url(slug: str) -> str:
    return absolute_url("catalog.product", slug=slug)


def producer_url(slug: str) -> str:
    return absolute_url("shops.shop", slug=slug)


def media_url(path: str | None) -> str | None:
    return absolute_url("catalog.media", path=path) if path else None


def _short(unit) -> str:
    return unit.short if unit else ""


def product_item(card: ProductCard) -> dict:
    """One product as the listing, the producer profile and the detail all show it."""
    return {
        "slug": card.slug,
        "name": card.name,
        "producer": {"slug": card.producer_slug, "name": card.producer_name},
        "category": card.category,
        "stars": card.stars,
        "price_vnd": card.price_vnd,
        "province": card.province,
        "commune": card.commune,
        "url": product_url(card.slug),
    }


def product_page(page: ProductPage, suggestion: str | None = None) -> dict:
    """A listing page: the echoed query, paging, items, facet counts and a suggestion."""
    f = page.filters
    return {
        "query": f.q,
        "total": page.total,
        "page": f.page,
        "per_page": f.per_page,
        "items": [product_item(card) for card in page.items],
        "facets": facet_counts(page.facets),
        "suggestion": suggestion,
    }


def facet_counts(facets: dict[str, list[FacetValue]]) -> dict:
    """``{name: count}`` per facet; stars always lists 3, 4 and 5 (0 when none)."""
    stars = {value.key: value.count for value in facets.get("stars", [])}
    counts = {
        "category": {value.label: value.count for value in facets.get("category", [])},
        "stars": {level: stars.get(level, 0) for level in STAR_LEVELS},
        "province": {value.label: value.count for value in facets.get("province", [])},
        "commune": _commune_counts(facets.get("commune", [])),
    }
    if "price" in facets:  # search answers (a query was given): price bands by their key,
        # "100000-199999" or "500000-", which read as min_price and max_price
        counts["price"] = {value.key: value.count for value in facets["price"]}
    return counts


def suggestions(query: str, items) -> dict:
    """Autocomplete entries (search.Suggestion) with the page each one opens."""
    return {
        "query": query,
        "items": [{"text": item.text, "kind": item.kind,
                   "url": product_url(item.slug) if item.kind == "product"
                   else producer_url(item.slug)} for item in items],
    }


def _commune_counts(values: list[FacetValue]) -> dict[str, int]:
    # Many communes share a name across provinces ("An Khánh" is in Hà Nội and in
    # Thái Nguyên); a bare name would merge their counts, so a shared one gets its
    # full name and province.
    shared = Counter(value.label for value in values)
    counts: dict[str, int] = {}
    for value in values:
        label = value.label
        if shared[label] > 1:
            found = units.commune(value.key)
            if found:
                label = f"{found.name}, {_short(units.province(found.province_code))}"
        if label in counts:
            label = f"{label} [{value.key}]"
        counts[label] = value.count
    return counts


def certification_status(certification: Certification, day: date) -> str:
    """``active``, ``expired`` or ``revoked``, counting a lapsed date as expired already."""
    if certification.status == CertificationStatus.ACTIVE and not certification.is_current(day):
        return CertificationStatus.EXPIRED.value
    return certification.status.value


def certification(certification: Certification, day: date) -> dict:
    return {
        "stars": certification.stars,
        "score": certification.score,
        "certificate_no": certification.certificate_no,
        "decision_no": certification.decision_no,
        "issuer": certification.issuer,
        "certified_on": certification.certified_on.isoformat(),
        "expires_on": certification.expires_on.isoformat(),
        "active": certification.is_current(day),
        "status": certification_status(certification, day),
    }


def producer_ref(producer: Producer) -> dict:
    return {"slug": producer.slug, "name": producer.name, "kind": producer.kind.value,
            "url": producer_url(producer.slug)}


def product_detail(product: Product, card: ProductCard, day: date) -> dict:
    """The listing item plus the product page: images, certificates and provenance.

    ``product`` comes from ``get_listed_product`` (images, certificates and producer
    loaded); ``card`` from ``fetch_cards`` so the item part matches the listing exactly.
    """
    current = current_certification(product, day)
    producer = product.producer
    return {
        **product_item(card),
        "description": product.description,
        "unit": product.unit,
        "net_quantity": product.net_quantity,
        "stock": product.stock,
        "images": [media_url(image.path) for image in product.images],
        "certification": certification(current, day) if current else None,
        "certification_history": [certification(c, day) for c in product.certifications],
        "provenance": {
            "producer": producer_ref(producer),
            "province": _short(producer.province),
            "commune": _short(producer.commune),
            "province_code": producer.province_code,
            "commune_code": producer.commune_code,
            "street": producer.street,
            "legacy_address": producer.legacy_address,
            "origin": product.origin,
        },
    }


def producer_profile(producer: Producer, cards: list[ProductCard]) -> dict:
    """A shop profile with its listed products as listing items."""
    return {
        "slug": producer.slug,
        "name": producer.name,
        "kind": producer.kind.value,
        "province": _short(producer.province),
        "commune": _short(producer.commune),
        "province_code": producer.province_code,
        "commune_code": producer.commune_code,
        "street": producer.street,
        "legacy_address": producer.legacy_address,
        "story": producer.story,
        "phone": producer.phone,
        "email": producer.email,
        "website": producer.website,
        "logo": media_url(producer.logo_path),
        "url": producer_url(producer.slug),
        "products": [product_item(card) for card in cards],
    }
