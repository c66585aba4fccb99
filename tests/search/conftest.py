"""Search fixtures: every search test runs once per search backend.

``whoosh`` runs on every database; ``postgres`` (PostgreSQL full text) only on
the PostgreSQL database, so with TEST_DATABASE_URL set a test runs three times:
SQLite + Whoosh, PostgreSQL + Whoosh, PostgreSQL + PostgreSQL.
"""
from __future__ import annotations

import pytest
from marketplace import search
from marketplace.catalog import cache
from marketplace.demo.loader import load_demo
from marketplace.extensions import db as _db
from tests.conftest import BACKENDS, seed_reference_data


@pytest.fixture(scope="session", params=["whoosh"] + (["postgres"] if "postgres" in BACKENDS
                                                      else []))
def search_backend(request, app) -> str:
    return request.param


def pytest_collection_modifyitems(config, items):
    """Drop the one combination that cannot be: PostgreSQL search on the SQLite database."""
    impossible = [item for item in items if getattr(item, "callspec", None)
                  and item.callspec.params.get("search_backend") == "postgres"
                  and item.callspec.params.get("app") != "postgres"]
    if impossible:
        config.hook.pytest_deselected(items=impossible)
        dropped = set(map(id, impossible))
        items[:] = [item for item in items if id(item) not in dropped]


def _use(app, name: str) -> None:
    # create_app already calls search.init_app and adds `flask search`; only the backend varies.
    app.config["SEARCH_BACKEND"] = name


@pytest.fixture
def searching(app, db, search_backend):
    """The search service on an empty index of the chosen backend.

    Afterwards the backend is emptied and set back to Whoosh, which the ``db`` fixture
    empties in its turn (SQLite reuses ids).
    """
    _use(app, search_backend)
    search.clear()
    yield search
    if search_backend != "whoosh":
        search.clear()
    app.config["SEARCH_BACKEND"] = "whoosh"


@pytest.fixture(scope="module")
def demo_catalogue(app, search_backend):
    """The Thái Nguyên demo catalogue, loaded and indexed once per module (read-only tests)."""
    with app.app_context():
        _use(app, search_backend)
        load_demo()
        search.rebuild()
        yield
        _db.session.rollback()
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(table.delete())
        _db.session.commit()
        seed_reference_data()
        cache.clear()
        search.clear()
        app.config["SEARCH_BACKEND"] = "whoosh"


@pytest.fixture
def demo(app, demo_catalogue):
    """An app context over the indexed demo catalogue."""
    with app.app_context():
        yield
        _db.session.remove()

