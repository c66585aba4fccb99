"""Producer (chủ thể OCOP) and the address it is registered at."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import units
from ..extensions import db
from ..models_base import created_column, enum_column

if TYPE_CHECKING:
    from ..catalog.models import Product


class ProducerKind(StrEnum):
    COOPERATIVE = "cooperative"  # hợp tác xã
    COOPERATIVE_GROUP = "cooperative_group"  # tổ hợp tác
    ENTERPRISE = "enterprise"  # doanh nghiệp
    HOUSEHOLD = "household"  # hộ kinh doanh


KIND_LABELS = {
    ProducerKind.COOPERATIVE: "Hợp tác xã",
    ProducerKind.COOPERATIVE_GROUP: "Tổ hợp tác",
    ProducerKind.ENTERPRISE: "Doanh nghiệp",
    ProducerKind.HOUSEHOLD: "Hộ kinh doanh",
}


class ProducerStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SUSPENDED = "suspended"


class Producer(db.Model):
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
    created_at: Mapped[datetime] = created_column()

    products: Mapped[list[Product]] = relationship(back_populates="producer")

    @property
    def province(self) -> units.Province | None:
        return units.province(self.province_code)

    @property
    def commune(self) -> units.Commune | None:
        return units.commune(self.commune_code)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, str(self.kind))

    @property
    def address_line(self) -> str:
        parts = [self.street, getattr(self.commune, "name", ""), getattr(self.province, "name", "")]
        return ", ".join(p for p in parts if p)

    def __repr__(self) -> str:
        return f"<Producer {self.slug}>"
