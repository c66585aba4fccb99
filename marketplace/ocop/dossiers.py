"""Hồ sơ đăng ký đánh giá: what the producer (chủ thể) does with a dossier.

Start one for a product (a new evaluation, or a re-evaluation once the certificate is
within EXPIRY_WARNING_DAYS of expiry), attach documents, fill in the self-assessment on
the group's active scorecard, submit it to the commune, resubmit after a return, or
withdraw it. Each public service commits once; the office side is in ``council.py``.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..catalog.models import Category, Product
from ..clock import today
from ..extensions import db
from ..formatting import format_day
from ..i18n import current_language
from ..models_base import utcnow
from . import documents, mails
from .dossier_models import (
    OPEN_STATES, DocumentKind, Dossier, DossierDocument, DossierKind, DossierState, ScoreSheet,
    Scorecard, SheetKind, SheetScore,
)
from .exceptions import DossierInvalid, InvalidDossierTransition
from .models import Certification
from .scoring import check_points
from .services import current_certification
from .workflow import apply_transition

EDITABLE = (DossierState.DRAFT, DossierState.RETURNED)
DOCUMENT_LABELS = {
    DocumentKind.REGISTRATION: _l("Phiếu đăng ký sản phẩm"),
    DocumentKind.BUSINESS_PLAN: _l("Phương án / kế hoạch sản xuất kinh doanh"),
    DocumentKind.QUALITY: _l("Công bố chất lượng, tiêu chuẩn áp dụng"),
    DocumentKind.FOOD_SAFETY: _l("Giấy chứng nhận cơ sở đủ điều kiện ATTP"),
    DocumentKind.LEGAL: _l("Đăng ký kinh doanh, nhãn hiệu"),
    DocumentKind.PHOTO: _l("Ảnh sản phẩm, bao bì, nhãn"),
    DocumentKind.STORY: _l("Câu chuyện sản phẩm"),
    DocumentKind.THREE_YEAR_REPORT: _l("Báo cáo 3 năm (đánh giá lại)"),
    DocumentKind.OTHER: _l("Tài liệu khác"),
}
KIND_LABELS = {DossierKind.NEW: _l("Đánh giá lần đầu"),
               DossierKind.RE_EVALUATION: _l("Đánh giá lại")}


def required_documents(kind: DossierKind) -> tuple[DocumentKind, ...]:
    """What a dossier needs before it can be submitted."""
    needed = (DocumentKind.REGISTRATION, DocumentKind.BUSINESS_PLAN, DocumentKind.QUALITY)
    if kind == DossierKind.RE_EVALUATION:
        needed += (DocumentKind.THREE_YEAR_REPORT,)
    return needed


def active_scorecard(category: Category) -> Scorecard | None:
    """The active scorecard of the product's group (sub-groups use their group's)."""
    return db.session.scalar(select(Scorecard).where(
        Scorecard.category_id == category.group.id, Scorecard.is_active.is_(True)))


def open_dossier(product: Product) -> Dossier | None:
    return db.session.scalar(select(Dossier).where(Dossier.product_id == product.id,
                                                   Dossier.state.in_(OPEN_STATES)))


@dataclass(frozen=True)
class Eligibility:
    """Whether a product may start a dossier today, and of which kind."""

    allowed: bool
    kind: DossierKind = DossierKind.NEW
    previous: Certification | None = None
    reason: str = ""
    opens_on: date | None = None


def eligibility(product: Product, day: date | None = None) -> Eligibility:
    """A product with a certificate in force may only start a re-evaluation from
    EXPIRY_WARNING_DAYS before it expires; one open dossier per product at a time."""
    day = day or today()
    if open_dossier(product) is not None:
        return Eligibility(False, reason=_("Sản phẩm đang có hồ sơ chưa kết thúc."))
    if active_scorecard(product.category) is None:
        return Eligibility(False, reason=_("Nhóm sản phẩm này chưa có bộ tiêu chí đang "
                                           "áp dụng."))
    current = current_certification(product, day)
    if current is None:
        return Eligibility(True)
    opens_on = current.expires_on - timedelta(days=current_app.config["EXPIRY_WARNING_DAYS"])
    if day < opens_on:
        language = current_language()
        return Eligibility(False, previous=current, opens_on=opens_on, reason=_(
            "Giấy chứng nhận %(stars)s sao còn hiệu lực đến %(expires)s; có thể nộp hồ sơ "
            "đánh giá lại từ %(opens)s.", stars=current.stars,
            expires=format_day(current.expires_on, language),
            opens=format_day(opens_on, language)))
    return Eligibility(True, DossierKind.RE_EVALUATION, current)


def start_dossier(product: Product, *, actor_id: int | None = None) -> Dossier:
    """A new draft dossier for ``product`` (new or re-evaluation, as eligibility says)."""
    allowed = eligibility(product)
    if not allowed.allowed:
        raise DossierInvalid({"product": allowed.reason})
    year = today().year
    # The number needs the id: a unique placeholder first, the real number in the same
    # transaction.
    dossier = Dossier(number=f"HS-tmp-{uuid.uuid4().hex[:20]}", product_id=product.id,
                      producer_id=product.producer_id,
                      scorecard_id=active_scorecard(product.category).id, kind=allowed.kind,
                      previous_certification_id=allowed.previous.id if allowed.previous else None,
                      state=DossierState.DRAFT, created_by_id=actor_id)
    try:
        db.session.add(dossier)
        db.session.flush()
    except IntegrityError:  # another request opened one for this product just now
        db.session.rollback()
        raise DossierInvalid({"product": _("Sản phẩm đang có hồ sơ chưa kết thúc.")}) from None
    dossier.number = f"HS-{year}-{dossier.id:05d}"
    db.session.add(ScoreSheet(dossier_id=dossier.id, kind=SheetKind.SELF))
    db.session.commit()
    return dossier


def _require_editable(dossier: Dossier) -> None:
    if dossier.state not in EDITABLE:
        raise InvalidDossierTransition(dossier.state, dossier.state,
                                       _("Hồ sơ đã nộp: chỉ sửa được khi đang soạn hoặc bị "
                                         "trả lại."))


def add_document(dossier: Dossier, kind: str, filename: str, data: bytes, *,
                 actor_id: int | None = None) -> DossierDocument:
    """Attach a checked PDF or image (see ``documents``) to a dossier being prepared."""
    _require_editable(dossier)
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise DossierInvalid({"kind": _("Chọn loại tài liệu.")}) from None
    count = db.session.scalar(select(func.count(DossierDocument.id)).where(
        DossierDocument.dossier_id == dossier.id)) or 0
    if count >= current_app.config["DOSSIER_MAX_DOCUMENTS"]:
        raise DossierInvalid({"document": _("Hồ sơ đã đủ số tài liệu tối đa.")})
    stored = documents.store(data)
    document = DossierDocument(
        dossier_id=dossier.id, kind=kind, filename=documents.clean_filename(filename),
        path=stored.path, content_type=stored.content_type, size=stored.size,
        sha256=stored.sha256, uploaded_by_id=actor_id)
    db.session.add(document)
    db.session.commit()
    return document


def remove_document(dossier: Dossier, document: DossierDocument) -> None:
    """Remove a document from a dossier being prepared (the file stays if shared)."""
    _require_editable(dossier)
    if document.dossier_id != dossier.id:
        raise DossierInvalid({"document": _("Tài liệu không thuộc hồ sơ này.")})
    db.session.delete(document)
    db.session.commit()


def self_sheet(dossier: Dossier) -> ScoreSheet:
    sheet = next((s for s in dossier.sheets if s.kind == SheetKind.SELF), None)
    if sheet is None:
        sheet = ScoreSheet(dossier_id=dossier.id, kind=SheetKind.SELF)
        db.session.add(sheet)
        db.session.flush()
    return sheet


def write_points(sheet: ScoreSheet, points: dict[int, int]) -> None:
    """Replace the sheet's points (flushes only)."""
    existing = {s.criterion_id: s for s in sheet.scores}
    for criterion_id, value in points.items():
        if criterion_id in existing:
            existing[criterion_id].points = value
        else:
            sheet.scores.append(SheetScore(criterion_id=criterion_id, points=value))
    for criterion_id, score in existing.items():
        if criterion_id not in points:
            sheet.scores.remove(score)
    db.session.flush()


