"""Certificate histories for the demo, dated back from the day of loading.

Every date is derived from ``today`` so the statistics (240 in force, 149/89/2 by
stars, about 15 expiring within 90 days) hold on whatever day the demo is loaded.
Issuers follow the rules of the day a decision was taken: the ministry for 5★; the
province for 3★ and 4★ since 07/2025; a district council for 3★ between Decision 148
(02/2023) and 07/2025; the province (Thái Nguyên or Bắc Kạn) before that.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from ..clock import add_months
from ..ocop.models import PART_MAXIMA, CertificationStatus, IssuerLevel
from ..ocop.rules import STAR_BANDS
from .legacy import LegacyPlace
from .specs import CertSpec, ProductSpec

DECISION_148 = date(2023, 2, 24)  # 3★ to district councils; parts A/B/C = 40/25/35
MINISTRY_RENAMED = date(2025, 3, 1)  # Bộ NN&PTNT + Bộ TN&MT → Bộ Nông nghiệp và Môi trường
TWO_TIER = date(2025, 7, 1)  # districts abolished: the province certifies 3★ and 4★
LEGACY_MAXIMA = (35, 25, 35)  # 1048/QĐ-TTg gave C 40 points; our columns cap it at 35

# Decision rounds: (months before today, days earlier still) and how many items each took.
ROUNDS = [(32, 10), (29, 5), (27, 12), (26, 3), (23, 8), (20, 2), (17, 15), (14, 6), (11, 9),
          (8, 4), (5, 11), (3, 7), (1, 14)]
ROUND_WEIGHTS = [5, 6, 5, 6, 7, 7, 8, 8, 9, 9, 9, 8, 6]
EXPIRING = 15  # certificates whose 36 months end within the next 90 days
EXPIRING_DAYS_LEFT = 40
LAPSED_DAYS = [1, 30, 75, 140, 210]  # how long ago the lapsed certificates expired
HISTORY_SHARE = 0.22  # generated products with an earlier, expired certificate

DISTRICT_CODES = {
    "Thái Nguyên": "TPTN", "Sông Công": "TPSC", "Phổ Yên": "TPPY", "Đại Từ": "DT",
    "Định Hóa": "DHO", "Đồng Hỷ": "DHY", "Phú Lương": "PL", "Phú Bình": "PB", "Võ Nhai": "VN",
    "Bắc Kạn": "TPBK", "Ba Bể": "BB", "Bạch Thông": "BT", "Chợ Mới": "CM", "Chợ Đồn": "CD",
    "Na Rì": "NR", "Ngân Sơn": "NS", "Pác Nặm": "PN",
}


def plan_certificates(products: list[ProductSpec], today: date, valid_months: int = 36) -> None:
    """Fill ``product.certifications`` for every product (oldest first) and check the totals."""
    rng = random.Random(20)
    rounds = [_round_day(today, months, days, valid_months) for months, days in ROUNDS]
    by_months = {months: day for (months, _), day in zip(ROUNDS, rounds)}
    generated = [p for p in products if p.stars and p.months_ago is None]
    rng.shuffle(generated)
    expiring_day = add_months(today, -valid_months) + timedelta(days=EXPIRING_DAYS_LEFT)
    current: dict[int, date] = {}
    for i, product in enumerate(generated):
        current[id(product)] = (expiring_day if i < EXPIRING
                                else rng.choices(rounds, weights=ROUND_WEIGHTS)[0])
        if rng.random() < HISTORY_SHARE:
            product.history = (3,) if product.stars == 3 else (rng.choice((3, 4)),)
    lapsed = 0
    for product in products:
        certs: list[CertSpec] = []
        if product.stars:
            day = current.get(id(product)) or by_months[product.months_ago]
            certs.append(_cert(product, product.stars, day, valid_months, active=True))
        elif product.history:
            day = add_months(today, -valid_months) - timedelta(days=LAPSED_DAYS[lapsed % 5])
            while add_months(day, valid_months) >= today:
                day -= timedelta(days=1)
            lapsed += 1
            certs.append(_cert(product, product.history[-1], day, valid_months, active=False))
        history = product.history if product.stars else product.history[:-1]
        for stars in reversed(history):
            day = add_months(certs[-1].certified_on, -valid_months) - timedelta(
                days=rng.randint(5, 45))
            certs.append(_cert(product, stars, day, valid_months, active=False))
        product.certifications = list(reversed(certs))
    _number(products)
    _check(products, today)


def _round_day(today: date, months: int, days: int, valid_months: int) -> date:
    """A decision day; rounds scale with the validity so none of them lapses early."""
    return add_months(today, -round(months * valid_months / 36)) - timedelta(days=days)


def _cert(product: ProductSpec, stars: int, day: date, valid_months: int, *,
          active: bool) -> CertSpec:
    rng = random.Random(f"{product.producer.name}|{product.name}|{day.year}|{stars}")
    legacy = day < DECISION_148
    maxima = LEGACY_MAXIMA if legacy else tuple(PART_MAXIMA[k] for k in "ABC")
    low, high = next((lo, hi) for s, lo, hi in STAR_BANDS if s == stars)
    mode = {3: 62, 4: 77, 5: 92}[stars]
    score = min(int(rng.triangular(low, high + 1, mode)), high, sum(maxima))
    issuer, level = issuer_for(stars, day, product.producer.place)
    return CertSpec(
        stars=stars, score=score, parts=split_score(rng, score, maxima), certified_on=day,
        expires_on=add_months(day, valid_months), issuer=issuer, issuer_level=level,
        status=CertificationStatus.ACTIVE if active else CertificationStatus.EXPIRED,
    )


def split_score(rng: random.Random, score: int, maxima: tuple[int, ...]) -> tuple[int, int, int]:
    """Parts A/B/C that add up to ``score``, each within its maximum, roughly proportional."""
    if not 0 <= score <= sum(maxima):
        raise ValueError(score)
    parts = [max(0, min(m, round(score * m / sum(maxima) + rng.uniform(-1.5, 1.5))))
             for m in maxima]
    while (diff := score - sum(parts)) != 0:
        step = 1 if diff > 0 else -1
        room = [i for i, m in enumerate(maxima) if 0 <= parts[i] + step <= m]
        parts[rng.choice(room)] += step
    return parts[0], parts[1], parts[2]


def issuer_for(stars: int, day: date, place: LegacyPlace) -> tuple[str, IssuerLevel]:
    """Who decided a star level on a given day, for a producer at an old address."""
    if stars == 5:
        if day >= MINISTRY_RENAMED:
            return "Bộ Nông nghiệp và Môi trường", IssuerLevel.MINISTRY
        return "Bộ Nông nghiệp và Phát triển nông thôn", IssuerLevel.MINISTRY
    if day >= TWO_TIER:
        return "UBND tỉnh Thái Nguyên", IssuerLevel.PROVINCE
    if stars == 3 and day >= DECISION_148:
        return place.district_council, IssuerLevel.DISTRICT
    return f"UBND tỉnh {place.province_short}", IssuerLevel.PROVINCE


def _issuer_code(cert: CertSpec, place: LegacyPlace) -> str:
    if cert.issuer_level == IssuerLevel.MINISTRY:
        return "BNNMT" if cert.certified_on >= MINISTRY_RENAMED else "BNN"
    if cert.issuer_level == IssuerLevel.DISTRICT:
        return DISTRICT_CODES[place.district_short]
    return "BK" if cert.issuer.endswith("Bắc Kạn") else "TN"


def _decision_suffix(cert: CertSpec) -> str:
    if cert.issuer_level == IssuerLevel.MINISTRY:
        return "QĐ-BNNMT" if cert.certified_on >= MINISTRY_RENAMED else "QĐ-BNN-VPĐP"
    return "QĐ-UBND"


def _number(products: list[ProductSpec]) -> None:
    """Decision numbers shared by a round of one issuer; certificate numbers in sequence."""
    entries = sorted(((c, p) for p in products for c in p.certifications),
                     key=lambda e: (e[0].certified_on, e[0].issuer, e[1].slug))
    sequences: Counter = Counter()
    for cert, product in entries:
        rng = random.Random(f"{cert.issuer}|{cert.certified_on.isoformat()}")
        number = rng.randint(150, 3900) if cert.issuer_level != IssuerLevel.DISTRICT else (
            rng.randint(900, 9500))
        cert.decision_no = f"{number}/{_decision_suffix(cert)}"
        code = _issuer_code(cert, product.producer.place)
        key = (code, cert.certified_on.year)
        sequences[key] += 1
        cert.certificate_no = f"{code}-{key[1]}-{sequences[key]:04d}"


def _check(products: list[ProductSpec], today: date) -> None:
    """The plan must reproduce the provincial figures; fail loudly rather than load wrong data."""
    in_force = [c for p in products for c in p.certifications
                if c.status == CertificationStatus.ACTIVE and c.expires_on >= today]
    stars = Counter(c.stars for c in in_force)
    expiring = sum(c.expires_on <= today + timedelta(days=90) for c in in_force)
    if dict(stars) != {3: 149, 4: 89, 5: 2} or not 10 <= expiring <= 20:
        raise AssertionError(f"demo certificates: {dict(stars)}, {expiring} expiring")
