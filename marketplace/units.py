"""Đơn vị hành chính: the two-tier administrative units in force since 2025-07-01.

A thin, cached view over the ``vietnamadminunits`` data set: 34 provinces and
their communes and wards, each with its GSO code. A commune is only ever looked
up inside a province, because several communes share a name.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from vietnamadminunits.database import query

PROVINCE_PREFIXES = ("tỉnh ", "thành phố ", "tp. ", "tp ")
COMMUNE_PREFIXES = ("xã ", "phường ", "đặc khu ", "thị trấn ")


@dataclass(frozen=True)
class Province:
    code: str
    name: str  # "Tỉnh Thái Nguyên"
    short: str  # "Thái Nguyên"


@dataclass(frozen=True)
class Commune:
    code: str
    province_code: str
    name: str  # "Xã Tân Cương"
    short: str  # "Tân Cương"
    kind: str  # "Xã" or "Phường" or "Đặc khu"
    lat: float | None
    lng: float | None


def fold(text: str) -> str:
    """Lower-case, NFC and without diacritics (đ becomes d): a key for loose matching."""
    text = unicodedata.normalize("NFD", text.strip().casefold().replace("đ", "d"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _strip_prefix(text: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, Province], dict[str, Commune], dict[str, list[Commune]]]:
    rows = query(
        "SELECT province, provinceShort, provinceCode, ward, wardShort, wardType,"
        " wardCode, wardLat, wardLon FROM admin_units ORDER BY provinceCode, wardCode"
    )
    provinces: dict[str, Province] = {}
    communes: dict[str, Commune] = {}
    by_province: dict[str, list[Commune]] = {}
    for row in rows:
        code = row["provinceCode"]
        provinces.setdefault(code, Province(code, row["province"], row["provinceShort"]))
        commune = Commune(
            row["wardCode"], code, row["ward"], row["wardShort"], row["wardType"],
            row["wardLat"], row["wardLon"],
        )
        communes[commune.code] = commune
        by_province.setdefault(code, []).append(commune)
    return provinces, communes, by_province


def provinces() -> list[Province]:
    return sorted(_data()[0].values(), key=lambda p: fold(p.short))


def province(code: str | None) -> Province | None:
    return _data()[0].get(code or "")


def commune(code: str | None) -> Commune | None:
    return _data()[1].get(code or "")


def communes_of(province_code: str) -> list[Commune]:
    return sorted(_data()[2].get(province_code, []), key=lambda c: fold(c.short))


def resolve_province(text: str) -> Province | None:
    """A province by GSO code or Vietnamese name, with or without "Tỉnh"/"Thành phố"."""
    text = _normal(text)
    if text.isdigit():
        return province(text.zfill(2))
    wanted = _strip_prefix(text, PROVINCE_PREFIXES)
    for candidate in _data()[0].values():
        if wanted in (_normal(candidate.short), _normal(candidate.name)):
            return candidate
    return None


def resolve_commune(province_code: str, text: str) -> Commune | None:
    """A commune or ward of one province by GSO code or name (prefix optional)."""
    text = _normal(text)
    if text.isdigit():
        found = commune(text.zfill(5))
        return found if found and found.province_code == province_code else None
    wanted = _strip_prefix(text, COMMUNE_PREFIXES)
    matches = [
        c for c in _data()[2].get(province_code, [])
        if wanted in (_normal(c.short), _normal(c.name))
    ]
    # A name shared by a ward and a commune of one province needs its prefix.
    return matches[0] if len(matches) == 1 else None
