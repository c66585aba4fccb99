"""The scale-out backend: PostgreSQL full text, shared by every host of a deployment.

Documents live in ``search.document`` (see ``postgres_schema``); a query joins
them to the listing's own query (``catalog.listing``), so filters, stars and
facets read the live catalogue tables and only text needs reindexing. Matching
and ranking follow the Whoosh backend: every word, folded, anywhere; points for
a word in the name, for the very diacritics typed, for the query as a phrase in
the name; ties in the listing's order. Suggestions and did-you-mean use pg_trgm.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Mapping

from sqlalchemy import Select, bindparam, case, cast, delete, func, literal, or_, select, text
from sqlalchemy.dialects.postgresql import REGCONFIG, insert

from .. import units
from ..catalog.filters import ProductFilters
from ..catalog.listing import ORDERINGS, _apply, _listed
from ..catalog.models import Category, Product
from ..clock import today
from ..extensions import db
from ..ocop.models import Certification
from ..shops.models import Producer
from .base import (
    FEW_RESULTS, PRICE_BANDS, SearchResult, SearchUnavailable, Suggestion, merge_suggestions,
)
from .documents import SearchDocument, iter_documents
from .postgres_schema import DDL, document, word
from .text import analyze, has_marks, query_words, written_forms

log = logging.getLogger(__name__)
NAME, EXACT, EXACT_NAME, PHRASE, COVERAGE = 2.0, 3.0, 1.0, 4.0, 1.0  # as whoosh_query
SIMPLE = cast(literal("simple"), REGCONFIG)


def _fold(value):
    return func.search.fold(value)


def _tsquery(expression: str, folded: bool = True):
    """A tsquery from quoted words and operators built here (never from user syntax)."""
    value = bindparam(None, expression)
    return func.to_tsquery(SIMPLE, _fold(value) if folded else value)


def _quoted(words) -> list[str]:
    # Words are letters and digits only (text.query_words), so quoting is enough.
    return [f"'{w}'" for w in words]


class PostgresBackend:
    """SearchBackend over PostgreSQL full text (tsvector, unaccent, pg_trgm)."""

    def __init__(self) -> None:
        if db.engine.dialect.name != "postgresql":
            raise SearchUnavailable("SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL")
        self._ready = False

    def _ensure_schema(self) -> None:
        """Create the search schema if the database was made without migration 0002."""
        if self._ready:
            return
        with db.engine.begin() as connection:
            if connection.scalar(text("SELECT to_regclass('search.word')")) is None:
                log.warning("search schema missing: creating it (migration 0002 does this)")
                for statement in DDL:
                    connection.execute(text(statement))
        self._ready = True

    # Writing --------------------------------------------------------------------

    def apply(self, changes: Mapping[int, SearchDocument | None]) -> None:
        """Upsert or delete documents in one transaction of their own."""
        self._ensure_schema()
        with db.engine.begin() as connection:
            self._write(connection, changes)

    @staticmethod
    def _write(connection, changes: Mapping[int, SearchDocument | None]) -> None:
        gone = [i for i, doc in changes.items() if doc is None]
        rows = [_row(doc) for doc in changes.values() if doc is not None]
        if gone:
            connection.execute(delete(document).where(document.c.product_id.in_(gone)))
        if rows:
            statement = insert(document).values(rows)
            connection.execute(statement.on_conflict_do_update(
                index_elements=[document.c.product_id],
                set_={c: statement.excluded[c] for c in ("name", "producer", "body", "name_len")}))
            lexemes = select(func.unnest(func.tsvector_to_array(document.c.folded))).where(
                document.c.product_id.in_([r["product_id"] for r in rows])).distinct()
            connection.execute(insert(word).from_select(["word"], lexemes)
                               .on_conflict_do_nothing())

    def rebuild(self, procs: int | None = None) -> int:
        """Replace every document in one transaction: readers see the old set until it commits."""
        self._ensure_schema()
        count = 0
        with db.engine.begin() as connection:
            connection.execute(delete(document))
            connection.execute(delete(word))
            for batch in iter_documents():
                connection.execute(insert(document), [_row(doc) for doc in batch])
                count += len(batch)
            connection.execute(text(
                "INSERT INTO search.word SELECT word FROM "
                "ts_stat('SELECT folded FROM search.document') ON CONFLICT DO NOTHING"))
        return count

    def clear(self) -> None:
        """Delete every document and known word."""
        self._ensure_schema()
        with db.engine.begin() as connection:
            connection.execute(delete(document))
            connection.execute(delete(word))

    def health(self) -> str:
        """Whether the search tables exist; not their size (a count scans the table)."""
        with db.engine.connect() as connection:
            missing = [name for name in ("search.document", "search.word")
                       if connection.scalar(text("SELECT to_regclass(:name)"),
                                            {"name": name}) is None]
        if missing:
            raise SearchUnavailable(f"search schema missing {', '.join(missing)} "
                                    "(flask db upgrade creates it)")
        return "postgres: search schema present"

    # Reading --------------------------------------------------------------------

    def search(self, filters: ProductFilters, with_facets: bool) -> SearchResult:
        """The listing's own query joined to the matching documents, ranked, one page."""
        self._ensure_schema()
        exact, folded = query_words(filters.q)
        day = today()
        base = _listed(day)
        if filters.q.strip():
            if not exact:
                return SearchResult([], 0)
            base = base.join(document, document.c.product_id == Product.id).where(
                document.c.folded.op("@@")(_tsquery(" & ".join(_quoted(exact)))))
        hits = _apply(base, filters)
        total = db.session.scalar(select(func.count()).select_from(hits.subquery())) or 0
        order = ORDERINGS.get(filters.sort, ORDERINGS["stars"])
        if filters.sort == "relevance" and exact:
            order = (_score(exact).desc(), *ORDERINGS["stars"])
        ids = list(db.session.scalars(hits.order_by(*order).limit(filters.per_page)
                                      .offset((filters.page - 1) * filters.per_page)))
        result = SearchResult(ids, total, words=tuple(exact))
        if with_facets:
            result.facets = _facets(base, filters)
        if exact and total < FEW_RESULTS:
            result.suggestion = _did_you_mean(exact, folded, total, filters)
        return result

    def suggest(self, text_: str, limit: int) -> list[Suggestion]:
        """Names holding what was typed at the start of a word (trigram-indexed LIKE)."""
        self._ensure_schema()
        exact, _ = query_words(text_)
        if not exact or limit <= 0:
            return []
        typed = _fold(bindparam(None, " ".join(exact)))
        listed = _listed(today()).join(document, document.c.product_id == Product.id)
        products = (
            listed.where(_starts_a_word(document.c.name_folded, typed))
            .with_only_columns(Product.name, Product.slug)
            .order_by(document.c.name_folded.startswith(typed).desc(),
                      func.coalesce(Certification.stars, 0).desc(), document.c.name_len,
                      Product.id)
            .limit(4 * limit))
        producers = (
            listed.where(_starts_a_word(document.c.producer_folded, typed))
            .with_only_columns(Producer.name, Producer.slug,
                               document.c.producer_folded.startswith(typed).label("lead"))
            .distinct().order_by(text("lead DESC"), Producer.name).limit(limit))
        return merge_suggestions(
            [Suggestion(name, "product", slug) for name, slug in db.session.execute(products)],
            [Suggestion(name, "producer", slug) for name, slug, _ in db.session.execute(producers)],
            limit)


