"""OCOP certificates (giấy chứng nhận) and the one rule for "certified now"."""
from __future__ import annotations

from datetime import date, datetime, timezone
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, String, and_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column

if TYPE_CHECKING:
    from ..catalog.models import Product

PART_MAXIMA = {"A": 40, "B": 25, "C": 35}  # Decision 148 scorecard parts


class CertificationStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


CERTIFICATE_LABELS = {CertificationStatus.ACTIVE: _l("Còn hiệu lực"),
                      CertificationStatus.EXPIRED: _l("Hết hiệu lực"),
                      CertificationStatus.REVOKED: _l("Đã thu hồi")}


class IssuerLevel(StrEnum):
    PROVINCE = "province"  # 3★ and 4★ since 07/2025
    MINISTRY = "ministry"  # 5★
    DISTRICT = "district"  # legacy: district councils certified 3★ before 07/2025


ISSUER_LABELS = {IssuerLevel.PROVINCE: _l("cấp tỉnh"), IssuerLevel.MINISTRY: _l("cấp Bộ"),
                 IssuerLevel.DISTRICT: _l("cấp huyện")}


class Certification(db.Model):
    """A star ranking decision for one product, valid 36 months; history is kept."""

    __tablename__ = "certification"
    __table_args__ = (
        CheckConstraint("stars BETWEEN 3 AND 5", name="stars_range"),
        CheckConstraint("score IS NULL OR score BETWEEN 0 AND 100", name="score_range"),
        CheckConstraint("score_a IS NULL OR score_a BETWEEN 0 AND 40", name="score_a_range"),
        CheckConstraint("score_b IS NULL OR score_b BETWEEN 0 AND 25", name="score_b_range"),
        CheckConstraint("score_c IS NULL OR score_c BETWEEN 0 AND 35", name="score_c_range"),
        CheckConstraint("expires_on >= certified_on", name="expiry_after_issue"),
        # At most one active certificate per product: a new decision supersedes the old.
        Index(
            "uq_certification_active_product", "product_id", unique=True,
            sqlite_where=text("status = 'active'"), postgresql_where=text("status = 'active'"),
        ),
        Index("ix_certification_status_expires", "status", "expires_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    stars: Mapped[int]
    score: Mapped[int | None]
    score_a: Mapped[int | None]
    score_b: Mapped[int | None]
    score_c: Mapped[int | None]
    certificate_no: Mapped[str] = mapped_column(String(80), default="")
    decision_no: Mapped[str] = mapped_column(String(80), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issuer_level: Mapped[IssuerLevel] = enum_column(IssuerLevel, default=IssuerLevel.PROVINCE)
    certified_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    status: Mapped[CertificationStatus] = enum_column(
        CertificationStatus, default=CertificationStatus.ACTIVE
    )
    revoked_reason: Mapped[str] = mapped_column(String(500), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The day the expiry notice went out (producer and office); sent once per certificate.
    expiry_notice_sent_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = created_column()

    product: Mapped[Product] = relationship(back_populates="certifications")

    def was_valid_on(self, day: date) -> bool:
        """Whether this certificate was in force on ``day`` (history: the trace page shows the
        certificate as it stood on a batch's production date). A superseded certificate
        counts until its successor's decision date; callers pick the latest one."""
        if not self.certified_on <= day <= self.expires_on:
            return False
        if self.status == CertificationStatus.REVOKED:
            if self.revoked_at is None:
                return False
            moment = self.revoked_at if self.revoked_at.tzinfo else \
                self.revoked_at.replace(tzinfo=timezone.utc)
            return day < moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
        return True

    def is_current(self, today: date) -> bool:
        """The rule: issued and active, not revoked, and ``expires_on >= today``."""
        return self.status == CertificationStatus.ACTIVE and self.expires_on >= today

    @classmethod
    def current_clause(cls, today):
        """The same rule as a SQL condition (``today`` a date or a bind parameter)."""
        return and_(cls.status == CertificationStatus.ACTIVE, cls.expires_on >= today)
