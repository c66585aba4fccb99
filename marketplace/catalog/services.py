"""Catalogue reads used by the storefront and the API."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..shops.models import Producer, ProducerStatus
from .models import Product, ProductStatus


def get_listed_product(slug: str) -> Product | None:
    """An active product of an approved producer, with what its page shows, or None."""
    return db.session.execute(
        select(Product)
        .join(Producer, Producer.id == Product.producer_id)
        .where(Product.slug == slug, Product.status == ProductStatus.ACTIVE,
               Producer.status == ProducerStatus.APPROVED)
        # One round trip: a product has a handful of images and certificates.
        .options(joinedload(Product.images), joinedload(Product.certifications),
                 joinedload(Product.producer), joinedload(Product.category))
    ).unique().scalar_one_or_none()


@dataclass(frozen=True)
class LiveProduct:
    """What a product page reads on every request: the listed product's id, whether it is
    a gift set (which has a page of its own), its stock (sales do not bump the revision)
    and the unit it is counted in, for the add-to-cart form."""

    id: int
    gift_set: bool
    stock: int
    unit: str


@lru_cache(maxsize=1)
def _live_product_statement():
    from ..outlets.giftset_models import GiftSet
    from .models import CatalogRevision

    return (select(Product.id, GiftSet.product_id, Product.stock, Product.unit,
                   select(CatalogRevision.revision).scalar_subquery())
            .join(Producer, Producer.id == Product.producer_id)
            .outerjoin(GiftSet, GiftSet.product_id == Product.id)
            .where(Product.slug == bindparam("slug"), Product.status == ProductStatus.ACTIVE,
                   Producer.status == ProducerStatus.APPROVED))


def live_listed_product(slug: str) -> LiveProduct | None:
    """A listed product by slug, or None, in one indexed statement that also reads the
    catalogue revision for the request: on PostgreSQL every round trip counts."""
    from . import cache

    row = db.session.connection().execute(_live_product_statement(), {"slug": slug}).first()
    if row is None:
        return None
    product_id, gift_set, stock, unit, revision = row
    cache.note_revision(revision)
    return LiveProduct(product_id, gift_set is not None, stock, unit)


def get_listed_producer(slug: str) -> Producer | None:
    """An approved producer by slug, or None (pending and suspended shops are hidden)."""
    return db.session.scalar(
        select(Producer).where(Producer.slug == slug, Producer.status == ProducerStatus.APPROVED)
    )


def listed_producer_id(slug: str) -> int | None:
    """The id of an approved producer by slug, or None; cached per catalogue revision
    (approving, suspending or editing a shop bumps it)."""
    from . import cache

    return cache.cached(("listed-producer", slug), lambda: db.session.scalar(
        select(Producer.id).where(Producer.slug == slug,
                                  Producer.status == ProducerStatus.APPROVED)))
