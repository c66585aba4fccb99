"""The store's notion of "today": the calendar day in Vietnam, not on the server."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TZ = "Asia/Ho_Chi_Minh"


def today() -> date:
    """Today's date in the configured time zone (Asia/Ho_Chi_Minh by default)."""
    name = current_app.config.get("TIMEZONE", DEFAULT_TZ) if has_app_context() else DEFAULT_TZ
    return datetime.now(ZoneInfo(name)).date()


def now() -> datetime:
    return datetime.now(ZoneInfo(DEFAULT_TZ))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31/01 + 1 → 28/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)
