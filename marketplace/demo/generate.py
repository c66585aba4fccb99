"""The plausible rest of the demo catalogue, generated around the real headline items.

Everything comes from one seeded ``random.Random`` (and per-item generators seeded
by name), so two loads produce the same producers, products and prices. Only the
certificate dates depend on the day of loading (see ``certificates.py``).
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from ..formatting import slugify
from ..shops.models import ProducerKind
from .certificates import plan_certificates
from .data import headline
from .legacy import LegacyPlace, places_in
from .outlets import plan_outlets
from .kinds import Kind
from .specs import OutletSpec, ProducerSpec, ProductSpec
from .vocab import (
    BRANDS, FAMILY, GIVEN_F, GIVEN_M, HAMLETS_HIGHLAND, HAMLETS_TN, HIGHLAND_DISTRICTS,
    MIDDLE_F, MIDDLE_M, ORIGINS, SPECIALTIES, STORY_BODIES, STORY_CLOSINGS, STORY_OPENINGS,
    Specialty,
)

SEED = 19  # the GSO code of tỉnh Thái Nguyên
# The provincial figures of 01/2024 (OCOP.md): products with a certificate in force.
TARGET_STARS = {3: 149, 4: 89, 5: 2}
LAPSED_PRODUCTS = 5  # products whose only certificate has expired
NEW_PRODUCTS = 3  # generated products not yet certified (besides Bánh chưng Bờ Đậu)
KINDS = (ProducerKind.COOPERATIVE, ProducerKind.ENTERPRISE, ProducerKind.HOUSEHOLD)


@dataclass
class Catalogue:
    producers: list[ProducerSpec]
    products: list[ProductSpec]
    outlets: list[OutletSpec]


def build_catalogue(today, valid_months: int = 36) -> Catalogue:
    """The whole demo as specs: headline plus generated items, certificates dated from today."""
    rng = random.Random(SEED)
    producers, products = headline()
    names = {p.name for p in producers}
    brands = {p.brand for p in producers}
    for specialty in SPECIALTIES:
        made = _generate_specialty(rng, specialty, names, brands)
        producers.extend(p for p, _ in made)
        products.extend(item for _, items in made for item in items)
    _assign_stars(rng, products)
    _add_uncertified(rng, producers, products)
    _finish(rng, producers, products)
    plan_certificates(products, today, valid_months)
    return Catalogue(producers, products, plan_outlets(rng))


def _generate_specialty(rng: random.Random, specialty: Specialty, names: set[str],
                        brands: set[str]) -> list[tuple[ProducerSpec, list[ProductSpec]]]:
    places = [p for d in specialty.districts for p in places_in(d)]
    counts = _split(rng, specialty.products, specialty.producers, len(specialty.kinds))
    made = []
    villages = [p for p in places if p.ward.startswith("Xã")] or places
    for count in counts:
        kind = rng.choices(KINDS, weights=specialty.mix)[0]
        # Farms and workshops are in rural communes; a company may sit in a town.
        place = rng.choice(places if kind == ProducerKind.ENTERPRISE else villages)
        producer = _producer(rng, specialty, kind, place, names, brands)
        kinds = rng.sample(specialty.kinds, count)
        made.append((producer, [_product(producer, k, specialty.key) for k in kinds]))
    return made


def _split(rng: random.Random, total: int, parts: int, most: int) -> list[int]:
    """``total`` items over ``parts`` producers, each with 1 to ``most``."""
    counts = [1] * parts
    for _ in range(total - parts):
        open_ = [i for i, c in enumerate(counts) if c < most]
        counts[rng.choice(open_)] += 1
    return counts


def _street(rng: random.Random, place: LegacyPlace) -> str:
    if place.ward.startswith(("Phường", "Thị trấn")):
        return f"Tổ dân phố {rng.randint(1, 15)}"
    pool = HAMLETS_HIGHLAND if place.district_short in HIGHLAND_DISTRICTS else HAMLETS_TN
    return rng.choice(pool)


def _person(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"


def _producer(rng: random.Random, specialty: Specialty, kind: ProducerKind, place: LegacyPlace,
              names: set[str], brands: set[str]) -> ProducerSpec:
    street = _street(rng, place)
    owner = _person(rng)
    trade, firm_trade = specialty.trades
    if kind == ProducerKind.COOPERATIVE:
        hamlet = street.split(" ", 1)[1] if street.startswith(("Xóm", "Thôn")) else place.short
        candidates = [(f"HTX {trade} {place.short}", place.short),
                      (f"HTX {trade} {hamlet}", hamlet),
                      (f"HTX {trade} an toàn {place.short}", place.short),
                      (f"HTX {trade} {hamlet} {place.short}", hamlet)]
    else:
        free = [b for b in BRANDS if b not in brands] or BRANDS
        brand = rng.choice(free)
        name = (f"Công ty TNHH {firm_trade} {brand}" if kind == ProducerKind.ENTERPRISE
                else f"Hộ kinh doanh {owner}")
        candidates = [(name, brand), (f"{name} {place.short}", brand)]
    name, brand = next(((n, b) for n, b in candidates if n not in names), candidates[-1])
    names.add(name)
    brands.add(brand)
    return ProducerSpec(name=name, kind=kind, place=place, street=street,
                        story=_story(rng, specialty.key, kind, name, owner, place),
                        specialty=specialty.key, brand=brand)


def _story(rng: random.Random, specialty: str, kind: ProducerKind, name: str, owner: str,
           place: LegacyPlace) -> str:
    opening = STORY_OPENINGS[kind.value].format(
        name=name, owner=owner, year=rng.randint(2008, 2021), members=rng.randint(7, 45),
        ward=place.ward.replace("Xã", "xã").replace("Phường", "phường").replace("Thị trấn",
                                                                                "thị trấn"),
        district=place.district_title, generations=rng.choice(["hai", "ba", "bốn"]))
    body = STORY_BODIES[specialty].format(area=rng.randint(3, 40))
    return " ".join([opening, body, rng.choice(STORY_CLOSINGS)])


def _lower_ward(place: LegacyPlace) -> str:
    head, _, rest = place.ward.partition(" ")
    if head == "Thị":
        return "thị " + rest
    return f"{head.lower()} {rest}"


def _price(rng: random.Random, low: int, high: int) -> int:
    step = 5_000 if high >= 100_000 else 1_000
    return rng.randrange(low // step, high // step + 1) * step


def _product(producer: ProducerSpec, kind: Kind, specialty: str) -> ProductSpec:
    """One product of a kind; its own generator keeps it stable if the list around it changes."""
    rng = random.Random(f"{producer.name}|{kind.name}")
    net, low, high = rng.choice(kind.sizes)
    place = producer.place
    words = dict(brand=producer.brand, place=_lower_ward(place), district=place.district_short,
                 net=net)
    origin = ORIGINS[specialty].format(area=rng.randint(3, 40))
    return ProductSpec(
        producer=producer, name=kind.name.format(**words), category=kind.category,
        price_vnd=_price(rng, low, high), unit=kind.unit, net_quantity=net,
        description=kind.description.format(**words),
        origin=f"{origin} {_lower_ward(place)}, {place.district_title}",
        shelf_life=kind.shelf_life, storage=kind.storage,
        stock=rng.randint(*kind.stock), is_gift=rng.random() < kind.gift, weight4=kind.weight4,
    )


def _assign_stars(rng: random.Random, products: list[ProductSpec]) -> None:
    """Headline stars stay; generated items share what is left of 149/89/2 (tea leans to 4★)."""
    fixed = Counter(p.stars for p in products if p.stars)
    free = [p for p in products if p.stars is None and p.months_ago is None
            and p.name != "Bánh chưng Bờ Đậu"]
    need = {s: TARGET_STARS[s] - fixed.get(s, 0) for s in TARGET_STARS}
    if sum(need.values()) != len(free) or need[5] != 0:
        raise AssertionError(f"demo quotas do not add up: {need} for {len(free)} products")
    # Weighted sampling without replacement (Efraimidis–Spirakis): the top keys get 4★.
    keyed = sorted(free, key=lambda p: rng.random() ** (1 / p.weight4), reverse=True)
    for i, product in enumerate(keyed):
        product.stars = 4 if i < need[4] else 3


def _add_uncertified(rng: random.Random, producers: list[ProducerSpec],
                     products: list[ProductSpec]) -> None:
    """A few products whose only certificate lapsed, and a few new ones without one."""
    by_producer: dict[str, list[ProductSpec]] = {}
    for product in products:
        by_producer.setdefault(product.producer.name, []).append(product)
    kinds_of = {s.key: s.kinds for s in SPECIALTIES}
    candidates = [p for p in producers if p.specialty in kinds_of and not p.real
                  and len(by_producer.get(p.name, [])) < len(kinds_of[p.specialty])]
    chosen = rng.sample(candidates, LAPSED_PRODUCTS + NEW_PRODUCTS)
    for i, producer in enumerate(chosen):
        made = {p.name for p in by_producer[producer.name]}
        kind = next(k for k in kinds_of[producer.specialty]
                    if k.name.format(brand=producer.brand) not in made)
        product = _product(producer, kind, producer.specialty)
        if i < LAPSED_PRODUCTS:
            product.history = (3,)  # certified once, never re-registered
        products.append(product)


def _finish(rng: random.Random, producers: list[ProducerSpec],
            products: list[ProductSpec]) -> None:
    """Slugs, phone numbers and GS1 numbers, in a stable order."""
    taken: set[str] = set()
    for index, producer in enumerate(producers):
        producer.slug = _unique(slugify(producer.name), taken)
        producer.phone = _phone(rng, producer)
        if not producer.real and producer.kind != ProducerKind.HOUSEHOLD and rng.random() < 0.45:
            producer.gs1_prefix = f"893{60000 + index * 37:05d}"
    items = Counter()
    for product in products:
        base = slugify(product.name)
        if base in taken:
            base = slugify(f"{product.name} {product.producer.brand}")
        product.slug = _unique(base, taken)
        prefix = product.producer.gs1_prefix
        if prefix and product.category not in ("du-lich",):
            items[prefix] += 1
            product.gtin = gtin13(f"{prefix}{items[prefix]:04d}")


def _unique(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _phone(rng: random.Random, producer: ProducerSpec) -> str:
    if producer.kind == ProducerKind.ENTERPRISE:
        area = "0209" if producer.place.is_bac_kan else "0208"
        return f"{area} {rng.randint(3500, 3899)} {rng.randint(100, 999)}"
    prefix = rng.choice(["091", "094", "096", "097", "098", "086", "088", "083", "035", "036"])
    digits = f"{rng.randint(0, 9_999_999):07d}"
    return f"{prefix[:4]}{digits[0]} {digits[1:4]} {digits[4:]}"


def gtin13(first12: str) -> str:
    """A GTIN-13 with its GS1 check digit (weights 1,3,1,3... from the left)."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError(first12)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)
