"""Highlighted names and snippets for result pages: the query's words in <mark>, folded.

A word matches whatever its diacritics (``che`` marks ``Chè`` and ``chế``), as
it did in the search. Everything else is escaped, so the result is safe HTML.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable

from markupsafe import Markup, escape

from .text import fold, normalize

_WORD = re.compile(r"[^\W_]+")


def _marked(text: str, wanted: set[str]) -> Markup:
    parts: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        if fold(match.group()) in wanted:
            parts.append(escape(text[last:match.start()]))
            parts.append(Markup("<mark>%s</mark>") % match.group())
            last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def highlight(text: str, words: Iterable[str]) -> Markup:
    """``text`` with every word of the query in <mark> (for names)."""
    wanted = {fold(w) for w in words}
    return _marked(normalize(text), wanted) if wanted else escape(normalize(text))


def snippet(text: str, words: Iterable[str], width: int = 180) -> Markup:
    """About ``width`` characters of ``text`` around where the query's words gather, marked."""
    text = normalize(text)
    wanted = {fold(w) for w in words}
    if len(text) <= width:
        return _marked(text, wanted)
    spots = [m.start() for m in _WORD.finditer(text) if fold(m.group()) in wanted]
    start = _densest(spots, width) if spots else 0
    start = _word_start(text, max(0, min(start - width // 4, len(text) - width)))
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    body = _marked(text[start:end], wanted)
    return Markup("%s%s%s") % ("… " if start else "", body, " …" if end < len(text) else "")


def _densest(spots: list[int], width: int) -> int:
    """Where a window of ``width`` characters covers the most matches."""
    best, best_count = spots[0], 0
    for i, start in enumerate(spots):
        count = bisect_left(spots, start + width) - i
        if count > best_count:
            best, best_count = start, count
    return best


def _word_start(text: str, position: int) -> int:
    if position == 0 or text[position - 1] == " ":
        return position
    space = text.find(" ", position)
    return space + 1 if space != -1 else position
