"""Vietnamese text analysis shared by every search backend (no Whoosh here).

Every text and every query goes through ``normalize`` first: NFC, because phones
and Macs send decomposed (NFD) Vietnamese and a tokenizer would split
``Ba\u0301nh`` into ``ba`` + ``nh``; then control characters out and whitespace
collapsed. ``words`` gives the lower-case words with their diacritics
(``chè``), ``fold`` the same without them and with đ → d (``che``). Indexes
hold both forms, so a query typed without diacritics matches through the folded
form and one typed with them ranks exact matches first.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 12
MAX_WORD_CHARS = 40

# Letters and digits of any script; apostrophes and hyphens split words ("k'ho", "A-Z").
_WORD = re.compile(r"[^\W_]+")
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_CONTROL = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, int | None]:
    """str.translate table: every Latin letter with marks → its base letter, marks → gone.

    Building it once and folding with ``translate`` is ~20× faster than
    decomposing every string, which matters when 100,000 products are indexed.
    """
    table: dict[int, int | None] = {}
    for code in range(0x00C0, 0x2000):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFD", char)
                       if unicodedata.category(c) != "Mn")
        if unicodedata.category(char) == "Mn":
            table[code] = None
        elif base != char and len(base) == 1:
            table[code] = ord(base)
    table[ord("đ")] = ord("d")
    table[ord("Đ")] = ord("D")
    table[ord("ð")] = ord("d")  # Icelandic eth: shoppers type it for đ on some keyboards
    return table


def normalize(text: str, limit: int | None = None) -> str:
    """NFC, no control or unassigned characters, single spaces; optionally cut to ``limit``."""
    if limit is not None:
        text = text[: limit * 2]  # bound the work before normalising hostile input
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(c) in _CONTROL else c for c in text)
    text = " ".join(text.split())
    return text[:limit] if limit is not None else text


def fold(text: str) -> str:
    """Lower-case and without diacritics, đ → d: ``Chè Tân Cương`` → ``che tan cuong``."""
    return unicodedata.normalize("NFC", text).lower().translate(_fold_table())


def words(text: str) -> list[str]:
    """The lower-case words of an NFC text, diacritics kept: ``Chè Tân-Cương`` → chè, tân, cương."""
    return _WORD.findall(text.lower())


def analyze(text: str) -> tuple[list[str], list[str]]:
    """(exact words, folded words) of a text, in order, aligned one to one."""
    lowered = normalize(text).lower()
    exact = _WORD.findall(lowered)
    # Folding the whole text at once is faster than word by word; a combining
    # mark left over by NFC would shift word boundaries, then fold word by word.
    folded = _WORD.findall(lowered.translate(_fold_table()))
    if len(folded) != len(exact):
        folded = [w.translate(_fold_table()) for w in exact]
    return exact, folded


def query_words(q: str) -> tuple[list[str], list[str]]:
    """The words of a shopper's query: normalised, bounded in count and length.

    Queries are words, never syntax: quotes, brackets and ``field:`` mean nothing,
    and the operators people try from other search boxes (``AND``, ``OR``, ``NOT``
    in capitals) are dropped rather than searched for.
    """
    raw = _WORD.findall(normalize(q, MAX_QUERY_CHARS))
    exact = [w.lower() for w in raw if w not in _OPERATORS and len(w) <= MAX_WORD_CHARS]
    exact = exact[:MAX_QUERY_WORDS]
    return exact, [w.translate(_fold_table()) for w in exact]


def pairs(folded: list[str]) -> list[str]:
    """Adjacent word pairs (``che_tan``, ``tan_cuong``): a phrase is all its pairs in a row."""
    return [f"{a}_{b}" for a, b in zip(folded, folded[1:])]


def has_marks(word: str) -> bool:
    """Whether a word carries Vietnamese diacritics (or đ): then its exact form means something."""
    return word.translate(_fold_table()) != word




def written_forms(texts: list[str]) -> dict[str, str]:
    """Folded word → how these texts most often write it with diacritics."""
    counts: dict[str, dict[str, int]] = {}
    for text in texts:
        for exact, folded in zip(*analyze(text)):
            variants = counts.setdefault(folded, {})
            variants[exact] = variants.get(exact, 0) + 1
    return {folded: max(variants, key=lambda w: (variants[w], has_marks(w)))
            for folded, variants in counts.items()}
