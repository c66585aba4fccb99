"""How money, dates and names are written for people: ``125.000 ₫``, ``29/11/2026``."""
from datetime import date

from slugify import slugify as _slugify


def format_vnd(amount: int | None) -> str:
    """Integer đồng with Vietnamese grouping: 125000 → "125.000 ₫"."""
    if amount is None:
        return ""
    # Same text as Babel's vi grouping for integers, at a fraction of the cost per card.
    return f"{int(amount):,}".replace(",", ".") + " ₫"


def format_day(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def slugify(text: str, max_length: int = 120) -> str:
    """A readable ASCII slug: "Chè Tân Cương Hảo Đạt" → "che-tan-cuong-hao-dat"."""
    return _slugify(text.replace("đ", "d").replace("Đ", "D"), max_length=max_length) or "item"
