"""Office pages of the OCOP programme: dossiers by state with deadlines, the commune's
review, the council's scoring screen, decisions, certificates (expiring soon, revocation),
statistics with charts, scorecards, council members and the export.

Every page is for office accounts; the scoring screen only for council members.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..accounts.models import Role, User
from ..api import tokens
from ..auth import role_required
from ..catalog.models import Category, Product
from ..clock import today
from ..extensions import db
from ..formatting import format_day
from ..i18n import current_language
from ..ocop import council, dossiers, export, scorecards
from ..ocop.dossier_models import (
    OPEN_STATES, CouncilMember, Criterion, Dossier, DossierEvent, DossierState, SheetKind,
    Scorecard,
)
from ..ocop.exceptions import (
    DossierInvalid, InvalidDossierTransition, NotCouncilMember, ScorecardLocked,
)
from ..ocop.models import CERTIFICATE_LABELS, ISSUER_LABELS, Certification
from ..ocop.notices import maybe_send_expiry_notices
from ..ocop.office_stats import office_stats
from ..ocop.services import InvalidCertificateTransition, revoke_certification
from ..ocop.workflow import STATE_LABELS, TRAIL_NOTES
from ..shops.dashboard.charts import bar_chart, column_chart
from ..shops.dashboard.views_ocop import score_fields, send_document
from . import bp

OFFICE = Role.OFFICE
S = DossierState
WORKFLOW_ERRORS = (DossierInvalid, InvalidDossierTransition, NotCouncilMember)


def _csrf_ok() -> None:
    if not FlaskForm().validate_on_submit():
        abort(400)


def _dossier(dossier_id: int) -> Dossier:
    return db.get_or_404(Dossier, dossier_id)


def _back(dossier: Dossier, anchor: str = ""):
    return redirect(url_for("admin.ocop_dossier", dossier_id=dossier.id) + anchor, 303)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()) if (text or "").strip() else None
    except ValueError:
        raise DossierInvalid({"certified_on": _("Ngày không hợp lệ (YYYY-MM-DD).")}) from None


# ---------------------------------------------------------------- dossiers

@bp.get("/dashboard/office/ocop/dossiers")
@role_required(OFFICE)
def ocop_dossiers():
    """Hồ sơ OCOP by state, soonest deadline first; overdue ones are marked."""
    maybe_send_expiry_notices()
    state = request.args.get("state", "")
    if state not in {s.value for s in S}:
        state = ""
    return render_template("admin/ocop_dossiers.html", items=council.dossiers_in(state or None),
                           state=state, counts=council.state_counts(), labels=STATE_LABELS,
                           states=list(S), open_states=OPEN_STATES, today=today(),
                           kinds=dossiers.KIND_LABELS)


@bp.get("/dashboard/office/ocop/dossiers/<int:dossier_id>")
@role_required(OFFICE)
def ocop_dossier(dossier_id: int):
    dossier = _dossier(dossier_id)
    sheet = next((s for s in dossier.sheets if s.kind == SheetKind.SELF), None)
    events = db.session.scalars(select(DossierEvent).where(
        DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id)).all()
    actors = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_({e.actor_id for e in events if e.actor_id})))}
    return render_template(
        "admin/ocop_dossier.html", dossier=dossier, labels=STATE_LABELS, events=events,
        trail_notes=TRAIL_NOTES,
        actors=actors, kinds=dossiers.KIND_LABELS, document_labels=dossiers.DOCUMENT_LABELS,
        self_points=sheet.points() if sheet else {}, result=council.result(dossier),
        quorum=current_app.config["OCOP_COUNCIL_QUORUM"],
        is_member=council.is_council_member(current_user),
        my_sheet=council.member_sheet(dossier, current_user), today=today(), form=FlaskForm())


@bp.get("/dashboard/office/ocop/dossiers/<int:dossier_id>/documents/<int:document_id>")
@role_required(OFFICE)
def ocop_document(dossier_id: int, document_id: int):
    return send_document(_dossier(dossier_id), document_id)


@bp.post("/dashboard/office/ocop/dossiers/<int:dossier_id>/review")
@role_required(OFFICE)
def ocop_review(dossier_id: int):
    """Đánh giá sơ bộ cấp xã: pass, or return with comments."""
    dossier = _dossier(dossier_id)
    _csrf_ok()
    passed = request.form.get("decision") == "pass"
    try:
        council.commune_review(dossier, passed=passed, note=request.form.get("note", ""),
                               actor_id=current_user.id)
    except WORKFLOW_ERRORS as error:
        flash(str(error), "error")
    else:
        flash(_("Đã chuyển hồ sơ cho Hội đồng cấp tỉnh.") if passed
              else _("Đã trả hồ sơ cho chủ thể bổ sung."), "success")
    return _back(dossier)


@bp.route("/dashboard/office/ocop/dossiers/<int:dossier_id>/score", methods=["GET", "POST"])
@role_required(OFFICE)
def ocop_score(dossier_id: int):
    """Phiếu chấm: one council member's scores on the dossier's scorecard."""
    dossier = _dossier(dossier_id)
    if not council.is_council_member(current_user):
        abort(403)
    entered = {}
    if request.method == "POST":
        _csrf_ok()
        entered = score_fields(request.form)
        final = request.form.get("final") == "1"
        try:
            council.save_council_sheet(dossier, current_user, entered, final=final)
        except WORKFLOW_ERRORS as error:
            flash(str(error), "error")
        else:
            flash(_("Đã nộp phiếu chấm.") if final else _("Đã lưu nháp phiếu chấm."), "success")
            return _back(dossier, "#council") if final else redirect(
                url_for("admin.ocop_score", dossier_id=dossier.id), 303)
    sheet = council.member_sheet(dossier, current_user)
    own = {str(k): v for k, v in (sheet.points() if sheet else {}).items()}
    self_sheet = next((s for s in dossier.sheets if s.kind == SheetKind.SELF), None)
    return render_template("admin/ocop_score.html", dossier=dossier, sheet=sheet,
                           values={**own, **entered}, labels=STATE_LABELS,
                           self_points=self_sheet.points() if self_sheet else {},
                           form=FlaskForm()), 400 if entered else 200


@bp.post("/dashboard/office/ocop/dossiers/<int:dossier_id>/<any(close, decide, refer, ministry, reject):action>")
@role_required(OFFICE)
def ocop_decide(dossier_id: int, action: str):
    """Close the scoring; the province's decision; to the ministry and its answer; reject."""
    dossier = _dossier(dossier_id)
    _csrf_ok()
    form = request.form
    try:
        if action == "close":
            council.close_scoring(dossier, actor_id=current_user.id)
            message = _("Đã khoá chấm điểm. %(outcome)s", outcome=dossier.outcome_note)
        elif action == "decide":
            certificate = council.issue_decision(
                dossier, decision_no=form.get("decision_no", ""),
                certificate_no=form.get("certificate_no", ""),
                certified_on=_date(form.get("certified_on")), issuer=form.get("issuer", ""),
                actor_id=current_user.id)
            message = _("Đã cấp giấy chứng nhận %(number)s: %(stars)s sao đến %(day)s.",
                        number=certificate.certificate_no, stars=certificate.stars,
                        day=format_day(certificate.expires_on, current_language()))
        elif action == "refer":
            council.refer_to_ministry(dossier, note=form.get("note", ""),
                                      actor_id=current_user.id)
            message = _("Đã trình Bộ xét công nhận 5 sao.")
        elif action == "ministry":
            granted = form.get("granted") == "1"
            certificate = council.record_ministry_decision(
                dossier, granted=granted, decision_no=form.get("decision_no", ""),
                certificate_no=form.get("certificate_no", ""),
                certified_on=_date(form.get("certified_on")), issuer=form.get("issuer", ""),
                note=form.get("note", ""), actor_id=current_user.id)
            message = (_("Bộ công nhận 5 sao: giấy chứng nhận %(number)s.",
                         number=certificate.certificate_no)
                       if certificate else _("Đã ghi nhận Bộ không công nhận 5 sao."))
        else:
            council.reject(dossier, note=form.get("note", ""), actor_id=current_user.id)
            message = _("Đã ghi quyết định không công nhận.")
    except WORKFLOW_ERRORS as error:
        flash(str(error), "error")
    else:
        flash(message, "success")
    return _back(dossier)


