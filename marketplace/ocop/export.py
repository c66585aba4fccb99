"""Export for the national OCOP database: every certificate with its product and producer.

One row per certificate (history included: expired, revoked and superseded ones too),
in CSV (UTF-8 with BOM, for spreadsheets) or JSON. The column names are a public
contract (README, "OCOP export"): new columns may be appended, none renamed or removed.
"""
from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import units
from ..catalog.models import Product
from ..clock import today
from ..extensions import db
from ..shops.models import Producer
from .models import Certification, CertificationStatus

FORMAT_VERSION = "ocop-certifications/1"
COLUMNS = (
    "certificate_no", "decision_no", "stars", "score", "score_a", "score_b", "score_c",
    "issuer", "issuer_level", "certified_on", "expires_on", "status", "active",
    "revoked_reason", "product_slug", "product_name", "product_group", "product_subgroup",
    "gtin", "producer_slug", "producer_name", "producer_kind", "producer_tax_code",
    "province_code", "province", "commune_code", "commune", "street", "legacy_address",
)
STATUSES = ("all", "active", "expired", "revoked")


def rows(day: date | None = None, status: str = "all") -> list[dict]:
    """The export rows, by producer, product and decision date. ``status``: ``active``
    (in force today, the badge rule), ``expired`` (lapsed or superseded), ``revoked``,
    or ``all``."""
    day = day or today()
    query = (select(Certification).join(Product, Product.id == Certification.product_id)
             .join(Producer, Producer.id == Product.producer_id)
             .options(joinedload(Certification.product).joinedload(Product.producer),
                      joinedload(Certification.product).joinedload(Product.category))
             .order_by(Producer.name, Product.name, Certification.certified_on,
                       Certification.id))
    if status == "active":
        query = query.where(Certification.current_clause(day))
    elif status == "revoked":
        query = query.where(Certification.status == CertificationStatus.REVOKED)
    elif status == "expired":
        query = query.where(Certification.status != CertificationStatus.REVOKED,
                            ~Certification.current_clause(day))
    return [_row(c, day) for c in db.session.scalars(query).unique()]


def _row(c: Certification, day: date) -> dict:
    product, producer = c.product, c.product.producer
    category = product.category
    province, commune = units.province(producer.province_code), units.commune(
        producer.commune_code)
    return {
        "certificate_no": c.certificate_no, "decision_no": c.decision_no, "stars": c.stars,
        "score": c.score, "score_a": c.score_a, "score_b": c.score_b, "score_c": c.score_c,
        "issuer": c.issuer, "issuer_level": str(c.issuer_level),
        "certified_on": c.certified_on.isoformat(), "expires_on": c.expires_on.isoformat(),
        "status": str(c.status), "active": c.is_current(day),
        "revoked_reason": c.revoked_reason,
        "product_slug": product.slug, "product_name": product.name,
        "product_group": category.group.name,
        "product_subgroup": category.name if category.parent_id else "",
        "gtin": product.gtin or "",
        "producer_slug": producer.slug, "producer_name": producer.name,
        "producer_kind": str(producer.kind), "producer_tax_code": producer.tax_code,
        "province_code": producer.province_code, "province": getattr(province, "name", ""),
        "commune_code": producer.commune_code, "commune": getattr(commune, "name", ""),
        "street": producer.street, "legacy_address": producer.legacy_address,
    }


def to_csv(data: list[dict]) -> str:
    """CSV with a header row of COLUMNS; booleans as 1/0, missing numbers empty."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in data:
        writer.writerow({k: (int(v) if isinstance(v, bool) else "" if v is None else v)
                         for k, v in row.items()})
    return "\ufeff" + out.getvalue()


def to_json(data: list[dict], day: date | None = None) -> dict:
    """``{"format", "generated_on", "columns", "count", "certifications": [row, ...]}``."""
    return {"format": FORMAT_VERSION, "generated_on": (day or today()).isoformat(),
            "columns": list(COLUMNS), "count": len(data), "certifications": data}
