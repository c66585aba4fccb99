"""Answering a listing request from a Snapshot: match, filter, count facets, rank, page.

Matching is every query word, folded, in the name, the producer name or the other
text (so ``che tan cuong`` and ``chè tân cương`` match the same products).
Ranking adds, per word weighted by its rarity: found in the name (+2), found
with the very diacritics typed (+3, so ``chè`` ranks Chè before Chế), that exact
form in the name (+1); then the query as a phrase in the name (+4 per word), and
how much of a short name the query covers. Ties go to the listing's own order: stars, newest, id.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import units
from ..catalog.filters import ProductFilters
from .base import FEW_RESULTS, PRICE_BANDS, SearchResult, Suggestion, merge_suggestions
from .text import has_marks, pairs, query_words, written_forms
from .whoosh_engine import Snapshot

NAME, EXACT, EXACT_NAME, PHRASE, COVERAGE = 2.0, 3.0, 1.0, 4.0, 1.0
MAX_CANDIDATES = 50  # spelling candidates weighed for one unknown word
_BAND_EDGES = np.array([low for low, _ in PRICE_BANDS[1:]], dtype=np.int64)


@dataclass(frozen=True)
class Words:
    """A query's words as typed (lower case) and folded, aligned."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]

    @classmethod
    def of(cls, q: str) -> Words:
        exact, folded = query_words(q)
        return cls(tuple(exact), tuple(folded))


def run(snap: Snapshot, f: ProductFilters, day: int, with_facets: bool) -> SearchResult:
    """One page of ordered product ids for the filters, with facet counts if asked."""
    words = Words.of(f.q)
    match = _match(snap, words, bool(f.q.strip()))
    filters = _filters(snap, f, day)
    allowed = _all(filters, snap.size)
    docs = np.flatnonzero(match & allowed)
    start = (f.page - 1) * f.per_page
    page = docs[_top(snap, docs, words, f, day, start + f.per_page)[start:]]
    result = SearchResult([int(i) for i in snap.columns["pid"][page]], len(docs),
                          words=words.exact)
    if with_facets:
        result.facets = _facets(snap, match, filters, day)
    if words.folded and len(docs) < FEW_RESULTS:
        result.suggestion = did_you_mean(snap, words, len(docs), allowed)
    return result


def _match(snap: Snapshot, words: Words, has_query: bool) -> np.ndarray:
    """Live documents holding every query word (all of them when there is no query)."""
    match = snap.live.copy()
    if has_query and not words.folded:
        return np.zeros(snap.size, dtype=bool)  # only punctuation or over-long words
    for word in dict.fromkeys(words.folded):
        match &= snap.word_mask(word)
    return match


def _filters(snap: Snapshot, f: ProductFilters, day: int) -> dict[str, np.ndarray]:
    """One mask per facet-able filter, plus ``other`` for those facets never skip."""
    cols = snap.columns
    masks: dict[str, np.ndarray] = {}
    if f.category_ids:
        masks["category"] = np.isin(cols["category"], np.array(f.category_ids))
    if f.stars:
        masks["stars"] = snap.current_stars(day) == f.stars
    if f.province:
        masks["province"] = cols["province"] == int(f.province)
    if f.commune:
        masks["commune"] = cols["commune"] == int(f.commune)
    if f.min_price is not None or f.max_price is not None:
        price = cols["price"]
        low = price >= f.min_price if f.min_price is not None else True
        high = price <= f.max_price if f.max_price is not None else True
        masks["price"] = np.logical_and(low, high)
    other = np.ones(snap.size, dtype=bool)
    if f.producer_id:
        other &= cols["producer"] == f.producer_id
    if f.in_stock:
        other &= cols["stock"] > 0
    if f.is_gift is not None:
        other &= cols["gift"] == int(f.is_gift)
    masks["other"] = other
    return masks


def _all(masks: dict[str, np.ndarray], size: int, skip: str = "") -> np.ndarray:
    combined = np.ones(size, dtype=bool)
    for name, mask in masks.items():
        if name != skip:
            combined &= mask
    return combined


