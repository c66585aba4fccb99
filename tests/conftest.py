"""Shared fixtures: an app per database backend, a clean database per test, factories.

Every test that uses ``app`` (or anything built on it) runs on SQLite and, when
TEST_DATABASE_URL is set, again on PostgreSQL.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, make_url, text

from config import TestConfig
from marketplace import create_app
from marketplace.catalog import cache
from marketplace.catalog.groups import ensure_categories
from marketplace.catalog.models import CatalogRevision
from marketplace.extensions import db as _db

BACKENDS = ["sqlite"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL") else [])


def _postgres_url(worker: str) -> str:
    """A database of its own for each xdist worker, created on first use."""
    url = make_url(os.environ["TEST_DATABASE_URL"])
    url = url.set(database=f"{url.database}_{worker}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                             {"n": url.database})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def database_url(backend: str, tmp_dir) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if backend == "postgres":
        return _postgres_url(worker)
    return f"sqlite:///{tmp_dir / 'test.db'}"


def seed_reference_data() -> None:
    ensure_categories()
    _db.session.add(CatalogRevision(id=1, revision=0))
    _db.session.commit()


def make_config(backend: str, tmp_dir, **overrides) -> type[TestConfig]:
    attrs = {
        "SQLALCHEMY_DATABASE_URI": database_url(backend, tmp_dir),
        "MEDIA_DIR": str(tmp_dir / "media"),
        "SEARCH_INDEX_DIR": str(tmp_dir / "search-index"),
        **overrides,
    }
    return type(f"{backend.title()}TestConfig", (TestConfig,), attrs)


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory):
    """The app bound to one backend, with an empty schema plus reference data."""
    tmp_dir = tmp_path_factory.mktemp(request.param)
    application = create_app(make_config(request.param, tmp_dir))
    application.config["BACKEND"] = request.param
    with application.app_context():
        _db.drop_all()
        _db.create_all()
        seed_reference_data()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database inside an app context; emptied again after the test."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        for table in reversed(_db.metadata.sorted_tables):
            _db.session.execute(table.delete())
        _db.session.commit()
        seed_reference_data()
        _db.session.remove()
        cache.clear()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()
