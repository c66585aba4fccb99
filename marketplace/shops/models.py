"""Producer (chủ thể OCOP) and the address it is registered at."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import PlaceMixin, StatusEventMixin, created_column, enum_column

if TYPE_CHECKING:
    from ..catalog.models import Product


class ProducerKind(StrEnum):
    COOPERATIVE = "cooperative"  # hợp tác xã
    COOPERATIVE_GROUP = "cooperative_group"  # tổ hợp tác
    ENTERPRISE = "enterprise"  # doanh nghiệp
    HOUSEHOLD = "household"  # hộ kinh doanh


KIND_LABELS = {
    ProducerKind.COOPERATIVE: _l("Hợp tác xã"),
    ProducerKind.COOPERATIVE_GROUP: _l("Tổ hợp tác"),
    ProducerKind.ENTERPRISE: _l("Doanh nghiệp"),
    ProducerKind.HOUSEHOLD: _l("Hộ kinh doanh"),
}


class ProducerStatus(StrEnum):
    PENDING = "pending"  # chờ duyệt: registered or resubmitted, waiting for the office
    CHANGES_REQUESTED = "changes_requested"  # cần bổ sung: the office asked for changes
    APPROVED = "approved"  # đã duyệt: the shop and its active products are listed
    SUSPENDED = "suspended"  # tạm ngưng: products leave the store; open orders stay visible


STATUS_LABELS = {
    ProducerStatus.PENDING: _l("Chờ duyệt"),
    ProducerStatus.CHANGES_REQUESTED: _l("Cần bổ sung hồ sơ"),
    ProducerStatus.APPROVED: _l("Đã duyệt"),
    ProducerStatus.SUSPENDED: _l("Tạm ngưng"),
}


class Producer(PlaceMixin, db.Model):
    """Chủ thể OCOP: a cooperative, enterprise or household that makes OCOP products."""

    __tablename__ = "producer"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(140), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[ProducerKind] = enum_column(ProducerKind, default=ProducerKind.COOPERATIVE)
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    story: Mapped[str] = mapped_column(Text, default="")
    logo_path: Mapped[str | None] = mapped_column(String(300))
    banner_path: Mapped[str | None] = mapped_column(String(300))
    # Current address: 2025 two-tier units (GSO codes) plus the street text.
    province_code: Mapped[str] = mapped_column(String(2), index=True)
    commune_code: Mapped[str] = mapped_column(String(5), index=True)
    street: Mapped[str] = mapped_column(String(300), default="")
    # The pre-2025 address (with its district), as certificates and stories wrote it.
    legacy_address: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[ProducerStatus] = enum_column(
        ProducerStatus, default=ProducerStatus.PENDING, index=True
    )
    # Mã số thuế: 10 digits, or 13 with a branch suffix (0101234567-001); households may have none.
    tax_code: Mapped[str] = mapped_column(String(14), default="", server_default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    opening_hours: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The office's last reason (changes asked for, suspension), shown on the dashboard.
    status_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()

    products: Mapped[list[Product]] = relationship(back_populates="producer")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, str(self.status))

    @property
    def is_listed(self) -> bool:
        return self.status == ProducerStatus.APPROVED

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, str(self.kind))

    def __repr__(self) -> str:
        return f"<Producer {self.slug}>"


class ProducerStatusEvent(StatusEventMixin, db.Model):
    """One decision on a producer (submitted, approved, changes asked, suspended): the audit trail."""

    __tablename__ = "producer_status_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"),
                                             index=True)


class StaffInvitation(db.Model):
    """An owner's invitation to join the producer as staff; only the token's SHA-256 is kept."""

    __tablename__ = "staff_invitation"
    __table_args__ = (Index("ix_staff_invitation_producer_email", "producer_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    producer: Mapped[Producer] = relationship()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
