"""About 150 OCOP sales points (điểm bán) over the communes of tỉnh Thái Nguyên.

Thái Nguyên opened over 130 commune-level and over 20 district-level points in
2020–2024, plus points at the Hải Đăng rest stop and a trade centre (OCOP.md).
Commune points sit in old communes, so each is placed by its legacy address; the
first one of a 2025 commune takes that commune's coordinates, later ones the old
commune's own.
"""
from __future__ import annotations

import random

from .. import units
from ..formatting import slugify
from ..outlets.models import OutletLevel
from .legacy import LegacyPlace, find, legacy_places
from .specs import OutletSpec

COMMUNE_POINTS = 128
HOURS = ["7:30–17:30, thứ Hai – Chủ nhật", "7:00–17:00, thứ Hai – thứ Bảy",
         "8:00–20:00, hằng ngày", "7:30–11:30 và 13:30–17:00, thứ Hai – thứ Sáu"]
COMMUNE_SITES = ["Chợ {short}", "Nhà văn hóa {short}", "Trụ sở UBND {ward} cũ",
                 "Cửa hàng nông sản {short}", "Ngã ba trung tâm {short}"]

# Old district → the town or ward that was its seat, where its district point stood.
DISTRICT_SEATS = [
    ("Phan Đình Phùng", "Thái Nguyên"), ("Mỏ Chè", "Sông Công"), ("Ba Hàng", "Phổ Yên"),
    ("Hùng Sơn", "Đại Từ"), ("Chợ Chu", "Định Hóa"), ("Đu", "Phú Lương"),
    ("Hóa Thượng", "Đồng Hỷ"), ("Đình Cả", "Võ Nhai"), ("Hương Sơn", "Phú Bình"),
    ("Đức Xuân", "Bắc Kạn"), ("Chợ Rã", "Ba Bể"), ("Phủ Thông", "Bạch Thông"),
    ("Bằng Lũng", "Chợ Đồn"), ("Đồng Tâm", "Chợ Mới"), ("Yến Lạc", "Na Rì"),
    ("Nà Phặc", "Ngân Sơn"), ("Bộc Bố", "Pác Nặm"),
]
# Further district points at places that draw visitors: (old ward, old district, site).
DISTRICT_EXTRA = [
    ("Đồng Quang", "Thái Nguyên", "Chợ Thái", "TP. Thái Nguyên"),
    ("Phúc Xuân", "Thái Nguyên", "Khu du lịch Hồ Núi Cốc", "TP. Thái Nguyên"),
    ("Phú Đình", "Định Hóa", "Khu di tích ATK Định Hóa", "huyện Định Hóa"),
]
SPECIAL = [
    ("Trung tâm Giới thiệu và bán sản phẩm OCOP tỉnh Thái Nguyên", OutletLevel.PROVINCE,
     ("Phan Đình Phùng", "Thái Nguyên"), "Số 2 đường Đội Cấn"),
    ("Điểm giới thiệu sản phẩm OCOP tỉnh – khu vực Bắc Kạn", OutletLevel.PROVINCE,
     ("Đức Xuân", "Bắc Kạn"), "Tổ dân phố 7"),
    ("Điểm bán sản phẩm OCOP Trạm dừng nghỉ Hải Đăng", OutletLevel.REST_STOP,
     ("Thuận Thành", "Phổ Yên"), "Trạm dừng nghỉ Hải Đăng, Quốc lộ 3"),
    ("Trung tâm Xúc tiến thương mại – Điểm giới thiệu sản phẩm OCOP", OutletLevel.TRADE_CENTRE,
     ("Phan Đình Phùng", "Thái Nguyên"), "Đường Hoàng Văn Thụ"),
]


def plan_outlets(rng: random.Random) -> list[OutletSpec]:
    """Commune, district, provincial, rest-stop and trade-centre points, with unique slugs."""
    outlets = _commune_points(rng) + _district_points(rng) + [
        _outlet(rng, name, level, find(*where), street, primary=True)
        for name, level, where, street in SPECIAL
    ]
    taken: set[str] = set()
    for outlet in outlets:
        base = slugify(outlet.name)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        outlet.slug = slug
        taken.add(slug)
    return outlets


def _commune_points(rng: random.Random) -> list[OutletSpec]:
    """One point in every 2025 commune, then more in old communes picked at random."""
    places = list(legacy_places())
    first: dict[str, LegacyPlace] = {}
    for place in places:
        # The old commune that shares the new one's name holds its first point, if any.
        if place.commune_code not in first or place.short == place.commune.short:
            first[place.commune_code] = place
    chosen = list(first.values())
    rest = [p for p in places if p not in chosen]
    chosen += rng.sample(rest, COMMUNE_POINTS - len(chosen))
    seen: set[str] = set()
    outlets = []
    for place in chosen:
        commune = place.commune
        primary = commune.code not in seen
        seen.add(commune.code)
        name = f"Điểm bán sản phẩm OCOP {_lower(commune.name)}"
        if not primary:
            name += f" – {place.short}"
        site = rng.choice(COMMUNE_SITES).format(short=place.short, ward=_lower(place.ward))
        outlets.append(_outlet(rng, name, OutletLevel.COMMUNE, place, site, primary=primary))
    return outlets


def _district_points(rng: random.Random) -> list[OutletSpec]:
    outlets = []
    for ward, district in DISTRICT_SEATS:
        place = find(ward, district)
        name = f"Điểm giới thiệu và bán sản phẩm OCOP {place.district_title}"
        outlets.append(_outlet(rng, name, OutletLevel.DISTRICT, place,
                               f"Trung tâm {_lower(place.ward)}", primary=False))
    for ward, district, site, title in DISTRICT_EXTRA:
        name = f"Điểm giới thiệu và bán sản phẩm OCOP {title} – {site}"
        outlets.append(_outlet(rng, name, OutletLevel.DISTRICT, find(ward, district), site,
                               primary=False))
    return outlets


def _outlet(rng: random.Random, name: str, level: OutletLevel, place: LegacyPlace, site: str,
            *, primary: bool) -> OutletSpec:
    commune = units.commune(place.commune_code)
    lat, lng = (commune.lat, commune.lng) if primary or place.lat is None else (place.lat,
                                                                                 place.lng)
    area = "0209" if place.is_bac_kan else "0208"
    return OutletSpec(
        name=name, level=level, commune_code=place.commune_code,
        street=(site if place.short == commune.short or _lower(place.ward) in site
                else f"{site}, {_lower(place.ward)} cũ"),
        lat=lat, lng=lng, opening_hours=rng.choice(HOURS),
        phone=f"{area} {rng.randint(3600, 3899)} {rng.randint(100, 999)}",
    )


def _lower(name: str) -> str:
    """"xã Tân Cương" from "Xã Tân Cương" (also "phường", "thị trấn")."""
    head, _, rest = name.partition(" ")
    if head == "Thị":
        return "thị " + rest
    return f"{head.lower()} {rest}"
