"""What the trace services raise; views turn these into form errors, flashes or 404s."""
from __future__ import annotations

from flask_babel import gettext as _


class TraceError(Exception):
    """Base class of every traceability rule that refused an action."""


class TraceInvalid(TraceError):
    """Bad input for a batch, an event or stamps; ``errors`` maps field → message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class UnknownStamp(TraceError):
    """A serial that is not one of ours (unknown, or mistyped: the check character fails)."""

    def __init__(self, serial: str, mistyped: bool = False) -> None:
        self.serial, self.mistyped = serial, mistyped
        super().__init__(_("Không phải tem chính hãng: mã không tồn tại trong hệ thống.")
                         if not mistyped else
                         _("Không phải tem chính hãng: mã sai ký tự kiểm tra (có thể gõ nhầm)."))