def save_self_assessment(dossier: Dossier, raw_points: dict, summary: str = "") -> ScoreSheet:
    """The producer's own scores (blanks allowed until submission) and presentation."""
    _require_editable(dossier)
    points = check_points(dossier.scorecard, raw_points, complete=False)
    if len(summary or "") > 5000:
        raise DossierInvalid({"summary": _("Phần giới thiệu tối đa 5000 ký tự.")})
    sheet = self_sheet(dossier)
    write_points(sheet, points)
    dossier.summary = (summary or "").strip()
    db.session.commit()
    return sheet


def missing_for_submission(dossier: Dossier) -> list[str]:
    """What still stops the producer from submitting (empty: ready)."""
    missing = []
    have = {d.kind for d in dossier.documents}
    for kind in required_documents(dossier.kind):
        if kind not in have:
            missing.append(_("Thiếu tài liệu: %(document)s.", document=DOCUMENT_LABELS[kind]))
    sheet = next((s for s in dossier.sheets if s.kind == SheetKind.SELF), None)
    scored = set(sheet.points()) if sheet else set()
    unscored = [c.code for c in dossier.scorecard.criteria if c.id not in scored]
    if unscored:
        missing.append(_("Chưa tự chấm các tiêu chí: %(codes)s.", codes=", ".join(unscored)))
    return missing


def submit(dossier: Dossier, *, actor_id: int | None = None) -> None:
    """Nộp hồ sơ: to the commune for its preliminary review (again after a return)."""
    missing = missing_for_submission(dossier)
    if missing:
        raise DossierInvalid({"submit": " ".join(missing)})
    resubmitted = dossier.state == DossierState.RETURNED
    apply_transition(dossier, DossierState.SUBMITTED, actor_id=actor_id,
                     note="Nộp lại sau khi bổ sung" if resubmitted else "Nộp hồ sơ",
                     submitted_at=utcnow())
    mails.dossier_submitted(dossier, resubmitted)
    db.session.commit()


def withdraw(dossier: Dossier, *, actor_id: int | None = None, reason: str = "") -> None:
    """Rút hồ sơ before the council scores it."""
    apply_transition(dossier, DossierState.WITHDRAWN, actor_id=actor_id,
                     note=reason.strip() or "Chủ thể rút hồ sơ")
    db.session.commit()


def dossiers_of_producer(producer_id: int) -> list[Dossier]:
    return list(db.session.scalars(select(Dossier).where(Dossier.producer_id == producer_id)
                                   .order_by(Dossier.created_at.desc(), Dossier.id.desc())))