# ---------------------------------------------------------------- certificates

@bp.get("/dashboard/office/ocop/expiring")
@role_required(OFFICE)
def ocop_expiring():
    """Certificates in force expiring within ``days`` (90 by default), soonest first."""
    maybe_send_expiry_notices()
    text = request.args.get("days", "90")
    days = min(int(text), 3650) if text.isdigit() and len(text) < 5 else 90
    day = today()
    rows = db.session.scalars(
        select(Certification).where(Certification.current_clause(day),
                                    Certification.expires_on <= day + timedelta(days=days))
        .options(joinedload(Certification.product).joinedload(Product.producer))
        .order_by(Certification.expires_on)).all()
    open_products = set(db.session.scalars(select(Dossier.product_id).where(
        Dossier.state.in_(OPEN_STATES))))
    return render_template("admin/ocop_expiring.html", rows=rows, days=days, today=day,
                           open_products=open_products,
                           warning=current_app.config["EXPIRY_WARNING_DAYS"])


@bp.route("/dashboard/office/ocop/certificates/<int:certification_id>", methods=["GET", "POST"])
@role_required(OFFICE)
def ocop_certificate(certification_id: int):
    """One certificate, its product's history, and revocation with a reason."""
    certificate = db.get_or_404(Certification, certification_id)
    if request.method == "POST":
        _csrf_ok()
        try:
            revoke_certification(certificate, request.form.get("reason", ""))
        except ValueError as error:
            message = str(error) if isinstance(error, InvalidCertificateTransition) \
                else _("Cần ghi lý do thu hồi.")
            flash(message, "error")
        else:
            flash(_("Đã thu hồi giấy chứng nhận; sao OCOP không còn hiển thị trên sản phẩm."),
                  "success")
        return redirect(url_for("admin.ocop_certificate", certification_id=certificate.id), 303)
    return render_template("admin/ocop_certificate.html", certificate=certificate,
                           statuses=CERTIFICATE_LABELS, issuer_levels=ISSUER_LABELS,
                           today=today(), form=FlaskForm())


