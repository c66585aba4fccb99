"""What the search index knows of a product, read from the database in batches.

Only listed products (active, of an approved producer) become documents; any
other id handed to the index is removed from it. The certificate is the active
one with its expiry date: whether it still counts is decided when a query runs,
so a badge drops out of star filters on the day it expires without a reindex.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Iterable, Iterator

from sqlalchemy import Connection, and_, func, select
from sqlalchemy.orm import aliased

from .. import units
from ..catalog.models import Category, Product, ProductStatus
from ..extensions import db
from ..ocop.models import Certification, CertificationStatus
from ..shops.models import Producer, ProducerStatus

BATCH = 2000


@dataclass(frozen=True)
class SearchDocument:
    """One listed product, flattened for indexing."""

    id: int
    slug: str
    name: str
    name_en: str
    producer_id: int
    producer_slug: str
    producer_name: str
    description: str
    origin: str
    category_id: int
    group_id: int
    category_name: str
    group_name: str
    province_code: str
    commune_code: str
    legacy_address: str
    price_vnd: int
    stock: int
    is_gift: bool
    stars: int  # of the active certificate, 0 without one
    stars_until: date | None  # its expiry date: the star counts while today <= this
    created_at: datetime

    @property
    def places(self) -> str:
        """Current commune and province names, then the pre-2025 address with its district."""
        commune, province = units.commune(self.commune_code), units.province(self.province_code)
        return " ".join(part for part in (getattr(commune, "name", ""),
                                          getattr(province, "name", ""),
                                          self.legacy_address) if part)

    @property
    def meta(self) -> str:
        """Short descriptive fields besides the name: producer, group, places, origin."""
        return " ".join((self.producer_name, self.category_name, self.group_name, self.places,
                         self.origin, self.name_en))

    @property
    def created_micros(self) -> int:
        created = self.created_at
        if created.tzinfo is None:  # SQLite hands back naive UTC
            created = created.replace(tzinfo=timezone.utc)
        return int(created.timestamp() * 1_000_000)


def _statement():
    group = aliased(Category)
    return (
        select(Product.id, Product.slug, Product.name, Product.name_en, Producer.id,
               Producer.slug, Producer.name,
               Product.description, Product.origin, Category.id,
               group.id, Category.name, group.name, Producer.province_code,
               Producer.commune_code, Producer.legacy_address, Product.price_vnd, Product.stock,
               Product.is_gift, Certification.stars, Certification.expires_on,
               Product.created_at)
        .join(Producer, Producer.id == Product.producer_id)
        .join(Category, Category.id == Product.category_id)
        .join(group, group.id == func.coalesce(Category.parent_id, Category.id))
        .outerjoin(Certification, and_(Certification.product_id == Product.id,
                                       Certification.status == CertificationStatus.ACTIVE))
        .where(Product.status == ProductStatus.ACTIVE, Producer.status == ProducerStatus.APPROVED)
    )


def _document(row) -> SearchDocument:
    doc = SearchDocument(*row)
    if doc.stars is None:  # no active certificate
        return replace(doc, stars=0)
    return doc


def load_documents(ids: Iterable[int],
                   connection: Connection | None = None) -> dict[int, SearchDocument]:
    """The documents of those ids that are listed now (absent ids are not listed).

    ``connection`` reads outside the session (only committed rows).
    """
    execute = (connection or db.session).execute
    wanted = sorted(set(ids))
    found: dict[int, SearchDocument] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        for row in execute(_statement().where(Product.id.in_(chunk))):
            found[row[0]] = _document(row)
    return found


def iter_documents() -> Iterator[list[SearchDocument]]:
    """Every listed product, in batches, from one streamed query (flat memory, one pass)."""
    result = db.session.execute(_statement().execution_options(yield_per=BATCH))
    for rows in result.partitions():
        yield [_document(row) for row in rows]


def product_ids_of_producers(producer_ids: Iterable[int]) -> list[int]:
    """Every product of those producers, listed or not (a suspension removes them all)."""
    wanted = list(set(producer_ids))
    if not wanted:
        return []
    return list(db.session.scalars(select(Product.id).where(Product.producer_id.in_(wanted))))
