"""The office side of a dossier: the commune's preliminary review, the provincial council's
scoring, and the decision (province for 3★/4★, ministry for 5★), issuing the certificate.

Each public service commits once. The commune's review is recorded by the office on the
commune People's Committee's behalf; only active council members (``CouncilMember``) may
score; the office closes the scoring once OCOP_COUNCIL_QUORUM members have submitted.
"""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import Role, User
from ..clock import today
from ..extensions import db
from ..models_base import utcnow
from . import mails
from .dossier_models import CouncilMember, Dossier, DossierState, ScoreSheet, SheetKind
from .dossiers import write_points
from .exceptions import DossierInvalid, InvalidDossierTransition, NotCouncilMember
from .models import Certification, IssuerLevel
from .scoring import CouncilResult, check_points, council_result, describe
from .services import issue_certification
from .workflow import apply_transition

S = DossierState


# ---------------------------------------------------------------- council members

def is_council_member(user: User | None) -> bool:
    if user is None or user.role != Role.OFFICE or not user.is_active:
        return False
    return bool(db.session.scalar(select(CouncilMember.id).where(
        CouncilMember.user_id == user.id, CouncilMember.is_active.is_(True))))


def council_members() -> list[CouncilMember]:
    return list(db.session.scalars(select(CouncilMember).order_by(CouncilMember.id)))


def add_council_member(user: User, title: str = "") -> CouncilMember:
    """Make an office account a council member (again, if it was removed)."""
    if user.role != Role.OFFICE:
        raise DossierInvalid({"email": _("Thành viên hội đồng phải là tài khoản Văn phòng "
                                          "OCOP.")})
    member = db.session.scalar(select(CouncilMember).where(CouncilMember.user_id == user.id))
    if member is None:
        member = CouncilMember(user_id=user.id)
        db.session.add(member)
    member.is_active, member.title = True, (title or "").strip()[:200]
    db.session.commit()
    return member


def remove_council_member(member: CouncilMember) -> None:
    member.is_active = False
    db.session.commit()


# ---------------------------------------------------------------- commune review

def commune_review(dossier: Dossier, *, passed: bool, note: str = "",
                   actor_id: int | None = None) -> None:
    """UBND xã's preliminary review: pass it to the council, or return it with comments."""
    note = (note or "").strip()
    if passed:
        apply_transition(dossier, S.COUNCIL_SCORING, actor_id=actor_id,
                         note=note or "Xã đánh giá sơ bộ: đạt", review_note=note)
    else:
        if not note:
            raise DossierInvalid({"note": _("Cần ghi ý kiến để chủ thể bổ sung hồ sơ.")})
        apply_transition(dossier, S.RETURNED, actor_id=actor_id, note=note, review_note=note)
    mails.dossier_changed(dossier)
    db.session.commit()


# ---------------------------------------------------------------- council scoring

def member_sheet(dossier: Dossier, user: User) -> ScoreSheet | None:
    return next((s for s in dossier.sheets
                 if s.kind == SheetKind.COUNCIL and s.member_id == user.id), None)


def save_council_sheet(dossier: Dossier, user: User, raw_points: dict, *,
                       final: bool) -> ScoreSheet:
    """A council member's scores; ``final`` submits the sheet (every criterion needed).

    A member may correct their sheet until the office closes the scoring.
    """
    if not is_council_member(user):
        raise NotCouncilMember()
    if dossier.state != S.COUNCIL_SCORING:
        raise InvalidDossierTransition(dossier.state, dossier.state,
                                       _("Hồ sơ không ở bước hội đồng chấm điểm."))
    points = check_points(dossier.scorecard, raw_points, complete=final)
    sheet = member_sheet(dossier, user)
    if sheet is None:
        sheet = ScoreSheet(dossier_id=dossier.id, kind=SheetKind.COUNCIL, member_id=user.id)
        db.session.add(sheet)
        db.session.flush()
        dossier.sheets.append(sheet)
    write_points(sheet, points)
    sheet.submitted_at = utcnow() if final else None
    db.session.commit()
    return sheet


def result(dossier: Dossier, *, cap: int = 5) -> CouncilResult:
    return council_result(dossier.scorecard, dossier.sheets, cap=cap)


def close_scoring(dossier: Dossier, *, actor_id: int | None = None) -> CouncilResult:
    """End the council's scoring: average the sheets and record the proposed level."""
    if dossier.state != S.COUNCIL_SCORING:
        raise InvalidDossierTransition(dossier.state, S.SCORED)
    scored = result(dossier)
    quorum = current_app.config["OCOP_COUNCIL_QUORUM"]
    if len(scored.sheets) < quorum:
        raise InvalidDossierTransition(dossier.state, S.SCORED, _(
            "Cần ít nhất %(quorum)s phiếu chấm của thành viên hội đồng (hiện có %(count)s).",
            quorum=quorum, count=len(scored.sheets)))
    outcome = scored.outcome
    apply_transition(dossier, S.SCORED, actor_id=actor_id, note=describe(outcome),
                     average_hundredths=scored.total_hundredths,
                     proposed_stars=outcome.stars, outcome_note=describe(outcome))
    db.session.commit()
    return scored


# ---------------------------------------------------------------- decisions

def _certificate_number(province_code: str, day: date) -> str:
    prefix = f"OCOP-{province_code}-{day.year}-"
    count = db.session.scalar(select(func.count(Certification.id)).where(
        Certification.certificate_no.like(prefix + "%"))) or 0
    while True:
        count += 1
        number = f"{prefix}{count:04d}"
        if not db.session.scalar(select(Certification.id).where(
                Certification.certificate_no == number)):
            return number


