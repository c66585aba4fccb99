"""The Whoosh schema: ready-made term sets per field plus one packed attribute column.

Text is analysed by ``text.py`` (NFC, folding, pairs) before it reaches Whoosh,
so the fields take sets of terms and skip Whoosh's per-token analyzer chain: that
is most of what makes a 100,000-product build fit in a minute. The attributes
that filters, facets and sorts need are packed into one fixed-width record per
document, which a reader loads for a whole segment in one read into numpy.

The schema is pickled into the index, so these classes must keep their import
path; if it ever changes, ``flask search reindex`` rebuilds a readable index.
"""
from __future__ import annotations

import struct
from typing import Any, Iterator

import numpy as np
from whoosh import columns, fields, formats
from whoosh.analysis import IDAnalyzer

from .documents import SearchDocument
from .text import analyze, pairs

# One record per document; numpy reads a segment's column with this dtype in one go.
RECORD = np.dtype([
    ("pid", "<i8"), ("price", "<i8"), ("created", "<i8"), ("stock", "<i4"),
    ("producer", "<i4"), ("category", "<i4"), ("group", "<i4"), ("commune", "<i4"),
    ("stars_until", "<i4"), ("province", "<i2"), ("stars", "i1"), ("gift", "i1"),
    ("name_len", "i1"), ("pad", "V3"),
])
_PACK = struct.Struct("<qqqiiiiiihbbb3x").pack
assert struct.calcsize("<qqqiiiiiihbbb3x") == RECORD.itemsize


class TermSet(fields.FieldType):
    """An indexed field fed a set of finished terms: no analyzer, no positions, no scoring."""

    def __init__(self) -> None:
        super().__init__(formats.Existence(), IDAnalyzer(), scorable=False, stored=False)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        for term in value:
            yield term.encode("utf-8"), 1, 1.0, b""


class RecordColumn(columns.FixedBytesColumn):
    """Fixed-width records whose reader hands back the whole segment's bytes at once."""

    def __init__(self) -> None:
        super().__init__(RECORD.itemsize)

    def reader(self, dbfile, basepos, length, doccount):
        return RecordReader(dbfile, basepos, length, doccount, RECORD.itemsize, self._default)


class RecordReader(columns.FixedBytesColumn.Reader):
    def __init__(self, dbfile, basepos, length, doccount, fixedlen, default) -> None:
        super().__init__(dbfile, basepos, length, doccount, fixedlen, default)
        self.raw_span = (dbfile, basepos, length, doccount)

    def records(self) -> np.ndarray:
        """Every document's record in this segment, as a numpy structured array."""
        dbfile, basepos, length, doccount = self.raw_span
        data = np.frombuffer(bytes(dbfile.get(basepos, length)), dtype=RECORD)
        if len(data) < doccount:  # trailing documents without a record read as zeros
            data = np.concatenate([data, np.zeros(doccount - len(data), dtype=RECORD)])
        return data


class RecordField(fields.COLUMN):
    def __init__(self) -> None:
        super().__init__(RecordColumn())

    def to_column_value(self, value: Any) -> bytes:
        return value

    def from_column_value(self, value: object) -> Any:
        return value


def make_schema() -> fields.Schema:
    """Fields: ``pid`` (unique key); the product ``name`` and the ``producer`` name as
    folded words plus their exact (diacritic) forms; name word ``pairs`` (phrases);
    the ``lead`` (first) word of the product and producer names (autocomplete);
    ``text``: every other searchable word, folded (a word already in the name or
    producer name is not repeated there); ``label`` (stored names for
    autocomplete); ``record`` (the packed attributes)."""
    return fields.Schema(
        pid=fields.ID(unique=True), name=TermSet(), producer=TermSet(), pairs=TermSet(),
        lead=TermSet(), text=TermSet(), label=fields.STORED(), record=RecordField(),
    )


MATCH_FIELDS = ("name", "producer", "text")  # a query word may be found in any of them


def _with_exact(exact: list[str], folded: list[str]) -> set[str]:
    """Folded words plus the exact (diacritic) ones that differ from them."""
    return set(folded).union(e for e, f in zip(exact, folded) if e != f)


def pack(doc: SearchDocument, name_len: int) -> bytes:
    """The attribute record of one document (same layout as ``RECORD``)."""
    return _PACK(doc.id, doc.price_vnd, doc.created_micros, max(doc.stock, 0), doc.producer_id,
                 doc.category_id, doc.group_id, int(doc.commune_code or 0),
                 doc.stars_until.toordinal() if doc.stars_until else 0,
                 int(doc.province_code or 0), doc.stars, int(doc.is_gift), min(name_len, 127))


def document_fields(doc: SearchDocument) -> dict[str, Any]:
    """What ``add_document`` takes for one product.

    Postings are what a build spends its time on, so each word is indexed once
    per product where it counts: exact forms only for the names (where ``chè``
    versus ``chế`` decides the ranking), the rest folded and without repeats.
    """
    name_exact, name_folded = analyze(doc.name)
    producer_exact, producer_folded = analyze(doc.producer_name)
    _, other = analyze(" ".join((doc.description, doc.category_name, doc.group_name,
                                 doc.places, doc.origin, doc.name_en)))
    return {
        "pid": str(doc.id),
        "name": _with_exact(name_exact, name_folded),
        "producer": _with_exact(producer_exact, producer_folded),
        "pairs": set(pairs(name_folded)),
        "lead": {f"n:{name_folded[0]}" if name_folded else "n:",
                 f"p:{producer_folded[0]}" if producer_folded else "p:"},
        "text": set(other).difference(name_folded, producer_folded),
        "label": (doc.name, doc.slug, doc.producer_name, doc.producer_slug),
        "record": pack(doc, len(name_folded)),
    }
