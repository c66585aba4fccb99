"""Outlet mails, queued in the caller's transaction (``queue_mail`` only flushes)."""
from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _, ngettext
from sqlalchemy import select

from ..accounts.models import Role, User
from ..extensions import db
from ..notifications.services import queue_mail
from ..notifications.services import mail_url
from ..shops.mails import producer_recipients


def outlet_recipients(outlet) -> list[str]:
    """The outlet's contact address and its active operator accounts."""
    emails = [outlet.email] if outlet.email else []
    emails += db.session.scalars(
        select(User.email).where(User.outlet_id == outlet.id, User.role == Role.OUTLET,
                                 User.is_active.is_(True)).order_by(User.id)).all()
    return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))


def restock_placed(order, *, cancelled: bool = False, received: bool = False) -> None:
    """To the producer: a new restock order (one mail per order), or that the outlet
    cancelled it, or confirmed receipt."""
    kind = "cancelled" if cancelled else "received" if received else "placed"
    names = {"number": order.number, "outlet": order.outlet.name}
    subjects = {
        "placed": _("Chợ OCOP: đơn nhập hàng mới %(number)s từ %(outlet)s", **names),
        "cancelled": _("Chợ OCOP: điểm bán đã huỷ đơn nhập hàng %(number)s", **names),
        "received": _("Chợ OCOP: %(outlet)s đã nhận hàng đơn %(number)s", **names),
    }
    url = mail_url("outlets.producer_restock_detail", number=order.number)
    for email in producer_recipients(order.producer):
        queue_mail(email, subjects[kind], render_template(
            "outlets/mail/restock_to_producer.txt", order=order, kind=kind, url=url))


def restock_changed(order, kind: str) -> None:
    """To the outlet: the producer ``accepted``, ``refused`` or ``shipped`` the order."""
    names = {"number": order.number, "producer": order.producer.name}
    subjects = {
        "accepted": _("Chợ OCOP: %(producer)s đã nhận đơn nhập hàng %(number)s", **names),
        "refused": _("Chợ OCOP: %(producer)s từ chối đơn nhập hàng %(number)s", **names),
        "shipped": _("Chợ OCOP: đơn nhập hàng %(number)s đang được giao", **names),
    }
    url = mail_url("outlets.restock_detail", number=order.number)
    for email in outlet_recipients(order.outlet):
        queue_mail(email, subjects[kind], render_template(
            "outlets/mail/restock_to_outlet.txt", order=order, kind=kind, url=url))


def digest_subject(outlet, count: int) -> str:
    return ngettext("Chợ OCOP: %(num)s sản phẩm sắp hết tại %(outlet)s",
                    "Chợ OCOP: %(num)s sản phẩm sắp hết tại %(outlet)s", count, outlet=outlet.name)


def low_stock_digest(outlet, suggestions) -> int:
    """To the operators: today's items at or below their reorder point. Returns mails queued."""
    recipients = outlet_recipients(outlet)
    url = mail_url("outlets.restock_builder")
    for email in recipients:
        queue_mail(email, digest_subject(outlet, len(suggestions)),
                   render_template("outlets/mail/low_stock.txt", outlet=outlet,
                                   suggestions=suggestions, url=url))
    return len(recipients)


def outlet_decided(outlet, decision: str, reason: str) -> None:
    """To the operators: the office approved, suspended or reinstated the outlet."""
    subjects = {"approved": _("Chợ OCOP: điểm bán %(name)s đã được duyệt", name=outlet.name),
                "suspended": _("Chợ OCOP: điểm bán %(name)s tạm ngưng", name=outlet.name),
                "reinstated": _("Chợ OCOP: điểm bán %(name)s hoạt động trở lại",
                                name=outlet.name)}
    for email in outlet_recipients(outlet):
        queue_mail(email, subjects[decision], render_template(
            "outlets/mail/decision.txt", outlet=outlet, decision=decision, reason=reason,
            url=mail_url("outlets.operator_home")))


def application_decided(application) -> None:
    """To the producer: its application to exhibit was accepted or refused."""
    event = application.event
    accepted = application.status == "accepted"
    subject = (_("Chợ OCOP: được tham gia %(title)s", title=event.title) if accepted
               else _("Chợ OCOP: đăng ký %(title)s chưa được chọn", title=event.title))
    for email in producer_recipients(application.producer):
        queue_mail(email, subject, render_template(
            "outlets/mail/application.txt", application=application, event=event,
            accepted=accepted, url=mail_url("outlets.event_page", slug=event.slug)))
