"""The seeded scorecard of the food group (nhóm Thực phẩm), on the parts of Decision 148.

Structure: part A (product and community strength, 40 points: production organisation,
product development, community strength), part B (marketing and product story, 25
points), part C (quality, 35 points: sensory/nutrition/uniqueness, product standards,
export capacity). The criterion wording and points follow the shape of Appendix III of
Decision 148/QĐ-TTg; the office edits them into the province's official sheet (as a new
version) from the dashboard. Migration 0008 and ``ensure_scorecards`` insert it.

Each row: (part, code, title, max points, mandatory from stars or None, minimum points
required when mandatory).
"""
from __future__ import annotations

from sqlalchemy import select

from ..catalog.models import Category
from ..extensions import db

FOOD_GROUP = "thuc-pham"
FOOD_SCORECARD_NAME = "Bộ tiêu chí nhóm Thực phẩm (Quyết định 148/QĐ-TTg)"
FOOD_CRITERIA: list[tuple[str, str, str, int, int | None, int]] = [
    # A. Sản phẩm và sức mạnh cộng đồng (40)
    ("A", "A1", "Nguồn nguyên liệu (sử dụng nguyên liệu địa phương, vùng nguyên liệu ổn định)",
     5, 3, 1),
    ("A", "A2", "Gia tăng giá trị (mức độ chế biến)", 3, None, 0),
    ("A", "A3", "Năng lực sản xuất, đáp ứng đơn hàng", 2, None, 0),
    ("A", "A4", "Liên kết sản xuất (hợp đồng liên kết chuỗi giá trị)", 5, 4, 2),
    ("A", "A5", "Bảo vệ môi trường trong quá trình sản xuất", 3, None, 0),
    ("A", "A6", "Sử dụng lao động địa phương", 2, None, 0),
    ("A", "A7", "Đổi mới, sáng tạo và tiếp nhận công nghệ", 4, None, 0),
    ("A", "A8", "Bao bì, nhãn hàng hoá đúng quy định", 3, 3, 1),
    ("A", "A9", "Loại hình tổ chức sản xuất kinh doanh", 3, None, 0),
    ("A", "A10", "Năng lực quản trị, điều hành", 4, None, 0),
    ("A", "A11", "Hệ thống kế toán, tài chính", 3, None, 0),
    ("A", "A12", "Lợi nhuận, tăng trưởng doanh thu", 3, None, 0),
    # B. Khả năng tiếp thị, câu chuyện sản phẩm (25)
    ("B", "B1", "Kênh phân phối, thị trường tiêu thụ", 7, None, 0),
    ("B", "B2", "Quảng bá, xúc tiến thương mại", 5, None, 0),
    ("B", "B3", "Bảo hộ sở hữu trí tuệ (nhãn hiệu)", 4, 3, 1),
    ("B", "B4", "Câu chuyện về sản phẩm", 5, None, 0),
    ("B", "B5", "Truy xuất nguồn gốc (TCVN 12850, tem truy xuất)", 4, 4, 2),
    # C. Chất lượng sản phẩm (35)
    ("C", "C1", "Chỉ tiêu cảm quan", 8, None, 0),
    ("C", "C2", "Chỉ tiêu dinh dưỡng, thành phần", 5, None, 0),
    ("C", "C3", "Tính độc đáo của sản phẩm", 5, None, 0),
    ("C", "C4", "Công bố tiêu chuẩn, chất lượng sản phẩm", 5, 3, 3),
    ("C", "C5", "Chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", 5, 3, 3),
    ("C", "C6", "Hệ thống quản lý chất lượng (VietGAP, HACCP, ISO 22000...)", 4, 4, 2),
    ("C", "C7", "Khả năng xuất khẩu, phân phối tại thị trường quốc tế", 3, 5, 2),
]


def criteria_rows(scorecard_id: int) -> list[dict]:
    """The food criteria as rows for ``ocop_criterion`` (migration and seeding)."""
    return [{"scorecard_id": scorecard_id, "part": part, "code": code, "title": title,
             "guidance": "", "max_points": points, "mandatory_from_stars": mandatory,
             "min_points": minimum, "position": index}
            for index, (part, code, title, points, mandatory, minimum)
            in enumerate(FOOD_CRITERIA)]


def ensure_scorecards() -> None:
    """Create the food group's scorecard if the group has none (idempotent; flushes only)."""
    from .dossier_models import Criterion, Scorecard

    group = db.session.scalar(select(Category).where(Category.slug == FOOD_GROUP))
    if group is None or db.session.scalar(select(Scorecard.id).where(
            Scorecard.category_id == group.id)):
        return
    scorecard = Scorecard(category_id=group.id, version=1, name=FOOD_SCORECARD_NAME,
                          is_active=True)
    db.session.add(scorecard)
    db.session.flush()
    db.session.add_all(Criterion(**row) for row in criteria_rows(scorecard.id))
    db.session.flush()
