"""Structured logs: JSON lines, a request id per request, a summary line, slow requests."""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from flask import g
from gunicorn.config import Config as GunicornConfig
from gunicorn.glogging import Logger as GunicornLogger
from sqlalchemy import text

from marketplace.extensions import db as _db
from marketplace.ops.logs import configure_logging

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT / "bench"))  # the bench helpers import each other by bare name

from _servers import Gunicorn  # noqa: E402

HEX_ID = re.compile(r"[0-9a-f]{32}")
STYLESHEET = "/static/css/accounts.css"  # served without touching the (empty) database


@pytest.fixture(autouse=True)
def session_logging(request):
    """A test on the session app starts and ends with its logging (JSON, INFO, stderr)."""
    if "app" not in request.fixturenames:  # the gunicorn process configures its own
        yield
        return
    app = request.getfixturevalue("app")
    configure_logging(app)
    yield
    configure_logging(app)


def json_lines(output: str) -> list[dict]:
    """Every captured line parsed: a line that is not one JSON object fails the test."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "marketplace.request"]


@pytest.fixture
def routes_app(app_variant, db):
    """A variant app with test-only routes (settings as keywords)."""
    def make(**overrides):
        variant = app_variant(**overrides)

        @variant.get("/_test/log")
        def log_inside():
            logging.getLogger("marketplace.test").info(
                "đơn hàng %s đã đặt", 7, extra={"order_number": "DH-7"})
            return g.request_id

        @variant.get("/_test/queries/<int:count>")
        def queries(count: int):
            for _ in range(count):
                _db.session.execute(text("SELECT 1"))
            return "ok"

        @variant.get("/_test/boom")
        def boom():
            raise RuntimeError("hỏng rồi")

        @variant.get("/_test/sleep/<int:ms>")
        def sleep(ms: int):
            time.sleep(ms / 1000)
            return "ok"

        return variant
    return make


def test_a_sane_request_id_is_echoed_and_logged(client, capsys):
    response = client.get("/api/v1/stats/ocop", headers={"X-Request-ID": "lb-7f3a.b_c-9"})

    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "lb-7f3a.b_c-9"
    (line,) = request_lines(json_lines(capsys.readouterr().err))
    assert line["request_id"] == "lb-7f3a.b_c-9"
    assert (line["level"], line["method"], line["path"], line["status"]) == (
        "INFO", "GET", "/api/v1/stats/ocop", 200)
    assert line["duration_ms"] >= 0 and line["sql_statements"] > 0
    assert line["ts"].endswith("Z") and line["message"].startswith("GET /api/v1/stats/ocop 200")


@pytest.mark.parametrize("incoming", [
    "has space", "x" * 65, "semi;colon", "trạm-1", "", "<script>", "a\\b",
])
def test_an_unsafe_request_id_is_replaced(client, capsys, incoming):
    response = client.get("/api/v1/stats/ocop", headers={"X-Request-ID": incoming})

    given = response.headers["X-Request-ID"]
    assert HEX_ID.fullmatch(given) and given != incoming
    (line,) = request_lines(json_lines(capsys.readouterr().err))
    assert line["request_id"] == given


def test_every_request_gets_its_own_id(client):
    first = client.get("/api/v1/stats/ocop").headers["X-Request-ID"]
    second = client.get("/api/v1/stats/ocop").headers["X-Request-ID"]

    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second) and first != second
    assert client.get("/api/v1/stats/ocop", headers={"X-Request-ID": "y" * 64}).headers[
        "X-Request-ID"] == "y" * 64  # 64 characters is still fine


def test_app_log_lines_carry_the_request_id_and_their_extras(routes_app, capsys):
    client = routes_app().test_client()

    response = client.get("/_test/log", headers={"X-Request-ID": "req-42"})

    assert response.text == "req-42"  # g.request_id
    lines = json_lines(capsys.readouterr().err)
    (app_line,) = [line for line in lines if line["logger"] == "marketplace.test"]
    assert app_line["message"] == "đơn hàng 7 đã đặt"
    assert (app_line["request_id"], app_line["order_number"]) == ("req-42", "DH-7")
    assert set(app_line) >= {"ts", "level", "logger", "message"}
    assert [line["request_id"] for line in request_lines(lines)] == ["req-42"]


def test_an_error_is_one_json_line_with_its_traceback_and_request_id(routes_app, capsys):
    client = routes_app(PROPAGATE_EXCEPTIONS=False).test_client()  # as in production

    response = client.get("/_test/boom", headers={"X-Request-ID": "err-1"})

    assert response.status_code == 500
    lines = json_lines(capsys.readouterr().err)
    (error,) = [line for line in lines if line["level"] == "ERROR"]
    assert error["request_id"] == "err-1" and error["message"] == "Exception on /_test/boom [GET]"
    assert 'raise RuntimeError("hỏng rồi")' in error["exc_info"]
    assert [(line["status"], line["request_id"]) for line in request_lines(lines)] == [
        (500, "err-1")]


def test_lines_outside_a_request_have_no_request_id(routes_app, capsys):
    routes_app()
    logging.getLogger("marketplace.test").warning("sắp hết hạn", extra={"certificates": 3})

    (line,) = [line for line in json_lines(capsys.readouterr().err)
               if line["logger"] == "marketplace.test"]
    assert "request_id" not in line
    assert (line["level"], line["message"], line["certificates"]) == ("WARNING", "sắp hết hạn", 3)


def test_a_slow_request_logs_a_warning_with_its_sql_count(routes_app, capsys):
    client = routes_app(SLOW_REQUEST_MS=0).test_client()

    client.get("/_test/queries/0")
    client.get("/_test/queries/3")

    none, three = request_lines(json_lines(capsys.readouterr().err))
    assert (none["level"], three["level"]) == ("WARNING", "WARNING")
    assert none["slow"] is True and three["slow"] is True
    assert three["sql_statements"] - none["sql_statements"] == 3
    assert three["message"] == (f"slow request: GET /_test/queries/3 200 in "
                                f"{three['duration_ms']:.1f} ms, {three['sql_statements']} "
                                "SQL statements")


def test_only_requests_over_the_threshold_are_slow(routes_app, capsys):
    client = routes_app(SLOW_REQUEST_MS=300).test_client()

    client.get("/_test/sleep/0")
    client.get("/_test/sleep/350")

    fast, slow = request_lines(json_lines(capsys.readouterr().err))
    assert fast["level"] == "INFO" and "slow" not in fast
    assert slow["level"] == "WARNING" and slow["slow"] is True and slow["duration_ms"] >= 350


def test_health_checks_log_at_debug_only(client, capsys):
    client.get("/healthz")

    assert request_lines(json_lines(capsys.readouterr().err)) == []


def test_text_format_for_a_developer_terminal(routes_app, capsys):
    client = routes_app(LOG_FORMAT="text").test_client()
    capsys.readouterr()  # what the app said while starting

    client.get("/_test/queries/0", headers={"X-Request-ID": "dev-1"})

    (line,) = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"\S+ \S+ INFO marketplace\.request \[dev-1\]: "
                        r"GET /_test/queries/0 200 \d+\.\d ms", line), line


@pytest.mark.parametrize("setting", [{"LOG_FORMAT": "xml"}, {"LOG_LEVEL": "LOUD"}])
def test_a_bad_log_setting_stops_the_app_with_a_clear_error(app_variant, db, setting):
    (name,) = setting
    with pytest.raises(ValueError, match=name):
        app_variant(**setting)


@pytest.fixture
def gunicorn_error_log(tmp_path):
    """gunicorn's logging set up as in a worker (error log to a file), undone afterwards."""
    config = GunicornConfig()
    config.set("errorlog", str(tmp_path / "error.log"))
    GunicornLogger(config)
    yield tmp_path / "error.log"
    for name in ("gunicorn.error", "gunicorn.access"):
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
        logger.propagate = True


