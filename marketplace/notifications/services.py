"""Queue mail in the caller's transaction; deliver what is waiting."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

from flask import current_app, g, has_request_context
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..models_base import utcnow
from .models import OutboxMessage
from .transports import build_message, transport_for

log = logging.getLogger(__name__)



def mail_url(endpoint: str, **values) -> str:
    """An absolute link for a mail, always on SITE_URL (the store's public address).

    Never on the Host header of the request that sends the mail: a forged Host would
    otherwise put a host of the attacker's choosing in, say, a password-reset link."""
    site = urlsplit(current_app.config["SITE_URL"])
    adapter = current_app.url_map.bind(site.netloc, script_name=site.path or "/",
                                       url_scheme=site.scheme or "http")
    return adapter.build(endpoint, values, force_external=True)

@dataclass(frozen=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0


def queue_mail(to: str, subject: str, body: str) -> OutboxMessage:
    """Add a message to the outbox. Only flushes: it commits (or not) with the caller."""
    message = OutboxMessage(
        to_address=to.strip(), subject=" ".join(subject.split()), body=body,
    )
    db.session.add(message)
    db.session.flush()
    if has_request_context():
        g.setdefault("queued_mail_ids", []).append(message.id)
    return message


def deliver_pending(limit: int = 100, ids: Iterable[int] | None = None) -> DeliveryReport:
    """Send up to ``limit`` waiting messages (optionally only ``ids``); record each outcome.

    Runs in a session of its own, so it only ever sees committed messages and never
    commits a caller's half-done work. Each message is claimed by a conditional UPDATE
    of its attempt counter before it is sent, so two drainers never send one message
    twice; a message that keeps failing is left alone after ``MAIL_MAX_ATTEMPTS``.
    """
    config = current_app.config
    sent = failed = 0
    with Session(db.engine) as session:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None),
                   OutboxMessage.attempts < config["MAIL_MAX_ATTEMPTS"])
            .order_by(OutboxMessage.id).limit(limit)
        )
        if ids is not None:
            query = query.where(OutboxMessage.id.in_(list(ids)))
        messages = session.scalars(query).all()
        session.commit()
        with transport_for(config) as transport:
            for message in messages:
                if not _claim(session, message):
                    continue
                try:
                    transport.send(build_message(
                        config["MAIL_DEFAULT_SENDER"], message.to_address, message.subject,
                        message.body,
                    ))
                except Exception as exc:  # noqa: BLE001 — any failure is recorded, then retried
                    log.warning("mail %s to %s failed: %s", message.id, message.to_address, exc)
                    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                    failed += 1
                else:
                    message.sent_at = utcnow()
                    message.last_error = ""
                    sent += 1
                session.commit()
    return DeliveryReport(sent=sent, failed=failed)


def _claim(session: Session, message: OutboxMessage) -> bool:
    seen = message.attempts
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.sent_at.is_(None),
               OutboxMessage.attempts == seen)
        .values(attempts=seen + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    if result.rowcount != 1:
        return False
    session.refresh(message)
    return True


def pending_count() -> int:
    """Messages still waiting (for health checks and the CLI)."""
    return db.session.scalar(
        select(db.func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    ) or 0


def deliver_after_request(response):
    """With ``MAIL_DELIVER_INLINE``: send the mail this request queued, once it succeeded."""
    ids = g.pop("queued_mail_ids", None)
    if ids and current_app.config["MAIL_DELIVER_INLINE"] and response.status_code < 400:
        try:
            deliver_pending(ids=ids)
        except Exception:  # noqa: BLE001 — the outbox keeps it for `flask mail send`
            log.exception("inline mail delivery failed; the outbox keeps the messages")
    return response
