"""Shared fixtures: an app per database backend, a clean database per test, factories.

Every test that uses ``app`` (or anything built on it) runs on SQLite and, when
TEST_DATABASE_URL is set, again on PostgreSQL.
"""
from __future__ import annotations

import atexit
import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from config import TestConfig
from marketplace import create_app, search
from marketplace.catalog import cache
from marketplace.catalog.groups import ensure_categories
from marketplace.catalog.models import CatalogRevision
from marketplace.extensions import db as _db

BACKENDS = ["sqlite"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL") else [])


def _admin_engine():
    url = make_url(os.environ["TEST_DATABASE_URL"])
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def fresh_postgres_database(suffix: str = "") -> str:
    """A new database for this test process (xdist worker and pid), dropped at exit.

    The pid keeps concurrent runs on one server (developers, CI) out of each other's way.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = make_url(os.environ["TEST_DATABASE_URL"])
    url = url.set(database=f"{url.database}_{worker}_{os.getpid()}{suffix}")
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    atexit.register(_drop_database, url.database)
    return url.render_as_string(hide_password=False)


def _drop_database(name: str) -> None:
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def database_url(backend: str, tmp_dir) -> str:
    if backend == "postgres":
        return fresh_postgres_database()
    return f"sqlite:///{tmp_dir / 'test.db'}"


def seed_reference_data() -> None:
    ensure_categories()
    _db.session.add(CatalogRevision(id=1, revision=0))
    _db.session.commit()


def make_config(backend: str, tmp_dir, **overrides) -> type[TestConfig]:
    if "SQLALCHEMY_DATABASE_URI" not in overrides:
        overrides["SQLALCHEMY_DATABASE_URI"] = database_url(backend, tmp_dir)
    attrs = {
        "MEDIA_DIR": str(tmp_dir / "media"),
        "SEARCH_INDEX_DIR": str(tmp_dir / "search-index"),
        "DOSSIER_DIR": str(tmp_dir / "dossiers"),
        "PAGE_CACHE_DIR": str(tmp_dir / "page-cache"),
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
    """The database inside an app context; emptied again after the test, search index too."""
    with app.app_context():
        yield _db
        empty_database()


def empty_database() -> None:
    """Empty tables plus reference data, and no cache or search document left over."""
    _db.session.rollback()
    for table in reversed(_db.metadata.sorted_tables):
        _db.session.execute(table.delete())
    _db.session.commit()
    seed_reference_data()
    _db.session.remove()
    cache.clear()
    # SQLite hands the next test the same ids: documents left behind would be its products.
    search.clear()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def runner(app, db):
    return app.test_cli_runner()


# --- accounts: rate-limit reset, login helper, an app variant with CSRF on ----------------

@pytest.fixture(autouse=True)
def _reset_rate_limits():
    """Every test starts with empty rate-limit counters (the limiter stays enabled)."""
    from marketplace.security import limiter

    if limiter.initialized:
        limiter.reset()
    yield


@pytest.fixture
def limits(app, monkeypatch):
    """Small rate limits for a test; the limiter reads them from the config on each request."""
    def set_limits(**values):
        for name, value in values.items():
            monkeypatch.setitem(app.config, name, value)
    return set_limits


def client_from(app, ip: str):
    """A test client whose requests come from ``ip``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def make_app_variant(app, **overrides):
    """Another app on the same database as ``app``, with some settings changed."""
    from pathlib import Path

    tmp_dir = Path(app.config["MEDIA_DIR"]).parent
    variant = create_app(make_config(
        app.config["BACKEND"], tmp_dir,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], **overrides,
    ))
    variant.config["BACKEND"] = app.config["BACKEND"]
    return variant


@pytest.fixture
def app_variant(app, db):
    """A factory of app variants (``app_variant(WTF_CSRF_ENABLED=True)``), closed after the test."""
    made = []

    def make(**overrides):
        variant = make_app_variant(app, **overrides)
        made.append(variant)
        return variant

    yield make
    for variant in made:
        with variant.app_context():
            _db.engine.dispose()


@pytest.fixture(scope="session")
def csrf_app(app):
    """The app with CSRF protection on, as in production (TestConfig turns it off)."""
    variant = make_app_variant(app, WTF_CSRF_ENABLED=True)
    yield variant
    with variant.app_context():
        _db.engine.dispose()


@pytest.fixture
def csrf_client(csrf_app, db):
    return csrf_app.test_client()


def csrf_token_of(html: str | bytes) -> str:
    """The CSRF token in a rendered form."""
    import re

    if isinstance(html, bytes):
        html = html.decode()
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class AuthActions:
    """``auth.login()`` / ``auth.logout()`` through the real pages."""

    def __init__(self, client) -> None:
        self.client = client

    def login(self, email: str, password: str | None = None, **extra):
        from tests.factories import DEFAULT_PASSWORD

        data = {"email": email, "password": password or DEFAULT_PASSWORD, **extra}
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- a real browser: Debian's Chromium through Playwright -----------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """One Chromium per test process, shared by every folder: a process can run only one
    sync Playwright at a time. Playwright's own browser download is not used; ``make test``
    installs /usr/bin/chromium."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-background-networking"])
        yield instance
        instance.close()


# --- card payments: the fake Stripe server (tests/payments/fake_stripe.py) ----------------

from tests.payments.fake_stripe import fake_stripe, fake_stripe_server  # noqa: E402,F401
