"""A national-scale catalogue for the page benchmark, written with bulk Core inserts.

About one producer per twenty products, spread round-robin over real communes of all
34 provinces; about 60% of products hold a certificate in force (3★/4★/5★ in roughly
the 62/37/1 proportions of the programme), some also an older, expired one. Ids are
assigned here so that every table goes in with one ``executemany`` per chunk.
"""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import MetaData, insert, select, text

from marketplace import units
from marketplace.catalog.cache import bump_revision
from marketplace.catalog.groups import ensure_categories
from marketplace.catalog.models import Category
from marketplace.clock import add_months, today
from marketplace.extensions import db
from marketplace.formatting import slugify
from marketplace.ocop.rules import issuer_for_stars

CHUNK = 2000
PART_MAXIMA = (40, 25, 35)
STAR_WEIGHTS = ((3, 62), (4, 37), (5, 1))
SCORE_BANDS = {3: (50, 69), 4: (70, 89), 5: (90, 100)}

# category slug -> (product names, price range in VND, units)
PRODUCTS = {
    "che-ca-phe": (["Chè búp", "Trà xanh móc câu", "Trà shan tuyết", "Trà sen", "Cà phê Robusta rang xay",
                    "Cà phê Arabica", "Trà hoa vàng", "Cà phê chồn"], (80_000, 900_000), ["hộp", "gói"]),
    "thuc-pham-che-bien": (["Giò lụa", "Chả cá", "Nem chua", "Mứt gừng", "Lạp xưởng", "Khô bò",
                            "Bánh chưng", "Bánh cáy", "Ruốc tôm"], (40_000, 450_000), ["hộp", "gói", "kg"]),
    "nong-san-so-che": (["Gạo ST25", "Gạo nếp cái hoa vàng", "Miến dong", "Hạt điều rang muối",
                         "Mật ong hoa nhãn", "Nấm hương khô", "Măng khô"], (35_000, 600_000), ["kg", "túi"]),
    "nong-san-tuoi-song": (["Bưởi", "Cam sành", "Vải thiều", "Nhãn lồng", "Xoài cát",
                            "Thanh long ruột đỏ", "Sầu riêng"], (25_000, 250_000), ["kg", "thùng"]),
    "gia-vi": (["Nước mắm", "Hạt tiêu", "Tương ớt", "Muối tôm", "Quế", "Tỏi cô đơn"],
               (30_000, 350_000), ["chai", "hũ", "gói"]),
    "do-uong-co-con": (["Rượu nếp cái", "Rượu mơ", "Rượu ngô men lá", "Rượu sim"],
                       (90_000, 800_000), ["chai", "bình"]),
    "do-uong-khong-con": (["Nước cốt chanh leo", "Nước ép dứa", "Siro dâu tằm", "Sữa bò tươi"],
                          (25_000, 200_000), ["chai", "hộp"]),
    "thuc-pham-chuc-nang": (["Tinh bột nghệ", "Cao sâm", "Đông trùng hạ thảo"],
                            (150_000, 2_500_000), ["hộp", "lọ"]),
    "thuoc-tu-duoc-lieu": (["Cao dây thìa canh", "Trà giảo cổ lam", "Cao actiso"],
                           (90_000, 700_000), ["hộp", "lọ"]),
    "my-pham": (["Xà phòng thảo dược", "Dầu gội bồ kết", "Son dưỡng sáp ong"],
                (45_000, 350_000), ["bánh", "chai"]),
    "tinh-dau": (["Tinh dầu sả chanh", "Tinh dầu quế", "Tinh dầu tràm"], (60_000, 400_000), ["lọ"]),
    "do-go": (["Hộp gỗ hương", "Tranh gỗ khảm", "Khay gỗ"], (150_000, 3_500_000), ["chiếc", "bộ"]),
    "may-tre-dan": (["Giỏ mây", "Làn cói", "Khay tre", "Đèn tre"], (60_000, 900_000), ["chiếc", "bộ"]),
    "gom-su": (["Bình gốm", "Bộ ấm chén", "Lọ hoa men lam"], (120_000, 2_800_000), ["chiếc", "bộ"]),
    "det-may-theu": (["Khăn thổ cẩm", "Tranh thêu tay", "Túi thổ cẩm"], (90_000, 1_800_000), ["chiếc"]),
    "sinh-vat-canh": (["Lan hồ điệp", "Bonsai", "Cây cảnh mini"], (150_000, 5_000_000), ["chậu"]),
    "du-lich": (["Tour trải nghiệm làm chè", "Homestay cộng đồng", "Tour thăm làng nghề"],
                (250_000, 2_000_000), ["lượt", "người"]),
}
CATEGORY_WEIGHTS = {
    "thuc-pham-che-bien": 22, "nong-san-so-che": 14, "che-ca-phe": 12, "nong-san-tuoi-song": 10,
    "gia-vi": 6, "do-uong-co-con": 6, "do-uong-khong-con": 5, "thuc-pham-chuc-nang": 4,
    "thuoc-tu-duoc-lieu": 4, "my-pham": 3, "tinh-dau": 3, "do-go": 2, "may-tre-dan": 3,
    "gom-su": 2, "det-may-theu": 2, "sinh-vat-canh": 1, "du-lich": 1,
}
VARIANTS = ["", "loại đặc biệt", "hộp quà", "túi 500g", "hộp 250g", "truyền thống", "hữu cơ",
            "thượng hạng", "gói 1kg", "chai 500ml", "cao cấp", "quà biếu"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hạnh", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Phương", "Quân", "Sơn", "Thảo", "Trung", "Tuấn", "Vân", "Yến", "Hải"]
