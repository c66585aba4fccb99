"""Synthetic national-scale catalogue for bench/search.py, from the demo's vocabulary.

Producers in every 2025 commune of the 34 provinces make the demo's kinds of
product (teas, miến, honey, rượu men lá, crafts...), named and described by the
demo's templates; stars, prices, stock and dates are drawn like the real
programme's (mostly 3★ and 4★, a few 5★, some uncertified or lapsed). One seeded
generator makes the same catalogue on every run.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import insert, select

from marketplace import units
from marketplace.catalog.models import Category, Product, ProductStatus
from marketplace.demo.vocab import BRANDS, FAMILY, GIVEN_F, GIVEN_M, ORIGINS, SPECIALTIES
from marketplace.extensions import db
from marketplace.ocop.models import Certification, CertificationStatus
from marketplace.shops.models import Producer, ProducerKind, ProducerStatus

SEED = 2025
PRODUCTS_PER_PRODUCER = 10
STARS = ((3, 0.55), (4, 0.37), (5, 0.03), (0, 0.05))  # 0: uncertified
SYLLABLES = sorted({s for name in BRANDS + GIVEN_F + GIVEN_M + FAMILY for s in name.split()})
VARIANTS = ("", "đặc biệt", "loại 1", "thượng hạng", "truyền thống", "hữu cơ", "quà biếu",
            "cao cấp", "gia truyền", "xuất khẩu")


def generate(count: int, today: date) -> dict[str, int]:
    """Insert ``count`` listed products (and their producers and certificates); commits."""
    rng = random.Random(SEED)
    communes = [c for p in units.provinces() for c in units.communes_of(p.code)]
    categories = {c.slug: c.id for c in db.session.scalars(select(Category))}
    weights = [s.products for s in SPECIALTIES]
    producers, products, certs = [], [], []
    producer_id = product_id = 0
    while product_id < count:
        producer_id += 1
        specialty = rng.choices(SPECIALTIES, weights)[0]
        commune = rng.choice(communes)
        brand = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        producers.append(_producer(rng, producer_id, specialty, brand, commune))
        for n in range(min(PRODUCTS_PER_PRODUCER, count - product_id)):
            product_id += 1
            kind = rng.choice(specialty.kinds)
            products.append(_product(rng, product_id, producer_id, specialty, kind, brand,
                                     commune, n, categories, today))
            cert = _certificate(rng, product_id, today)
            if cert:
                certs.append(cert)
    for table, rows in ((Producer, producers), (Product, products), (Certification, certs)):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(table), rows[start:start + 5000])
    db.session.commit()
    return {"producers": len(producers), "products": len(products), "certificates": len(certs)}


def _producer(rng, pid, specialty, brand, commune) -> dict:
    province = units.province(commune.province_code)
    trade, firm_trade = specialty.trades
    kind = rng.choices((ProducerKind.COOPERATIVE, ProducerKind.ENTERPRISE,
                        ProducerKind.HOUSEHOLD), specialty.mix)[0]
    name = {ProducerKind.COOPERATIVE: f"HTX {trade} {brand}",
            ProducerKind.ENTERPRISE: f"Công ty TNHH {firm_trade} {brand}",
            ProducerKind.HOUSEHOLD: f"Hộ kinh doanh {rng.choice(FAMILY)} {brand}"}[kind]
    return dict(id=pid, slug=f"p{pid}", name=f"{name} {pid}", kind=kind,
                province_code=commune.province_code, commune_code=commune.code,
                street="", legacy_address=f"{commune.name}, {province.name}",
                status=ProducerStatus.APPROVED, story="",
                created_at=datetime(2020, 1, 1, tzinfo=timezone.utc))


def _product(rng, pid, producer_id, specialty, kind, brand, commune, n, categories, today) -> dict:
    net, low, high = rng.choice(kind.sizes)
    province = units.province(commune.province_code).short
    words = dict(brand=brand, place=commune.name.lower(), district=province, net=net)
    variant = VARIANTS[n % len(VARIANTS)]
    name = " ".join(part for part in (kind.name.format(**words), variant, net if n >= 10 else "")
                    if part)
    created = datetime.combine(today, datetime.min.time(), timezone.utc) - timedelta(
        minutes=rng.randrange(3 * 365 * 24 * 60))
    return dict(
        id=pid, producer_id=producer_id, slug=f"s{pid}", name=f"{name} {n}" if n >= 10 else name,
        name_en="", category_id=categories[kind.category],
        description=kind.description.format(**words), description_en="", unit=kind.unit,
        net_quantity=net, price_vnd=rng.randrange(low // 1000, high // 1000 + 1) * 1000,
        stock=0 if rng.random() < 0.1 else rng.randint(*kind.stock),
        status=ProductStatus.ACTIVE,
        origin=f"{ORIGINS[specialty.key].format(area=rng.randint(3, 40))} {commune.name}",
        shelf_life=kind.shelf_life, storage=kind.storage, gtin=None,
        is_gift=rng.random() < kind.gift, created_at=created, updated_at=created,
    )


def _certificate(rng, product_id, today) -> dict | None:
    stars = rng.choices([s for s, _ in STARS], [w for _, w in STARS])[0]
    if not stars:
        return None
    certified = today - timedelta(days=rng.randrange(40 * 30))
    expires = certified + timedelta(days=36 * 30)
    status = CertificationStatus.ACTIVE if expires >= today else CertificationStatus.EXPIRED
    return dict(product_id=product_id, stars=stars, score={3: 60, 4: 78, 5: 92}[stars],
                certificate_no=f"GCN-{product_id}", decision_no="", issuer="",
                issuer_level="ministry" if stars == 5 else "province", certified_on=certified,
                expires_on=expires, status=status, revoked_reason="",
                created_at=datetime(2020, 1, 1, tzinfo=timezone.utc))
