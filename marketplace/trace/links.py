"""GS1 Digital Link URLs and the human trace codes printed on stamps and trace pages.

A stamp's QR code encodes ``https://{host}/01/{GTIN-14}/10/{lot}/21/{serial}`` when the
product has a GTIN, else ``https://{host}/trace/{serial}``; both open the same page.
The host is the one the request came to (``SITE_URL`` outside a request, e.g. the CLI).
"""
from __future__ import annotations

import re
from urllib.parse import quote

from flask import current_app, has_request_context, request

# GS1 AI (10) lot: up to 20 characters; we keep to URL-safe ones so links need no escaping.
LOT_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,19}")


def gtin14(gtin: str | None) -> str | None:
    """A GTIN-8/12/13/14 as the 14 digits of AI (01), zero-padded; None without one."""
    digits = (gtin or "").strip()
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        return None
    return digits.zfill(14)


def site_root() -> str:
    """``https://host/`` of the current request, else of SITE_URL."""
    if has_request_context():
        return request.url_root
    return current_app.config.get("SITE_URL", "http://127.0.0.1:5000").rstrip("/") + "/"


def stamp_url(serial: str, gtin: str | None, lot: str, root: str | None = None) -> str:
    """What the QR code of a stamp encodes."""
    root = root or site_root()
    padded = gtin14(gtin)
    if padded:
        return f"{root}01/{padded}/10/{quote(lot, safe='')}/21/{serial}"
    return f"{root}trace/{serial}"


def lot_uri(product_slug: str, gtin: str | None, lot: str, root: str | None = None) -> str:
    """The lot as an EPCIS class identifier (a Digital Link URI with or without a GTIN)."""
    root = root or site_root()
    padded = gtin14(gtin)
    if padded:
        return f"{root}01/{padded}/10/{quote(lot, safe='')}"
    return f"{root}trace/lot/{quote(product_slug, safe='')}/{quote(lot, safe='')}"


def product_trace_code(product_id: int, gtin: str | None, lot: str) -> str:
    """Mã truy vết sản phẩm: the lot as a GS1 element string, or our product code + lot."""
    padded = gtin14(gtin)
    if padded:
        return f"(01){padded}(10){lot}"
    return f"SP{product_id:06d}-{lot}"


def producer_place(producer) -> tuple[str, str]:
    """Mã truy vết địa điểm and name of a producer's premises."""
    return (f"VN-{producer.province_code}-{producer.commune_code}-CT{producer.id:05d}",
            f"{producer.name}, {producer.address_line}".strip(", "))


def outlet_place(outlet) -> tuple[str, str]:
    """Location code and name of an OCOP outlet (điểm bán)."""
    from .. import units

    commune = units.commune(outlet.commune_code)
    where = ", ".join(x for x in (getattr(commune, "name", ""), getattr(
        units.province(outlet.province_code), "name", "")) if x)
    return (f"VN-{outlet.province_code}-{outlet.commune_code}-DB{outlet.id:05d}",
            f"{outlet.name}, {where}".strip(", "))


def commune_place(province_code: str, commune_code: str, label: str) -> tuple[str, str]:
    """A place known only by its commune (a shopper's delivery address: nothing finer is
    ever published)."""
    from .. import units

    commune = units.commune(commune_code)
    province = units.province(province_code)
    where = ", ".join(x for x in (getattr(commune, "name", ""), getattr(province, "name", ""))
                      if x)
    return f"VN-{province_code}-{commune_code}", f"{label}, {where}".strip(", ")