COOP_WORDS = ["Nông nghiệp", "Dịch vụ nông nghiệp", "Chè", "Nông sản sạch", "Thủ công", "Dược liệu"]
BRANDS = ["Sao Việt", "Hương Quê", "Đất Việt", "Phúc Lộc", "Xanh", "Thiên Nhiên", "Kim Long"]
STORY = ("Chúng tôi là {name}, gắn bó với vùng nguyên liệu {commune} ({province}) từ nhiều đời. "
         "Sản phẩm được làm theo quy trình truyền thống, kiểm soát chất lượng từ nguyên liệu đến "
         "thành phẩm và được đánh giá, phân hạng theo Chương trình OCOP.")
DESCRIPTION = ("{name} của {producer}, sản xuất tại {commune}, {province}. Nguyên liệu chọn lọc "
               "từ vùng trồng địa phương, chế biến theo công thức truyền thống, đóng gói hợp vệ sinh. "
               "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.")


def _weighted(rng: random.Random, pairs) -> object:
    keys, weights = zip(*pairs)
    return rng.choices(keys, weights)[0]


def _moment(rng: random.Random, day) -> datetime:
    seconds = rng.randrange(86_400)
    return datetime.combine(day, time(), tzinfo=timezone.utc) + timedelta(seconds=seconds)


def _producer_name(rng: random.Random, kind: str, commune: units.Commune) -> str:
    if kind == "cooperative":
        return f"HTX {rng.choice(COOP_WORDS)} {commune.short}"
    if kind == "enterprise":
        return f"Công ty TNHH {rng.choice(BRANDS)} {commune.short}"
    person = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"
    return f"Hộ kinh doanh {person}"


def _parts(rng: random.Random, score: int) -> tuple[int, int, int]:
    """Scorecard parts A/B/C within their maxima that add up to ``score``."""
    while True:
        a = rng.randint(max(0, score - 60), min(40, score))
        b = rng.randint(max(0, score - a - 35), min(25, score - a))
        c = score - a - b
        if 0 <= c <= 35:
            return a, b, c


