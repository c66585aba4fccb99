"""GET /healthz: database, search index and mail outbox; 200, or 503 naming the failure."""
from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import make_url, text

from marketplace import create_app, search
from marketplace.extensions import db as _db
from marketplace.models_base import utcnow
from marketplace.notifications.models import OutboxMessage
from marketplace.search.postgres_schema import DDL, DROP
from marketplace.security import limiter
from tests.conftest import make_config

CHECKS = {"database", "search", "outbox"}


@pytest.fixture
def healthy(db):
    """A store as `flask search reindex` leaves it: an (empty) live search index."""
    search.clear()
    return db


def health(client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.get_json()


def add_mail(*, age_seconds: float, sent: bool = False) -> None:
    created = utcnow() - timedelta(seconds=age_seconds)
    _db.session.add(OutboxMessage(to_address="a@example.vn", subject="Đơn hàng", body="...",
                                  created_at=created, sent_at=created if sent else None))
    _db.session.commit()


def test_a_healthy_store_answers_200_with_every_check(client, healthy):
    status, body = health(client)

    assert status == 200
    assert body["status"] == "ok" and "failed" not in body
    assert set(body["checks"]) == CHECKS
    for check in body["checks"].values():
        assert check["ok"] is True and check["detail"] and check["ms"] >= 0
    assert body["checks"]["search"]["detail"] == "whoosh: 0 documents"


def test_health_is_never_cached_and_sets_no_cookie(client, healthy, app):
    response = client.get("/healthz")

    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    with app.test_request_context():
        assert url_for("ops.healthz") == "/healthz"


def test_health_is_exempt_from_the_default_rate_limit(app_variant, healthy):
    # The limiter is one object shared by every app: its default limit is put back after.
    variant = app_variant(RATELIMIT_DEFAULT="2 per minute")
    try:
        client = variant.test_client()
        other = [client.get("/api/v1/stats/ocop").status_code for _ in range(3)]
        checks = [client.get("/healthz").status_code for _ in range(5)]
    finally:
        limiter.limit_manager.set_default_limits([])

    assert other == [200, 200, 429]  # the default limit is in force...
    assert checks == [200] * 5  # ...but not on the health check


@pytest.fixture
def unreachable_database_app(app, tmp_path):
    """An app whose database cannot be opened: a directory for SQLite, a closed port for PG."""
    if app.config["BACKEND"] == "postgres":
        bad = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).set(port=1)
        uri = bad.render_as_string(hide_password=False)
    else:
        uri = f"sqlite:///{tmp_path}"
    broken = create_app(make_config(app.config["BACKEND"], tmp_path, SQLALCHEMY_DATABASE_URI=uri))
    with broken.app_context():
        search.clear()  # the index is fine: only the database is down
    yield broken
    with broken.app_context():
        _db.engine.dispose()


def test_an_unreachable_database_is_unhealthy(unreachable_database_app):
    status, body = health(unreachable_database_app.test_client())

    assert status == 503
    assert body["status"] == "unhealthy"
    assert body["failed"] == ["database", "outbox"]  # the outbox lives in the database too
    database = body["checks"]["database"]
    assert (database["ok"], database["detail"]) == (False, "OperationalError")  # no host or path
    assert body["checks"]["search"]["ok"] is True


def test_a_deleted_search_index_is_unhealthy(client, healthy, app):
    link = Path(app.config["SEARCH_INDEX_DIR"])
    shutil.rmtree(link.resolve())
    link.unlink()

    status, body = health(client)

    assert status == 503
    assert body["failed"] == ["search"]
    assert body["checks"]["search"]["detail"].startswith("no search index")


def test_an_unreadable_search_index_is_unhealthy(client, healthy, app):
    for path in Path(app.config["SEARCH_INDEX_DIR"]).resolve().iterdir():
        path.write_bytes(b"\x00garbage")

    status, body = health(client)

    assert status == 503
    assert body["failed"] == ["search"]
    assert body["checks"]["search"]["detail"].startswith("search index unreadable")


@pytest.fixture
def postgres_search(app, healthy):
    """The session app on the PostgreSQL search backend; True when its database is PostgreSQL."""
    app.config["SEARCH_BACKEND"] = "postgres"
    on_postgres = app.config["BACKEND"] == "postgres"
    yield on_postgres
    if on_postgres:
        _execute(DDL)  # put the schema back: other tests' backends remember it as ready
    app.config["SEARCH_BACKEND"] = "whoosh"


def _execute(statements: list[str]) -> None:
    with _db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_the_postgres_search_backend_needs_its_schema(client, postgres_search):
    if not postgres_search:
        # PostgreSQL full text on a SQLite database cannot answer at all.
        status, body = health(client)
        assert (status, body["failed"]) == (503, ["search"])
        assert "PostgreSQL" in body["checks"]["search"]["detail"]
        return
    search.clear()  # creates the search schema, as migration 0002 does
    status, body = health(client)
    assert status == 200
    assert body["checks"]["search"]["detail"] == "postgres: search schema present"
    _execute(DROP)

    status, body = health(client)

    assert (status, body["failed"]) == (503, ["search"])
    assert body["checks"]["search"]["detail"].startswith("search schema missing")


def test_an_outbox_backlog_over_the_limit_is_unhealthy(app_variant, healthy):
    variant = app_variant(HEALTH_MAX_OUTBOX=2, MAIL_BACKLOG_MAX_AGE=600)
    client = variant.test_client()
    add_mail(age_seconds=700)
    add_mail(age_seconds=700)
    add_mail(age_seconds=60)  # young: delivery may simply not have run yet
    add_mail(age_seconds=3600, sent=True)

    status, body = health(client)
    assert status == 200, body  # two stale mails: at the limit, not over it
    assert body["checks"]["outbox"]["detail"] == "2 unsent for over 600 s (limit 2)"

    add_mail(age_seconds=700)
    status, body = health(client)

    assert status == 503
    assert body["failed"] == ["outbox"]
    assert body["checks"]["outbox"]["detail"] == "3 unsent for over 600 s (limit 2)"
