"""An in-memory view of one index generation: numpy columns and cached posting sets.

Whoosh stores the index; answering a query with its matchers and collectors
costs hundreds of milliseconds at 100,000 products (every hit scored and counted
in Python). Instead a Snapshot loads each segment's packed records into numpy
once, and each term's posting list once, keyed by the segment: segments never
change after they are written, so a commit that adds one product only costs
reading that small new segment, not the whole index again. Deletions are a
``live`` mask rebuilt per generation. Filters, facets and sorting then run as
vectorised numpy over at most 100,000 entries.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

import numpy as np
from whoosh.reading import IndexReader, TermNotFound

from .text import has_marks
from .whoosh_schema import MATCH_FIELDS, RECORD, RecordReader

COLUMNS = ("pid", "price", "created", "stock", "producer", "category", "group", "commune",
           "stars_until", "province", "stars", "gift", "name_len")
SEGMENT_CACHE_BYTES = 256 * 1024 * 1024
MAX_EXPANSIONS = 200  # prefix completions looked at for one typed word


class SegmentCache:
    """Per-segment data shared by every snapshot of one process, least recently used first out.

    Keys start with the segment's id, which Whoosh never reuses, so an entry can
    never be stale: a rewritten segment is a new id.
    """

    def __init__(self, budget: int = SEGMENT_CACHE_BYTES) -> None:
        self._entries: OrderedDict[tuple, object] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self._budget = budget
        self._used = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, compute: Callable[[], object]) -> object:
        """The cached value, or ``compute()`` stored (computed outside the lock)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        size = getattr(value, "nbytes", 64)
        with self._lock:
            if key not in self._entries:
                self._entries[key] = value
                self._sizes[key] = size
                self._used += size
            while self._used > self._budget and len(self._entries) > 1:
                old, _ = self._entries.popitem(last=False)
                self._used -= self._sizes.pop(old)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()
            self._used = 0


@dataclass
class Leaf:
    """One segment's reader and where its document numbers start."""

    reader: IndexReader
    offset: int
    key: str  # unique id of the segment (with its version directory)
    size: int


