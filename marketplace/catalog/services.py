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
class ListedRef:
    """What a storefront URL needs before anything else: the row's id, and for a product
    whether it is a gift set (which has a page of its own)."""

    id: int
    gift_set: bool = False


def listed_product_ref(slug: str) -> ListedRef | None:
    """A listed product by slug, or None; cached per catalogue revision (publishing,
    archiving or a producer's approval bumps it)."""
    from ..outlets.giftset_models import GiftSet
    from . import cache

    def find() -> ListedRef | None:
        row = db.session.execute(
            select(Product.id, GiftSet.product_id)
            .join(Producer, Producer.id == Product.producer_id)
            .outerjoin(GiftSet, GiftSet.product_id == Product.id)
            .where(Product.slug == slug, Product.status == ProductStatus.ACTIVE,
                   Producer.status == ProducerStatus.APPROVED)).first()
        return None if row is None else ListedRef(row[0], row[1] is not None)

    return cache.cached(("listed-product", slug), find)


@dataclass(frozen=True)
class BuyBox:
    """The live part of a product page: the stock (sales do not bump the revision) and
    the unit it is counted in, for the add-to-cart form."""

    id: int
    stock: int
    unit: str


@lru_cache(maxsize=1)
def _buy_box_statement():
    return select(Product.stock, Product.unit).where(Product.id == bindparam("id"))


def buy_box(product_id: int) -> BuyBox:
    """Read on every product page request: one indexed row, no ORM objects."""
    stock, unit = db.session.connection().execute(_buy_box_statement(),
                                                  {"id": product_id}).one()
    return BuyBox(product_id, stock, unit)


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
