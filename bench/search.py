"""Search benchmark: 100,000 products, a fixed mix of 300 queries, SQLite FTS5 as reference.

    python bench/search.py [--products N] [--out FILE]

Generates the catalogue (bench/search_data.py) into a throw-away SQLite
database, builds the search index with ``flask search reindex``'s code path,
then runs the same 300 queries (plain, without diacritics, filtered, faceted,
sorted, deep page) three times: from cold with facets, then warm without and with
facets, against the app's search backend and against an FTS5 table
(``unicode61 remove_diacritics 2``; it does not fold đ, so text and queries given
to it have đ → d). Prints one JSON object:
build seconds, index MB, p50/p95/p99 ms per query type for both, their ratio,
and the time for one product update to become visible.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import update  # noqa: E402

from bench.search_data import generate  # noqa: E402
from config import TestConfig  # noqa: E402
from marketplace import create_app, search, units  # noqa: E402
from marketplace.catalog.filters import ProductFilters  # noqa: E402
from marketplace.catalog.groups import ensure_categories  # noqa: E402
from marketplace.catalog.models import CatalogRevision, Category, Product  # noqa: E402
from marketplace.clock import today  # noqa: E402
from marketplace.demo.vocab import SPECIALTIES  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.search.base import PRICE_BANDS  # noqa: E402
from marketplace.search.documents import iter_documents  # noqa: E402
from marketplace.search.text import fold  # noqa: E402

TYPES = ("plain", "no_diacritics", "filtered", "faceted", "sorted", "deep_page")
PER_TYPE = 50
SEED = 7


# Queries ----------------------------------------------------------------------

def _phrases() -> list[str]:
    """What shoppers type: kinds of product, with or without a brand or a place."""
    names = set()
    for specialty in SPECIALTIES:
        for kind in specialty.kinds:
            base = kind.name.replace("{brand}", "").replace("{place}", "").strip()
            names.add(" ".join(base.split()[:3]).lower())
    return sorted(names)


def make_queries(count_per_type: int = PER_TYPE) -> list[tuple[str, ProductFilters]]:
    """The fixed mix: ``count_per_type`` queries of each type, in a shuffled order."""
    rng = random.Random(SEED)
    phrases = _phrases()
    places = [p.short.lower() for p in units.provinces()]
    groups = [c for c in db.session.query(Category).filter(Category.parent_id.is_(None))]

    def text() -> str:
        words = rng.choice(phrases).split()[: rng.choice((1, 2, 2, 3))]
        if rng.random() < 0.25:
            words.append(rng.choice(places))
        return " ".join(words)

    queries = []
    for _ in range(count_per_type):
        queries.append(("plain", ProductFilters(q=text(), sort="relevance")))
        queries.append(("no_diacritics", ProductFilters(q=fold(text()), sort="relevance")))
        group = rng.choice(groups)
        queries.append(("filtered", ProductFilters(
            q=text(), sort="relevance", stars=rng.choice((None, 3, 4, 5)),
            province=rng.choice((None, rng.choice(units.provinces()).code)),
            category_ids=(group.id, *(c.id for c in group.children)) if rng.random() < .5 else (),
            min_price=rng.choice((None, 50_000, 100_000)), in_stock=rng.random() < 0.5)))
        queries.append(("faceted", ProductFilters(
            q=rng.choice((text(), "")), sort="relevance", stars=rng.choice((3, 4)),
            max_price=rng.choice((200_000, 500_000)))))
        queries.append(("sorted", ProductFilters(
            q=text(), sort=rng.choice(("price_asc", "price_desc", "stars", "newest")))))
        queries.append(("deep_page", ProductFilters(
            q=rng.choice(phrases).split()[0], sort="relevance", page=rng.randint(10, 120))))
    rng.shuffle(queries)
    return queries


# FTS5 reference ------------------------------------------------------------------

def _d(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


def build_fts(path: Path) -> float:
    """The reference index: an FTS5 table plus an attribute table, from the same documents."""
    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.executescript("""
        DROP TABLE IF EXISTS fts_doc; DROP TABLE IF EXISTS fts_attr;
        CREATE VIRTUAL TABLE fts_doc USING fts5(name, meta, description,
            tokenize="unicode61 remove_diacritics 2");
        CREATE TABLE fts_attr (id INTEGER PRIMARY KEY, price INT, created INT, stock INT,
            category INT, grp INT, commune TEXT, province TEXT, stars INT, stars_until INT,
            gift INT);
    """)
    for batch in iter_documents():
        conn.executemany("INSERT INTO fts_doc(rowid, name, meta, description) VALUES (?,?,?,?)",
                         [(d.id, _d(d.name), _d(d.meta), _d(d.description)) for d in batch])
        conn.executemany("INSERT INTO fts_attr VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            (d.id, d.price_vnd, d.created_micros, d.stock, d.category_id, d.group_id,
             d.commune_code, d.province_code, d.stars,
             d.stars_until.toordinal() if d.stars_until else 0, int(d.is_gift)) for d in batch])
    conn.commit()
    conn.close()
    return time.perf_counter() - started


class Fts:
    """The same listing request answered with SQL over FTS5 (one query per number)."""

    ORDER = {"price_asc": "a.price, a.id", "price_desc": "a.price DESC, a.id DESC",
             "newest": "a.created DESC, a.id DESC", "stars": "st DESC, a.created DESC, a.id DESC",
             "relevance": "m.rank, st DESC, a.created DESC, a.id DESC"}

    def __init__(self, path: Path, day: int) -> None:
        self.conn = sqlite3.connect(path)
        self.day = day

    def run(self, f: ProductFilters, with_facets: bool) -> tuple[list[int], int]:
        words = [w for w in fold(f.q).split() if w.isalnum()]
        if words:
            match = " ".join(f'"{w}"' for w in words)
            source = ("(SELECT rowid AS id, bm25(fts_doc, 10.0, 2.0, 1.0) AS rank FROM fts_doc "
                      "WHERE fts_doc MATCH ?) m JOIN fts_attr a ON a.id = m.id")
            params: list = [match]
        else:
            source, params = "fts_attr a", []
        stars = f"CASE WHEN a.stars_until >= {self.day} THEN a.stars ELSE 0 END"
        where, args = self._where(f, stars)
        order = self.ORDER[f.sort if words or f.sort != "relevance" else "stars"]
        rows = self.conn.execute(
            f"SELECT a.id, {stars} AS st FROM {source} WHERE {where} ORDER BY {order} "
            f"LIMIT ? OFFSET ?", params + args + [f.per_page, (f.page - 1) * f.per_page]).fetchall()
        total = self.conn.execute(f"SELECT count(*) FROM {source} WHERE {where}",
                                  params + args).fetchone()[0]
        if with_facets:
            bands = " ".join(f"WHEN a.price >= {low} THEN {i}"
                             for i, (low, _) in reversed(list(enumerate(PRICE_BANDS))))
            for name, column in (("category", "a.grp"), ("stars", stars),
                                 ("province", "a.province"), ("commune", "a.commune"),
                                 ("price", f"CASE {bands} END")):
                w, a = self._where(f, stars, skip=name)
                self.conn.execute(f"SELECT {column}, count(*) FROM {source} WHERE {w} "
                                  f"GROUP BY 1", params + a).fetchall()
        return [r[0] for r in rows], total

    @staticmethod
    def _where(f: ProductFilters, stars: str, skip: str = "") -> tuple[str, list]:
        clauses, args = ["1"], []
        if f.category_ids and skip != "category":
            clauses.append(f"a.category IN ({','.join('?' * len(f.category_ids))})")
            args += list(f.category_ids)
        if f.stars and skip != "stars":
            clauses.append(f"{stars} = ?")
            args.append(f.stars)
        if f.province and skip != "province":
            clauses.append("a.province = ?")
            args.append(f.province)
        if f.min_price is not None and skip != "price":
            clauses.append("a.price >= ?")
            args.append(f.min_price)
        if f.max_price is not None and skip != "price":
            clauses.append("a.price <= ?")
            args.append(f.max_price)
        if f.in_stock:
            clauses.append("a.stock > 0")
        return " AND ".join(clauses), args


# Measuring ------------------------------------------------------------------------

def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))], 2)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "mean": round(
        statistics.fmean(ordered), 2)}


def measure(run, queries, with_facets: bool) -> dict[str, dict[str, float]]:
    times: dict[str, list[float]] = {t: [] for t in TYPES}
    for kind, f in queries:
        started = time.perf_counter()
        run(f, with_facets)
        times[kind].append((time.perf_counter() - started) * 1000)
    result = {kind: _percentiles(samples) for kind, samples in times.items()}
    result["all"] = _percentiles([s for samples in times.values() for s in samples])
    return result


def _size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    return round(total / 2**20, 1)


def _update_visible_ms() -> float:
    """A restock committed, then searched for: time until the index shows it."""
    product = db.session.scalars(db.select(Product).where(Product.stock == 0).limit(1)).one()
    f = ProductFilters(q=product.name, in_stock=True, per_page=100)
    started = time.perf_counter()
    db.session.execute(update(Product).where(Product.id == product.id).values(stock=5))
    search.mark_products([product.id])
    db.session.commit()
    visible = product.id in search.backend().search(f, False).ids
    elapsed = (time.perf_counter() - started) * 1000
    if not visible:
        raise AssertionError("the restocked product is not found by search")
    return round(elapsed, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--keep", help="keep the generated data in this directory")
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="ocop-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    config = type("BenchConfig", (TestConfig,), {
        "TESTING": False, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'bench.db'}",
        "SEARCH_INDEX_DIR": str(work / "search-index"), "MEDIA_DIR": str(work / "media"),
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "whoosh")})
    app = create_app(config)
    try:
        with app.app_context():
            print(json.dumps(run_bench(app, work, args.products), ensure_ascii=False))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run_bench(app, work: Path, products: int) -> dict:
    search.init_app(app)
    db.drop_all()
    db.create_all()
    ensure_categories()
    db.session.add(CatalogRevision(id=1, revision=0))
    db.session.commit()
    started = time.perf_counter()
    generated = generate(products, today())
    generate_seconds = time.perf_counter() - started

    started = time.perf_counter()
    indexed = search.rebuild()
    build_seconds = time.perf_counter() - started
    fts_path = work / "fts.db"
    fts_build = build_fts(fts_path)

    queries = make_queries()
    app.extensions["search"].clear()  # a fresh worker: nothing cached, index not yet open
    backend = search.backend()
    fts = Fts(fts_path, today().toordinal())
    report = {"products": indexed, **{k: v for k, v in generated.items() if k != "products"},
              "queries": len(queries), "generate_seconds": round(generate_seconds, 1),
              "backend": app.config["SEARCH_BACKEND"],
              "build_seconds": round(build_seconds, 1),
              "index_mb": _size_mb(Path(app.config["SEARCH_INDEX_DIR"]).resolve()),
              "fts5_build_seconds": round(fts_build, 1), "fts5_mb": _size_mb(fts_path)}
    # First pass from cold (every posting list read from the index for the first
    # time), then the same mix again with facets off and on.
    for label, with_facets in (("cold_facets_on", True), ("facets_off", False),
                               ("facets_on", True)):
        ours = measure(lambda f, w: backend.search(f, w), queries, with_facets)
        ref = measure(fts.run, queries, with_facets)
        report[label] = {
            "search_ms": ours, "fts5_ms": ref,
            "p95_ratio": {k: round(ours[k]["p95"] / max(ref[k]["p95"], 0.01), 2) for k in ours},
        }
    report["update_visible_ms"] = _update_visible_ms()
    on = report["cold_facets_on"]
    report["targets"] = {
        "p95_all_facets_on_le_50ms": on["search_ms"]["all"]["p95"] <= 50,
        "p95_every_type_facets_on_le_50ms": all(v["p95"] <= 50 for v in on["search_ms"].values()),
        "build_le_60s": build_seconds <= 60,
        "p95_within_3x_fts5": all(r <= 3 for r in on["p95_ratio"].values()),
        "update_visible_le_1s": report["update_visible_ms"] <= 1000,
    }
    return report


if __name__ == "__main__":
    main()
