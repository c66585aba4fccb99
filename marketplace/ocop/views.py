"""The public OCOP statistics page (thống kê OCOP), counting certificates in force only."""
from __future__ import annotations

from datetime import date

from .. import units
from ..catalog import cache
from ..catalog.pages import render_page
from ..clock import today
from . import bp, services


@bp.get("/ocop/stats")
def stats():
    """Counts by stars, group and commune; certificates expiring within 90 days."""
    day = today()
    figures = services.ocop_stats(day)
    communes, expiring = cache.cached(("ocop-stats-rows", day), lambda: _rows(figures, day))
    return render_page("ocop/stats.html", stats=figures, communes=communes,
                       expiring=expiring, today=day)


def _rows(figures: services.OcopStats, day: date) -> tuple[list[dict], list[tuple]]:
    """Commune rows with their province (names repeat across provinces) and days left."""
    communes = []
    for code, name, count in figures.by_commune:
        commune = units.commune(code)
        province = units.province(commune.province_code) if commune else None
        communes.append({"code": code, "name": getattr(commune, "name", name),
                         "province_code": getattr(province, "code", ""),
                         "province": getattr(province, "short", ""), "count": count})
    return communes, [(c, (c.expires_on - day).days) for c in figures.expiring]