def _issue(dossier: Dossier, stars: int, *, decision_no: str, certificate_no: str,
           certified_on: date | None, issuer: str, level: IssuerLevel,
           actor_id: int | None, note: str) -> Certification:
    decision_no = (decision_no or "").strip()
    if not decision_no:
        raise DossierInvalid({"decision_no": _("Cần số quyết định công nhận.")})
    if len(decision_no) > 80 or len(certificate_no or "") > 80:
        raise DossierInvalid({"decision_no": _("Số quyết định, số giấy chứng nhận tối đa "
                                                "80 ký tự.")})
    certified_on = certified_on or today()
    if certified_on > today():
        raise DossierInvalid({"certified_on": _("Ngày quyết định không thể ở tương lai.")})
    scored = result(dossier)
    parts = tuple(int(scored.part_means[p]) for p in "ABC")
    certification = issue_certification(
        dossier.product, stars=stars, score=scored.outcome.score, certified_on=certified_on,
        certificate_no=(certificate_no or "").strip() or _certificate_number(
            dossier.producer.province_code, certified_on),
        decision_no=decision_no, issuer=issuer.strip(), issuer_level=level, parts=parts)
    apply_transition(dossier, S.CERTIFIED, actor_id=actor_id,
                     note=note or f"Công nhận {stars} sao, quyết định {decision_no}",
                     certification_id=certification.id, decided_at=utcnow())
    mails.dossier_changed(dossier, certification=certification)
    return certification


def issue_decision(dossier: Dossier, *, decision_no: str, certificate_no: str = "",
                   certified_on: date | None = None, issuer: str = "",
                   actor_id: int | None = None) -> Certification:
    """The province's decision for a 3★ or 4★ result: the certificate is issued (36 months)."""
    if dossier.state != S.SCORED or dossier.proposed_stars not in (3, 4):
        raise InvalidDossierTransition(dossier.state, S.CERTIFIED, _(
            "Tỉnh chỉ quyết định công nhận hồ sơ đã chấm đạt 3 hoặc 4 sao; 90–100 điểm "
            "trình Bộ xét 5 sao."))
    certification = _issue(dossier, dossier.proposed_stars, decision_no=decision_no,
                           certificate_no=certificate_no, certified_on=certified_on,
                           issuer=issuer or current_app.config["OCOP_PROVINCE_ISSUER"],
                           level=IssuerLevel.PROVINCE, actor_id=actor_id, note="")
    db.session.commit()
    return certification


def refer_to_ministry(dossier: Dossier, *, note: str = "", actor_id: int | None = None) -> None:
    """A 90–100 result meeting the 5★ mandatory criteria goes to the ministry."""
    if dossier.state != S.SCORED or dossier.proposed_stars != 5:
        raise InvalidDossierTransition(dossier.state, S.MINISTRY_REVIEW,
                                       _("Chỉ hồ sơ đề nghị 5 sao (90–100 điểm) được "
                                         "trình Bộ."))
    apply_transition(dossier, S.MINISTRY_REVIEW, actor_id=actor_id,
                     note=(note or "").strip() or "Trình Bộ Nông nghiệp và Môi trường xét 5 sao")
    mails.dossier_changed(dossier)
    db.session.commit()


def record_ministry_decision(dossier: Dossier, *, granted: bool, decision_no: str = "",
                             certificate_no: str = "", certified_on: date | None = None,
                             issuer: str = "", note: str = "",
                             actor_id: int | None = None) -> Certification | None:
    """The office records the ministry's answer: 5★ granted (certificate issued by the
    ministry), or declined (back to ``scored`` with the best level up to 4★ the result
    still earns, for the province to decide)."""
    if dossier.state != S.MINISTRY_REVIEW:
        raise InvalidDossierTransition(dossier.state, S.CERTIFIED)
    if granted:
        certification = _issue(dossier, 5, decision_no=decision_no,
                               certificate_no=certificate_no, certified_on=certified_on,
                               issuer=issuer or current_app.config["OCOP_MINISTRY_ISSUER"],
                               level=IssuerLevel.MINISTRY, actor_id=actor_id, note=note)
        db.session.commit()
        return certification
    lower = result(dossier, cap=4).outcome
    text = (note or "").strip() or "Bộ không công nhận 5 sao"
    apply_transition(dossier, S.SCORED, actor_id=actor_id, note=f"{text}. {describe(lower)}",
                     proposed_stars=lower.stars, outcome_note=f"{text}. {describe(lower)}")
    mails.dossier_changed(dossier)
    db.session.commit()
    return None


def reject(dossier: Dossier, *, note: str, actor_id: int | None = None) -> None:
    """Không công nhận: the decision that the product is not certified (reason required)."""
    note = (note or "").strip()
    if not note:
        raise DossierInvalid({"note": _("Cần ghi lý do không công nhận.")})
    apply_transition(dossier, S.NOT_CERTIFIED, actor_id=actor_id, note=note,
                     decided_at=utcnow(), outcome_note=note)
    mails.dossier_changed(dossier)
    db.session.commit()


def dossiers_in(state: str | None = None, limit: int = 200) -> list[Dossier]:
    """Dossiers of a state (all open ones without), soonest deadline first."""
    from .dossier_models import OPEN_STATES

    query = select(Dossier)
    if state:
        query = query.where(Dossier.state == state)
    else:
        query = query.where(Dossier.state.in_(OPEN_STATES))
    return list(db.session.scalars(query.order_by(Dossier.due_on.asc().nulls_last(),
                                                  Dossier.id).limit(limit)))


def state_counts() -> dict[str, int]:
    return {str(k): v for k, v in db.session.execute(
        select(Dossier.state, func.count()).group_by(Dossier.state)).all()}
