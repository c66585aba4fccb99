"""Thành viên gian hàng: an owner invites staff by e-mail and removes them.

Staff can do everything on the dashboard except manage members and payouts. An
invitation is a one-time link (only its SHA-256 is stored) valid STAFF_INVITATION_DAYS.
Whoever opens it either creates an account with the invited e-mail, or, already logged
in as that e-mail with a shopper account, has that account joined to the producer.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..accounts import validation
from ..accounts.models import ProducerRole, Role, User
from ..accounts.passwords import hash_password
from ..extensions import db
from ..models_base import utcnow
from . import mails
from .exceptions import InvitationInvalid, MemberNotFound, ShopInvalid
from .models import Producer, StaffInvitation

MAX_OPEN_INVITATIONS = 20


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def members(producer: Producer) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.producer_id == producer.id, User.role == Role.PRODUCER)
        .order_by(User.producer_role, User.id)))


def open_invitations(producer: Producer) -> list[StaffInvitation]:
    return [i for i in db.session.scalars(
        select(StaffInvitation).where(StaffInvitation.producer_id == producer.id,
                                      StaffInvitation.accepted_at.is_(None),
                                      StaffInvitation.revoked_at.is_(None))
        .order_by(StaffInvitation.id)) if _aware(i.expires_at) > utcnow()]


def invite(producer: Producer, email: str, *, inviter: User) -> StaffInvitation:
    """Mail a one-time link to join ``producer`` as staff; commits."""
    try:
        email = validation.check_email(email)
    except ValueError as exc:
        raise ShopInvalid({"email": str(exc)}) from None
    existing = db.session.scalar(select(User).where(User.email == email))
    if existing is not None and existing.producer_id == producer.id:
        raise ShopInvalid({"email": _("Người này đã là thành viên của gian hàng.")})
    if existing is not None and existing.role != Role.SHOPPER:
        raise ShopInvalid({"email": _("Email này thuộc tài khoản của một cơ sở, điểm bán hoặc "
                                      "Văn phòng OCOP; hãy dùng email khác.")})
    if len(open_invitations(producer)) >= MAX_OPEN_INVITATIONS:
        raise ShopInvalid({"email": _("Đã có quá nhiều lời mời đang chờ; hãy thu hồi bớt.")})
    token = secrets.token_urlsafe(32)
    days = current_app.config["STAFF_INVITATION_DAYS"]
    invitation = StaffInvitation(producer=producer, email=email, token_hash=_hash(token),
                                 invited_by_id=inviter.id,
                                 expires_at=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    try:
        db.session.flush()
        mails.staff_invited(invitation, token, inviter.name or inviter.email)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return invitation


def revoke(producer: Producer, invitation_id: int) -> None:
    """Withdraw an open invitation of ``producer`` (another producer's is not found)."""
    invitation = db.session.scalar(select(StaffInvitation).where(
        StaffInvitation.id == invitation_id, StaffInvitation.producer_id == producer.id))
    if invitation is None or not invitation.is_open:
        raise InvitationInvalid()
    invitation.revoked_at = utcnow()
    db.session.commit()


def find_invitation(token: str) -> StaffInvitation:
    """The open, unexpired invitation of a token, without using it up."""
    invitation = db.session.scalar(select(StaffInvitation).where(
        StaffInvitation.token_hash == _hash(token or "")))
    if invitation is None or not invitation.is_open or _aware(invitation.expires_at) <= utcnow():
        raise InvitationInvalid()
    return invitation


def accept(token: str, *, user: User | None = None, name: str = "",
           password: str = "") -> User:
    """Join the producer as staff: ``user`` (logged in as the invited e-mail) or a new account.

    The token is spent by a conditional UPDATE, so it works once even under a double submit.
    """
    invitation = find_invitation(token)
    if user is not None:
        if user.email != invitation.email:
            raise InvitationInvalid(_("Lời mời này gửi tới một email khác với tài khoản đang "
                                      "đăng nhập."))
        if user.role != Role.SHOPPER:
            raise InvitationInvalid(_("Tài khoản này đã gắn với một cơ sở hoặc vai trò khác."))
    else:
        errors = {}
        if not " ".join((name or "").split()):
            errors["name"] = _("Vui lòng nhập họ tên.")
        try:
            validation.check_password(password)
        except ValueError as exc:
            errors["password"] = str(exc)
        if errors:
            raise ShopInvalid(errors)
        if db.session.scalar(select(User.id).where(User.email == invitation.email)):
            raise InvitationInvalid(_("Email này đã có tài khoản: hãy đăng nhập rồi mở lại "
                                      "liên kết trong thư mời."))
        user = User(email=invitation.email, password_hash=hash_password(password),
                    name=" ".join(name.split()), role=Role.PRODUCER,
                    producer_id=invitation.producer_id, producer_role=ProducerRole.STAFF)
    spent = db.session.execute(
        update(StaffInvitation).where(StaffInvitation.id == invitation.id,
                                      StaffInvitation.accepted_at.is_(None),
                                      StaffInvitation.revoked_at.is_(None))
        .values(accepted_at=utcnow()).execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        db.session.rollback()
        raise InvitationInvalid()
    user.role, user.producer_id, user.producer_role = (Role.PRODUCER, invitation.producer_id,
                                                       ProducerRole.STAFF)
    db.session.add(user)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return user


def remove_member(producer: Producer, user_id: int, *, actor: User) -> None:
    """Take a staff member off the producer; their account stays, as a shopper's."""
    member = db.session.scalar(select(User).where(User.id == user_id,
                                                  User.producer_id == producer.id))
    if member is None:
        raise MemberNotFound()
    if member.id == actor.id:
        raise ShopInvalid({"member": _("Bạn không thể tự xoá mình khỏi gian hàng.")})
    if member.producer_role == ProducerRole.OWNER:
        owners = db.session.scalar(select(func.count()).select_from(User).where(
            User.producer_id == producer.id, User.producer_role == ProducerRole.OWNER))
        if owners <= 1:
            raise ShopInvalid({"member": _("Gian hàng cần ít nhất một chủ sở hữu.")})
    member.role, member.producer_id, member.producer_role = Role.SHOPPER, None, None
    db.session.commit()
