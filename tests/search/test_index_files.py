"""The Whoosh directory under load: other processes, reindexing, a lost or broken index."""
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from marketplace import search
from marketplace.catalog.filters import ProductFilters
from marketplace.search import whoosh_backend
from marketplace.search.base import SearchUnavailable
from marketplace.search.whoosh_backend import ReaderClosed
from tests.factories import make_product

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def whoosh(app, db):
    """The Whoosh backend on an empty index, whatever the database."""
    app.config["SEARCH_BACKEND"] = "whoosh"
    search.init_app(app)
    search.clear()
    yield search.backend()


def _products(count: int) -> list[int]:
    return [make_product(f"Chè búp số {n}").id for n in range(count)]


def _total(q: str = "che") -> int:
    return search.search_products(ProductFilters(q=q, sort="relevance")).total


def _restart(app) -> whoosh_backend.WhooshBackend:
    """What a freshly started worker has: no open index, no caches."""
    app.extensions["search"].clear()
    return search.backend()


def test_two_processes_writing_at_once_lose_nothing(app, whoosh):
    # Given 40 products nobody has indexed yet
    ids = _products(40)
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"], "SEARCH_BACKEND": "whoosh",
           "INSTANCE_DIR": str(Path(app.config["SEARCH_INDEX_DIR"]).parent)}

    # When two processes index half each, one commit per product, at the same time
    writers = [subprocess.Popen([sys.executable, "-m", "tests.search._writer",
                                 *map(str, half)], cwd=ROOT, env=env)
               for half in (ids[::2], ids[1::2])]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]

    # Then this process sees every product exactly once
    assert _total() == 40
    assert not whoosh.files.has_pending()


def test_a_writer_that_cannot_get_its_turn_journals_and_nothing_is_lost(whoosh, monkeypatch):
    product = make_product("Mật ong rừng")
    monkeypatch.setattr(whoosh, "write_timeout", 0.05)

    with whoosh.files.write_lock(1):  # another worker holds the index
        search.index_products([product.id])
    assert whoosh.files.has_pending()

    assert _total("mat ong") == 1  # the next query applies the journal
    assert not whoosh.files.has_pending()


def test_a_missing_index_is_rebuilt_by_the_next_query(app, whoosh):
    _products(3)
    search.rebuild()
    files = whoosh.files
    shutil.rmtree(files.versions)
    files.link.unlink()

    assert _total() == 3
    assert files.current() is not None


@pytest.mark.parametrize("damage", ["toc", "segments"])
def test_a_corrupt_index_is_rebuilt_not_a_crash(app, whoosh, damage):
    _products(3)
    search.rebuild()
    live = whoosh.files.current()
    for path in live.iterdir():
        if (damage == "toc") == path.name.endswith(".toc"):
            path.write_bytes(b"\x80garbage" * 3)

    _restart(app)

    assert _total() == 3


def test_a_large_broken_index_says_unavailable_and_rebuilds_in_the_background(
        app, whoosh, monkeypatch):
    _products(3)
    search.rebuild()
    for path in whoosh.files.current().iterdir():
        path.write_bytes(b"garbage")
    backend = _restart(app)
    monkeypatch.setattr(whoosh_backend, "INLINE_REBUILD_MAX", 0)

    with pytest.raises(SearchUnavailable):
        _total()
    backend._background.join(timeout=60)

    assert _total() == 3


def test_reindex_swaps_in_a_new_version_while_an_old_snapshot_still_answers(whoosh):
    _products(5)
    search.rebuild()
    before, version = whoosh.snapshot(), whoosh.files.current()

    make_product("Chè mới")
    search.rebuild()

    assert whoosh.files.current() != version
    assert len(before.postings("name", "che")) == 5  # a request still on the old version
    assert _total() == 6


def test_a_query_whose_reader_is_closed_under_it_runs_again(whoosh):
    # another thread refreshing the snapshot closes the reader a query was using
    _products(2)
    search.rebuild()
    seen = []

    def answer(snap):
        seen.append(snap)
        if len(seen) == 1:
            raise ReaderClosed
        return snap.count

    assert whoosh._read(answer) == 2
    assert len(seen) == 2


def test_old_versions_are_pruned(whoosh):
    _products(2)
    for _ in range(4):
        search.rebuild()

    assert len([p for p in whoosh.files.versions.iterdir() if p.is_dir()]) <= 2


def test_queries_keep_answering_while_reindexing(app, whoosh):
    _products(30)
    search.rebuild()
    errors, answers, done = [], [], threading.Event()

    def query() -> None:
        with app.app_context():
            while not done.is_set():
                try:
                    answers.append(_total())
                except Exception as error:  # the test is that there are none
                    errors.append(error)

    reader = threading.Thread(target=query)
    reader.start()
    try:
        for _ in range(3):
            search.rebuild(procs=1)
    finally:
        done.set()
        reader.join(timeout=30)

    assert errors == []
    assert answers and set(answers) == {30}


def test_changes_made_during_a_reindex_are_replayed_into_it(app, whoosh, monkeypatch):
    _products(3)
    real = whoosh_backend.iter_documents

    def slow_read():
        yield from real()
        # another worker changes the catalogue after the rebuild read it
        search.index_products([make_product("Trà hoa vàng").id])

    monkeypatch.setattr(whoosh_backend, "iter_documents", slow_read)
    search.rebuild()

    assert _total("tra hoa vang") == 1


def test_reindex_refuses_to_run_twice_at_once(whoosh):
    with whoosh.files.rebuild_lock():
        with pytest.raises(SearchUnavailable):
            search.rebuild()
