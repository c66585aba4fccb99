"""Catalogue reads used by the storefront and the API."""
from __future__ import annotations

from sqlalchemy import select
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
