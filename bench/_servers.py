"""Gunicorn processes for the benchmark: started on a free loopback port, always stopped.

Each server runs in a session of its own, so stopping it ends the master and its
workers together (by that process group's id, nothing broader).
"""
from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn --workers 2 --worker-class sync --bind 127.0.0.1:PORT APP`` (no access log).

    With ``config`` (the repo's gunicorn.conf.py) the worker model, access log and the rest
    come from that file instead; otherwise no config file is read at all (gunicorn would
    pick up ./gunicorn.conf.py from ``cwd`` on its own).
    """

    def __init__(self, app: str, *, cwd: Path, env: dict[str, str], log: Path,
                 workers: int = 2, pythonpath: str | None = None,
                 config: Path | None = None) -> None:
        self.app, self.cwd, self.env, self.log = app, cwd, env, log
        self.workers, self.pythonpath, self.config = workers, pythonpath, config
        self.port = 0
        self.process: subprocess.Popen | None = None

    def start(self, probe: str = "/", timeout: float = 60.0) -> Gunicorn:
        self.port = free_port()
        cmd = [sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{self.port}",
               "--error-logfile", str(self.log), "--log-level", "warning"]
        if self.config:
            cmd += ["--config", str(self.config)]
        else:
            cmd += ["--config", os.devnull, "--workers", str(self.workers),
                    "--worker-class", "sync"]
        if self.pythonpath:
            cmd += ["--pythonpath", self.pythonpath]
        self.process = subprocess.Popen(
            [*cmd, self.app], cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self._wait_ready(probe, timeout)
        return self

    def _wait_ready(self, probe: str, timeout: float) -> None:
        """Until a request gets any HTTP answer, with both workers booted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.app} exited; see {self.log}:\n{self.tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                conn.request("GET", probe)
                conn.getresponse().read()
                conn.close()
                time.sleep(0.5)  # let the second worker finish importing the app too
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn {self.app} not ready after {timeout}s:\n{self.tail()}")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its workers, live or recycled (from /proc)."""
        if self.process is None:
            return 0.0
        return (_cpu_seconds(self.process.pid, reaped=True)
                + sum(_cpu_seconds(pid) for pid in _children(self.process.pid)))

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue


_TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_seconds(pid: int, reaped: bool = False) -> float:
    """utime + stime of one process, plus with ``reaped`` its exited children's (workers
    that gunicorn recycled); the command name may hold spaces, so split after ')'."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15 if reaped else 13]) / _TICKS


class Database:
    """A fresh SQLite file in the temp dir, or a fresh database on a PostgreSQL server."""

    def __init__(self, url: str, tmp: Path, name: str) -> None:
        self.admin_url = None
        if not url:
            self.backend, self.url = "sqlite", f"sqlite:///{tmp / (name + '.db')}"
            return
        from sqlalchemy import make_url

        parsed = make_url(url)
        if not parsed.drivername.startswith("postgresql"):
            raise SystemExit("--database-url must be a PostgreSQL URL (SQLite is the default)")
        self.backend = "postgresql"
        self.name = f"bench_{name}_{uuid.uuid4().hex[:10]}"
        self.admin_url = parsed.set(database="postgres")
        self.url = parsed.set(database=self.name).render_as_string(hide_password=False)

    def _admin(self, statement: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()

    def create(self) -> None:
        if self.admin_url is not None:
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.admin_url is not None:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def clean_up(servers, database: Database, tmp: Path, *, keep: bool, log) -> None:
    """After a run, even a failed one: stop the servers, drop the database and remove the
    temporary directory (unless ``keep``); a failure to drop is reported, not raised."""
    for server in servers:
        if server is not None:
            server.stop()
    try:
        database.drop()
    except Exception as error:  # noqa: BLE001 - cleanup must go on
        log(f"could not drop {getattr(database, 'name', database.url)}: {error}")
    if keep:
        log(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