def test_under_gunicorn_app_and_server_lines_share_its_error_log(routes_app, gunicorn_error_log,
                                                                 capsys):
    client = routes_app().test_client()
    capsys.readouterr()
    started = len(gunicorn_error_log.read_text())  # the app's own start-up lines

    client.get("/_test/log", headers={"X-Request-ID": "gw-1"})
    logging.getLogger("gunicorn.error").info("Worker exiting (pid: 1)")

    lines = json_lines(gunicorn_error_log.read_text()[started:])
    assert [line["logger"] for line in lines] == [
        "marketplace.test", "marketplace.request", "gunicorn.error"]
    assert [line.get("request_id") for line in lines] == ["gw-1", "gw-1", None]
    assert capsys.readouterr().err == ""  # nothing left on stderr besides the error log


@pytest.mark.slow
def test_a_real_gunicorn_worker_writes_json_lines(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(INSTANCE_DIR=str(tmp_path / "instance"), LOG_FORMAT="json", LOG_LEVEL="INFO")
    server = Gunicorn("wsgi:app", cwd=ROOT, env=env, log=tmp_path / "error.log", workers=1)
    try:
        server.start(probe="/healthz")
        master = server.process.pid
        request = urllib.request.Request(f"http://127.0.0.1:{server.port}{STYLESHEET}",
                                         headers={"X-Request-ID": "gunicorn-rid-1"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["X-Request-ID"] == "gunicorn-rid-1"
    finally:
        server.stop()

    raw = server.log.read_text()
    # Only the master, which never loads the app, writes gunicorn's own format.
    text_lines = [line for line in raw.splitlines() if line and not line.startswith("{")]
    assert all(f"[{master}]" in line for line in text_lines), raw
    lines = json_lines("\n".join(line for line in raw.splitlines() if line.startswith("{")))
    (line,) = [line for line in lines if line.get("request_id") == "gunicorn-rid-1"]
    assert (line["logger"], line["path"], line["status"]) == (
        "marketplace.request", STYLESHEET, 200)
