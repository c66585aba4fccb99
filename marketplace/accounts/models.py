"""User accounts, their saved delivery addresses and password-reset tokens."""
from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..models_base import PlaceMixin, created_column, enum_column
from .validation import normalise_email

if TYPE_CHECKING:
    from ..outlets.models import Outlet
    from ..shops.models import Producer


class Role(StrEnum):
    SHOPPER = "shopper"  # người mua
    PRODUCER = "producer"  # chủ thể OCOP: owner or staff of one producer
    OUTLET = "outlet"  # người vận hành điểm bán OCOP
    OFFICE = "office"  # văn phòng điều phối OCOP (admin)


ROLE_LABELS = {
    Role.SHOPPER: _l("Người mua"),
    Role.PRODUCER: _l("Chủ thể OCOP"),
    Role.OUTLET: _l("Điểm bán OCOP"),
    Role.OFFICE: _l("Văn phòng OCOP"),
}


class ProducerRole(StrEnum):
    OWNER = "owner"  # chủ cơ sở: manages staff and settings
    STAFF = "staff"  # nhân viên: products, stock, orders


class User(UserMixin, db.Model):
    """One account; a producer or outlet account is tied to exactly one producer or outlet."""

    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    __table_args__ = (
        # The role and the link it needs travel together, so a check can trust either.
        CheckConstraint(
            "(role = 'producer' AND producer_id IS NOT NULL AND producer_role IS NOT NULL)"
            " OR (role <> 'producer' AND producer_id IS NULL AND producer_role IS NULL)",
            name="producer_link",
        ),
        CheckConstraint(
            "(role = 'outlet' AND outlet_id IS NOT NULL)"
            " OR (role <> 'outlet' AND outlet_id IS NULL)",
            name="outlet_link",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored normalised (trimmed, NFC, lower-case): unique means unique ignoring case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str | None] = mapped_column(String(15))
    role: Mapped[Role] = enum_column(Role, default=Role.SHOPPER, index=True)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producer.id"), index=True)
    producer_role: Mapped[ProducerRole | None] = enum_column(ProducerRole, nullable=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_column()
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    producer: Mapped[Producer | None] = relationship()
    outlet: Mapped[Outlet | None] = relationship()
    addresses: Mapped[list[Address]] = relationship(
        back_populates="user", order_by=lambda: (Address.is_default.desc(), Address.id),
        cascade="all, delete-orphan", passive_deletes=True,
    )

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return normalise_email(value)

    def get_id(self) -> str:
        """The session id: the user id plus a fingerprint of the password hash.

        A new password (reset or change) changes the fingerprint, so every other
        session and remember-me cookie of the account stops working at once.
        """
        return f"{self.id}:{self.session_fingerprint}"

    @property
    def session_fingerprint(self) -> str:
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:20]

    @property
    def is_producer_owner(self) -> bool:
        return self.role == Role.PRODUCER and self.producer_role == ProducerRole.OWNER

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, str(self.role))

    @property
    def default_address(self) -> Address | None:
        return next((a for a in self.addresses if a.is_default), None)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class Address(PlaceMixin, db.Model):
    """A saved delivery address: 2025 two-tier units (GSO codes) plus the street text."""

    __tablename__ = "user_address"
    __table_args__ = (
        # At most one default address per account.
        Index(
            "uq_user_address_default", "user_id", unique=True,
            sqlite_where=text("is_default"), postgresql_where=text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    recipient_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(15))  # national form: 0912345678
    province_code: Mapped[str] = mapped_column(String(2))
    commune_code: Mapped[str] = mapped_column(String(5))
    street: Mapped[str] = mapped_column(String(300))
    is_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_column()

    user: Mapped[User] = relationship(back_populates="addresses")


class PasswordResetToken(db.Model):
    """A one-time password-reset token; only its SHA-256 is stored, never the token."""

    __tablename__ = "password_reset_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_column()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()
