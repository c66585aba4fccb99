"""``GET /healthz``: can this host serve? The database, the search index, the mail outbox.

200 ``{"status": "ok", "checks": {...}}`` when every check passes, else 503 with
``"status": "unhealthy"`` and ``"failed"`` naming the checks that did not. Each check
reports ``ok``, a short ``detail`` and the ``ms`` it took. The endpoint is public, so a
check that raises is detailed by the error's type, never its message (which may carry
hosts or paths); the full error goes to the log. Never cached, never rate limited, no
session cookie.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Callable

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import func, select, text

from .. import search
from ..extensions import db
from ..models_base import utcnow
from ..notifications.models import OutboxMessage
from ..security import limiter

log = logging.getLogger(__name__)
bp = Blueprint("ops", __name__)

Check = Callable[[], tuple[bool, str]]


def check_database() -> tuple[bool, str]:
    """A ``SELECT 1`` on a connection of its own (the request's session stays untouched)."""
    with db.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return True, db.engine.dialect.name


def check_search() -> tuple[bool, str]:
    """The configured search backend can answer (Whoosh index opens, PG schema present)."""
    try:
        return True, search.health()
    except search.SearchUnavailable as error:
        return False, str(error)


def check_outbox() -> tuple[bool, str]:
    """No more than HEALTH_MAX_OUTBOX mails left unsent for over MAIL_BACKLOG_MAX_AGE seconds."""
    config = current_app.config
    age, limit = config["MAIL_BACKLOG_MAX_AGE"], config["HEALTH_MAX_OUTBOX"]
    stale = (select(func.count()).select_from(OutboxMessage)
             .where(OutboxMessage.sent_at.is_(None),
                    OutboxMessage.created_at < utcnow() - timedelta(seconds=age)))
    with db.engine.connect() as connection:
        waiting = connection.scalar(stale) or 0
    return waiting <= limit, f"{waiting} unsent for over {age} s (limit {limit})"


CHECKS: dict[str, Check] = {
    "database": check_database, "search": check_search, "outbox": check_outbox,
}


def run_check(name: str, check: Check) -> dict:
    """``{"ok", "detail", "ms"}``; a check that raises has failed (and is logged), never a 500."""
    started = time.perf_counter()
    try:
        ok, detail = check()
    except Exception as error:  # noqa: BLE001 — any failure is this check's answer
        ok, detail = False, type(error).__name__
        log.warning("health check %s failed", name, exc_info=True)
    else:
        if not ok:
            log.warning("health check %s failed: %s", name, detail)
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Run every check; 200 if all pass, else 503 naming the failed ones."""
    checks = {name: run_check(name, check) for name, check in CHECKS.items()}
    failed = [name for name, result in checks.items() if not result["ok"]]
    body = {"status": "unhealthy" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    response = jsonify(body)
    response.status_code = 503 if failed else 200
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register ``/healthz`` (endpoint ``ops.healthz``)."""
    app.register_blueprint(bp)
