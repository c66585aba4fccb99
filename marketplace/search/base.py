"""What every search backend answers, whatever it runs on."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Protocol

from ..catalog.filters import ProductFilters
from .documents import SearchDocument

# Price bands of the price facet, in VND: (lowest, highest or None for no upper bound).
PRICE_BANDS: tuple[tuple[int, int | None], ...] = (
    (0, 49_999), (50_000, 99_999), (100_000, 199_999), (200_000, 499_999), (500_000, None),
)
SUGGEST_LIMIT = 10
FEW_RESULTS = 3  # below this many hits a did-you-mean suggestion is looked for


class SearchUnavailable(Exception):
    """The index cannot answer now (being rebuilt, unreadable); the page says so."""


@dataclass
class SearchResult:
    """One page of hits and, when asked, facet counts keyed by the raw filter values.

    Facet keys: ``category`` group id, ``stars`` 3..5, ``province``/``commune`` GSO
    code, ``price`` index into PRICE_BANDS. Each facet counts with every active
    filter except its own, so a shopper sees what picking another value gives.
    """

    ids: list[int]
    total: int
    facets: dict[str, dict] = field(default_factory=dict)
    suggestion: str | None = None
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """An autocomplete entry: a product or a producer, with the slug to link to."""

    text: str
    kind: str  # "product" or "producer"
    slug: str


class SearchBackend(Protocol):
    """The few operations the app calls; each backend answers them the same way."""

    def apply(self, changes: Mapping[int, SearchDocument | None]) -> None:
        """Upsert documents, remove ids mapped to None; visible to the next query."""

    def search(self, filters: ProductFilters, with_facets: bool) -> SearchResult:
        """Ordered hits for the filters (``q`` included), one page, facets if asked."""

    def suggest(self, text: str, limit: int) -> list[Suggestion]:
        """Product and producer names completing what was typed so far."""

    def rebuild(self, procs: int | None = None) -> int:
        """Re-create the index from the database; returns the number of documents."""

    def clear(self) -> None:
        """Drop every document (tests, and a database that was emptied)."""

    def health(self) -> str:
        """A short state ("whoosh: 240 documents") if the index can answer now; raises
        SearchUnavailable if it cannot (the health check reports it)."""


def price_band_key(band: tuple[int, int | None]) -> str:
    """``"100000-199999"``, or ``"500000-"`` for the open top band."""
    low, high = band
    return f"{low}-{high if high is not None else ''}"


def price_band_bounds(key: str) -> tuple[int, int | None]:
    """The (min_price, max_price) a price facet key stands for: ``"500000-"`` → (500000, None).

    Raises ValueError for a key that is not one of PRICE_BANDS.
    """
    for band in PRICE_BANDS:
        if price_band_key(band) == key:
            return band
    raise ValueError(f"unknown price band {key!r}")


def merge_suggestions(products: list[Suggestion], producers: list[Suggestion],
                      limit: int) -> list[Suggestion]:
    """Products first, then producers; producers keep a third of the places (more if
    products are few).

    Each list comes best first and may repeat a name (two products of one name):
    only the first of a name is kept.
    """
    products, producers = _distinct(products), _distinct(producers)
    room = min(len(producers), max(limit // 3, limit - len(products)))
    return products[:limit - room] + producers[:room]


def _distinct(items: list[Suggestion]) -> list[Suggestion]:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.text not in seen:
            seen.add(item.text)
            kept.append(item)
    return kept