def _facets(snap: Snapshot, match: np.ndarray, filters: dict[str, np.ndarray],
            day: int) -> dict[str, dict]:
    """Counts per value of each facet, each with every filter but its own."""
    cols = snap.columns
    values = {
        "category": cols["group"], "stars": snap.current_stars(day),
        "province": cols["province"], "commune": cols["commune"],
        "price": snap.price_bands(_BAND_EDGES),
    }
    facets: dict[str, dict] = {}
    for name, column in values.items():
        counts = np.bincount(column[match & _all(filters, snap.size, skip=name)])
        if name != "price":
            counts[:1] = 0  # 0 is "none" (no certificate, no place): not a facet value
        keys = np.flatnonzero(counts)
        facets[name] = dict(zip(keys.tolist(), counts[keys].tolist()))
    facets["province"] = {f"{k:02d}": n for k, n in facets["province"].items()}
    facets["commune"] = {f"{k:05d}": n for k, n in facets["commune"].items()}
    return facets


def _top(snap: Snapshot, docs: np.ndarray, words: Words, f: ProductFilters, day: int,
         count: int) -> np.ndarray:
    """Positions into ``docs`` of the first ``count`` hits in the requested order.

    Ties follow the listing's own order (stars, newest, id), as does "relevance"
    without a query.
    """
    order = f.sort if f.sort in ("price_asc", "price_desc", "newest") else "stars"
    key = snap.rank(order, day)[docs]
    if f.sort == "relevance" and words.folded and len(docs):
        points = np.rint(_scores(snap, docs, words) * 1000).astype(np.int64)
        key = (points.max() - points) * snap.size + key  # score first, then the rank
    count = min(count, len(docs))
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    top = np.argpartition(key, count - 1)[:count] if count < len(docs) else np.arange(len(docs))
    return top[np.argsort(key[top], kind="stable")]


def _scores(snap: Snapshot, docs: np.ndarray, words: Words) -> np.ndarray:
    scores = np.zeros(len(docs))
    in_name = np.zeros(len(docs))
    weights = []
    for exact, folded in dict.fromkeys(zip(words.exact, words.folded)):
        weight = 1.0 + math.log(1 + snap.count / max(1, snap.word_frequency(folded)))
        weights.append(weight)
        named = snap.mask("name", folded)[docs]
        in_name += named
        scores += weight * NAME * named
        if has_marks(exact):
            exact_name = snap.mask("name", exact)[docs]
            exact_any = exact_name | snap.mask("producer", exact)[docs]
            scores += weight * (EXACT * exact_any + EXACT_NAME * exact_name)
    mean = sum(weights) / len(weights)
    if len(words.folded) > 1:
        phrase = np.ones(len(docs), dtype=bool)
        for pair in pairs(list(words.folded)):
            phrase &= snap.mask("pairs", pair)[docs]
        scores += PHRASE * mean * len(words.folded) * phrase
    name_len = np.maximum(snap.columns["name_len"][docs], 1)
    return scores + COVERAGE * mean * np.minimum(in_name / name_len, 1.0)


def did_you_mean(snap: Snapshot, words: Words, found: int, allowed: np.ndarray) -> str | None:
    """A corrected query with diacritics (``tra tan cuog`` → ``trà tân cương``), or None.

    Only words that no product holds are corrected, each to the nearest indexed
    word (one edit for short words, two for longer), the most common first; the
    suggestion is made only if it finds more than the query did, under the same
    filters (``allowed``). Diacritics are
    put back as the products it finds write those words (``cuong`` is ``cương``
    among teas of Tân Cương, ``cường`` among miến of Việt Cường).
    """
    known = snap.live.copy()
    for folded in words.folded:
        if snap.word_frequency(folded):
            known &= snap.word_mask(folded)
    corrected: list[str] = []
    for folded in words.folded:
        if snap.word_frequency(folded):
            corrected.append(folded)
            continue
        near = sorted(snap.near_words(folded, 1 if len(folded) <= 4 else 2))[:MAX_CANDIDATES]
        if not near:
            return None
        # The word that goes with the rest of the query wins (``cuog`` among teas of
        # Tân Cương is ``cuong``, not the more common ``cung``), then the closest.
        corrected.append(max(near, key=lambda t: _fit(snap, known, folded, t)))
    better = snap.live & allowed
    for word in corrected:
        better &= snap.word_mask(word)
    if int(better.sum()) <= found:
        return None
    typed = dict(zip(words.folded, words.exact))
    forms = written_forms(_texts_of(snap, _best(snap, better, limit=50)))
    return " ".join(typed[w] if has_marks(typed.get(w, "")) else forms.get(w, w)
                    for w in corrected)


