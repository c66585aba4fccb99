"""The OpenAPI 3.1 document of API v1, built in code from the same limits the views use.

Served at ``/api/v1/openapi.json``. tests/api/test_openapi.py validates it, checks that
every /api/v1 route of the app is described here, and validates real responses against
these schemas, so the document cannot drift from the code unnoticed.
"""
from __future__ import annotations

from copy import deepcopy

from ..catalog.filters import MAX_PAGE, MAX_PER_PAGE, MAX_PRICE, SORTS
from ..shops.models import ProducerKind

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"
FLAG_WORDS = ("1", "0", "true", "false", "yes", "no", "on", "off")


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, description: str = "", optional: dict | None = None) -> dict:
    """An object schema in which every listed property is always present (``optional``
    ones may be absent)."""
    schema = {"type": "object", "required": list(properties),
              "properties": {**properties, **(optional or {})}}
    if description:
        schema["description"] = description
    return schema


def _str(description: str = "", **extra) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _int(minimum: int | None = None, maximum: int | None = None, description: str = "") -> dict:
    schema: dict = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    if description:
        schema["description"] = description
    return schema


def _counts(description: str) -> dict:
    return {"type": "object", "additionalProperties": _int(0), "description": description}


def _star_counts(description: str) -> dict:
    return {**_obj({level: _int(0) for level in ("3", "4", "5")}), "description": description}


