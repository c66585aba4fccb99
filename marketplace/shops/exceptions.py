"""What the shop services raise; views turn these into form errors, flashes or 404s.

``str(error)`` is a sentence fit to show the producer (or the office), in their language.
"""
from __future__ import annotations

from flask_babel import gettext as _


class ShopError(Exception):
    """Base class of every shop rule that refused an action."""


class ShopInvalid(ShopError):
    """Input that breaks a rule; ``errors`` maps each form field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class MemberNotFound(ShopInvalid):
    """No such member of this producer (another producer's user looks the same): a 404."""

    def __init__(self) -> None:
        super().__init__({"member": _("Không tìm thấy thành viên này.")})


class InvalidProducerTransition(ShopError):
    """A status change the producer table does not allow (or that lost a race)."""


class InvitationInvalid(ShopError):
    """Unknown, expired, revoked or used: the four look the same to the visitor."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or _("Lời mời không hợp lệ, đã hết hạn hoặc đã được dùng."))
