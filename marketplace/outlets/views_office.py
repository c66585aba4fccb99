"""The office's sections: outlet approvals, gift sets, fairs and events, restock transfers."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from ..accounts.models import Role, User
from ..auth import role_required
from ..catalog import images
from ..catalog.exceptions import ImageRejected
from ..catalog.models import Product
from ..extensions import db
from . import bp, events, giftsets, restock, review
from .event_models import EVENT_KIND_LABELS, EventApplication, EventStatus, TradeEvent
from .exceptions import InvalidOutletTransition, OutletError, OutletInvalid
from .models import LEVEL_LABELS, STATUS_LABELS, Outlet, OutletStatus
from .restock_models import PaymentTerms, RestockOrder, RestockStatus
from .views_operator import check_csrf, compose

PAGE_SIZE = 100
DECISIONS = {"approve": (OutletStatus.APPROVED, _l("Duyệt điểm bán")),
             "suspend": (OutletStatus.SUSPENDED, _l("Tạm ngưng")),
             "reinstate": (OutletStatus.APPROVED, _l("Mở lại điểm bán"))}
office_only = role_required(Role.OFFICE)


@bp.get("/dashboard/office/outlets")
@office_only
def office_outlets():
    """The approvals queue: pending first, or any status by filter."""
    status = request.args.get("status", OutletStatus.PENDING.value)
    query = select(Outlet)
    if status in {s.value for s in OutletStatus}:
        query = query.where(Outlet.status == status)
    else:
        status = ""
    rows = db.session.scalars(query.order_by(Outlet.created_at, Outlet.id).limit(PAGE_SIZE)).all()
    counts = dict(db.session.execute(select(Outlet.status, func.count())
                                     .group_by(Outlet.status)).all())
    return render_template("outlets/office/outlets.html", rows=rows, status=status,
                           labels=STATUS_LABELS, counts={str(k): v for k, v in counts.items()})


@bp.get("/dashboard/office/outlets/<int:outlet_id>")
@office_only
def office_outlet(outlet_id: int):
    outlet = db.get_or_404(Outlet, outlet_id)
    operators = db.session.scalars(select(User).where(User.outlet_id == outlet.id)).all()
    decisions = [(key, label) for key, (target, label) in DECISIONS.items()
                 if review.allowed(outlet.status, target)
                 and (key != "reinstate" or outlet.status == OutletStatus.SUSPENDED)
                 and (key != "approve" or outlet.status == OutletStatus.PENDING)]
    return render_template("outlets/office/outlet.html", outlet=outlet, operators=operators,
                           events=review.events_of(outlet), decisions=decisions,
                           levels=LEVEL_LABELS)


@bp.post("/dashboard/office/outlets/<int:outlet_id>/<any(approve, suspend, reinstate):decision>")
@office_only
def office_decide_outlet(outlet_id: int, decision: str):
    outlet = db.get_or_404(Outlet, outlet_id)
    check_csrf()
    try:
        review.decide(outlet, DECISIONS[decision][0], reason=request.form.get("reason", ""),
                      actor_id=current_user.id)
    except (OutletInvalid, InvalidOutletTransition) as error:
        flash(str(error), "error")
    else:
        flash(f"{DECISIONS[decision][1]}: {outlet.name}.", "success")
    return redirect(url_for("outlets.office_outlet", outlet_id=outlet.id), 303)


# ---------------------------------------------------------------- gift sets

@bp.get("/dashboard/office/gift-sets")
@office_only
def office_gift_sets():
    return render_template("outlets/office/gift_sets.html", sets=giftsets.gift_sets())


@bp.route("/dashboard/office/gift-sets/new", methods=["GET", "POST"])
@office_only
def office_new_gift_set():
    return compose(None, outlet_id=None, template="outlets/office/gift_set_form.html",
                   done=lambda p: url_for("outlets.office_gift_sets"))


def _gift(product_id: int) -> Product:
    product = db.get_or_404(Product, product_id)
    if product.gift_set is None:
        abort(404)
    return product


@bp.route("/dashboard/office/gift-sets/<int:product_id>", methods=["GET", "POST"])
@office_only
def office_edit_gift_set(product_id: int):
    return compose(_gift(product_id), outlet_id=None, template="outlets/office/gift_set_form.html",
                   done=lambda p: url_for("outlets.office_gift_sets"))


@bp.post("/dashboard/office/gift-sets/<int:product_id>/<any(withdraw, restore):action>")
@office_only
def office_gift_set_status(product_id: int, action: str):
    product = _gift(product_id)
    check_csrf()
    giftsets.set_on_sale(product, action == "restore")
    flash(_("Đã ngừng bán bộ quà.") if action == "withdraw" else _("Bộ quà đã bán trở lại."),
          "success")
    return redirect(url_for("outlets.office_gift_sets"), 303)


# ---------------------------------------------------------------- events

def event_data(form) -> events.EventData:
    return events.EventData(**{k: form.get(k, "") for k in (
        "title", "kind", "starts_on", "ends_on", "venue", "province_code", "commune_code",
        "description")})


@bp.get("/dashboard/office/events")
@office_only
def office_events():
    return render_template("outlets/office/events.html",
                           events=events.all_events(published_only=False))


def _event_form(event: TradeEvent | None):
    data, errors, status = None, {}, 200
    if request.method == "POST":
        check_csrf()
        data = event_data(request.form)
        try:
            if event is None:
                event = events.create_event(data, actor_id=current_user.id,
                                            publish=bool(request.form.get("publish")))
            else:
                events.update_event(event, data)
            upload = request.files.get("photo")
            if upload and upload.filename:
                try:
                    events.set_photo(event, images.read_upload(upload.stream))
                except ImageRejected as error:
                    flash(_("Sự kiện đã lưu nhưng ảnh chưa được nhận: %(error)s", error=error),
                          "error")
        except OutletInvalid as error:
            db.session.rollback()
            errors, status = error.errors, 400
        else:
            flash(_("Đã lưu sự kiện «%(title)s».", title=event.title), "success")
            return redirect(url_for("outlets.office_event", event_id=event.id), 303)
    if data is None:
        data = events.EventData() if event is None else events.EventData(
            event.title, str(event.kind), event.starts_on.isoformat(), event.ends_on.isoformat(),
            event.venue, event.province_code, event.commune_code, event.description)
    return render_template("outlets/office/event_form.html", event=event, data=data,
                           errors=errors, kinds=EVENT_KIND_LABELS,
                           applications=events.applications_of(event) if event else []), status


@bp.route("/dashboard/office/events/new", methods=["GET", "POST"])
@office_only
def office_new_event():
    return _event_form(None)


@bp.route("/dashboard/office/events/<int:event_id>", methods=["GET", "POST"])
@office_only
def office_event(event_id: int):
    return _event_form(db.get_or_404(TradeEvent, event_id))


@bp.post("/dashboard/office/events/<int:event_id>/<any(publish, cancel):action>")
@office_only
def office_event_status(event_id: int, action: str):
    event = db.get_or_404(TradeEvent, event_id)
    check_csrf()
    try:
        events.set_status(event, EventStatus.PUBLISHED if action == "publish"
                          else EventStatus.CANCELLED)
    except OutletInvalid as error:
        flash(str(error), "error")
    else:
        flash(_("Đã công bố sự kiện.") if action == "publish" else _("Đã huỷ sự kiện."),
              "success")
    return redirect(url_for("outlets.office_event", event_id=event.id), 303)


@bp.post("/dashboard/office/events/applications/<int:application_id>/<any(accept, refuse):action>")
@office_only
def office_decide_application(application_id: int, action: str):
    application = db.get_or_404(EventApplication, application_id)
    check_csrf()
    try:
        events.decide(application, action == "accept", reason=request.form.get("reason", ""))
    except OutletInvalid as error:
        flash(str(error), "error")
    else:
        flash(_("Đã nhận cơ sở tham gia.") if action == "accept" else _("Đã từ chối đăng ký."),
              "success")
    return redirect(url_for("outlets.office_event", event_id=application.event_id), 303)


# ---------------------------------------------------------------- restock transfers

@bp.get("/dashboard/office/restock")
@office_only
def office_restock():
    """Restock orders paid by transfer: the ones still to reconcile first."""
    rows = db.session.scalars(
        select(RestockOrder).where(RestockOrder.payment_terms == PaymentTerms.TRANSFER_ON_INVOICE,
                                   RestockOrder.status.not_in([RestockStatus.REFUSED,
                                                               RestockStatus.CANCELLED]))
        .order_by(RestockOrder.paid_at.is_not(None), RestockOrder.placed_at.desc())
        .limit(200)).all()
    return render_template("outlets/office/restock.html", rows=rows)


@bp.post("/dashboard/office/restock/<number>/paid")
@office_only
def office_restock_paid(number: str):
    order = restock.by_number(number)
    if order is None:
        abort(404)
    check_csrf()
    try:
        done = restock.mark_paid(order, actor_id=current_user.id)
    except OutletError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã ghi nhận chuyển khoản đơn %(number)s.", number=order.number) if done else
              _("Chuyển khoản của đơn này đã được ghi nhận trước đó."), "success")
    return redirect(url_for("outlets.office_restock"), 303)
