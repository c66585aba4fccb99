"""Factories that return saved objects with sensible defaults."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from marketplace.catalog.models import Category, Product, ProductStatus
from marketplace.clock import today
from marketplace.extensions import db
from marketplace.ocop.models import Certification
from marketplace.ocop.services import issue_certification
from marketplace.shops.models import Producer, ProducerKind, ProducerStatus

_seq = itertools.count(1)
SCORE_FOR_STARS = {3: 60, 4: 78, 5: 92}


def category(slug: str = "thuc-pham") -> Category:
    return db.session.scalar(select(Category).where(Category.slug == slug))


def make_producer(name: str | None = None, *, commune_code: str = "05503",
                  status: ProducerStatus = ProducerStatus.APPROVED, **fields) -> Producer:
    n = next(_seq)
    name = name or f"HTX thử nghiệm {n}"
    producer = Producer(
        slug=fields.pop("slug", f"htx-thu-nghiem-{n}"), name=name,
        kind=fields.pop("kind", ProducerKind.COOPERATIVE), province_code="19",
        commune_code=commune_code, status=status, **fields,
    )
    db.session.add(producer)
    db.session.commit()
    return producer


def make_product(name: str | None = None, *, producer: Producer | None = None,
                 stars: int | None = None, price_vnd: int = 125_000, stock: int = 10,
                 category_slug: str = "che-ca-phe", certified_on: date | None = None,
                 expires_on: date | None = None,
                 status: ProductStatus = ProductStatus.ACTIVE, **fields) -> Product:
    n = next(_seq)
    product = Product(
        producer=producer or make_producer(), slug=fields.pop("slug", f"san-pham-{n}"),
        name=name or f"Sản phẩm {n}", category=category(category_slug),
        price_vnd=price_vnd, stock=stock, status=status, **fields,
    )
    db.session.add(product)
    db.session.flush()
    if stars:
        make_certification(product, stars=stars, certified_on=certified_on,
                           expires_on=expires_on)
    db.session.commit()
    return product


def make_certification(product: Product, *, stars: int = 4, certified_on: date | None = None,
                       expires_on: date | None = None, score: int | None = None) -> Certification:
    certified_on = certified_on or today() - timedelta(days=100)
    certification = issue_certification(
        product, stars=stars, score=score or SCORE_FOR_STARS[stars], certified_on=certified_on,
        expires_on=expires_on, certificate_no=f"GCN-{next(_seq):05d}",
        decision_no=f"{next(_seq)}/QĐ-UBND", issuer="UBND tỉnh Thái Nguyên",
    )
    db.session.commit()
    return certification
