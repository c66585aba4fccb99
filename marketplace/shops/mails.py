"""Shop mails (queued in the caller's transaction: ``queue_mail`` only flushes)."""
from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select

from ..accounts.models import Role, User
from ..extensions import db
from ..notifications.services import mail_url, queue_mail


def producer_recipients(producer) -> list[str]:
    """The producer's contact address and its active owner and staff accounts."""
    emails = [producer.email] if producer.email else []
    emails += db.session.scalars(
        select(User.email).where(User.producer_id == producer.id, User.role == Role.PRODUCER,
                                 User.is_active.is_(True)).order_by(User.id)).all()
    return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))


def office_recipients() -> list[str]:
    """Active OCOP office accounts, plus OFFICE_EMAIL when set."""
    emails = list(db.session.scalars(
        select(User.email).where(User.role == Role.OFFICE, User.is_active.is_(True))
        .order_by(User.id)))
    if current_app.config.get("OFFICE_EMAIL"):
        emails.insert(0, current_app.config["OFFICE_EMAIL"])
    return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))


def producer_submitted(producer, resubmitted: bool = False) -> None:
    """To the office: a producer waits for review; to the producer: we got it."""
    review_url = mail_url("admin.producer_detail", producer_id=producer.id)
    word = "gửi lại hồ sơ" if resubmitted else "đăng ký bán hàng"
    for email in office_recipients():
        queue_mail(email, f"Chợ OCOP: {producer.name} {word}, chờ duyệt",
                   render_template("shops/mail/office_review.txt", producer=producer,
                                   url=review_url, resubmitted=resubmitted))
    for email in producer_recipients(producer):
        queue_mail(email, "Chợ OCOP: đã nhận hồ sơ gian hàng của bạn",
                   render_template("shops/mail/submitted.txt", producer=producer,
                                   url=mail_url("dashboard.home")))


def producer_decided(producer, decision: str, reason: str) -> None:
    """To the producer: approved, changes requested, suspended or reinstated, with the reason."""
    subjects = {
        "approved": "Chợ OCOP: gian hàng của bạn đã được duyệt",
        "reinstated": "Chợ OCOP: gian hàng của bạn đã mở lại",
        "changes_requested": "Chợ OCOP: hồ sơ gian hàng cần bổ sung",
        "suspended": "Chợ OCOP: gian hàng của bạn tạm ngưng hoạt động",
    }
    for email in producer_recipients(producer):
        queue_mail(email, subjects[decision], render_template(
            "shops/mail/decision.txt", producer=producer, decision=decision, reason=reason,
            url=mail_url("dashboard.home"),
            shop_url=mail_url("shops.shop", slug=producer.slug)))


def staff_invited(invitation, token: str, inviter_name: str) -> None:
    queue_mail(invitation.email, f"Chợ OCOP: lời mời tham gia gian hàng {invitation.producer.name}",
               render_template("shops/mail/invitation.txt", invitation=invitation,
                               inviter=inviter_name,
                               url=mail_url("dashboard.accept_invitation", token=token)))
