"""How money, dates and names are written for people: ``125.000 ₫``, ``29/11/2026``."""
from datetime import date

from babel.dates import format_date
from slugify import slugify as _slugify

from .i18n import current_language


def format_vnd(amount: int | None, language: str = "vi") -> str:
    """Integer đồng, grouped as the language writes numbers: 125000 → "125.000 ₫" in
    Vietnamese, "125,000 ₫" in English (the currency stays the đồng)."""
    if amount is None:
        return ""
    # Same text as Babel's grouping for integers, at a fraction of the cost per card.
    grouped = f"{int(amount):,}"
    return (grouped if language == "en" else grouped.replace(",", ".")) + " ₫"


def format_day(day: date | None, language: str = "vi") -> str:
    """29/11/2026 in Vietnamese, "Nov 29, 2026" in English."""
    if not day:
        return ""
    if language == "en":
        return format_date(day, format="medium", locale="en")
    return day.strftime("%d/%m/%Y")


def localized(obj, field: str = "name") -> str:
    """``obj.<field>_en`` on an English page when it is filled in, else ``obj.<field>``:
    category and product names and descriptions are kept in both languages."""
    value = getattr(obj, field)
    if current_language() == "en":
        return getattr(obj, f"{field}_en", "") or value
    return value


def slugify(text: str, max_length: int = 120) -> str:
    """A readable ASCII slug: "Chè Tân Cương Hảo Đạt" → "che-tan-cuong-hao-dat"."""
    return _slugify(text.replace("đ", "d").replace("Đ", "D"), max_length=max_length) or "item"
