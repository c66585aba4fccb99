"""Pre-2025 addresses (with their district) and the 2025 commune each one became.

Certificates and producer stories before 07/2025 name the old commune and district,
so every demo producer and outlet is placed by its legacy address and converted with
``vietnamadminunits.convert_address``: the same conversion an import of old data
would do, never a match on the commune name alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vietnamadminunits import convert_address
from vietnamadminunits.database import query

from .. import units

PROVINCE_CODE = "19"  # tỉnh Thái Nguyên since 07/2025 (Thái Nguyên + Bắc Kạn)
LEGACY_PROVINCES = ("19", "06")  # the old Thái Nguyên and Bắc Kạn


@dataclass(frozen=True)
class LegacyPlace:
    """An old commune, ward or township with its district, and where it is now."""

    ward: str  # "Xã Tân Cương", "Thị trấn Trại Cau"
    district: str  # "Thành phố Thái Nguyên", "Huyện Đồng Hỷ"
    province: str  # "Tỉnh Thái Nguyên", "Tỉnh Bắc Kạn"
    commune_code: str  # the 2025 commune or ward (GSO code)
    lat: float | None
    lng: float | None

    @property
    def short(self) -> str:
        """"Tân Cương" from "Xã Tân Cương"."""
        for prefix in ("Thị trấn ", "Phường ", "Xã "):
            if self.ward.startswith(prefix):
                return self.ward[len(prefix):]
        return self.ward

    @property
    def district_short(self) -> str:
        for prefix in ("Thành phố ", "Thành Phố ", "Thị xã ", "Huyện "):
            if self.district.startswith(prefix):
                return self.district[len(prefix):]
        return self.district

    @property
    def district_title(self) -> str:
        """How addresses wrote the district: "huyện Đại Từ", "TP. Thái Nguyên"."""
        if self.district.lower().startswith("thành phố"):
            return f"TP. {self.district_short}"
        return f"huyện {self.district_short}"

    @property
    def district_council(self) -> str:
        """The district People's Committee that certified 3★ in 2023–2025."""
        if self.district.lower().startswith("thành phố"):
            return f"UBND thành phố {self.district_short}"
        return f"UBND huyện {self.district_short}"

    @property
    def province_short(self) -> str:
        return self.province.removeprefix("Tỉnh ")

    @property
    def is_bac_kan(self) -> bool:
        return self.province_short == "Bắc Kạn"

    @property
    def address(self) -> str:
        """"Xã Tân Cương, TP. Thái Nguyên, tỉnh Thái Nguyên"."""
        return f"{self.ward}, {self.district_title}, tỉnh {self.province_short}"

    @property
    def commune(self) -> units.Commune:
        return units.commune(self.commune_code)  # type: ignore[return-value]


@lru_cache(maxsize=1)
def legacy_places() -> tuple[LegacyPlace, ...]:
    """Every old commune of Thái Nguyên and Bắc Kạn, converted to its 2025 unit."""
    rows = query(
        "SELECT province, district, ward FROM admin_units_legacy"
        f" WHERE provinceCode IN {LEGACY_PROVINCES} ORDER BY provinceCode DESC, districtCode,"
        " wardCode"
    )
    return tuple(place(r["ward"], r["district"], r["province"]) for r in rows)


@lru_cache(maxsize=None)
def place(ward: str, district: str, province: str = "Tỉnh Thái Nguyên") -> LegacyPlace:
    """An old unit by its full names, converted; raises if it is not in tỉnh Thái Nguyên now."""
    unit = convert_address(f"{ward}, {district}, {province}")
    old = unit.OldAdminUnit
    if unit.province_code != PROVINCE_CODE or units.commune(unit.ward_code) is None or old is None:
        raise ValueError(f"{ward}, {district}, {province} is not in tỉnh Thái Nguyên since 2025")
    # The official old names ("Thị trấn Trại Cau", not a hand-typed "Xã Trại Cau").
    return LegacyPlace(ward=old.ward, district=old.district, province=old.province,
                       commune_code=unit.ward_code, lat=old.latitude, lng=old.longitude)


def places_in(district_short: str) -> list[LegacyPlace]:
    """The old communes of one old district ("Đại Từ", "Na Rì", "Thái Nguyên")."""
    return [p for p in legacy_places() if p.district_short == district_short]


def find(ward_short: str, district_short: str) -> LegacyPlace:
    """One old commune by short names: ``find("Tân Cương", "Thái Nguyên")``."""
    for candidate in places_in(district_short):
        if candidate.short == ward_short:
            return candidate
    raise KeyError(f"{ward_short} ({district_short})")