def _texts_of(snap: Snapshot, docnums: list[int]) -> list[str]:
    """Names, producer names and place names of some documents."""
    texts = [f"{name} {producer}" for name, _, producer, _ in snap.labels(docnums)]
    for code in set(snap.columns["commune"][docnums].tolist()):
        commune = units.commune(f"{code:05d}")
        province = units.province(commune.province_code) if commune else None
        if commune and province:
            texts.append(f"{commune.short} {province.short}")
    return texts


def _fit(snap: Snapshot, known: np.ndarray, typed: str, candidate: str) -> tuple:
    together = int((known & snap.word_mask(candidate)).sum())
    return together > 0, -_distance(typed, candidate), together, snap.word_frequency(candidate)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance of two short words."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def suggest(snap: Snapshot, text: str, limit: int) -> list[Suggestion]:
    """Product, then producer names holding the typed words, the last one as a prefix.

    Names that begin with what was typed come first, then the most stars, then
    the shortest names.
    """
    words = Words.of(text)
    if not words.folded or limit <= 0:
        return []
    products = [Suggestion(name, "product", slug) for name, slug, _, _ in
                snap.labels(_best(snap, *_complete(snap, "name", "n", words), 4 * limit))]
    producers: list[Suggestion] = []
    candidates = _best(snap, *_complete(snap, "producer", "p", words), 40 * limit)
    for start in range(0, len(candidates), 4 * limit):  # many products share a producer
        for _, _, name, slug in snap.labels(candidates[start:start + 4 * limit]):
            if all(s.text != name for s in producers):
                producers.append(Suggestion(name, "producer", slug))
        if len(producers) >= limit:
            break
    return merge_suggestions(products, producers, limit)


def _complete(snap: Snapshot, field: str, lead: str,
              words: Words) -> tuple[np.ndarray, np.ndarray]:
    """Documents whose ``field`` holds the typed words (the last as a prefix), and
    those among them whose name begins with the first typed word."""
    match = snap.live.copy()
    for word in words.folded[:-1]:
        match &= snap.mask(field, word)
    match &= _any(snap, field, words.folded[-1])
    typed = words.folded
    begins = (snap.mask("lead", f"{lead}:{typed[0]}") if len(typed) > 1
              else _any(snap, "lead", f"{lead}:{typed[0]}"))
    if field == "name" and len(typed) > 1:  # the words in a row: "tra m" is "Trà móc…"
        for a, b in zip(typed[:-2], typed[1:-1]):
            begins &= snap.mask("pairs", f"{a}_{b}")
        begins &= _any(snap, "pairs", f"{typed[-2]}_{typed[-1]}")
    return match, begins & match


def _any(snap: Snapshot, field: str, prefix: str) -> np.ndarray:
    """Documents holding any term of ``field`` that starts with ``prefix``."""
    found = np.zeros(snap.size, dtype=bool)
    for term in snap.expand(field, prefix):
        found[snap.postings(field, term)] = True
    return found


def _best(snap: Snapshot, mask: np.ndarray, begins: np.ndarray | None = None,
          limit: int = 10) -> list[int]:
    """The best first: names beginning with the query, then most stars, then shortest."""
    docs = np.flatnonzero(mask)
    if not len(docs):
        return []
    first = ~begins[docs] if begins is not None else np.zeros(len(docs), dtype=bool)
    order = np.lexsort((snap.columns["pid"][docs], snap.columns["name_len"][docs],
                        -snap.columns["stars"][docs], first))
    return [int(d) for d in docs[order[:limit]]]
