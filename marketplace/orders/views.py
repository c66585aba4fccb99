"""Checkout and the shopper's order pages. Thin: validate the form, call one service,
then redirect with a message, or re-render with the service's errors by their fields."""
from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from .. import units
from ..auth import require_owner
from ..cart.pricing import load_lines, summarize
from ..cart.services import Owner, find_cart
from ..cart.session import forget_count
from ..cart.views import HOME_PROVINCE
from ..extensions import db
from ..security import config_limit, limiter, user_key
from . import bp, services
from .exceptions import (
    CartNeedsReview, CheckoutInvalid, EmptyCart, InvalidTransition, OrderNotFound, OutOfStock,
)
from .forms import CheckoutForm
from .models import ShopOrder


def _methods():
    from ..payments.base import available_methods

    return available_methods(current_app.config)


def _method(code: str):
    from ..payments.base import get_method

    return get_method(code)


def _sweep_expired() -> None:
    from ..payments.services import expire_unpaid_lazily

    expire_unpaid_lazily()


def _destination(form: CheckoutForm) -> str:
    saved = form.saved_address_id()
    if saved:
        for address in current_user.addresses:
            if address.id == saved:
                return address.province_code
    return form.province_code.data if units.province(form.province_code.data) else HOME_PROVINCE


@bp.route("/checkout", methods=["GET", "POST"])
@limiter.limit(config_limit("CHECKOUT_RATE_LIMIT_PER_ACCOUNT"), key_func=user_key, methods=["POST"])
def checkout():
    """Thanh toán: delivery address, note, gift message, payment method; totals from the server."""
    if not current_user.is_authenticated:
        flash(_("Vui lòng đăng nhập hoặc đăng ký để đặt hàng; giỏ hàng của bạn được giữ "
                "nguyên."), "info")
        return redirect(url_for("accounts.login", next=url_for("orders.checkout")))
    _sweep_expired()
    form = CheckoutForm()
    addresses = list(current_user.addresses)
    form.prepare(addresses, _methods(), HOME_PROVINCE)
    refreshing = "refresh" in request.form
    status = 200
    if request.method == "POST" and not refreshing:
        if form.validate():
            result = _place(form)
            if result is not None:
                return result
        status = 400
    cart = find_cart(Owner(user_id=current_user.id))
    summary = summarize(load_lines(cart.id if cart else None), _destination(form))
    if summary.is_empty and request.method == "GET":
        flash(_("Giỏ hàng đang trống: hãy chọn sản phẩm trước khi đặt hàng."), "info")
        return redirect(url_for("cart.show"))
    if summary.problems and request.method == "GET":
        # Changes are shown (and accepted) on the cart page, never carried into an order.
        flash(_("Giỏ hàng đã thay đổi kể từ khi bạn thêm sản phẩm; vui lòng xem lại."), "error")
        return redirect(url_for("cart.show"))
    return render_template("orders/checkout.html", form=form, summary=summary,
                           addresses=addresses), status


def _place(form: CheckoutForm):
    """Call place_order; a response on success or on a cart problem, None to re-render."""
    details = services.CheckoutDetails(
        payment_method=form.payment_method.data or "",
        address_id=form.saved_address_id(),
        recipient_name=form.recipient_name.data or "", phone=form.phone.data or "",
        province_code=form.province_code.data or "", commune_code=form.commune_code.data or "",
        street=form.street.data or "", note=form.note.data or "",
        is_gift=bool(form.is_gift.data), gift_message=form.gift_message.data or "",
    )
    try:
        order = services.place_order(current_user, details, form.idempotency_key.data or "")
    except CheckoutInvalid as error:
        for field, message in error.errors.items():
            target = getattr(form, field, None)
            if target is not None and field != "idempotency_key":
                target.errors = [*target.errors, message]
            else:
                flash(message, "error")
        return None
    except EmptyCart as error:
        flash(str(error), "error")
        return redirect(url_for("cart.show"), 303)
    except CartNeedsReview as error:
        for problem in error.problems:
            flash(problem, "error")
        flash(_("Chưa có đơn hàng nào được tạo. Hãy xem lại giỏ hàng rồi đặt lại."), "error")
        return redirect(url_for("cart.show"), 303)
    except OutOfStock as error:
        flash(str(error), "error")
        return redirect(url_for("cart.show"), 303)
    forget_count()
    flash(_("Đặt hàng thành công! Mã đơn của bạn là %(number)s.", number=order.number), "success")
    method = _method(order.payment_method)
    target = method.next_url(order) if method else None
    return redirect(target or url_for("orders.detail", number=order.number), 303)


@bp.get("/units/<province_code>/communes.json")
def communes(province_code: str):
    """Communes and wards of a province, for the address selects' JavaScript."""
    if units.province(province_code) is None:
        abort(404)
    return jsonify([{"code": c.code, "name": c.name} for c in units.communes_of(province_code)])


@bp.get("/orders")
@login_required
def index():
    """Đơn hàng của tôi: the shopper's orders, newest first."""
    _sweep_expired()
    return render_template("orders/index.html", orders=services.orders_of(current_user.id))


def _own_order(number: str):
    try:
        order = services.get_order(number)
    except OrderNotFound:
        abort(404)
    require_owner(order.user_id, allow_office=True)
    return order


@bp.get("/orders/<number>")
@login_required
def detail(number: str):
    """One order: each producer's parcel with its status and tracking, payment, cancel."""
    order = _own_order(number)
    payment = order.payment
    if payment is not None:
        from ..payments.services import expire_payment, is_overdue

        if is_overdue(payment):
            expire_payment(payment)
            db.session.refresh(order)
    method = _method(order.payment_method)
    instructions = method.instructions(order) if method and payment is not None \
        and payment.status == "unpaid" and payment.amount_vnd > 0 else None
    return render_template("orders/detail.html", order=order, method=method,
                           instructions=instructions, form=FlaskForm())


@bp.post("/orders/<number>/cancel")
@login_required
def cancel(number: str):
    order = _own_order(number)
    require_owner(order.user_id)  # the office cancels through its own tools
    try:
        services.cancel_order(order, actor_id=current_user.id)
    except InvalidTransition as error:
        flash(str(error), "error")
    else:
        flash(_("Đã huỷ đơn hàng %(number)s; hàng đã được trả lại kho.", number=order.number),
              "success")
    return redirect(url_for("orders.detail", number=order.number), 303)


@bp.post("/orders/<number>/parcels/<int:shop_order_id>/cancel")
@login_required
def cancel_parcel(number: str, shop_order_id: int):
    order = _own_order(number)
    require_owner(order.user_id)
    shop_order = db.session.get(ShopOrder, shop_order_id)
    if shop_order is None or shop_order.order_id != order.id:
        abort(404)
    try:
        services.cancel_shop_order(shop_order, actor_id=current_user.id)
    except InvalidTransition as error:
        flash(str(error), "error")
    else:
        flash(_("Đã huỷ phần đơn của %(producer)s.", producer=shop_order.producer_name), "success")
    return redirect(url_for("orders.detail", number=order.number), 303)


@bp.app_template_filter("localtime")
def localtime(moment) -> str:
    """A stored UTC moment as Vietnam time: ``29/11/2026 14:05`` (``Nov 29, 2026 14:05``
    in English)."""
    if moment is None:
        return ""
    from datetime import timezone
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    from ..i18n import current_language

    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    local = moment.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
    if current_language() == "en":
        return format_datetime(local, "MMM d, y HH:mm", locale="en")
    return local.strftime("%d/%m/%Y %H:%M")
