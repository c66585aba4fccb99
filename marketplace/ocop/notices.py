"""Expiry notices: EXPIRY_WARNING_DAYS (30) before a certificate expires, the producer and
the office are told once, and the producer may start a re-evaluation dossier.

``send_expiry_notices`` is what ``flask ocop notify-expiring`` runs (from cron); pages of
the producer dashboard and the office also run it lazily, at most once every
EXPIRY_NOTICE_SWEEP_SECONDS per worker, so nothing depends on cron being set up. Each
certificate is claimed by a conditional UPDATE of ``expiry_notice_sent_on`` before its
mail is queued, so two workers never notify twice.
"""
from __future__ import annotations

import threading
import time
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..clock import today
from ..extensions import db
from . import mails
from .models import Certification

_lock = threading.Lock()
_last_sweep = {"at": float("-inf")}


def due_for_notice(day: date) -> list[Certification]:
    """Certificates in force whose expiry is within the warning window and not yet told."""
    window = day + timedelta(days=current_app.config["EXPIRY_WARNING_DAYS"])
    return list(db.session.scalars(select(Certification).where(
        Certification.current_clause(day), Certification.expires_on <= window,
        Certification.expiry_notice_sent_on.is_(None)).order_by(Certification.expires_on)))


def send_expiry_notices(day: date | None = None) -> int:
    """Queue the due notices; returns how many certificates were notified. Commits."""
    day = day or today()
    sent = 0
    for certification in due_for_notice(day):
        claimed = db.session.execute(
            update(Certification).where(Certification.id == certification.id,
                                        Certification.expiry_notice_sent_on.is_(None))
            .values(expiry_notice_sent_on=day).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            continue
        mails.expiry_notice(certification, (certification.expires_on - day).days)
        sent += 1
    db.session.commit()
    return sent


def maybe_send_expiry_notices() -> None:
    """The lazy sweep pages call: at most once per EXPIRY_NOTICE_SWEEP_SECONDS per worker."""
    interval = current_app.config["EXPIRY_NOTICE_SWEEP_SECONDS"]
    now = time.monotonic()
    with _lock:
        if now - _last_sweep["at"] < interval:
            return
        _last_sweep["at"] = now
    try:
        send_expiry_notices()
    except Exception:  # noqa: BLE001 — a page must not fail because a notice could not go
        db.session.rollback()
        current_app.logger.exception("expiry notices failed")
