"""What the OCOP services raise; views turn them into form errors, flashes or 4xx.

``str(error)`` is a Vietnamese sentence fit to show the producer or the office.
"""
from __future__ import annotations


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
        super().__init__(reason or (
            f"Không thể chuyển hồ sơ từ «{STATE_LABELS.get(current, current)}» sang "
            f"«{STATE_LABELS.get(target, target)}»."))


class NotCouncilMember(OcopError):
    def __init__(self) -> None:
        super().__init__("Chỉ thành viên Hội đồng đánh giá cấp tỉnh mới chấm điểm hồ sơ.")


class ScorecardLocked(OcopError):
    def __init__(self) -> None:
        super().__init__("Bộ tiêu chí này đã được dùng cho hồ sơ: hãy tạo phiên bản mới để sửa.")
