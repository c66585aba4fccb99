"""The dossier state machine: a table of allowed transitions and one function applying them.

    draft ──submit──> submitted ──commune passes──> council_scoring ──scoring closed──> scored
                        │  ^                                                          │
          commune returns  resubmit                                                   │
                        v  │                                                          │
                      returned              scored ──province decides──> certified (3★, 4★)
                                            scored ──not certified──> not_certified
                                            scored ──90–100, 5★ mandatory met──> ministry_review
                                   ministry_review ──ministry grants 5★──> certified
                                   ministry_review ──ministry declines──> scored (lower level)
    draft, submitted, returned ──withdraw──> withdrawn

``apply_transition`` checks the table, writes the new state with a conditional UPDATE
(``WHERE state = <the state we saw>``: two officers clicking at once cannot both win),
sets the deadline of the new stage and records a ``DossierEvent``. Guards that depend on
more than the two states (a quorum of council sheets, the proposed level) are checked by
the services before they call it.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from ..clock import today
from ..extensions import db
from ..models_base import utcnow
from .dossier_models import Dossier, DossierEvent, DossierState
from .exceptions import InvalidDossierTransition

S = DossierState
TRANSITIONS: dict[DossierState, frozenset[DossierState]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.COUNCIL_SCORING, S.RETURNED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.COUNCIL_SCORING: frozenset({S.SCORED}),
    S.SCORED: frozenset({S.CERTIFIED, S.NOT_CERTIFIED, S.MINISTRY_REVIEW}),
    S.MINISTRY_REVIEW: frozenset({S.CERTIFIED, S.SCORED}),
    S.CERTIFIED: frozenset(),
    S.NOT_CERTIFIED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
STATE_LABELS = {
    S.DRAFT: _l("Đang soạn"), S.SUBMITTED: _l("Chờ xã đánh giá sơ bộ"),
    S.RETURNED: _l("Xã trả lại, cần bổ sung"), S.COUNCIL_SCORING: _l("Hội đồng tỉnh đang chấm"),
    S.SCORED: _l("Đã chấm, chờ quyết định"), S.MINISTRY_REVIEW: _l("Trình Bộ xét 5 sao"),
    S.CERTIFIED: _l("Đã công nhận"), S.NOT_CERTIFIED: _l("Không đạt"), S.WITHDRAWN: _l("Đã rút"),
}
# Notes the services write into a dossier's trail when nobody typed one: stored as
# written (the record), shown in the reader's language.
TRAIL_NOTES = {
    "Nộp hồ sơ": _l("Đã nộp hồ sơ"),
    "Nộp lại sau khi bổ sung": _l("Nộp lại sau khi bổ sung"),
    "Chủ thể rút hồ sơ": _l("Chủ thể rút hồ sơ"),
    "Xã đánh giá sơ bộ: đạt": _l("Xã đánh giá sơ bộ: đạt"),
    "Trình Bộ Nông nghiệp và Môi trường xét 5 sao": _l("Trình Bộ Nông nghiệp và Môi trường "
                                                      "xét 5 sao"),
}
# The deadline each stage gets when a dossier enters it (config key, in days).
DEADLINES = {
    S.SUBMITTED: "OCOP_COMMUNE_REVIEW_DAYS",
    S.RETURNED: "OCOP_RESUBMIT_DAYS",
    S.COUNCIL_SCORING: "OCOP_COUNCIL_SCORING_DAYS",
    S.SCORED: "OCOP_DECISION_DAYS",
    S.MINISTRY_REVIEW: "OCOP_MINISTRY_DAYS",
}


def allows(current: DossierState, target: DossierState) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def is_final(state: DossierState) -> bool:
    return not TRANSITIONS.get(state)


def apply_transition(dossier: Dossier, target: DossierState | str, *, note: str = "",
                     actor_id: int | None = None, **fields) -> None:
    """Move ``dossier`` to ``target`` or raise InvalidDossierTransition. Flushes only.

    ``fields``: other columns to write in the same UPDATE (``review_note``, ...).
    """
    current = DossierState(dossier.state)
    target = DossierState(target)
    if not allows(current, target):
        raise InvalidDossierTransition(current, target)
    key = DEADLINES.get(target)
    due_on = today() + timedelta(days=current_app.config[key]) if key else None
    values = {"state": target, "due_on": due_on, "updated_at": utcnow(), **fields}
    if dossier.id is None:
        for name, value in values.items():
            setattr(dossier, name, value)
    else:
        result = db.session.execute(
            update(Dossier).where(Dossier.id == dossier.id, Dossier.state == current)
            .values(**values).execution_options(synchronize_session=False))
        if result.rowcount != 1:
            db.session.expire(dossier)
            raise InvalidDossierTransition(current, target, _(
                "Hồ sơ vừa được thay đổi bởi một thao tác khác; vui lòng tải lại."))
        for name, value in values.items():
            set_committed_value(dossier, name, value)
    db.session.add(DossierEvent(dossier_id=dossier.id, from_state=str(current),
                                to_state=str(target), note=note[:2000], actor_id=actor_id))
    db.session.flush()
