"""What the account services raise; views turn these into form errors, flashes or 404s.

Messages are translated when raised (in the language of the request that caused them).
"""
from flask_babel import gettext as _


class AccountError(Exception):
    """Base class; ``str(error)`` is a message fit to show (Vietnamese by default)."""


class ValidationFailed(AccountError):
    """Input that breaks a rule; ``errors`` maps each field name to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class EmailTaken(ValidationFailed):
    def __init__(self) -> None:
        super().__init__({"email": _("Email này đã có tài khoản.")})


class InvalidCredentials(AccountError):
    def __init__(self) -> None:
        super().__init__(_("Email hoặc mật khẩu không đúng."))


class InactiveAccount(AccountError):
    def __init__(self) -> None:
        super().__init__(_("Tài khoản này đã bị khoá. Vui lòng liên hệ Văn phòng OCOP."))


class InvalidResetToken(AccountError):
    """Unknown, expired or already used: the three look the same to the visitor."""

    def __init__(self) -> None:
        super().__init__(
            _("Liên kết đặt lại mật khẩu không hợp lệ, đã hết hạn hoặc đã được dùng."))


class AddressNotFound(AccountError):
    """No such address among the user's own (another user's address is not found either)."""

    def __init__(self) -> None:
        super().__init__(_("Không tìm thấy địa chỉ."))
