"""Dashboard pages of traceability (truy xuất): batches, their events, stamps and the
printable stamp sheet, suspicious serials, and which batch a parcel was taken from."""
from __future__ import annotations

from dataclasses import fields

import segno
from flask import (
    Response, abort, current_app, flash, g, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import func, select

from ...catalog import images
from ...catalog.exceptions import ImageRejected
from ...catalog.models import Product, ProductStatus
from ...clock import today
from ...extensions import db
from ...ocop.services import current_certification
from ...orders.models import ShopOrder
from ...trace import chain, links, serials
from ...trace import services as trace
from ...trace.exceptions import TraceInvalid
from ...trace.models import Action, Batch, BizStep, Stamp
from ...trace.scans import suspicious_stamps
from . import bp, producer_required

STAMPS_PER_SHEET = 32  # 4 × 8 on an A4 page
SHEET_PAGE = 320  # stamps per printable page (10 A4 sheets)
MANUAL_STEPS = [s for s in BizStep if s != BizStep.COMMISSIONING]


def own_batch(batch_id: int) -> Batch:
    batch = db.session.scalar(select(Batch).join(Product, Product.id == Batch.product_id)
                              .where(Batch.id == batch_id,
                                     Product.producer_id == g.producer.id))
    if batch is None:
        abort(404)
    return batch


def _csrf_ok() -> None:
    if not FlaskForm().validate_on_submit():
        abort(400)


def _products():
    return db.session.scalars(select(Product).where(
        Product.producer_id == g.producer.id, Product.status != ProductStatus.ARCHIVED)
        .order_by(Product.name)).all()


@bp.get("/dashboard/producer/batches")
@producer_required
def batches():
    """Lô hàng & tem: batches newest first, with their stamp counts; suspicious serials."""
    rows = db.session.execute(
        select(Batch, func.count(Stamp.id)).join(Product, Product.id == Batch.product_id)
        .outerjoin(Stamp, Stamp.batch_id == Batch.id)
        .where(Product.producer_id == g.producer.id)
        .group_by(Batch.id).order_by(Batch.produced_on.desc(), Batch.id.desc())).all()
    return render_template("dashboard/batches.html", rows=rows,
                           suspicious=suspicious_stamps(g.producer.id),
                           threshold=current_app.config["TRACE_SUSPICIOUS_SCANS"])


@bp.route("/dashboard/producer/batches/new", methods=["GET", "POST"])
@producer_required
def new_batch():
    products = _products()
    data = trace.BatchData(produced_on=today().isoformat())
    errors: dict[str, str] = {}
    chosen = request.values.get("product_id", "")
    if request.method == "POST":
        _csrf_ok()
        data = trace.BatchData(**{f.name: request.form.get(f.name, "") for f in fields(
            trace.BatchData)})
        product = next((p for p in products if str(p.id) == chosen), None)
        if product is None:
            errors["product_id"] = _("Chọn sản phẩm.")
        else:
            try:
                batch = trace.create_batch(product, data, actor_name=current_user.name
                                           or g.producer.name, actor_id=current_user.id)
            except TraceInvalid as error:
                errors = error.errors
            else:
                flash(_("Đã tạo lô %(code)s và ghi sự kiện sản xuất. Tạo tem cho lô bên dưới.",
                        code=batch.code), "success")
                return redirect(url_for("dashboard.batch", batch_id=batch.id), 303)
    return render_template("dashboard/batch_form.html", products=products, data=data,
                           errors=errors, chosen=chosen, form=FlaskForm()), 400 if errors else 200


@bp.get("/dashboard/producer/batches/<int:batch_id>")
@producer_required
def batch(batch_id: int):
    item = own_batch(batch_id)
    place_code, place_name = links.producer_place(g.producer)
    return render_template(
        "dashboard/batch.html", batch=item, stamps=trace.stamp_count(item),
        recent=trace.stamps_of(item, limit=10), steps=MANUAL_STEPS, labels=trace.BIZ_STEP_LABELS,
        actions=list(Action), place_code=place_code, place_name=place_name,
        max_stamps=current_app.config["TRACE_MAX_STAMPS"], form=FlaskForm(),
        as_vietnam_time=trace.as_vietnam_time, commissioning_note=trace.COMMISSIONING_NOTE)


@bp.post("/dashboard/producer/batches/<int:batch_id>/events")
@producer_required
def batch_event(batch_id: int):
    item = own_batch(batch_id)
    _csrf_ok()
    photo_path = None
    file = request.files.get("photo")
    try:
        if file is not None and file.filename:
            try:
                photo_path = images.store(images.read_upload(file.stream)).path
            except ImageRejected as error:
                raise TraceInvalid({"photo": str(error)}) from None
        data = trace.EventData(**{f.name: request.form.get(f.name, "") for f in fields(
            trace.EventData)})
        trace.add_event(item, data, actor_name=current_user.name or g.producer.name,
                        actor_id=current_user.id, photo_path=photo_path)
    except TraceInvalid as error:
        flash(str(error), "error")
    else:
        flash(_("Đã ghi công đoạn."), "success")
    return redirect(url_for("dashboard.batch", batch_id=item.id) + "#events", 303)


@bp.post("/dashboard/producer/batches/<int:batch_id>/stamps")
@producer_required
def batch_stamps(batch_id: int):
    """Tạo tem: N new serials, then the printable sheet of those."""
    item = own_batch(batch_id)
    _csrf_ok()
    text = request.form.get("count", "").strip()
    try:
        created = trace.create_stamps(item, int(text) if text.isdigit() and len(text) < 7 else 0)
    except TraceInvalid as error:
        flash(str(error), "error")
        return redirect(url_for("dashboard.batch", batch_id=item.id) + "#stamps", 303)
    flash(ngettext("Đã tạo %(num)s tem.", "Đã tạo %(num)s tem.", len(created)), "success")
    return redirect(url_for("dashboard.stamp_sheet", batch_id=item.id,
                            after=min(s.id for s in created) - 1), 303)


def qr_svg(url: str) -> Markup:
    """The QR code of ``url`` as inline SVG (sized by CSS)."""
    return Markup(segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, svgclass="stamp__qr", title=None))