def _case_insensitive(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


COUNT = _int(0)
URL = _str(format="uri")
DATE = _str(format="date")
STARS = {"type": ["integer", "null"], "enum": [3, 4, 5, None],
         "description": "Stars of the certificate in force today; null without one."}

SCHEMAS: dict = {
    "Error": _obj({"error": _str("What was wrong, for a person to read.")}),
    "ProducerRef": _obj({"slug": _str(), "name": _str()}),
    "ProductItem": _obj({
        "slug": _str(),
        "name": _str(),
        "producer": _ref("ProducerRef"),
        "category": _str("One of the six OCOP product groups (Decision 148)."),
        "stars": STARS,
        "price_vnd": _int(0, description="Integer đồng."),
        "province": _str("2025 province, short name (\"Thái Nguyên\")."),
        "commune": _str("2025 commune or ward, short name (\"Tân Cương\")."),
        "url": {**URL, "description": "The product page."},
    }, "A product as listings show it."),
    "Facets": _obj({
        "category": _counts("Product group name → count, without the category filter."),
        "stars": _star_counts("Star level → count, without the stars filter."),
        "province": _counts("Province name → count, without the province filter."),
        "commune": _counts("Commune name → count, without the commune filter (a name shared "
                           "by several communes is written \"Xã X, Province\")."),
    }, "Counts for each facet, each respecting every other filter.", optional={
        # Only the search index counts price bands, so this facet comes with a query.
        "price": _counts("Price band → count, without the price filters; present when `q` "
                         "is given. A band is `min-max` in đồng (`100000-199999`), the top "
                         "one `min-` (`500000-`): pass them as min_price and max_price."),
    }),
    "ProductList": _obj({
        "query": _str("The query as understood (whitespace collapsed)."),
        "total": COUNT,
        "page": _int(1, MAX_PAGE),
        "per_page": _int(1, MAX_PER_PAGE),
        "items": {"type": "array", "items": _ref("ProductItem")},
        "facets": _ref("Facets"),
        "suggestion": _nullable(_str("A better query, when there is one.")),
    }),
    "Certification": _obj({
        "stars": {"type": "integer", "enum": [3, 4, 5]},
        "score": _nullable(_int(0, 100)),
        "certificate_no": _str(),
        "decision_no": _str(),
        "issuer": _str(),
        "certified_on": DATE,
        "expires_on": DATE,
        "active": {"type": "boolean",
                   "description": "Issued, not revoked and expires_on >= today (Vietnam)."},
        "status": {"type": "string", "enum": ["active", "expired", "revoked"]},
    }, "An OCOP star certificate (valid 36 months from the decision)."),
    "ProducerSummary": _obj({
        "slug": _str(), "name": _str(),
        "kind": {"type": "string", "enum": [k.value for k in ProducerKind]},
        "url": {**URL, "description": "The shop page."},
    }),
    "Provenance": _obj({
        "producer": _ref("ProducerSummary"),
        "province": _str(), "commune": _str(),
        "province_code": _str("GSO code.", pattern="^[0-9]{2}$"),
        "commune_code": _str("GSO code.", pattern="^[0-9]{5}$"),
        "street": _str(),
        "legacy_address": _str("The pre-2025 address with its district, as old "
                               "certificates wrote it."),
        "origin": _str("Where the raw material comes from (vùng nguyên liệu)."),
    }),
    "ProductDetail": {
        "allOf": [_ref("ProductItem"), _obj({
            "description": _str(),
            "unit": _str(),
            "net_quantity": _str(),
            "stock": COUNT,
            "images": {"type": "array", "items": URL},
            "certification": {"oneOf": [_ref("Certification"), {"type": "null"}],
                              "description": "The certificate in force today, or null."},
            "certification_history": {"type": "array", "items": _ref("Certification"),
                                       "description": "Every certificate, newest first."},
            "provenance": _ref("Provenance"),
        })],
        "description": "The product page: the listing item plus details.",
    },
    "Producer": _obj({
        "slug": _str(), "name": _str(),
        "kind": {"type": "string", "enum": [k.value for k in ProducerKind]},
        "province": _str(), "commune": _str(),
        "province_code": _str("GSO code.", pattern="^[0-9]{2}$"),
        "commune_code": _str("GSO code.", pattern="^[0-9]{5}$"),
        "street": _str(), "legacy_address": _str(), "story": _str(),
        "phone": _nullable(_str()), "email": _nullable(_str()), "website": _nullable(_str()),
        "logo": _nullable(URL),
        "url": {**URL, "description": "The shop page."},
        "products": {"type": "array", "items": _ref("ProductItem"),
                     "description": "Every listed product of the producer."},
    }, "Chủ thể OCOP: a cooperative, enterprise or household and its shop."),
    "Suggestions": _obj({
        "query": _str("What was typed, whitespace collapsed (at most 100 characters)."),
        "items": {"type": "array", "maxItems": 10, "items": _obj({
            "text": _str("A product or producer name, with diacritics."),
            "kind": {"type": "string", "enum": ["product", "producer"]},
            "url": {**URL, "description": "The product page or the shop page."},
        })},
    }, "Autocomplete for a search box: product names first, then producers."),
    "Stats": _obj({
        "products_certified": COUNT,
        "by_stars": _star_counts("Products per star level."),
        "by_group": _counts("Product group name → certified products."),
        "producers": _int(0, description="Approved producers."),
        "outlets": _int(0, description="Approved OCOP sales points."),
        "expiring_within_90_days": COUNT,
    }, "Programme figures, counting certificates in force today only."),
}

FLAG = {"type": "string",
        "pattern": "^\\s*(" + "|".join(_case_insensitive(w) for w in FLAG_WORDS) + ")?\\s*$",
        "description": "1/true/yes/on or 0/false/no/off; empty means not set."}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


LISTING_PARAMETERS = [
    _query("q", _str(), "Search words: each must appear in the product's name, producer, "
                        "description, group, places or origin (case and diacritics ignored, "
                        "`che` finds `Chè`); ranked by relevance. Adds `suggestion` and the "
                        "price facet."),
    _query("category", _str(), "Product group or sub-group, by slug (`che-ca-phe`) or "
                               "Vietnamese name (`Thực phẩm`); unknown → 400."),
    _query("stars", _int(3, 5), "Only products whose certificate in force has this many "
                                "stars."),
    _query("province", _str(), "2025 province by name (`Thái Nguyên`, with or without "
                               "`Tỉnh`) or GSO code (`19`); unknown → 400."),
    _query("commune", _str(), "Commune or ward by GSO code (`05503`), or by name together "
                              "with `province`; unknown or outside the province → 400."),
    _query("min_price", _int(0, MAX_PRICE), "Lowest price in đồng; not above max_price."),
    _query("max_price", _int(0, MAX_PRICE), "Highest price in đồng."),
    _query("in_stock", FLAG, "Only products with stock."),
    _query("is_gift", FLAG, "Only gift items (1) or only non-gift items (0)."),
    _query("sort", {"type": "string", "enum": list(SORTS)},
           "Order; `relevance` (the default with q) or `stars` (the default without)."),
    _query("page", _int(1, MAX_PAGE), "Page number, from 1."),
    _query("per_page", _int(1, MAX_PER_PAGE), "Items per page (default 24)."),
]

CACHE_HEADER = {"Cache-Control": {"schema": {"type": "string"},
                                  "description": "public, max-age=60"}}


def _json(schema_name: str, description: str, headers: bool = False) -> dict:
    response = {"description": description,
                "content": {"application/json": {"schema": _ref(schema_name)}}}
    if headers:
        response["headers"] = CACHE_HEADER
    return response


TOO_MANY = {**_json("Error", "Too many requests from this address (SEARCH_RATE_LIMIT_PER_IP, "
                            "SUGGEST_RATE_LIMIT_PER_IP); retry after the given seconds."),
            "headers": {"Retry-After": {"schema": {"type": "integer"}}}}


def _get(operation_id: str, summary: str, schema: str, *, parameters=(), bad_request=False,
         not_found=False, unavailable=False, rate_limited=False) -> dict:
    responses = {"200": _json(schema, "OK", headers=True)}
    if bad_request:
        responses["400"] = _json("Error", "A parameter is invalid.")
    if not_found:
        responses["404"] = _json("Error", "Unknown, or not listed.")
    if unavailable:
        responses["503"] = {**_json("Error", "The search index cannot answer now (being "
                                             "rebuilt); retry after the given seconds."),
                            "headers": {"Retry-After": {"schema": {"type": "integer"}}}}
    if rate_limited:
        responses["429"] = TOO_MANY
    operation = {"operationId": operation_id, "summary": summary, "responses": responses}
    if parameters:
        operation["parameters"] = list(parameters)
    return {"get": operation}


SLUG = {"name": "slug", "in": "path", "required": True, "schema": _str(minLength=1)}

PATHS = {
    "/products": _get("listProducts", "Listed products with filters, sorting and facets",
                      "ProductList", parameters=LISTING_PARAMETERS, bad_request=True,
                      unavailable=True, rate_limited=True),
    "/suggest": _get("suggest", "Product and producer names completing what was typed",
                     "Suggestions", parameters=[_query(
                         "q", _str(), "What was typed so far; the last word counts as a "
                                      "prefix (`mien do` → `Miến dong …`). Empty → no items.")],
                     bad_request=True, unavailable=True, rate_limited=True),
    "/products/{slug}": _get("getProduct", "One listed product", "ProductDetail",
                             parameters=[SLUG], not_found=True),
    "/producers/{slug}": _get("getProducer", "An approved producer and its products",
                              "Producer", parameters=[SLUG], not_found=True),
    "/stats/ocop": _get("getOcopStats", "OCOP programme statistics", "Stats"),
    "/openapi.json": {"get": {
        "operationId": "getOpenApi", "summary": "This document",
        "responses": {"200": {"description": "The OpenAPI document", "headers": CACHE_HEADER,
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
}


def openapi_document() -> dict:
    """The whole document, a fresh copy on each call (callers may change it)."""
    from . import openapi_ocop as ocop_trace  # trace and export endpoints (issue 8)
    from . import openapi_outlets as outlets  # GET /outlets (issue 7)

    return deepcopy({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "OCOP Marketplace API",
            "version": API_VERSION,
            "summary": "Read access to OCOP products, producers and programme statistics.",
            "description": "Errors are `{\"error\": \"...\"}` with a 4xx status. Money is "
                           "integer VND. Successful responses may be cached for 60 seconds.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {**PATHS, **ocop_trace.PATHS, **outlets.PATHS},
        "components": {"schemas": {**SCHEMAS, **ocop_trace.SCHEMAS, **outlets.SCHEMAS},
                       "securitySchemes": ocop_trace.SECURITY_SCHEMES},
    })
