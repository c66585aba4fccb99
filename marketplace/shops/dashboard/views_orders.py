"""Dashboard pages of orders: the producer's shop orders, actions, packing slip, CSV, insights.

Each action calls one order service, which moves the shop order through its state
machine and mails the shopper; a refused move comes back as a message, never a 500.
"""
from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from ...orders import services as orders
from ...orders.exceptions import CheckoutInvalid, InvalidTransition
from ..forms import ReasonForm, ShipForm
from . import bp, charts, fulfilment, insights, producer_required

DONE = {
    "confirm": _l("Đã xác nhận đơn; người mua đã được báo."),
    "pack": _l("Đã đánh dấu đóng gói."),
    "ship": _l("Đã giao cho đơn vị vận chuyển; người mua đã nhận mã vận đơn."),
    "deliver": _l("Đã đánh dấu giao thành công."),
    "fail": _l("Đã ghi nhận giao không thành công; hàng đã về kho."),
    "cancel": _l("Đã huỷ đơn; hàng đã về kho và người mua đã được báo."),
    "cod": _l("Đã ghi nhận thu tiền COD."),
}


def own_shop_order(shop_order_id: int):
    shop_order = fulfilment.get_shop_order(g.producer.id, shop_order_id)
    if shop_order is None:
        abort(404)
    return shop_order


@bp.get("/dashboard/producer/orders")
@producer_required
def orders_list():
    """Đơn hàng: the producer's shop orders, filtered by status and date."""
    filters, problems = fulfilment.parse_filters(request.args)
    for problem in problems:
        flash(problem, "error")
    rows, total = fulfilment.shop_orders(g.producer.id, filters)
    pages = max(1, -(-total // fulfilment.PAGE_SIZE))
    return render_template("dashboard/orders.html", rows=rows, total=total, filters=filters,
                           pages=pages, statuses=fulfilment.STATUS_CHOICES,
                           counts=fulfilment.status_counts(g.producer.id))


@bp.get("/dashboard/producer/orders/export.csv")
@producer_required
def export_orders():
    filters, _ = fulfilment.parse_filters(request.args)
    return Response(fulfilment.export_csv(g.producer.id, filters), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="don-hang.csv"',
                             "Cache-Control": "private, no-store"})


@bp.get("/dashboard/producer/orders/<int:shop_order_id>")
@producer_required
def order_detail(shop_order_id: int):
    shop_order = own_shop_order(shop_order_id)
    return render_template("dashboard/order.html", shop_order=shop_order, order=shop_order.order,
                           actions=fulfilment.available_actions(shop_order),
                           labels=fulfilment.ACTIONS, form=FlaskForm(), ship_form=ShipForm(),
                           reason_form=ReasonForm(), carriers=fulfilment.CARRIERS)


@bp.post("/dashboard/producer/orders/<int:shop_order_id>/<any(confirm, pack, ship, deliver, fail, cancel, cod):action>")
@producer_required
def order_action(shop_order_id: int, action: str):
    """One fulfilment step, through the order services (state machine + mail to the buyer)."""
    shop_order = own_shop_order(shop_order_id)
    form = ShipForm() if action == "ship" else ReasonForm()
    if not form.validate_on_submit():
        flash(_("Dữ liệu không hợp lệ; vui lòng thử lại."), "error")
        return redirect(url_for("dashboard.order_detail", shop_order_id=shop_order.id), 303)
    actor = current_user.id
    reason = (request.form.get("reason") or "").strip()[:300]
    try:
        if action == "confirm":
            orders.confirm_shop_order(shop_order, actor_id=actor)
        elif action == "pack":
            orders.pack_shop_order(shop_order, actor_id=actor)
        elif action == "ship":
            orders.ship_shop_order(shop_order, carrier=form.carrier.data or "",
                                   tracking_code=form.tracking_code.data or "", actor_id=actor)
        elif action == "deliver":
            orders.deliver_shop_order(shop_order, actor_id=actor)
        elif action == "fail":
            orders.fail_delivery(shop_order, reason=reason, actor_id=actor)
        elif action == "cancel":
            if not reason:
                raise CheckoutInvalid({"reason": _("Vui lòng ghi lý do huỷ để báo người mua.")})
            orders.cancel_shop_order(shop_order, actor_id=actor,
                                     reason=f"{g.producer.name} huỷ: {reason}")
        elif action == "cod":
            orders.collect_cod(shop_order, actor_id=actor)
    except (InvalidTransition, CheckoutInvalid) as error:
        flash(str(error), "error")
    else:
        flash(str(DONE[action]), "success")
    return redirect(url_for("dashboard.order_detail", shop_order_id=shop_order.id), 303)


@bp.get("/dashboard/producer/orders/<int:shop_order_id>/packing-slip")
@producer_required
def packing_slip(shop_order_id: int):
    """Phiếu giao hàng: a printable page with the buyer's address and the items."""
    shop_order = own_shop_order(shop_order_id)
    return render_template("dashboard/packing_slip.html", shop_order=shop_order,
                           order=shop_order.order, producer=g.producer)


@bp.get("/dashboard/producer/insights")
@producer_required
def insights_page():
    """Số liệu: revenue and units per month, top products, statuses, rating."""
    data = insights.insights(g.producer.id)
    revenue = charts.column_chart([(m.label[:2] + "/" + m.label[-2:], m.revenue_vnd)
                                   for m in data.months], title=_("Doanh thu theo tháng"),
                                  unit="vnd", chart_id="chart-revenue")
    units = charts.column_chart([(m.label[:2] + "/" + m.label[-2:], m.units) for m in data.months],
                                title=_("Số sản phẩm bán theo tháng"), chart_id="chart-units")
    top = charts.bar_chart([(name, revenue_) for name, _u, revenue_ in data.top_products],
                           title=_("Sản phẩm bán chạy (doanh thu)"), unit="vnd",
                           chart_id="chart-top")
    statuses = charts.bar_chart([(str(label), n) for _s, label, n in data.statuses],
                                title=_("Đơn theo trạng thái"), chart_id="chart-status")
    return render_template("dashboard/insights.html", data=data, revenue_chart=revenue,
                           units_chart=units, top_chart=top, status_chart=statuses)