@bp.get("/dashboard/office/ocop/stats")
@role_required(OFFICE)
def ocop_stats():
    """Thống kê: certificates in force by stars, group and commune; decisions per year."""
    figures = office_stats()
    current = figures.current
    charts = {
        "stars": column_chart([(_("%(stars)s sao", stars=s), n)
                               for s, n in current.by_stars.items()],
                              title=_("Sản phẩm OCOP còn hiệu lực theo hạng sao"),
                              chart_id="chart-stars"),
        "group": bar_chart([(name, n) for _slug, name, n in current.by_group],
                           title=_("Theo nhóm sản phẩm"), chart_id="chart-group"),
        "commune": bar_chart([(name, n) for _code, name, n in current.by_commune[:15]],
                             title=_("15 xã, phường có nhiều sản phẩm nhất"),
                             chart_id="chart-commune"),
        "year": column_chart([(str(y), sum(c.values())) for y, c in figures.by_year],
                             title=_("Số quyết định công nhận theo năm"),
                             chart_id="chart-year"),
    }
    return render_template("admin/ocop_stats.html", figures=figures, current=current,
                           charts=charts)


# ---------------------------------------------------------------- scorecards

def _criterion_data(form) -> scorecards.CriterionData:
    return scorecards.CriterionData(**{name: form.get(name, "") for name in (
        "part", "code", "title", "max_points", "mandatory_from_stars", "min_points",
        "guidance")})


@bp.get("/dashboard/office/ocop/scorecards")
@role_required(OFFICE)
def ocop_scorecards():
    groups = db.session.scalars(select(Category).where(Category.parent_id.is_(None))
                                .order_by(Category.position)).all()
    return render_template("admin/ocop_scorecards.html", items=scorecards.all_scorecards(),
                           groups=groups, totals=scorecards.part_totals,
                           locked=scorecards.is_locked, form=FlaskForm())


@bp.post("/dashboard/office/ocop/scorecards")
@role_required(OFFICE)
def ocop_new_scorecard():
    _csrf_ok()
    group_id = request.form.get("category_id", "")
    group = db.session.get(Category, int(group_id)) if group_id.isdigit() else None
    if group is None:
        abort(404)
    try:
        scorecard = scorecards.create_scorecard(group, request.form.get("name", ""))
    except DossierInvalid as error:
        flash(str(error), "error")
        return redirect(url_for("admin.ocop_scorecards"), 303)
    return redirect(url_for("admin.ocop_scorecard", scorecard_id=scorecard.id), 303)


