"""The producer's side (in its dashboard): wholesale terms per product, the restock orders
of outlets (accept, refuse, ship), and applying to exhibit at fairs. Every record is looked
up within ``g.producer``: another producer's orders answer 404."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..catalog.models import Product, ProductStatus
from ..extensions import db
from ..shops.dashboard import producer_required
from ..shops.dashboard.views_products import own_product
from . import bp, events, restock, wholesale
from .event_models import TradeEvent
from .exceptions import OutletError, OutletInvalid
from .restock_models import RestockOrder
from .restock_states import STATUS_LABELS
from .views_operator import check_csrf

TIER_ROWS = wholesale.MAX_TIERS


@bp.route("/dashboard/producer/products/<int:product_id>/wholesale", methods=["GET", "POST"])
@producer_required
def wholesale_terms(product_id: int):
    """Giá sỉ cho điểm bán: offered or not, MOQ, lead time, price tiers."""
    product = own_product(product_id)
    if product.gift_set is not None:
        abort(404)
    terms = wholesale.terms_of(product.id)
    errors, status = {}, 200
    if request.method == "POST":
        check_csrf()
        rows = [(request.form.get(f"tier-qty-{i}", ""), request.form.get(f"tier-price-{i}", ""))
                for i in range(TIER_ROWS)]
        try:
            checked = wholesale.check_terms(bool(request.form.get("offered")),
                                            request.form.get("min_order_qty", ""),
                                            request.form.get("lead_time_days", ""), rows)
            wholesale.save_terms(product, checked)
        except OutletInvalid as error:
            errors, status = error.errors, 400
            form = {"offered": bool(request.form.get("offered")),
                    "min_order_qty": request.form.get("min_order_qty", ""),
                    "lead_time_days": request.form.get("lead_time_days", ""), "tiers": rows}
        else:
            flash(_("Đã lưu điều kiện bán sỉ cho điểm bán."), "success")
            return redirect(url_for("outlets.wholesale_terms", product_id=product.id), 303)
    else:
        form = {"offered": bool(terms and terms.offered),
                "min_order_qty": str(terms.min_order_qty) if terms else "1",
                "lead_time_days": str(terms.lead_time_days) if terms else "3",
                "tiers": [(str(t.min_qty), str(t.unit_price_vnd)) for t in terms.tiers]
                if terms else []}
    form["tiers"] = list(form["tiers"]) + [("", "")] * (TIER_ROWS - len(form["tiers"]))
    return render_template("outlets/producer/wholesale.html", product=product, form=form,
                           errors=errors), status


def own_restock(number: str) -> RestockOrder:
    order = restock.by_number(number)
    if order is None or order.producer_id != g.producer.id:
        abort(404)
    return order


@bp.get("/dashboard/producer/restock")
@producer_required
def producer_restock():
    status = request.args.get("status")
    return render_template("outlets/producer/restock_orders.html",
                           orders=restock.orders_for_producer(g.producer.id, status),
                           status=status, labels=STATUS_LABELS)


@bp.get("/dashboard/producer/restock/<number>")
@producer_required
def producer_restock_detail(number: str):
    order = own_restock(number)
    batches = {}
    try:
        from ..trace.services import batches_of

        for line in order.lines:
            product = db.session.get(Product, line.product_id) if line.product_id else None
            batches[line.id] = batches_of(product) if product else []
    except ImportError:  # traceability not installed: ship without batch codes
        pass
    return render_template("outlets/producer/restock_order.html", order=order, batches=batches,
                           events=restock.events_of(order), labels=STATUS_LABELS)


@bp.post("/dashboard/producer/restock/<number>/<any(accept, refuse, ship):action>")
@producer_required
def producer_restock_action(number: str, action: str):
    order = own_restock(number)
    check_csrf()
    try:
        if action == "accept":
            restock.accept(order, actor_id=current_user.id)
            message = _("Đã nhận đơn %(number)s.", number=order.number)
        elif action == "refuse":
            restock.refuse(order, reason=request.form.get("reason", ""), actor_id=current_user.id)
            message = _("Đã từ chối đơn %(number)s; điểm bán đã được báo.", number=order.number)
        else:
            codes = {line.id: request.form.get(f"batch-{line.id}", "") for line in order.lines}
            restock.ship(order, carrier=request.form.get("carrier", ""),
                         tracking_code=request.form.get("tracking_code", ""), batch_codes=codes,
                         actor_id=current_user.id, actor_name=g.producer.name)
            message = _("Đã gửi hàng đơn %(number)s; tồn kho của cơ sở đã được trừ.",
                        number=order.number)
    except OutletError as error:
        flash(str(error), "error")
    else:
        flash(message, "success")
    return redirect(url_for("outlets.producer_restock_detail", number=number), 303)


@bp.get("/dashboard/producer/events")
@producer_required
def producer_events():
    products = db.session.scalars(select(Product).where(
        Product.producer_id == g.producer.id, Product.status == ProductStatus.ACTIVE)
        .order_by(Product.name)).all()
    return render_template("outlets/producer/events.html", events=events.upcoming(limit=50),
                           mine=events.applications_of_producer(g.producer.id),
                           products=products, open=events.open_for_applications)


def _event(slug: str) -> TradeEvent:
    event = events.by_slug(slug)
    if event is None:
        abort(404)
    return event


@bp.post("/dashboard/producer/events/<slug>/apply")
@producer_required
def producer_apply(slug: str):
    event = _event(slug)
    check_csrf()
    ids = [int(v) for v in request.form.getlist("product_id") if v.isascii() and v.isdigit()]
    try:
        events.apply(event, g.producer, events.ApplicationData(ids, request.form.get("note", "")))
    except OutletError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã gửi đăng ký tham gia «%(title)s».", title=event.title), "success")
    return redirect(url_for("outlets.producer_events"), 303)


@bp.post("/dashboard/producer/events/<slug>/withdraw")
@producer_required
def producer_withdraw(slug: str):
    event = _event(slug)
    check_csrf()
    application = events.applications_of_producer(g.producer.id).get(event.id)
    if application is None:
        abort(404)
    try:
        events.withdraw(application)
    except OutletInvalid as error:
        flash(str(error), "error")
    else:
        flash(_("Đã rút đăng ký."), "success")
    return redirect(url_for("outlets.producer_events"), 303)