def _row(doc: SearchDocument) -> dict:
    name_exact, _ = analyze(doc.name)
    producer_exact, _ = analyze(doc.producer_name)
    body_exact, _ = analyze(" ".join((doc.description, doc.category_name, doc.group_name,
                                      doc.places, doc.origin, doc.name_en)))
    return {"product_id": doc.id, "name": " ".join(name_exact),
            "producer": " ".join(producer_exact), "body": " ".join(body_exact),
            "name_len": min(len(name_exact), 127)}


def _starts_a_word(column, typed):
    """The column holds what was typed at a word start (pg_trgm indexes both LIKEs)."""
    return or_(column.startswith(typed), column.contains(literal(" ").op("||")(typed)))


def _score(exact: list[str]):
    """The relevance points of whoosh_query, as one SQL expression."""
    hits, points = [], []
    for w in dict.fromkeys(exact):
        named = case((document.c.folded.op("@@")(_tsquery(f"'{w}':A")), 1), else_=0)
        hits.append(named)
        points.append(NAME * named)
        if has_marks(w):
            points.append(EXACT * case((document.c.exact.op("@@")(
                _tsquery(f"'{w}'", folded=False)), 1), else_=0))
            points.append(EXACT_NAME * case((document.c.exact.op("@@")(
                _tsquery(f"'{w}':A", folded=False)), 1), else_=0))
    if len(exact) > 1:
        phrase = " <-> ".join(f"'{w}':A" for w in exact)
        points.append(PHRASE * len(exact) * case(
            (document.c.folded.op("@@")(_tsquery(phrase)), 1), else_=0))
    coverage = func.least(sum(hits) / func.greatest(document.c.name_len, 1), 1.0)
    return sum(points) + COVERAGE * coverage


