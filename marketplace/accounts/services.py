"""Account rules: registration, login, password reset, profile and addresses.

Each public service commits once; the helpers only flush. Services raise the errors
of ``exceptions.py`` and never flash or abort.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models_base import utcnow
from ..notifications.services import mail_url, queue_mail
from ..outlets.models import Outlet
from ..shops.models import Producer
from . import validation
from .exceptions import (
    AddressNotFound, EmailTaken, InactiveAccount, InvalidCredentials, InvalidResetToken,
    ValidationFailed,
)
from .models import Address, PasswordResetToken, ProducerRole, Role, User
from .passwords import burn_time, hash_password, needs_rehash, verify_password

MAX_ADDRESSES = 20


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(
        select(User).where(User.email == validation.normalise_email(email))
    )


def _checked(errors: dict[str, str], field: str, check, *args):
    """Run one checker; its ``ValueError`` becomes the field's message."""
    try:
        return check(*args)
    except ValueError as exc:
        errors[getattr(exc, "field", field)] = str(exc)
        return None


def register_user(email: str, password: str, name: str = "", phone: str | None = None, *,
                  role: Role = Role.SHOPPER, producer: Producer | None = None,
                  producer_role: ProducerRole | None = None,
                  outlet: Outlet | None = None) -> User:
    """Create an account. Web sign-up makes shoppers; other roles come from the CLI/office.

    A producer account needs its producer (owner unless told ``staff``), an outlet
    account its outlet; the other roles take neither.
    """
    errors: dict[str, str] = {}
    email = _checked(errors, "email", validation.check_email, email)
    _checked(errors, "password", validation.check_password, password)
    if phone:
        phone = _checked(errors, "phone", validation.normalise_vn_phone, phone)
    role = Role(role)
    if role == Role.PRODUCER and producer is None:
        errors["producer"] = _("Tài khoản chủ thể OCOP cần gắn với một chủ thể.")
    if role != Role.PRODUCER and producer is not None:
        errors["producer"] = _("Chỉ tài khoản chủ thể OCOP mới gắn với chủ thể.")
    if role == Role.OUTLET and outlet is None:
        errors["outlet"] = _("Tài khoản điểm bán cần gắn với một điểm bán.")
    if role != Role.OUTLET and outlet is not None:
        errors["outlet"] = _("Chỉ tài khoản điểm bán mới gắn với điểm bán.")
    if email and find_user_by_email(email) is not None:
        if not errors:
            raise EmailTaken()
        errors.update(EmailTaken().errors)
    if errors:
        raise ValidationFailed(errors)
    user = User(
        email=email, password_hash=hash_password(password), name=(name or "").strip(),
        phone=phone or None, role=role, producer=producer, outlet=outlet,
        producer_role=(ProducerRole(producer_role or ProducerRole.OWNER)
                       if role == Role.PRODUCER else None),
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # Two sign-ups with one e-mail at the same moment: the unique index decides.
        db.session.rollback()
        raise EmailTaken() from None
    return user


def authenticate(email: str, password: str) -> User:
    """The active account with this e-mail and password; records the login time.

    An unknown e-mail costs as much time as a wrong password. A hash made with older
    argon2 parameters is upgraded here, the one moment the plain password is known.
    """
    user = find_user_by_email(email)
    if user is None:
        burn_time(password)
        raise InvalidCredentials()
    if not verify_password(user.password_hash, password):
        raise InvalidCredentials()
    if not user.is_active:
        raise InactiveAccount()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_password_reset(email: str) -> None:
    """Mail a one-time reset link to an active account; silently nothing otherwise.

    The answer to the visitor is the same either way, so the form cannot be used to
    find out who has an account. Only the token's SHA-256 is stored.
    """
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["PASSWORD_RESET_TOKEN_MINUTES"]
    db.session.add(PasswordResetToken(
        user=user, token_hash=_token_hash(token),
        expires_at=utcnow() + timedelta(minutes=minutes),
    ))
    link = mail_url("accounts.reset_password", token=token)
    queue_mail(
        user.email, _("Đặt lại mật khẩu Chợ OCOP"),
        render_template("accounts/mail/password_reset.txt", user=user, link=link,
                        minutes=minutes),
    )
    db.session.commit()


def _usable_token(token: str):
    return select(PasswordResetToken).where(
        PasswordResetToken.token_hash == _token_hash(token),
        PasswordResetToken.used_at.is_(None),
        PasswordResetToken.expires_at > utcnow(),
    )


def check_reset_token(token: str) -> User:
    """The account a reset token belongs to, without using the token up."""
    row = db.session.scalar(_usable_token(token))
    if row is None or not row.user.is_active:
        raise InvalidResetToken()
    return row.user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password with a reset token, which can be used once only.

    The token is spent by a conditional UPDATE (``used_at IS NULL``), so two requests
    racing with one token cannot both succeed; the account's other tokens are spent too,
    and the new password hash logs out every existing session.
    """
    errors: dict[str, str] = {}
    _checked(errors, "password", validation.check_password, new_password)
    if errors:
        raise ValidationFailed(errors)
    row = db.session.scalar(_usable_token(token))
    if row is None or not row.user.is_active:
        raise InvalidResetToken()
    now = utcnow()
    spent = db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == row.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        db.session.rollback()
        raise InvalidResetToken()
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == row.user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False)
    )
    user = row.user
    user.password_hash = hash_password(new_password)
    db.session.commit()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the password after checking the current one (other sessions end)."""
    if not verify_password(user.password_hash, current_password):
        raise ValidationFailed({"current_password": _("Mật khẩu hiện tại không đúng.")})
    errors: dict[str, str] = {}
    _checked(errors, "new_password", validation.check_password, new_password)
    if errors:
        raise ValidationFailed(errors)
    user.password_hash = hash_password(new_password)
    db.session.commit()


def update_profile(user: User, name: str, phone: str | None) -> User:
    """Change the display name and contact phone (the e-mail is the login: not here)."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Vui lòng nhập họ tên.")
    if phone:
        phone = _checked(errors, "phone", validation.normalise_vn_phone, phone)
    if errors:
        raise ValidationFailed(errors)
    user.name, user.phone = name, phone or None
    db.session.commit()
    return user


@dataclass
class AddressData:
    """What a person fills in for a delivery address."""

    recipient_name: str
    phone: str
    province_code: str
    commune_code: str
    street: str
    is_default: bool = False


def _validated(data: AddressData) -> AddressData:
    errors: dict[str, str] = {}
    name = (data.recipient_name or "").strip()
    street = " ".join((data.street or "").split())
    if not name:
        errors["recipient_name"] = _("Vui lòng nhập tên người nhận.")
    if not street:
        errors["street"] = _("Vui lòng nhập số nhà, đường, thôn/xóm.")
    phone = _checked(errors, "phone", validation.normalise_vn_phone, data.phone)
    codes = _checked(errors, "commune_code", validation.check_units,
                     data.province_code, data.commune_code)
    if errors:
        raise ValidationFailed(errors)
    return AddressData(name, phone, codes[0], codes[1], street, data.is_default)


def get_address(user: User, address_id: int) -> Address:
    """One of ``user``'s own addresses; anyone else's is as absent as a missing one."""
    address = db.session.scalar(
        select(Address).where(Address.id == address_id, Address.user_id == user.id)
    )
    if address is None:
        raise AddressNotFound()
    return address


def _make_default(user: User, address: Address) -> None:
    # Clear the old default in SQL first: the partial unique index allows one default.
    db.session.execute(
        update(Address).where(Address.user_id == user.id, Address.id != address.id,
                              Address.is_default.is_(True))
        .values(is_default=False).execution_options(synchronize_session="fetch")
    )
    address.is_default = True
    db.session.flush()


def add_address(user: User, data: AddressData) -> Address:
    """Save a new delivery address; the first one becomes the default."""
    data = _validated(data)
    count = db.session.scalar(
        select(func.count()).select_from(Address).where(Address.user_id == user.id)
    )
    if count >= MAX_ADDRESSES:
        raise ValidationFailed(
            {"street": _("Mỗi tài khoản lưu tối đa %(n)s địa chỉ.", n=MAX_ADDRESSES)})
    address = Address(
        user_id=user.id, recipient_name=data.recipient_name, phone=data.phone,
        province_code=data.province_code, commune_code=data.commune_code, street=data.street,
        is_default=False,
    )
    db.session.add(address)
    db.session.flush()
    if data.is_default or count == 0:
        _make_default(user, address)
    db.session.commit()
    return address


def update_address(user: User, address_id: int, data: AddressData) -> Address:
    """Change one of the user's addresses."""
    address = get_address(user, address_id)
    data = _validated(data)
    address.recipient_name, address.phone = data.recipient_name, data.phone
    address.province_code, address.commune_code = data.province_code, data.commune_code
    address.street = data.street
    if data.is_default and not address.is_default:
        _make_default(user, address)
    db.session.commit()
    return address


def delete_address(user: User, address_id: int) -> None:
    """Delete one of the user's addresses; if it was the default, the oldest left takes over."""
    address = get_address(user, address_id)
    was_default = address.is_default
    db.session.delete(address)
    db.session.flush()
    if was_default:
        successor = db.session.scalar(
            select(Address).where(Address.user_id == user.id).order_by(Address.id).limit(1)
        )
        if successor is not None:
            _make_default(user, successor)
    db.session.commit()
