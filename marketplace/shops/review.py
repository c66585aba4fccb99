"""Duyệt gian hàng: the OCOP office approves a producer, asks for changes, suspends it.

A table of allowed transitions and one function that applies one, with a conditional
UPDATE on the status read (two office members deciding at once: one wins, the other
is told). Every decision is recorded with its reason and mailed to the producer. Approval
and suspension change what the store lists, so they bump the catalogue revision and
mark the producer's products for search in the same transaction: a suspended shop's
products leave listings and search at once. Its orders are untouched and stay visible.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import update

from ..extensions import db
from ..models_base import utcnow
from . import mails
from .exceptions import InvalidProducerTransition, ShopInvalid
from .models import STATUS_LABELS, Producer, ProducerStatus
from .services import record_status, storefront_changed

P = ProducerStatus
TRANSITIONS = {
    P.PENDING: {P.APPROVED, P.CHANGES_REQUESTED, P.SUSPENDED},
    P.CHANGES_REQUESTED: {P.PENDING, P.SUSPENDED},
    P.APPROVED: {P.SUSPENDED},
    P.SUSPENDED: {P.APPROVED},
}
# Decisions that must say why (the reason is mailed to the producer).
NEEDS_REASON = {P.CHANGES_REQUESTED, P.SUSPENDED}
REASON_MAX = 500


def allowed(current, target) -> bool:
    return P(target) in TRANSITIONS.get(P(current), set())


def apply_status(producer: Producer, target: ProducerStatus, reason: str,
                 actor_id: int | None) -> ProducerStatus:
    """Move ``producer`` to ``target`` or raise; flushes only. Returns the old status."""
    current, target = P(producer.status), P(target)
    if not allowed(current, target):
        raise InvalidProducerTransition(
            _("Không thể chuyển gian hàng từ «%(current)s» sang «%(target)s».",
              current=STATUS_LABELS[current], target=STATUS_LABELS[target]))
    result = db.session.execute(
        update(Producer).where(Producer.id == producer.id, Producer.status == current)
        .values(status=target).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.expire(producer, ["status"])
        raise InvalidProducerTransition(_("Gian hàng vừa được người khác xử lý; vui lòng tải lại."))
    db.session.expire(producer, ["status"])
    record_status(producer, current, target, reason, actor_id)
    db.session.flush()
    return current


def decide(producer: Producer, target: ProducerStatus, *, reason: str = "",
           actor_id: int | None) -> None:
    """The office's decision on a producer: approve, ask for changes, suspend, reinstate."""
    target = P(target)
    reason = " ".join((reason or "").split())
    if target in NEEDS_REASON and not reason:
        raise ShopInvalid({"reason": _("Vui lòng ghi lý do để gửi cho cơ sở.")})
    if len(reason) > REASON_MAX:
        raise ShopInvalid({"reason": _("Lý do dài tối đa %(n)s ký tự.", n=REASON_MAX)})
    try:
        previous = apply_status(producer, target, reason, actor_id)
        producer.status_reason = reason if target in NEEDS_REASON else ""
        if target == P.APPROVED:
            producer.approved_at = producer.approved_at or utcnow()
        if target == P.APPROVED or previous == P.APPROVED:
            storefront_changed(producer)  # listed now, or no longer
        decision = ("reinstated" if previous == P.SUSPENDED and target == P.APPROVED
                    else str(target))
        mails.producer_decided(producer, decision, reason)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
