"""What the OCOP services raise; views turn them into form errors, flashes or 4xx.

``str(error)`` is a sentence fit to show the producer or the office, in the language of
the request that raised it.
"""
from __future__ import annotations

from flask_babel import gettext as _


class OcopError(Exception):
    """Base class of every OCOP rule that refused an action."""


class DossierInvalid(OcopError):
    """Bad input (a form, a score, a document); ``errors`` maps field → message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class InvalidDossierTransition(OcopError):
    """A change of state the dossier's table does not allow (or that lost a race)."""

    def __init__(self, current: str, target: str, reason: str = "") -> None:
        from .workflow import STATE_LABELS

        self.current, self.target = str(current), str(target)
        super().__init__(reason or _(
            "Không thể chuyển hồ sơ từ «%(current)s» sang «%(target)s».",
            current=STATE_LABELS.get(current, current), target=STATE_LABELS.get(target, target)))


class NotCouncilMember(OcopError):
    def __init__(self) -> None:
        super().__init__(_("Chỉ thành viên Hội đồng đánh giá cấp tỉnh mới chấm điểm hồ sơ."))


class ScorecardLocked(OcopError):
    def __init__(self) -> None:
        super().__init__(_("Bộ tiêu chí này đã được dùng cho hồ sơ: hãy tạo phiên bản mới "
                           "để sửa."))
