"""Charts as server-rendered SVG: no script, no CDN; the same numbers are in a table.

Each chart is an ``<svg role="img">`` with a title and a description, every bar has a
``<title>`` (a tooltip, and read by screen readers). Text is escaped here.
"""
from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

from ...formatting import format_vnd
from ...i18n import current_language

WIDTH, HEIGHT = 640, 240
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 8, 34, 18


def _fmt(value: int, unit: str) -> str:
    """The full value, grouped as the visitor's language writes numbers."""
    language = current_language()
    if unit == "vnd":
        return format_vnd(value, language)
    grouped = f"{int(value):,}"
    return grouped if language == "en" else grouped.replace(",", ".")


def _short(value: int, unit: str) -> str:
    """Axis-friendly: 1.250.000 ₫ → "1,3 tr" (millions; "1.3M" in English)."""
    if unit == "vnd":
        if value >= 1_000_000:
            millions = f"{value / 1_000_000:.1f}"
            if current_language() != "en":
                millions = millions.replace(".", ",")
            return _("%(n)s tr", n=millions)
        if value >= 1_000:
            return f"{value // 1000} k"
    return str(value)


def column_chart(series: list[tuple[str, int]], *, title: str, unit: str = "",
                 chart_id: str) -> Markup:
    """Vertical bars, one per (label, value), the value written above each bar."""
    top = max((v for _, v in series), default=0) or 1
    n = max(len(series), 1)
    slot = (WIDTH - PAD_LEFT * 2) / n
    bar = slot * 0.62
    usable = HEIGHT - PAD_BOTTOM - PAD_TOP
    parts = [f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMidYMid meet">',
             f'<title id="{chart_id}-t">{escape(title)}</title>',
             f'<desc id="{chart_id}-d">{escape(", ".join(f"{l}: {_fmt(v, unit)}" for l, v in series))}</desc>',
             f'<line class="chart__axis" x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" '
             f'x2="{WIDTH - PAD_LEFT}" y2="{HEIGHT - PAD_BOTTOM}"/>']
    for index, (label, value) in enumerate(series):
        height = usable * value / top
        x = PAD_LEFT + index * slot + (slot - bar) / 2
        y = HEIGHT - PAD_BOTTOM - height
        parts.append(
            f'<g><title>{escape(label)}: {escape(_fmt(value, unit))}</title>'
            f'<rect class="chart__bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
            f'height="{max(height, 0):.1f}" rx="3"/>'
            f'<text class="chart__value" x="{x + bar / 2:.1f}" y="{y - 4:.1f}" '
            f'text-anchor="middle">{escape(_short(value, unit)) if value else ""}</text>'
            f'<text class="chart__label" x="{x + bar / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" '
            f'text-anchor="middle">{escape(label)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(series: list[tuple[str, int]], *, title: str, unit: str = "",
              chart_id: str) -> Markup:
    """Horizontal bars (long labels: product names, statuses)."""
    row, label_w = 30, 230
    height = max(len(series), 1) * row + 10
    top = max((v for _, v in series), default=0) or 1
    usable = WIDTH - label_w - 110
    parts = [f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="{chart_id}-t {chart_id}-d">',
             f'<title id="{chart_id}-t">{escape(title)}</title>',
             f'<desc id="{chart_id}-d">{escape(", ".join(f"{l}: {_fmt(v, unit)}" for l, v in series))}</desc>']
    for index, (label, value) in enumerate(series):
        y = 5 + index * row
        width = usable * value / top
        text = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<g><title>{escape(label)}: {escape(_fmt(value, unit))}</title>'
            f'<text class="chart__label" x="{label_w - 8}" y="{y + 18}" text-anchor="end">'
            f'{escape(text)}</text>'
            f'<rect class="chart__bar" x="{label_w}" y="{y + 4}" width="{max(width, 1):.1f}" '
            f'height="{row - 10}" rx="3"/>'
            f'<text class="chart__value" x="{label_w + width + 6:.1f}" y="{y + 18}">'
            f'{escape(_fmt(value, unit))}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
