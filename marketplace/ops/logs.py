"""Structured logs: one JSON object a line, a request id on every request, slow requests flagged.

One set of handlers on the root logger formats every record, the app's, werkzeug's and,
in a gunicorn worker, gunicorn's error log: there the root logger writes through
gunicorn's own error-log handlers (``--error-logfile``), so app and server lines land in
one place in one format. Elsewhere it writes to stderr.

Each request gets an id (the caller's ``X-Request-ID`` when it is a sane token, else a
new one), kept in ``g.request_id``, added to every record logged during the request and
echoed in the response's ``X-Request-ID``. When the response is ready one line sums the
request up (method, path, status, duration, SQL statements); past ``SLOW_REQUEST_MS`` that
line is a WARNING.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import datetime, timezone

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from flask.signals import request_finished, request_started
from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger("marketplace.request")

FORMATS = ("json", "text")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s"
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# What every LogRecord carries; anything else on a record came from ``extra=``.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {
    "message", "asctime", "request_id", "taskName"}
# The handlers configure_logging put on the root logger, replaced when it runs again.
_installed: list[logging.Handler] = []
# The current request's g, for the SQL listener: a context variable reads in a tenth of
# the time of an access through the ``g`` proxy, and the listener runs per statement.
_request_g: ContextVar = ContextVar("request_g", default=None)


class JsonFormatter(logging.Formatter):
    """ts, level, logger, message, request_id (in a request), the record's extras, exc_info."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc)
                          .isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if getattr(record, "request_id", None):
            entry["request_id"] = record.request_id
        entry.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """One readable line for development: ``... INFO marketplace.request [id]: GET / 200``."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        values = {**vars(record), "request_tag": f" [{request_id}]" if request_id else ""}
        return TEXT_FORMAT % values


class RequestIdFilter(logging.Filter):
    """Stamps records logged inside a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None) and has_request_context():
            record.request_id = g.get("request_id")
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record comes (test runners swap it)."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self):
        return sys.stderr


def configure_logging(app: Flask) -> None:
    """Route every logger through the root handlers in the app's LOG_FORMAT and LOG_LEVEL."""
    fmt, level = app.config["LOG_FORMAT"], app.config["LOG_LEVEL"].upper()
    if fmt not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if level not in logging.getLevelNamesMapping():
        raise ValueError(f"LOG_LEVEL must be a logging level name, not {level!r}")
    formatter = JsonFormatter() if fmt == "json" else TextFormatter()
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
    _installed[:] = logging.getLogger("gunicorn.error").handlers or [StderrHandler()]
    for handler in _installed:
        handler.setFormatter(formatter)
        if not any(isinstance(f, RequestIdFilter) for f in handler.filters):
            handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    root.setLevel(level)
    # Flask gives its logger a handler of its own when none is set up yet: lines twice.
    logging.getLogger(app.name).removeHandler(default_handler)


def request_id_from(header: str | None) -> str:
    """The caller's id when it is a sane token (≤ 64 of ``A-Za-z0-9._-``), else a new one."""
    if header and REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def _begin_request(_app: Flask, **_extra) -> None:
    request_g = g._get_current_object()
    request_g.request_id = request_id_from(request.headers.get("X-Request-ID"))
    request_g.sql_statements = 0
    request_g.request_started = time.perf_counter()
    _request_g.set(request_g)


def _count_statement(*_args) -> None:
    # Runs before every SQL statement, so it reads a context variable, not the g proxy.
    request_g = _request_g.get()
    if request_g is not None:
        request_g.sql_statements += 1


def _end_request(app: Flask, response, **_extra) -> None:
    """Echo the request id and log the request's one summary line."""
    _request_g.set(None)
    request_g, current = g._get_current_object(), request._get_current_object()
    duration = (time.perf_counter() - request_g.request_started) * 1000
    response.headers["X-Request-ID"] = request_g.request_id
    fields = {"method": current.method, "path": current.path, "status": response.status_code,
              "duration_ms": round(duration, 1), "sql_statements": request_g.sql_statements,
              "request_id": request_g.request_id}
    if duration > app.config["SLOW_REQUEST_MS"]:
        log.warning("slow request: %s %s %s in %.1f ms, %d SQL statements", current.method,
                    current.path, response.status_code, duration, request_g.sql_statements,
                    extra={**fields, "slow": True})
    else:
        # Load balancers poll the health check every few seconds: keep it out of INFO.
        level = logging.DEBUG if current.endpoint == "ops.healthz" else logging.INFO
        log.log(level, "%s %s %s %.1f ms", current.method, current.path,
                response.status_code, duration, extra=fields)


def init_app(app: Flask) -> None:
    """Give each request an id, a summary line and a SQL count (``create_app`` configured
    the handlers first)."""
    request_started.connect(_begin_request, app)
    request_finished.connect(_end_request, app)
    if not event.contains(Engine, "before_cursor_execute", _count_statement):
        event.listen(Engine, "before_cursor_execute", _count_statement)
