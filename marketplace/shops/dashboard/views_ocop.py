"""Dashboard pages of OCOP dossiers (hồ sơ OCOP): start one for a product, attach documents,
self-assess on the scorecard, submit, follow the commune's and council's steps."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from ...catalog.models import Product, ProductStatus
from ...clock import today
from ...extensions import db
from ...ocop import documents, dossiers
from ...ocop.dossier_models import DocumentKind, Dossier, DossierEvent, SheetKind
from ...ocop.exceptions import DossierInvalid, InvalidDossierTransition
from ...ocop.notices import maybe_send_expiry_notices
from ...ocop.services import current_certification
from ...ocop.workflow import STATE_LABELS
from . import bp, producer_required


def own_dossier(dossier_id: int) -> Dossier:
    """The producer's own dossier; anyone else's id answers 404."""
    dossier = db.session.scalar(select(Dossier).where(Dossier.id == dossier_id,
                                                      Dossier.producer_id == g.producer.id))
    if dossier is None:
        abort(404)
    return dossier


def _csrf_ok() -> None:
    if not FlaskForm().validate_on_submit():
        abort(400)


def _back(dossier: Dossier, anchor: str = ""):
    return redirect(url_for("dashboard.ocop_dossier", dossier_id=dossier.id) + anchor, 303)


@bp.get("/dashboard/producer/ocop")
@producer_required
def ocop_dossiers():
    """Hồ sơ OCOP: the producer's dossiers, and each product's certificate and eligibility."""
    maybe_send_expiry_notices()
    day = today()
    products = db.session.scalars(select(Product).where(
        Product.producer_id == g.producer.id, Product.status != ProductStatus.ARCHIVED)
        .order_by(Product.name)).all()
    rows = [(p, current_certification(p, day), dossiers.eligibility(p, day)) for p in products]
    return render_template("dashboard/ocop_dossiers.html", rows=rows,
                           items=dossiers.dossiers_of_producer(g.producer.id),
                           labels=STATE_LABELS, kinds=dossiers.KIND_LABELS, today=day,
                           form=FlaskForm())


@bp.post("/dashboard/producer/ocop/start")
@producer_required
def ocop_start():
    _csrf_ok()
    product_id = request.values.get("product_id", "")
    product = db.session.scalar(select(Product).where(
        Product.id == (int(product_id) if product_id.isdigit() else 0),
        Product.producer_id == g.producer.id))
    if product is None:
        abort(404)
    try:
        dossier = dossiers.start_dossier(product, actor_id=current_user.id)
    except DossierInvalid as error:
        flash(str(error), "error")
        return redirect(url_for("dashboard.ocop_dossiers"), 303)
    flash(_("Đã tạo hồ sơ %(number)s. Đính kèm tài liệu và tự chấm điểm rồi bấm «Nộp hồ sơ».",
            number=dossier.number), "success")
    return _back(dossier)


@bp.get("/dashboard/producer/ocop/dossiers/<int:dossier_id>")
@producer_required
def ocop_dossier(dossier_id: int):
    dossier = own_dossier(dossier_id)
    sheet = next((s for s in dossier.sheets if s.kind == SheetKind.SELF), None)
    events = db.session.scalars(select(DossierEvent).where(
        DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id)).all()
    return render_template(
        "dashboard/ocop_dossier.html", dossier=dossier, labels=STATE_LABELS,
        kinds=dossiers.KIND_LABELS, self_points=sheet.points() if sheet else {},
        editable=dossier.state in dossiers.EDITABLE, events=events,
        missing=dossiers.missing_for_submission(dossier),
        document_kinds=[(k.value, dossiers.DOCUMENT_LABELS[k]) for k in DocumentKind],
        document_labels=dossiers.DOCUMENT_LABELS,
        required=dossiers.required_documents(dossier.kind), form=FlaskForm(),
        max_mb=documents.max_bytes() // (1024 * 1024))


@bp.post("/dashboard/producer/ocop/dossiers/<int:dossier_id>/documents")
@producer_required
def ocop_upload(dossier_id: int):
    dossier = own_dossier(dossier_id)
    _csrf_ok()
    file = request.files.get("document")
    if file is None or not file.filename:
        flash(_("Chọn tệp PDF hoặc ảnh để tải lên."), "error")
        return _back(dossier, "#documents")
    try:
        data = documents.read_limited(file.stream)
        dossiers.add_document(dossier, request.form.get("kind", ""), file.filename, data,
                              actor_id=current_user.id)
    except (DossierInvalid, InvalidDossierTransition) as error:
        flash(f"«{documents.clean_filename(file.filename)}»: {error}", "error")
    else:
        flash(_("Đã đính kèm tài liệu."), "success")
    return _back(dossier, "#documents")


@bp.get("/dashboard/producer/ocop/dossiers/<int:dossier_id>/documents/<int:document_id>")
@producer_required
def ocop_document(dossier_id: int, document_id: int):
    dossier = own_dossier(dossier_id)
    return send_document(dossier, document_id)


def send_document(dossier: Dossier, document_id: int):
    """A dossier's file as an attachment (never rendered inline by the browser)."""
    document = next((d for d in dossier.documents if d.id == document_id), None)
    if document is None:
        abort(404)
    try:
        path = documents.absolute_path(document.path)
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=document.content_type, as_attachment=True,
                         download_name=document.filename if "." in document.filename
                         else f"{document.filename}.{path.suffix.lstrip('.')}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/dashboard/producer/ocop/dossiers/<int:dossier_id>/documents/<int:document_id>/delete")
@producer_required
def ocop_delete_document(dossier_id: int, document_id: int):
    dossier = own_dossier(dossier_id)
    _csrf_ok()
    document = next((d for d in dossier.documents if d.id == document_id), None)
    if document is None:
        abort(404)
    try:
        dossiers.remove_document(dossier, document)
    except (DossierInvalid, InvalidDossierTransition) as error:
        flash(str(error), "error")
    else:
        flash(_("Đã gỡ tài liệu."), "success")
    return _back(dossier, "#documents")


def score_fields(form) -> dict[str, str]:
    """``c<criterion id>`` fields of a scoring form, as {criterion id: text}."""
    return {key[1:]: value for key, value in form.items()
            if key.startswith("c") and key[1:].isdigit()}


@bp.post("/dashboard/producer/ocop/dossiers/<int:dossier_id>/self-assessment")
@producer_required
def ocop_self_assessment(dossier_id: int):
    dossier = own_dossier(dossier_id)
    _csrf_ok()
    try:
        dossiers.save_self_assessment(dossier, score_fields(request.form),
                                      request.form.get("summary", ""))
    except (DossierInvalid, InvalidDossierTransition) as error:
        flash(str(error), "error")
    else:
        flash(_("Đã lưu phần tự đánh giá."), "success")
    return _back(dossier, "#self-assessment")


@bp.post("/dashboard/producer/ocop/dossiers/<int:dossier_id>/<any(submit, withdraw):action>")
@producer_required
def ocop_action(dossier_id: int, action: str):
    dossier = own_dossier(dossier_id)
    _csrf_ok()
    try:
        if action == "submit":
            dossiers.submit(dossier, actor_id=current_user.id)
        else:
            dossiers.withdraw(dossier, actor_id=current_user.id,
                              reason=request.form.get("reason", ""))
    except (DossierInvalid, InvalidDossierTransition) as error:
        flash(str(error), "error")
    else:
        flash(_("Đã nộp hồ sơ; UBND xã sẽ đánh giá sơ bộ.") if action == "submit"
              else _("Đã rút hồ sơ."), "success")
    return _back(dossier)
