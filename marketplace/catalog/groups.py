"""The six OCOP product groups of Decision 148 / 919 and their sub-groups.

Older sites and files use the 1048/QĐ-TTg (2019) groups; ``LEGACY_GROUPS`` maps
them onto the six so old data can still be imported.
"""
from sqlalchemy import select

from ..extensions import db
from .models import Category

# (slug, Vietnamese name, English name, [(sub slug, name, English name), ...])
OCOP_GROUPS = [
    ("thuc-pham", "Thực phẩm", "Food", [
        ("nong-san-tuoi-song", "Nông sản tươi sống", "Fresh produce"),
        ("nong-san-so-che", "Nông sản thô, sơ chế", "Raw and semi-processed produce"),
        ("thuc-pham-che-bien", "Thực phẩm chế biến", "Processed food"),
        ("che-ca-phe", "Chè, cà phê", "Tea and coffee"),
        ("gia-vi", "Gia vị", "Condiments"),
    ]),
    ("do-uong", "Đồ uống", "Beverages", [
        ("do-uong-co-con", "Đồ uống có cồn", "Alcoholic beverages"),
        ("do-uong-khong-con", "Đồ uống không cồn", "Non-alcoholic beverages"),
    ]),
    ("duoc-lieu", "Dược liệu và sản phẩm từ dược liệu", "Herbal products", [
        ("thuc-pham-chuc-nang", "Thực phẩm chức năng", "Supplements"),
        ("thuoc-tu-duoc-lieu", "Thuốc từ dược liệu", "Herbal medicines"),
        ("my-pham", "Mỹ phẩm", "Cosmetics"),
        ("tinh-dau", "Tinh dầu", "Essential oils"),
    ]),
    ("thu-cong-my-nghe", "Hàng thủ công mỹ nghệ", "Handicrafts", [
        ("do-go", "Đồ gỗ", "Wood"),
        ("may-tre-dan", "Mây tre đan, sợi", "Fibre and rattan"),
        ("gom-su", "Gốm sứ", "Ceramics"),
        ("det-may-theu", "Dệt may, thêu", "Textiles and embroidery"),
    ]),
    ("sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants and animals", []),
    ("du-lich", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
     "Community and eco tourism", []),
]

# 1048/QĐ-TTg group names (and common short forms) → slug of one of the six.
LEGACY_GROUPS = {
    "thực phẩm": "thuc-pham",
    "đồ uống": "do-uong",
    "thảo dược": "duoc-lieu",
    "dược liệu": "duoc-lieu",
    "vải và may mặc": "thu-cong-my-nghe",
    "lưu niệm - nội thất - trang trí": "thu-cong-my-nghe",
    "lưu niệm, nội thất, trang trí": "thu-cong-my-nghe",
    "lưu niệm – nội thất – trang trí": "thu-cong-my-nghe",
    "thủ công mỹ nghệ": "thu-cong-my-nghe",
    "dịch vụ du lịch nông thôn, bán hàng": "du-lich",
    "dịch vụ du lịch": "du-lich",
    "du lịch cộng đồng": "du-lich",
}


def ensure_categories() -> None:
    """Create the six groups and their sub-groups if missing (idempotent; no commit)."""
    existing = set(db.session.scalars(select(Category.slug)))
    for position, (slug, name, name_en, children) in enumerate(OCOP_GROUPS):
        if slug not in existing:
            db.session.add(Category(slug=slug, name=name, name_en=name_en, position=position))
    db.session.flush()
    parents = {c.slug: c for c in db.session.scalars(select(Category).where(Category.parent_id.is_(None)))}
    for slug, _, _, children in OCOP_GROUPS:
        for position, (child_slug, name, name_en) in enumerate(children):
            if child_slug not in existing:
                db.session.add(Category(slug=child_slug, name=name, name_en=name_en,
                                        parent=parents[slug], position=position))
    db.session.flush()
