"""The VietQR image of an order, and the office's payment pages (role ``office``)."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import or_, select

from ..accounts.models import Role
from ..auth import require_owner, role_required
from ..extensions import db
from ..orders.exceptions import InvalidTransition
from ..orders.models import Order
from ..orders.states import PaymentStatus
from . import bp, services
from .base import get_method
from .models import Payment
from .statement import StatementError



@bp.get("/orders/<number>/vietqr.svg")
@login_required
def vietqr_svg(number: str):
    """The order's VietQR as SVG, for its owner (and the office) while it is unpaid."""
    order = db.session.scalar(select(Order).where(Order.number == number))
    if order is None:
        abort(404)
    require_owner(order.user_id, allow_office=True)
    payment = order.payment
    method = get_method(order.payment_method)
    if payment is None or payment.status != PaymentStatus.UNPAID or method is None \
            or not hasattr(method, "payload") or payment.amount_vnd <= 0:
        abort(404)
    from .vietqr import svg

    return Response(svg(method.payload(payment)), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, no-store"})


def _payment_or_404(payment_id: int) -> Payment:
    payment = db.session.get(Payment, payment_id)
    if payment is None:
        abort(404)
    return payment


@bp.get("/dashboard/office/payments")
@role_required(Role.OFFICE)
def office_payments():
    """Transfers waiting for money, and payments that need the office (refunds)."""
    services.expire_unpaid_lazily()
    waiting = db.session.scalars(
        select(Payment).where(Payment.status == PaymentStatus.UNPAID, Payment.method != "cod")
        .order_by(Payment.created_at)
    ).all()
    attention = db.session.scalars(
        select(Payment).where(or_(Payment.refund_due_vnd > 0)).order_by(Payment.updated_at)
    ).all()
    return render_template("payments/office.html", waiting=waiting, attention=attention,
                           form=FlaskForm())


@bp.post("/dashboard/office/payments/<int:payment_id>/received")
@role_required(Role.OFFICE)
def office_mark_received(payment_id: int):
    payment = _payment_or_404(payment_id)
    try:
        services.mark_transfer_received(payment, actor_id=current_user.id,
                                        note=request.form.get("note", "")[:300])
    except InvalidTransition as error:
        flash(str(error), "error")
    else:
        flash(_("Đã ghi nhận thanh toán đơn %(number)s.", number=payment.order.number), "success")
    return redirect(url_for("payments.office_payments"), 303)


@bp.post("/dashboard/office/payments/<int:payment_id>/refunded")
@role_required(Role.OFFICE)
def office_mark_refunded(payment_id: int):
    payment = _payment_or_404(payment_id)
    try:
        services.mark_refunded(payment, actor_id=current_user.id,
                               note=request.form.get("note", "")[:300])
    except InvalidTransition as error:
        flash(str(error), "error")
    else:
        flash(_("Đã ghi nhận hoàn tiền đơn %(number)s.", number=payment.order.number), "success")
    return redirect(url_for("payments.office_payments"), 303)


@bp.route("/dashboard/office/payments/statement", methods=["GET", "POST"])
@role_required(Role.OFFICE)
def office_statement():
    """Import a bank statement CSV (date, amount, description) and show what matched."""
    form = FlaskForm()
    report = error = None
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        upload = request.files.get("statement")
        data = upload.read() if upload else b""
        if not data:
            error, status = _("Vui lòng chọn tệp CSV sao kê."), 400
        else:
            try:
                report = services.import_statement(data, actor_id=current_user.id)
            except StatementError as exc:
                error, status = str(exc), 400
    return render_template("payments/statement.html", form=form, report=report,
                           error=error), status
