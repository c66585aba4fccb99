"""Small shared pieces of the typed models."""
from datetime import datetime, timezone
from enum import StrEnum

from sqlalchemy import DateTime, Enum as SAEnum
from sqlalchemy.orm import mapped_column


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