class Snapshot:
    """One generation of the index as numpy columns, with posting lists on demand.

    All access to Whoosh readers happens under ``lock``: their files are read
    with seek+read, which is not safe from two threads at once.
    """

    def __init__(self, reader: IndexReader, version: str, cache: SegmentCache,
                 lock: threading.RLock) -> None:
        self.reader = reader
        self.generation = reader.generation()
        self.lock = lock
        self._cache = cache
        self._terms: dict[tuple[str, str], np.ndarray] = {}
        # An empty index has one leaf without a segment: it holds nothing to load.
        self.leaves = [Leaf(r, offset, f"{version}/{r.segment().segment_id()}", r.doc_count_all())
                       for r, offset in reader.leaf_readers() if r.segment() is not None]
        self.size = sum(leaf.size for leaf in self.leaves)
        self.columns = self._load_columns()
        self.live = self._load_live()
        self.count = int(self.live.sum())
        self._stars_day: tuple[int, np.ndarray] | None = None
        self._ranks: dict[tuple[str, int], np.ndarray] = {}
        self._bands: np.ndarray | None = None

    # Columns ------------------------------------------------------------------

    def _load_columns(self) -> dict[str, np.ndarray]:
        parts = [self._cache.get((leaf.key, "records"), lambda leaf=leaf: _records(leaf))
                 for leaf in self.leaves]
        records = np.concatenate(parts) if parts else np.zeros(0, dtype=RECORD)
        # Contiguous copies: numpy is several times faster on them than on strided fields.
        return {name: np.ascontiguousarray(records[name]) for name in COLUMNS}

    def _load_live(self) -> np.ndarray:
        live = np.ones(self.size, dtype=bool)
        for leaf in self.leaves:
            if leaf.reader.has_deletions():
                deleted = np.fromiter(leaf.reader.segment().deleted_docs(), dtype=np.int64)
                live[deleted + leaf.offset] = False
        return live

    def rank(self, order: str, day: int) -> np.ndarray:
        """Each document's position in one of the listing's orders (computed once per snapshot).

        Sorting hits then needs one integer key, and only the top of a page's
        worth of it (argpartition), instead of a multi-key sort of every hit.
        """
        key = (order, day if order == "stars" else 0)
        found = self._ranks.get(key)
        if found is None:
            cols = self.columns
            pid, created = cols["pid"], cols["created"]
            keys = {
                "price_asc": (pid, cols["price"]),
                "price_desc": (-pid, -cols["price"]),
                "newest": (-pid, -created),
                "stars": (-pid, -created, -self.current_stars(day).astype(np.int64)),
            }[order]
            found = np.empty(self.size, dtype=np.int64)
            found[np.lexsort(keys)] = np.arange(self.size)
            self._ranks = {k: v for k, v in self._ranks.items() if k[0] != order}
            self._ranks[key] = found
        return found

    def price_bands(self, edges: np.ndarray) -> np.ndarray:
        """The price band index of every document (for the price facet)."""
        if self._bands is None:
            self._bands = np.searchsorted(edges, self.columns["price"], side="right")
        return self._bands

    def current_stars(self, day: int) -> np.ndarray:
        """Stars of the certificate in force on ``day`` (an ordinal), 0 without one."""
        if self._stars_day is None or self._stars_day[0] != day:
            stars = np.where(self.columns["stars_until"] >= day, self.columns["stars"], 0)
            self._stars_day = (day, stars.astype(np.int8))
        return self._stars_day[1]

    # Postings -----------------------------------------------------------------

    def postings(self, field: str, term: str) -> np.ndarray:
        """Sorted document numbers holding ``term`` in ``field`` (deleted ones included)."""
        key = (field, term)
        found = self._terms.get(key)
        if found is None:
            parts = [self._cache.get((leaf.key, field, term),
                                     lambda leaf=leaf: self._read_postings(leaf, field, term))
                     + leaf.offset for leaf in self.leaves]
            found = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            if len(self._terms) > 4096:
                self._terms.clear()
            self._terms[key] = found
        return found

    def _read_postings(self, leaf: Leaf, field: str, term: str) -> np.ndarray:
        with self.lock:
            try:
                matcher = leaf.reader.postings(field, term)
            except TermNotFound:
                return np.zeros(0, dtype=np.int64)
            return np.fromiter(matcher.all_ids(), dtype=np.int64)

    def mask(self, field: str, term: str) -> np.ndarray:
        """The postings of a term as a boolean mask over all document numbers."""
        mask = np.zeros(self.size, dtype=bool)
        mask[self.postings(field, term)] = True
        return mask

    def word_mask(self, word: str) -> np.ndarray:
        """Documents holding a folded query word in any searchable field."""
        mask = np.zeros(self.size, dtype=bool)
        for field in MATCH_FIELDS:
            mask[self.postings(field, word)] = True
        return mask

    def word_frequency(self, word: str) -> int:
        """Live documents holding a folded word in any searchable field."""
        return int((self.word_mask(word) & self.live).sum())

    def expand(self, field: str, prefix: str) -> list[str]:
        """Terms of ``field`` starting with ``prefix`` (at most MAX_EXPANSIONS)."""
        terms: set[str] = set()
        with self.lock:
            for leaf in self.leaves:
                for term in leaf.reader.expand_prefix(field, prefix):
                    terms.add(term.decode("utf-8") if isinstance(term, bytes) else term)
                    if len(terms) >= MAX_EXPANSIONS:
                        return sorted(terms)
        return sorted(terms)

    def near_words(self, word: str, distance: int) -> set[str]:
        """Folded words of any searchable field within ``distance`` edits, same first letter."""
        found: set[str] = set()
        with self.lock:
            for leaf in self.leaves:
                for field in MATCH_FIELDS:
                    for term in leaf.reader.terms_within(field, word, distance, prefix=1):
                        found.add(term.decode("utf-8") if isinstance(term, bytes) else term)
        return {w for w in found if not has_marks(w)}

    def labels(self, docnums: list[int]) -> list[tuple[str, str, str, str]]:
        """Stored (name, slug, producer name, producer slug) of some documents."""
        with self.lock:
            return [self.reader.stored_fields(int(d))["label"] for d in docnums]


def _records(leaf: Leaf) -> np.ndarray:
    if leaf.reader.has_column("record"):
        column = leaf.reader.column_reader("record", translate=False)
        if isinstance(column, RecordReader):
            return column.records()
    return np.zeros(leaf.size, dtype=RECORD)
