"""Database connection settings (issue 9): SQLite's pragmas, PostgreSQL's pool and timeout."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError

from config import database_engine_options
from marketplace import create_app
from marketplace.extensions import db
from tests.conftest import make_config

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("TEST_DATABASE_URL", "")
needs_postgres = pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set")


def test_every_sqlite_connection_has_wal_busy_timeout_and_foreign_keys(tmp_path):
    app = create_app(make_config("sqlite", tmp_path, SQLITE_BUSY_TIMEOUT_MS=4321))
    with app.app_context():
        connection = db.session.connection()
        values = [connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "busy_timeout", "foreign_keys")]
        assert values == ["wal", 4321, 1]
        db.session.remove()
        db.engine.dispose()


def test_postgres_engine_options_come_from_the_environment():
    url = "postgresql+psycopg://ocop@db.internal/ocop"
    assert database_engine_options(url, {}) == {
        "pool_pre_ping": True, "pool_size": 5, "max_overflow": 10, "pool_recycle": 1800,
        "connect_args": {"options": "-c statement_timeout=15000"}}
    tuned = database_engine_options(url, {
        "DB_POOL_SIZE": "3", "DB_MAX_OVERFLOW": "0", "DB_POOL_RECYCLE_SECONDS": "300",
        "DB_STATEMENT_TIMEOUT_MS": "0"})
    assert tuned == {"pool_pre_ping": True, "pool_size": 3, "max_overflow": 0,
                     "pool_recycle": 300}  # 0: no statement timeout at all
    assert database_engine_options("sqlite:////srv/ocop.db", {"DB_POOL_SIZE": "3"}) == {
        "pool_pre_ping": True}  # SQLite keeps its own pragmas (marketplace/__init__.py)


def test_the_config_applies_them_when_database_url_is_postgres():
    env = {**os.environ, "DATABASE_URL": "postgresql+psycopg://ocop@db.internal/ocop",
           "DB_STATEMENT_TIMEOUT_MS": "2500", "DB_POOL_SIZE": "4"}
    done = subprocess.run(
        [sys.executable, "-c",
         "import json, config; print(json.dumps(config.Config.SQLALCHEMY_ENGINE_OPTIONS))"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    options = json.loads(done.stdout)
    assert (options["pool_size"], options["connect_args"]) == (
        4, {"options": "-c statement_timeout=2500"})


@needs_postgres
def test_a_postgres_statement_longer_than_the_timeout_is_cancelled(tmp_path):
    url = make_url(PG_URL).set(database="postgres").render_as_string(hide_password=False)
    options = database_engine_options(url, {"DB_STATEMENT_TIMEOUT_MS": "300"})
    app = create_app(make_config("postgres", tmp_path, SQLALCHEMY_DATABASE_URI=url,
                                 SQLALCHEMY_ENGINE_OPTIONS=options))
    with app.app_context():
        try:
            assert db.session.scalar(text("SHOW statement_timeout")) == "300ms"
            with pytest.raises(OperationalError, match="statement timeout"):
                db.session.execute(text("SELECT pg_sleep(2)"))
            db.session.rollback()
            db.session.execute(text("SELECT pg_sleep(0.05)"))  # within the limit: fine
            assert db.session.scalar(text("SELECT 1")) == 1
        finally:
            db.session.remove()
            db.engine.dispose()