@bp.get("/dashboard/office/ocop/scorecards/<int:scorecard_id>")
@role_required(OFFICE)
def ocop_scorecard(scorecard_id: int):
    scorecard = db.get_or_404(Scorecard, scorecard_id)
    return render_template("admin/ocop_scorecard.html", scorecard=scorecard,
                           locked=scorecards.is_locked(scorecard),
                           totals=scorecards.part_totals(scorecard), form=FlaskForm())


@bp.post("/dashboard/office/ocop/scorecards/<int:scorecard_id>/<any(add, version, activate):action>")
@role_required(OFFICE)
def ocop_scorecard_action(scorecard_id: int, action: str):
    scorecard = db.get_or_404(Scorecard, scorecard_id)
    _csrf_ok()
    target = scorecard
    try:
        if action == "add":
            scorecards.add_criterion(scorecard, _criterion_data(request.form))
            flash(_("Đã thêm tiêu chí."), "success")
        elif action == "version":
            target = scorecards.new_version(scorecard)
            flash(_("Đã tạo phiên bản %(version)s (chưa áp dụng) để chỉnh sửa.",
                    version=target.version), "success")
        else:
            scorecards.activate(scorecard)
            flash(_("Bộ tiêu chí này được áp dụng cho hồ sơ mới của nhóm."), "success")
    except (DossierInvalid, ScorecardLocked) as error:
        flash(str(error), "error")
    return redirect(url_for("admin.ocop_scorecard", scorecard_id=target.id), 303)


@bp.post("/dashboard/office/ocop/criteria/<int:criterion_id>/<any(update, delete):action>")
@role_required(OFFICE)
def ocop_criterion(criterion_id: int, action: str):
    criterion = db.get_or_404(Criterion, criterion_id)
    scorecard_id = criterion.scorecard_id
    _csrf_ok()
    try:
        if action == "update":
            scorecards.update_criterion(criterion, _criterion_data(request.form))
            flash(_("Đã lưu tiêu chí %(code)s.", code=criterion.code), "success")
        else:
            scorecards.delete_criterion(criterion)
            flash(_("Đã xoá tiêu chí."), "success")
    except (DossierInvalid, ScorecardLocked) as error:
        flash(str(error), "error")
    return redirect(url_for("admin.ocop_scorecard", scorecard_id=scorecard_id), 303)


# ---------------------------------------------------------------- council, export

@bp.route("/dashboard/office/ocop/council", methods=["GET", "POST"])
@role_required(OFFICE)
def ocop_council():
    """Hội đồng đánh giá cấp tỉnh: which office accounts score dossiers."""
    if request.method == "POST":
        _csrf_ok()
        remove = request.form.get("remove", "")
        if remove.isdigit():
            member = db.get_or_404(CouncilMember, int(remove))
            council.remove_council_member(member)
            flash(_("Đã bỏ khỏi hội đồng."), "success")
        else:
            email = request.form.get("email", "").strip().lower()
            user = db.session.scalar(select(User).where(User.email == email))
            if user is None:
                flash(_("Không có tài khoản với email này."), "error")
            else:
                try:
                    council.add_council_member(user, request.form.get("title", ""))
                except DossierInvalid as error:
                    flash(str(error), "error")
                else:
                    flash(_("%(email)s là thành viên hội đồng.", email=user.email), "success")
        return redirect(url_for("admin.ocop_council"), 303)
    return render_template("admin/ocop_council.html", members=council.council_members(),
                           form=FlaskForm())


@bp.route("/dashboard/office/ocop/export", methods=["GET", "POST"])
@role_required(OFFICE)
def ocop_export():
    """Xuất dữ liệu: the CSV/JSON downloads, their columns, and API tokens."""
    new_token = None
    if request.method == "POST":
        _csrf_ok()
        revoke = request.form.get("revoke", "")
        if revoke.isdigit():
            tokens.revoke_token(int(revoke), current_user)
            flash(_("Đã thu hồi token."), "success")
        else:
            new_token = tokens.create_token(current_user, request.form.get("name", ""))
    return render_template("admin/ocop_export.html", columns=export.COLUMNS,
                           statuses=export.STATUSES, statuses_labels=CERTIFICATE_LABELS,
                           tokens=tokens.tokens_of(current_user),
                           new_token=new_token, form=FlaskForm())
