"""Small shared pieces of the typed models."""
from datetime import datetime, timezone
from enum import StrEnum

from sqlalchemy import DateTime, Enum as SAEnum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from . import units


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def enum_column(enum: type[StrEnum], **kwargs):
    """A VARCHAR column holding a StrEnum's values, checked by a named constraint."""
    return mapped_column(
        SAEnum(enum, name=enum.__name__.lower(), native_enum=False, length=20,
               values_callable=lambda e: [m.value for m in e], create_constraint=True,
               validate_strings=True),
        **kwargs,
    )


def created_column():
    return mapped_column(DateTime(timezone=True), default=utcnow, nullable=False)


class PlaceMixin:
    """A row with a 2025 address: ``province_code``, ``commune_code`` (GSO) and ``street``."""

    @property
    def province(self) -> units.Province | None:
        return units.province(self.province_code)

    @property
    def commune(self) -> units.Commune | None:
        return units.commune(self.commune_code)

    @property
    def address_line(self) -> str:
        parts = [self.street, getattr(self.commune, "name", ""), getattr(self.province, "name", "")]
        return ", ".join(p for p in parts if p)


class StatusEventMixin:
    """One office decision in an approval trail: from → to, the reason, who and when."""

    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(500), default="")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