@bp.get("/dashboard/producer/batches/<int:batch_id>/sheet")
@producer_required
def stamp_sheet(batch_id: int):
    """Tờ tem in: A4 pages of QR stamps (serial in text, product name, stars).

    ``after``: only stamps created after this id (the run just made); ``page`` pages
    through the batch SHEET_PAGE stamps at a time."""
    item = own_batch(batch_id)
    after = request.args.get("after", "0")
    page = request.args.get("page", "1")
    after_id = int(after) if after.isdigit() else 0
    page_no = max(int(page), 1) if page.isdigit() and len(page) < 6 else 1
    query = select(Stamp).where(Stamp.batch_id == item.id, Stamp.id > after_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    stamps = db.session.scalars(query.order_by(Stamp.id).offset((page_no - 1) * SHEET_PAGE)
                                .limit(SHEET_PAGE)).all()
    product = item.product
    certificate = current_certification(product)
    root = links.site_root()
    cells = [{"serial": serials.grouped(s.serial), "url": links.stamp_url(
        s.serial, product.gtin, item.code, root)} for s in stamps]
    for cell in cells:
        cell["qr"] = qr_svg(cell["url"])
    sheets = [cells[i:i + STAMPS_PER_SHEET] for i in range(0, len(cells), STAMPS_PER_SHEET)]
    pages = max((total + SHEET_PAGE - 1) // SHEET_PAGE, 1)
    return render_template("dashboard/stamp_sheet.html", batch=item, product=product,
                           stars=certificate.stars if certificate else None, sheets=sheets,
                           page=page_no, pages=pages, after=after_id, total=total)


@bp.get("/dashboard/producer/batches/<int:batch_id>/stamps.txt")
@producer_required
def stamp_serials(batch_id: int):
    """The batch's serials, one a line (what ``flask trace stamps`` prints)."""
    item = own_batch(batch_id)
    body = "".join(f"{s.serial}\n" for s in trace.stamps_of(item))
    return Response(body, mimetype="text/plain", headers={
        "Content-Disposition": f'attachment; filename="tem-{item.code}.txt"'})


# ---------------------------------------------------------------- parcels and batches

@bp.app_template_global()
def trace_batches_for(shop_order) -> list[dict]:
    """For the order page: each product line, its batches and the one known for the parcel."""
    rows = []
    for line in shop_order.lines:
        if line.product_id is None:
            continue
        options = db.session.scalars(select(Batch).where(Batch.product_id == line.product_id)
                                     .order_by(Batch.produced_on.desc())).all()
        known = chain.batch_for(shop_order, line.product_id)
        rows.append({"line": line, "batches": options, "known": known.id if known else None})
    return rows


@bp.post("/dashboard/producer/orders/<int:shop_order_id>/batches")
@producer_required
def order_batches(shop_order_id: int):
    shop_order = db.session.scalar(select(ShopOrder).where(
        ShopOrder.id == shop_order_id, ShopOrder.producer_id == g.producer.id))
    if shop_order is None:
        abort(404)
    _csrf_ok()
    try:
        for line in shop_order.lines:
            value = request.form.get(f"batch_{line.product_id}")
            if value is None or line.product_id is None:
                continue
            chain.assign_batch(shop_order, line.product_id,
                               int(value) if value.isdigit() else None)
    except TraceInvalid as error:
        flash(str(error), "error")
    else:
        flash(_("Đã lưu lô hàng của đơn; sự kiện xuất/nhận hàng sẽ ghi vào lô này."), "success")
    return redirect(url_for("dashboard.order_detail", shop_order_id=shop_order.id)
                    + "#trace-batches", 303)
