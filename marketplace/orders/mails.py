"""Order mails, queued in the caller's transaction (``queue_mail`` only flushes).

A mail is written in the language of the request that sends it (the shopper's own at
checkout), except the producers' new-order mail: producers work in Vietnamese, whatever
language the shopper ordered in.
"""
from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import Role, User
from ..extensions import db
from ..i18n import DEFAULT
from .states import translated_reason
from ..notifications.services import mail_url, queue_mail


def _order_url(order) -> str:
    return mail_url("orders.detail", number=order.number)


def order_placed(order, payment_text: str) -> None:
    """To the shopper: what was ordered, from whom, and how to pay."""
    queue_mail(order.user.email, _("Chợ OCOP: đã nhận đơn hàng %(number)s", number=order.number),
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
    with force_locale(DEFAULT):
        subject = _("Chợ OCOP: đơn hàng mới %(number)s", number=shop_order.order.number)
        body = render_template("orders/mail/new_shop_order.txt", shop_order=shop_order,
                               order=shop_order.order)
    for email in producer_recipients(shop_order.producer):
        queue_mail(email, subject, body)


def shop_order_changed(shop_order, kind: str) -> None:
    """To the shopper: a parcel was ``confirmed``, ``packed``, ``shipped``, ``delivered``,
    ``cancelled``, refused (``delivery_failed``) or paid in cash (``cod_collected``)."""
    order = shop_order.order
    subjects = {
        "confirmed": _("Chợ OCOP: %(producer)s đã xác nhận đơn %(number)s",
                       producer=shop_order.producer_name, number=order.number),
        "packed": _("Chợ OCOP: kiện hàng của đơn %(number)s đã đóng gói", number=order.number),
        "shipped": _("Chợ OCOP: kiện hàng của đơn %(number)s đang được giao",
                     number=order.number),
        "delivery_failed": _("Chợ OCOP: kiện hàng của đơn %(number)s giao không thành công",
                             number=order.number),
        "cod_collected": _("Chợ OCOP: đã nhận thanh toán kiện hàng của đơn %(number)s",
                           number=order.number),
        "delivered": _("Chợ OCOP: kiện hàng của đơn %(number)s đã giao", number=order.number),
        "cancelled": _("Chợ OCOP: một phần đơn %(number)s đã huỷ", number=order.number),
    }
    queue_mail(order.user.email, subjects[kind],
               render_template(f"orders/mail/{kind}.txt", order=order, shop_order=shop_order,
                               url=_order_url(order)))


def order_cancelled(order, shop_orders, reason: str) -> None:
    """To the shopper: the whole order (or what was left of it) is cancelled."""
    queue_mail(order.user.email, _("Chợ OCOP: đơn hàng %(number)s đã huỷ", number=order.number),
               render_template("orders/mail/order_cancelled.txt", order=order,
                               shop_orders=shop_orders, reason=translated_reason(reason),
                               url=_order_url(order)))
