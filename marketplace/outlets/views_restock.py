"""Restock pages of the operator: the list being built (suggestions, repeat, by hand), the
orders, receipt, and the transfer invoice with its VietQR code."""
from __future__ import annotations

import secrets

from flask import (
    Response, abort, current_app, flash, g, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from ..payments import vietqr
from . import bp, restock
from .exceptions import OutletError, OutletInvalid
from .restock_models import PAYMENT_TERMS_LABELS, PaymentTerms, RestockOrder
from .restock_states import STATUS_LABELS
from .suggestions import suggestions
from .views_operator import check_csrf, operator_required
from .wholesale import offered_products


def own_order(number: str) -> RestockOrder:
    order = restock.by_number(number)
    if order is None or order.outlet_id != g.outlet.id:
        abort(404)
    return order


@bp.get("/dashboard/outlet/restock")
@operator_required
def restock_builder():
    """Lập đơn nhập hàng: suggestions, the list priced per producer, and the place form."""
    from .giftsets import gift_sets

    return render_template(
        "outlets/dashboard/restock.html", outlet=g.outlet, suggestions=suggestions(g.outlet.id),
        preview=restock.preview(g.outlet.id), offered=offered_products(limit=500),
        gift_sets=gift_sets(listed_only=True), terms=restock.payment_terms_available(),
        terms_labels=PAYMENT_TERMS_LABELS, request_key=secrets.token_urlsafe(24),
        last=restock.last_order_lines(g.outlet.id))


def _back(anchor: str = ""):
    return redirect(url_for("outlets.restock_builder") + anchor, 303)


@bp.post("/dashboard/outlet/restock/suggested")
@operator_required
def restock_take_suggestions():
    check_csrf()
    n = restock.draft_from_suggestions(g.outlet)
    flash(ngettext("Đã đưa %(num)s sản phẩm gợi ý vào đơn nhập.",
                   "Đã đưa %(num)s sản phẩm gợi ý vào đơn nhập.", n) if n else
          _("Không có sản phẩm nào cần nhập theo gợi ý."), "success" if n else "info")
    return _back("#draft")


@bp.post("/dashboard/outlet/restock/repeat")
@operator_required
def restock_repeat():
    check_csrf()
    try:
        n = restock.draft_from_last_order(g.outlet)
    except OutletInvalid as error:
        flash(str(error), "error")
    else:
        flash(ngettext("Đã chép %(num)s dòng của đơn nhập trước vào danh sách.",
                       "Đã chép %(num)s dòng của đơn nhập trước vào danh sách.", n), "success")
    return _back("#draft")


@bp.post("/dashboard/outlet/restock/add")
@operator_required
def restock_add():
    check_csrf()
    try:
        product = restock.add_to_draft(g.outlet, int(request.form.get("product_id") or 0),
                                       request.form.get("quantity", ""))
    except ValueError:
        flash(_("Vui lòng chọn sản phẩm."), "error")
    except OutletError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã thêm «%(name)s» vào đơn nhập.", name=product.name), "success")
    return _back("#draft")


@bp.post("/dashboard/outlet/restock/update")
@operator_required
def restock_update():
    check_csrf()
    quantities = {int(k[4:]): v for k, v in request.form.items()
                  if k.startswith("qty-") and k[4:].isdigit()}
    try:
        restock.set_draft_quantities(g.outlet, quantities)
    except OutletError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã cập nhật số lượng."), "success")
    return _back("#draft")


@bp.post("/dashboard/outlet/restock/remove/<int:line_id>")
@operator_required
def restock_remove(line_id: int):
    check_csrf()
    restock.remove_from_draft(g.outlet, line_id)
    return _back("#draft")


@bp.post("/dashboard/outlet/restock/place")
@operator_required
def restock_place():
    """Place the list: one order per producer, or nothing with every problem named."""
    check_csrf()
    try:
        orders = restock.place(g.outlet, payment_terms=request.form.get("payment_terms", ""),
                               note=request.form.get("note", ""),
                               request_key=request.form.get("request_key", ""),
                               actor_id=current_user.id)
    except OutletError as error:
        flash(str(error), "error")
        return _back("#draft")
    numbers = ", ".join(o.number for o in orders)
    flash(ngettext("Đã gửi %(num)s đơn nhập hàng (%(numbers)s) tới các cơ sở.",
                   "Đã gửi %(num)s đơn nhập hàng (%(numbers)s) tới các cơ sở.", len(orders),
                   numbers=numbers), "success")
    return redirect(url_for("outlets.restock_orders"), 303)


@bp.get("/dashboard/outlet/restock/orders")
@operator_required
def restock_orders():
    status = request.args.get("status")
    return render_template("outlets/dashboard/restock_orders.html",
                           orders=restock.orders_for_outlet(g.outlet.id, status), status=status,
                           labels=STATUS_LABELS)


@bp.get("/dashboard/outlet/restock/orders/<number>")
@operator_required
def restock_detail(number: str):
    order = own_order(number)
    invoice = None
    if order.payment_terms == PaymentTerms.TRANSFER_ON_INVOICE and order.status not in (
            "refused", "cancelled") and order.subtotal_vnd > 0:
        config = current_app.config
        invoice = {"bank": vietqr.bank_name(config["VIETQR_BANK_BIN"]),
                   "account_no": config["VIETQR_ACCOUNT_NO"],
                   "account_name": config["VIETQR_ACCOUNT_NAME"],
                   "amount_vnd": order.subtotal_vnd, "purpose": order.number,
                   "qr_url": url_for("outlets.restock_qr", number=order.number)}
    return render_template("outlets/dashboard/restock_order.html", order=order, invoice=invoice,
                           events=restock.events_of(order), labels=STATUS_LABELS)


@bp.get("/dashboard/outlet/restock/orders/<number>/vietqr.svg")
@operator_required
def restock_qr(number: str):
    """The invoice's VietQR: the order's amount, its number as the transfer purpose."""
    order = own_order(number)
    config = current_app.config
    if order.payment_terms != PaymentTerms.TRANSFER_ON_INVOICE or not config.get("VIETQR_BANK_BIN"):
        abort(404)
    payload = vietqr.build_payload(config["VIETQR_BANK_BIN"], config["VIETQR_ACCOUNT_NO"],
                                   order.subtotal_vnd, order.number)
    return Response(vietqr.svg(payload), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=300"})


@bp.post("/dashboard/outlet/restock/orders/<number>/receive")
@operator_required
def restock_receive(number: str):
    """Đã nhận hàng: adds the units to the shelf; a second submit changes nothing."""
    order = own_order(number)
    check_csrf()
    try:
        restock.receive(order, actor_id=current_user.id, actor_name=g.outlet.name)
    except OutletError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã nhận hàng đơn %(number)s: tồn kho điểm bán đã được cộng.",
                number=order.number), "success")
    return redirect(url_for("outlets.restock_detail", number=number), 303)


@bp.post("/dashboard/outlet/restock/orders/<number>/cancel")
@operator_required
def restock_cancel(number: str):
    order = own_order(number)
    check_csrf()
    try:
        restock.cancel(order, reason=request.form.get("reason", ""), actor_id=current_user.id)
    except OutletError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã huỷ đơn %(number)s.", number=order.number), "success")
    return redirect(url_for("outlets.restock_detail", number=number), 303)
