"""API tokens (``Authorization: Bearer ...``) for scripts of the OCOP office, such as the
nightly export to the national OCOP database.

A token is shown once when created; only its SHA-256 is stored. A token acts as its
account: it stops working when revoked, or when the account is deactivated or is no
longer an office account.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from functools import wraps

from flask import g, request
from flask_login import current_user
from sqlalchemy import DateTime, ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Role, User
from ..extensions import db
from ..models_base import created_column, utcnow
from .errors import json_error

PREFIX = "ocop_"


class ApiToken(db.Model):
    """A bearer token of one account; only the SHA-256 of the token is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_column()
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str = "") -> str:
    """A new token for ``user`` (returned once, never stored); commits."""
    if user.role != Role.OFFICE:
        raise ValueError("only office accounts get API tokens")
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, name=name.strip()[:120], token_hash=_digest(token)))
    db.session.commit()
    return token


def revoke_token(token_id: int, user: User) -> bool:
    """Revoke one of ``user``'s tokens; commits. False if it is not theirs or already revoked."""
    result = db.session.execute(update(ApiToken).where(
        ApiToken.id == token_id, ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()))
    db.session.commit()
    return result.rowcount == 1


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.id.desc())))


def user_for_token(token: str) -> User | None:
    """The active office account a live token belongs to, else None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token),
                                                   ApiToken.revoked_at.is_(None)))
    if row is None or not row.user.is_active or row.user.role != Role.OFFICE:
        return None
    row.last_used_at = utcnow()
    db.session.commit()
    return row.user


def office_token_or_session(view):
    """An office account, by ``Authorization: Bearer <token>`` or by its session.

    With a header, the token alone decides (401 when it is not valid). Without one, a
    logged-in office user passes; anyone else gets 401 (not logged in) or 403. Only for
    reads (GET): a session cookie is never enough for an API write (see security.py).
    """
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                return json_error("invalid or revoked API token", 401)
            g.api_user = user
        elif not current_user.is_authenticated:
            return json_error("login or an API token is required", 401)
        elif current_user.role != Role.OFFICE:
            return json_error("for the OCOP office only", 403)
        else:
            g.api_user = current_user
        return view(*args, **kwargs)
    return wrapped
