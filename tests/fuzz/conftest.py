"""Fixtures of the fuzz tests: a live store with the demo catalogue, per database backend."""
from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.extensions import db
from tests.conftest import BACKENDS, fresh_postgres_database, make_config, seed_reference_data

OFFICE_EMAIL = "van-phong@demo.cho-ocop.vn"  # the demo's office account


@dataclass(frozen=True)
class LiveStore:
    """A served store: its URL, an office API token and records that exist in it."""

    backend: str
    url: str
    token: str
    product_slugs: tuple[str, ...]
    producer_slugs: tuple[str, ...]
    serials: tuple[str, ...]


def _cli(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _some_slugs(model, limit: int = 20) -> tuple[str, ...]:
    from sqlalchemy import select

    return tuple(db.session.scalars(select(model.slug).order_by(model.id).limit(limit)))


def _load_store(app) -> tuple[str, tuple, tuple, tuple]:
    """The demo catalogue (about 2 s), its search index, stamps and an office token."""
    from marketplace.catalog.models import Product
    from marketplace.shops.models import Producer

    with app.app_context():
        db.create_all()
        seed_reference_data()
    _cli(app, "demo", "load")
    _cli(app, "search", "reindex")
    with app.app_context():
        products, producers = _some_slugs(Product), _some_slugs(Producer)
    serials = _cli(app, "trace", "stamps", products[0], "--batch", "LO-FUZZ-01",
                   "--count", "3").split()
    token = _cli(app, "ocop", "api-token", OFFICE_EMAIL, "--name", "fuzz").strip()
    return token, products, producers, tuple(serials)


@pytest.fixture(scope="session", params=BACKENDS)
def live_store(request, tmp_path_factory):
    """The demo store served on a free port in a thread (as tests/browser/ does)."""
    backend = request.param
    tmp = tmp_path_factory.mktemp(f"fuzz-{backend}")
    overrides = {"RATELIMIT_ENABLED": False}  # thousands of requests from one address
    if backend == "postgres":
        overrides["SQLALCHEMY_DATABASE_URI"] = fresh_postgres_database("_fuzz")
        overrides["SEARCH_BACKEND"] = "postgres"  # fuzz PostgreSQL full text too
    app = create_app(make_config(backend, tmp, **overrides))
    token, products, producers, serials = _load_store(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveStore(backend, f"http://127.0.0.1:{server.server_port}", token, products,
                    producers, serials)
    server.shutdown()
    with app.app_context():
        db.engine.dispose()
