"""Order mails, queued in the caller's transaction (``queue_mail`` only flushes)."""
from __future__ import annotations

from flask import current_app, has_request_context, render_template, url_for
from sqlalchemy import select

from ..accounts.models import Role, User
from ..extensions import db
from ..notifications.services import queue_mail


def _order_url(order) -> str:
    """The order page's absolute URL; outside a request (``flask orders expire-unpaid``)
    it is built on SITE_URL."""
    if has_request_context():
        return url_for("orders.detail", number=order.number, _external=True)
    with current_app.test_request_context(base_url=current_app.config["SITE_URL"]):
        return url_for("orders.detail", number=order.number, _external=True)


def order_placed(order, payment_text: str) -> None:
    """To the shopper: what was ordered, from whom, and how to pay."""
    queue_mail(order.user.email, f"Chợ OCOP: đã nhận đơn hàng {order.number}",
               render_template("orders/mail/placed.txt", order=order, url=_order_url(order),
                               payment_text=payment_text))


def producer_recipients(producer) -> list[str]:
    """The producer's contact address and its active owner and staff accounts."""
    emails = [producer.email] if producer.email else []
    emails += db.session.scalars(
        select(User.email).where(User.producer_id == producer.id, User.role == Role.PRODUCER,
                                 User.is_active.is_(True)).order_by(User.id)
    ).all()
    return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))


def new_shop_order(shop_order) -> None:
    """To each producer: its part of a new order, to confirm and pack."""
    for email in producer_recipients(shop_order.producer):
        queue_mail(email, f"Chợ OCOP: đơn hàng mới {shop_order.order.number}",
                   render_template("orders/mail/new_shop_order.txt", shop_order=shop_order,
                                   order=shop_order.order))


def shop_order_changed(shop_order, kind: str) -> None:
    """To the shopper: a parcel was ``confirmed``, ``packed``, ``shipped``, ``delivered``,
    ``cancelled``, refused (``delivery_failed``) or paid in cash (``cod_collected``)."""
    order = shop_order.order
    subjects = {
        "confirmed": f"Chợ OCOP: {shop_order.producer_name} đã xác nhận đơn {order.number}",
        "packed": f"Chợ OCOP: kiện hàng của đơn {order.number} đã đóng gói",
        "shipped": f"Chợ OCOP: kiện hàng của đơn {order.number} đang được giao",
        "delivery_failed": f"Chợ OCOP: kiện hàng của đơn {order.number} giao không thành công",
        "cod_collected": f"Chợ OCOP: đã nhận thanh toán kiện hàng của đơn {order.number}",
        "delivered": f"Chợ OCOP: kiện hàng của đơn {order.number} đã giao",
        "cancelled": f"Chợ OCOP: một phần đơn {order.number} đã huỷ",
    }
    queue_mail(order.user.email, subjects[kind],
               render_template(f"orders/mail/{kind}.txt", order=order, shop_order=shop_order,
                               url=_order_url(order)))


def order_cancelled(order, shop_orders, reason: str) -> None:
    """To the shopper: the whole order (or what was left of it) is cancelled."""
    queue_mail(order.user.email, f"Chợ OCOP: đơn hàng {order.number} đã huỷ",
               render_template("orders/mail/order_cancelled.txt", order=order,
                               shop_orders=shop_orders, reason=reason, url=_order_url(order)))
