"""gunicorn.conf.py serves the store, reloads on HUP without dropping a request, stops on TERM.

The server is the benchmark's Gunicorn helper (bench/_servers.py: free port, own session,
stopped by its process group), started with the repository's config file instead of flags.
"""
from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench._servers import HOST, Gunicorn, _children, free_port
from marketplace import create_app
from marketplace.extensions import db
from tests.conftest import make_config, seed_reference_data

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


class ConfiguredGunicorn(Gunicorn):
    """``gunicorn -c gunicorn.conf.py wsgi:app``, bound through GUNICORN_BIND."""

    def start(self, probe: str = "/", timeout: float = 90.0) -> ConfiguredGunicorn:
        self.port = free_port()
        env = {**self.env, "GUNICORN_BIND": f"{HOST}:{self.port}"}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", self.app],
                cwd=self.cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                start_new_session=True)
        self._wait_ready(probe, timeout)
        return self

    def workers_now(self) -> set[int]:
        return set(_children(self.process.pid))


def get(port: int, path: str = "/") -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


@pytest.fixture
def store_env(tmp_path):
    """An embedded store (SQLite, empty catalogue) in tmp_path, as environment variables."""
    app = create_app(make_config("sqlite", tmp_path))
    with app.app_context():
        db.create_all()
        seed_reference_data()
        db.engine.dispose()
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TZ"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    return env | {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_DIR": str(tmp_path), "MEDIA_DIR": app.config["MEDIA_DIR"],
        "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "DOSSIER_DIR": app.config["DOSSIER_DIR"],
        "GUNICORN_WORKERS": "2", "GUNICORN_ACCESS_LOG": "-", "GUNICORN_LOG_LEVEL": "info",
    }


def wait_for(condition, timeout: float, what: str, server: Gunicorn) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout}s; log:\n{server.tail()}")
        time.sleep(0.2)


def test_serves_reloads_on_hup_and_stops_on_term(store_env, tmp_path):
    server = ConfiguredGunicorn("wsgi:app", cwd=ROOT, env=store_env,
                                log=tmp_path / "gunicorn.log")
    try:
        server.start()
        assert get(server.port) == 200
        wait_for(lambda: len(server.workers_now()) == 2, 60, "two workers", server)
        old_workers = server.workers_now()

        os.kill(server.process.pid, signal.SIGHUP)  # the master only: a graceful reload
        statuses = []
        wait_for(lambda: statuses.append(get(server.port)) or (
            len(server.workers_now()) == 2 and not server.workers_now() & old_workers),
            90, "two new workers after HUP", server)
        statuses.append(get(server.port))

        assert set(statuses) == {200}  # served throughout the reload
        os.kill(server.process.pid, signal.SIGTERM)
        assert server.process.wait(60) == 0
    finally:
        server.stop()

    log = server.log.read_text(errors="replace")
    assert "Using worker: gthread" in log
    assert "Handling signal: hup" in log.lower() or "hang up" in log.lower()
    assert '"GET / HTTP/1.1" 200' in log and "request_id=" in log  # the access log format
    assert "Control socket" not in log  # off unless GUNICORN_CONTROL_SOCKET names one