def build_rows(n_products: int, seed: int = 148) -> dict[str, list[dict]]:
    """Rows for producer, product, product_image, certification and outlet tables."""
    rng = random.Random(seed)
    day = today()
    categories = {c.slug: c.id for c in db.session.scalars(select(Category))}
    category_pairs = [(slug, w) for slug, w in CATEGORY_WEIGHTS.items() if slug in categories]
    provinces = units.provinces()
    communes = {p.code: units.communes_of(p.code) for p in provinces}

    n_producers = max(1, round(n_products / 20))
    producers, names = [], set()
    for pid in range(1, n_producers + 1):
        province = provinces[(pid - 1) % len(provinces)]
        commune = rng.choice(communes[province.code])
        kind = _weighted(rng, (("cooperative", 55), ("enterprise", 25), ("household", 20)))
        base = name = _producer_name(rng, kind, commune)
        suffix = 2
        while name in names:
            name, suffix = f"{base} {suffix}", suffix + 1
        names.add(name)
        producers.append({
            "id": pid, "slug": f"{slugify(name, 120)}-{pid}", "name": name, "kind": kind,
            "phone": f"09{rng.randrange(10**8):08d}", "email": None, "website": None,
            "story": STORY.format(name=name, commune=commune.short, province=province.short),
            "logo_path": None, "banner_path": None, "province_code": province.code,
            "commune_code": commune.code, "street": f"Thôn {rng.randint(1, 12)}",
            "legacy_address": "", "status": "approved",
            "created_at": _moment(rng, day - timedelta(days=rng.randrange(300, 1500))),
        })

    products, images, certifications = [], [], []
    used: dict[int, set[str]] = {}
    for product_id in range(1, n_products + 1):
        producer = producers[rng.randrange(n_producers)]
        commune = units.commune(producer["commune_code"])
        province = units.province(producer["province_code"])
        slug = _weighted(rng, category_pairs)
        bases, (low, high), unit_names = PRODUCTS[slug]
        taken = used.setdefault(producer["id"], set())
        name = f"{rng.choice(bases)} {commune.short}"
        variant = rng.choice(VARIANTS)
        name = f"{name} {variant}".strip()
        while name in taken:
            name = f"{name} {rng.choice(VARIANTS) or 'mới'}"
        taken.add(name)
        created = _moment(rng, day - timedelta(days=rng.randrange(0, 1100)))
        products.append({
            "id": product_id, "producer_id": producer["id"],
            "slug": f"{slugify(name, 140)}-{product_id}", "name": name, "name_en": "",
            "category_id": categories[slug],
            "description": DESCRIPTION.format(name=name, producer=producer["name"],
                                              commune=commune.short, province=province.short),
            "description_en": "", "unit": rng.choice(unit_names), "net_quantity": "",
            "price_vnd": rng.randrange(low // 1000, high // 1000 + 1) * 1000,
            "stock": rng.choice([0, *range(1, 500)]), "status": "active", "origin": commune.short,
            "shelf_life": "12 tháng", "storage": "Nơi khô ráo, thoáng mát", "gtin": None,
            "is_gift": rng.random() < 0.15, "created_at": created, "updated_at": created,
        })
        for position in range(rng.choice((1, 1, 2, 3))):
            images.append({"id": len(images) + 1, "product_id": product_id,
                           "path": f"products/{product_id}/{position}.jpg", "alt": name,
                           "position": position, "width": 800, "height": 800})
        certifications.extend(_certificates(rng, product_id, province, day, len(certifications)))

    outlets = []
    for oid in range(1, max(1, n_products // 100) + 1):
        province = provinces[(oid - 1) % len(provinces)]
        commune = rng.choice(communes[province.code])
        outlets.append({
            "id": oid, "slug": f"diem-ban-ocop-{slugify(commune.short)}-{oid}",
            "name": f"Điểm bán OCOP {commune.short}", "level": "commune",
            "province_code": province.code, "commune_code": commune.code, "street": "",
            "lat": commune.lat, "lng": commune.lng, "opening_hours": "7:00–21:00",
            "phone": None, "status": "approved", "created_at": _moment(rng, day),
        })
    return {"producer": producers, "product": products, "product_image": images,
            "certification": certifications, "outlet": outlets}


def _certificates(rng: random.Random, product_id: int, province, day, count: int) -> list[dict]:
    """None for ~40% of products; a current one (and sometimes an expired one) otherwise."""
    if rng.random() >= 0.60:
        return []
    rows = []
    stars = _weighted(rng, STAR_WEIGHTS)
    certified_on = day - timedelta(days=rng.randrange(0, 1000))
    if rng.random() < 0.15:  # re-certified: the previous decision has run out
        old_on = add_months(certified_on, -36) - timedelta(days=rng.randrange(1, 60))
        rows.append(_certificate(rng, count + 1, product_id, stars, old_on, province, "expired"))
    rows.append(_certificate(rng, count + len(rows) + 1, product_id, stars, certified_on,
                             province, "active"))
    return rows


def _certificate(rng, cid, product_id, stars, certified_on, province, status) -> dict:
    score = rng.randint(*SCORE_BANDS[stars])
    a, b, c = _parts(rng, score)
    level = issuer_for_stars(stars)
    return {
        "id": cid, "product_id": product_id, "stars": stars, "score": score,
        "score_a": a, "score_b": b, "score_c": c,
        "certificate_no": f"{cid:06d}/GCN-OCOP", "decision_no": f"{rng.randint(100, 4000)}/QĐ-UBND",
        "issuer": "Bộ Nông nghiệp và Môi trường" if level == "ministry" else f"UBND {province.name}",
        "issuer_level": level, "certified_on": certified_on,
        "expires_on": add_months(certified_on, 36), "status": status, "revoked_reason": "",
        "created_at": _moment(rng, certified_on),
    }


def generate(n_products: int) -> dict[str, int]:
    """Insert the catalogue in bulk, bump the revision once, commit; returns row counts."""
    ensure_categories()
    db.session.commit()
    rows = build_rows(n_products)
    # Insert into the tables as migrated (reflected), not as the models say: columns the
    # models add later then keep their server defaults, and nothing is filled in by Python.
    tables = ("producer", "outlet", "product", "product_image", "certification")
    migrated = MetaData()
    migrated.reflect(bind=db.session.connection(), only=tables)
    for name in tables:
        table, table_rows = migrated.tables[name], rows[name]
        for start in range(0, len(table_rows), CHUNK):
            db.session.execute(insert(table), table_rows[start:start + CHUNK])
    if db.engine.dialect.name == "postgresql":  # explicit ids leave the sequences behind
        for name in tables:
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {name}))"))
    bump_revision()
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Autovacuum would analyze soon after a load this size; SQLite is left as the app
        # ships it (no sqlite_stat1), so its planner sees what a real install sees.
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {name: len(table_rows) for name, table_rows in rows.items()}
