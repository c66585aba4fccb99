"""Outlet mails, queued in the caller's transaction (``queue_mail`` only flushes)."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from ..accounts.models import Role, User
from ..extensions import db
from ..notifications.services import queue_mail
from ..shops.mails import external_url, producer_recipients


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
    subjects = {
        "placed": f"Chợ OCOP: đơn nhập hàng mới {order.number} từ {order.outlet.name}",
        "cancelled": f"Chợ OCOP: điểm bán đã huỷ đơn nhập hàng {order.number}",
        "received": f"Chợ OCOP: {order.outlet.name} đã nhận hàng đơn {order.number}",
    }
    url = external_url("outlets.producer_restock_detail", number=order.number)
    for email in producer_recipients(order.producer):
        queue_mail(email, subjects[kind], render_template(
            "outlets/mail/restock_to_producer.txt", order=order, kind=kind, url=url))


def restock_changed(order, kind: str) -> None:
    """To the outlet: the producer ``accepted``, ``refused`` or ``shipped`` the order."""
    subjects = {
        "accepted": f"Chợ OCOP: {order.producer.name} đã nhận đơn nhập hàng {order.number}",
        "refused": f"Chợ OCOP: {order.producer.name} từ chối đơn nhập hàng {order.number}",
        "shipped": f"Chợ OCOP: đơn nhập hàng {order.number} đang được giao",
    }
    url = external_url("outlets.restock_detail", number=order.number)
    for email in outlet_recipients(order.outlet):
        queue_mail(email, subjects[kind], render_template(
            "outlets/mail/restock_to_outlet.txt", order=order, kind=kind, url=url))


def digest_subject(outlet, count: int) -> str:
    return f"Chợ OCOP: {count} sản phẩm sắp hết tại {outlet.name}"


def low_stock_digest(outlet, suggestions) -> int:
    """To the operators: today's items at or below their reorder point. Returns mails queued."""
    recipients = outlet_recipients(outlet)
    url = external_url("outlets.restock_builder")
    for email in recipients:
        queue_mail(email, digest_subject(outlet, len(suggestions)),
                   render_template("outlets/mail/low_stock.txt", outlet=outlet,
                                   suggestions=suggestions, url=url))
    return len(recipients)


def outlet_decided(outlet, decision: str, reason: str) -> None:
    """To the operators: the office approved, suspended or reinstated the outlet."""
    subjects = {"approved": f"Chợ OCOP: điểm bán {outlet.name} đã được duyệt",
                "suspended": f"Chợ OCOP: điểm bán {outlet.name} tạm ngưng",
                "reinstated": f"Chợ OCOP: điểm bán {outlet.name} hoạt động trở lại"}
    for email in outlet_recipients(outlet):
        queue_mail(email, subjects[decision], render_template(
            "outlets/mail/decision.txt", outlet=outlet, decision=decision, reason=reason,
            url=external_url("outlets.operator_home")))


def application_decided(application) -> None:
    """To the producer: its application to exhibit was accepted or refused."""
    event = application.event
    accepted = application.status == "accepted"
    subject = (f"Chợ OCOP: được tham gia {event.title}" if accepted
               else f"Chợ OCOP: đăng ký {event.title} chưa được chọn")
    for email in producer_recipients(application.producer):
        queue_mail(email, subject, render_template(
            "outlets/mail/application.txt", application=application, event=event,
            accepted=accepted, url=external_url("outlets.event_page", slug=event.slug)))
