"""Statistics for the office dashboard: certificates in force by stars, group and commune
(the public page's figures), and decisions per year by stars (history included)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..clock import today
from ..extensions import db
from .models import Certification
from .services import OcopStats, ocop_stats


@dataclass(frozen=True)
class OfficeStats:
    current: OcopStats
    by_year: list[tuple[int, dict[int, int]]]  # (year, {stars: decisions})


def office_stats(day: date | None = None) -> OfficeStats:
    day = day or today()
    year = func.extract("year", Certification.certified_on)
    table: dict[int, dict[int, int]] = {}
    for y, stars, count in db.session.execute(
            select(year, Certification.stars, func.count()).group_by(year, Certification.stars)):
        table.setdefault(int(y), {3: 0, 4: 0, 5: 0})[stars] = count
    return OfficeStats(ocop_stats(day), sorted(table.items()))
