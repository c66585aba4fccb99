"""Card payment pages: the Stripe webhook, paying (again), the return page, the office's
list of flagged payments and refunds (role ``office``)."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..accounts.models import Role
from ..auth import require_owner, role_required
from ..extensions import db
from ..orders.models import Order, ShopOrder
from ..orders.states import PaymentStatus, ShopOrderStatus
from ..security import config_limit, csrf, ip_key, limiter, user_key
from . import bp, card, refunds, webhooks
from .models import Payment
from .stripe_gateway import GatewayError
from .stripe_models import REFUND_OPEN, CardCheckout, Refund, RefundStatus


@bp.post("/payments/stripe/webhook")
@limiter.limit(config_limit("STRIPE_WEBHOOK_RATE_LIMIT_PER_IP"), key_func=ip_key)
@csrf.exempt  # Stripe signs the body instead; a browser's cookie cannot reach a change here
def stripe_webhook():
    """Stripe's events: 400 unless correctly signed and recent, 200 once applied or known."""
    payload = request.get_data(cache=False)
    try:
        result = webhooks.receive(payload, request.headers.get("Stripe-Signature"))
    except webhooks.InvalidSignature as error:
        return jsonify(error=f"invalid webhook: {error}"), 400
    except webhooks.TryAgain as error:
        return jsonify(error=f"conflict, retry later: {error}"), 409
    return jsonify(status=result.status, outcome=result.outcome)


def _order_or_404(number: str) -> Order:
    order = db.session.scalar(select(Order).where(Order.number == number))
    if order is None:
        abort(404)
    return order


@bp.post("/payments/stripe/orders/<number>/pay")
@login_required
@limiter.limit(config_limit("CHECKOUT_RATE_LIMIT_PER_ACCOUNT"), key_func=user_key)
def card_pay(number: str):
    """Go (back) to Stripe's page for an unpaid card order of the shopper's."""
    order = _order_or_404(number)
    require_owner(order.user_id)
    try:
        checkout = card.open_checkout(order)
    except card.NotPayable as error:
        flash(str(error), "error")
    except GatewayError:
        flash(_("Chưa kết nối được cổng thanh toán thẻ; vui lòng thử lại sau ít phút. "
                "Đơn hàng vẫn được giữ."), "error")
    else:
        return redirect(checkout.url, 303)
    return redirect(url_for("orders.detail", number=order.number), 303)


@bp.get("/payments/stripe/return")
@login_required
def card_return():
    """Where Stripe sends the shopper back: asks Stripe for the session's state, so a
    shopper who returns before the webhook sees the truth (and the order is updated)."""
    checkout = db.session.scalar(select(CardCheckout).where(
        CardCheckout.session_id == request.args.get("session_id", "")[:255]))
    if checkout is None:
        abort(404)
    order = checkout.order
    require_owner(order.user_id, allow_office=True)
    reached = True
    try:
        card.refresh_from_stripe(checkout)
    except GatewayError:
        reached = False
    db.session.refresh(order.payment)
    db.session.refresh(checkout)
    return render_template("payments/card_return.html", order=order, checkout=checkout,
                           payment=order.payment, reached=reached, form=FlaskForm())


# ---------------------------------------------------------------- office

@bp.get("/dashboard/office/payments/card")
@role_required(Role.OFFICE)
def office_card():
    """Flagged card payments, refunds not yet through, recent refunds, delivered parcels."""
    flagged = db.session.scalars(select(CardCheckout).where(
        CardCheckout.flagged_at.is_not(None), CardCheckout.resolved_at.is_(None))
        .order_by(CardCheckout.flagged_at)).all()
    open_refunds = db.session.scalars(select(Refund).where(
        Refund.status.in_([*REFUND_OPEN, RefundStatus.SUBMITTED])).order_by(Refund.id)).all()
    recent = db.session.scalars(select(Refund).where(Refund.status == RefundStatus.SUCCEEDED)
                                .order_by(Refund.id.desc()).limit(50)).all()
    delivered = db.session.scalars(
        select(ShopOrder).join(Order).join(Payment)
        .where(Payment.method == card.CODE, Payment.status == PaymentStatus.PAID,
               ShopOrder.status.in_([ShopOrderStatus.DELIVERED, ShopOrderStatus.DELIVERY_FAILED]))
        .order_by(ShopOrder.updated_at.desc()).limit(50)).all()
    return render_template("payments/card_office.html", flagged=flagged,
                           open_refunds=open_refunds, recent=recent, delivered=delivered,
                           form=FlaskForm())


def _back():
    return redirect(url_for("payments.office_card"), 303)


@bp.post("/dashboard/office/payments/card/flagged/<int:checkout_id>/refund")
@role_required(Role.OFFICE)
def office_refund_flagged(checkout_id: int):
    checkout = db.get_or_404(CardCheckout, checkout_id)
    try:
        refund = refunds.refund_flagged(checkout, actor_id=current_user.id)
    except refunds.RefundRefused as error:
        flash(str(error), "error")
    else:
        _flash_refund(refund)
    return _back()


@bp.post("/dashboard/office/payments/card/flagged/<int:checkout_id>/resolve")
@role_required(Role.OFFICE)
def office_resolve_flagged(checkout_id: int):
    checkout = db.get_or_404(CardCheckout, checkout_id)
    refunds.resolve_flag(checkout, actor_id=current_user.id)
    flash(_("Đã đánh dấu xử lý xong giao dịch của đơn %(number)s.", number=checkout.order.number),
          "success")
    return _back()


@bp.post("/dashboard/office/payments/card/refunds/<int:refund_id>/retry")
@role_required(Role.OFFICE)
def office_retry_refund(refund_id: int):
    refund = db.get_or_404(Refund, refund_id)
    _flash_refund(refunds.submit(refund))
    return _back()


@bp.post("/dashboard/office/payments/card/parcels/<int:shop_order_id>/refund")
@role_required(Role.OFFICE)
def office_refund_parcel(shop_order_id: int):
    shop_order = db.get_or_404(ShopOrder, shop_order_id)
    text = request.form.get("amount_vnd", "").replace(".", "").replace(",", "").strip()
    if not text.isdigit():
        flash(_("Số tiền hoàn phải là số đồng."), "error")
        return _back()
    try:
        refund = refunds.refund_parcel(shop_order, int(text), actor_id=current_user.id,
                                       reason=request.form.get("reason", "")[:300])
    except refunds.RefundRefused as error:
        flash(str(error), "error")
    else:
        _flash_refund(refund)
    return _back()


def _flash_refund(refund: Refund) -> None:
    if refund.status == RefundStatus.FAILED:
        flash(_("Stripe chưa nhận lệnh hoàn %(amount)s đ: %(error)s. Lệnh được giữ lại và sẽ "
                "thử lại.", amount=refund.amount_vnd, error=refund.last_error), "error")
    else:
        flash(_("Đã gửi lệnh hoàn %(amount)s đ (%(status)s).", amount=refund.amount_vnd,
                status=refund.status_label), "success")
