"""Phí vận chuyển: the shipping fee of one producer's parcel.

The rule (flat by region, plus weight), per shop order:

| zone | when | fee for the first 1 kg | each further 500 g started |
|---|---|---|---|
| ``local`` | the producer's province is the delivery province | 20.000 ₫ | 2.500 ₫ |
| ``near`` | a neighbouring province (shares a border) | 30.000 ₫ | 4.000 ₫ |
| ``far`` | any other province | 40.000 ₫ | 5.000 ₫ |

Weight is the sum of ``Product.weight_grams × quantity`` of the parcel's lines.

``NEIGHBOURS`` lists the 34 provinces of 2025 (GSO codes) that share a border. It was
derived from the commune coordinates of ``vietnamadminunits`` (two provinces are
neighbours when communes of each lie within 15 km of each other), checked by hand
against the map, and Lai Châu–Sơn La added (their border communes are farther apart).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

FIRST_KG_GRAMS = 1000
STEP_GRAMS = 500
FEES = {  # zone: (first kg, each further started 500 g)
    "local": (20_000, 2_500),
    "near": (30_000, 4_000),
    "far": (40_000, 5_000),
}
ZONE_LABELS = {"local": _l("Nội tỉnh"), "near": _l("Tỉnh lân cận"), "far": _l("Liên vùng")}

_PAIRS = """
91-96 91-92 91-82 24-01 24-33 24-31 24-20 24-22 24-19 96-92 92-86 92-82 04-20 04-19 04-08
48-46 48-51 66-52 66-56 66-68 11-12 11-14 75-79 75-68 75-80 82-79 82-80 82-86 52-51 01-33
01-37 01-25 01-19 42-40 42-44 31-33 31-22 79-68 79-80 46-44 33-37 56-68 12-15 12-14 20-22
20-19 15-25 15-14 15-08 40-38 37-25 37-38 25-14 25-38 25-19 25-08 14-38 80-86 19-08
"""
NEIGHBOURS: dict[str, frozenset[str]] = {}
for _pair in _PAIRS.split():
    _a, _b = _pair.split("-")
    NEIGHBOURS[_a] = NEIGHBOURS.get(_a, frozenset()) | {_b}
    NEIGHBOURS[_b] = NEIGHBOURS.get(_b, frozenset()) | {_a}


@dataclass(frozen=True)
class ShippingQuote:
    zone: str
    weight_grams: int
    fee_vnd: int

    @property
    def zone_label(self) -> str:
        return ZONE_LABELS[self.zone]


def zone(from_province: str, to_province: str) -> str:
    if from_province == to_province:
        return "local"
    if to_province in NEIGHBOURS.get(from_province, ()):
        return "near"
    return "far"


def quote(from_province: str, to_province: str, weight_grams: int) -> ShippingQuote:
    """The fee for one parcel of ``weight_grams`` from one province to another."""
    which = zone(from_province, to_province)
    first, step = FEES[which]
    extra = max(0, weight_grams - FIRST_KG_GRAMS)
    steps = -(-extra // STEP_GRAMS)  # each started 500 g
    return ShippingQuote(which, weight_grams, first + steps * step)