def _facets(base: Select, f: ProductFilters) -> dict[str, dict]:
    """Counts per facet value, each with every filter but its own (as catalog.listing)."""
    bands = case(*[(Product.price_vnd >= low, i) for i, (low, _) in reversed(
        list(enumerate(PRICE_BANDS)))], else_=0)
    columns = {
        "category": (func.coalesce(Category.parent_id, Category.id), "category", f),
        "stars": (Certification.stars, "stars", f),
        "province": (Producer.province_code, "province", f),
        "commune": (Producer.commune_code, "commune", f),
        "price": (bands, "", replace(f, min_price=None, max_price=None)),
    }
    facets: dict[str, dict] = {}
    for name, (column, skip, filters) in columns.items():
        stmt = _apply(base, filters, skip=skip).with_only_columns(
            column, func.count(Product.id)).group_by(column)
        facets[name] = {key: n for key, n in db.session.execute(stmt) if key is not None}
    return facets


def _did_you_mean(exact: list[str], folded: list[str], found: int,
                  f: ProductFilters) -> str | None:
    """Correct the words no product holds with the closest known word that fits the rest;
    suggested only if it finds more than the query did under the same filters."""
    known = [w for w in exact if _count([w])]
    corrected: list[str] = []
    for typed, plain in zip(exact, folded):
        if typed in known:
            corrected.append(typed)
            continue
        candidates = _near(plain)
        if not candidates:
            return None
        corrected.append(max(candidates, key=lambda c: _fit(known, plain, c)))
    if corrected == exact:
        return None
    total = _count(corrected, f)
    if total <= found:
        return None
    forms = written_forms(_texts_matching(corrected))
    return " ".join(w if has_marks(w) else forms.get(w, w) for w in corrected)


def _count(words: list[str], f: ProductFilters | None = None) -> int:
    stmt = _listed(today()).join(document, document.c.product_id == Product.id).where(
        document.c.folded.op("@@")(_tsquery(" & ".join(_quoted(words)))))
    if f is not None:
        stmt = _apply(stmt, f)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def _near(plain: str) -> list[str]:
    """Known folded words close to ``plain`` by trigrams, then by edit distance."""
    from .whoosh_query import _distance  # the same measure for both backends

    rows = db.session.scalars(
        select(word.c.word).where(word.c.word.op("%")(plain),
                                  func.left(word.c.word, 1) == plain[:1])
        .order_by(func.similarity(word.c.word, plain).desc()).limit(20))
    limit = 1 if len(plain) <= 4 else 2
    return [w for w in rows if _distance(plain, w) <= limit and not has_marks(w)]


def _fit(known: list[str], typed: str, candidate: str) -> tuple:
    from .whoosh_query import _distance

    together = _count(known + [candidate])
    return together > 0, -_distance(typed, candidate), together


def _texts_matching(words: list[str]) -> list[str]:
    stmt = (_listed(today()).join(document, document.c.product_id == Product.id)
            .where(document.c.folded.op("@@")(_tsquery(" & ".join(_quoted(words)))))
            .with_only_columns(Product.name, Producer.name, Producer.commune_code)
            .order_by(*ORDERINGS["stars"]).limit(50))
    texts = []
    for name, producer, commune_code in db.session.execute(stmt):
        commune = units.commune(commune_code)
        province = units.province(commune.province_code) if commune else None
        texts.append(" ".join((name, producer, getattr(commune, "short", ""),
                               getattr(province, "short", ""))))
    return texts

