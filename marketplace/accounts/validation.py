"""Normalising and checking what people type: e-mail, Vietnamese phone, password, units.

Each checker returns the normalised value or raises ``ValueError`` with the message (in
the request's language) a form shows next to the field. Checkout reuses the phone and unit checks.
"""
from __future__ import annotations

import re
import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from .. import units

PASSWORD_MIN = 8
PASSWORD_MAX = 128  # argon2 takes any length; the cap bounds the work per request
# Mobile: 0 + 3/5/7/8/9 + 8 digits (the 10-digit plan since 2018). Landline: 02 + 9 digits.
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def normalise_email(value: str) -> str:
    """Trimmed, NFC and lower-case: the one form an address is stored and looked up in.

    The whole address is folded, local part included: to people an e-mail address is
    case-insensitive, and two accounts differing only by case would be a trap.
    """
    return unicodedata.normalize("NFC", (value or "").strip()).lower()


def check_email(value: str) -> str:
    """A syntactically valid address (no DNS lookup), normalised."""
    email = normalise_email(value)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError(_("Địa chỉ email không hợp lệ.")) from None
    return email


def check_password(value: str) -> str:
    """Length rules only (NIST SP 800-63B): 8 to 128 characters, no composition rules."""
    if len(value or "") < PASSWORD_MIN:
        raise ValueError(_("Mật khẩu cần ít nhất %(n)s ký tự.", n=PASSWORD_MIN))
    if len(value) > PASSWORD_MAX:
        raise ValueError(_("Mật khẩu dài tối đa %(n)s ký tự.", n=PASSWORD_MAX))
    return value


def normalise_vn_phone(value: str) -> str:
    """A Vietnamese phone number in national form (``0912345678``).

    Accepts spaces, dots, dashes, brackets and the ``+84``/``84`` prefix. Mobile numbers
    have 10 digits (03x, 05x, 07x, 08x, 09x); landlines 11 (02 + area code + number).
    """
    digits = _PHONE_SEPARATORS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits
    raise ValueError(_("Số điện thoại Việt Nam không hợp lệ (ví dụ 0912 345 678)."))


class UnitError(ValueError):
    """A province or commune that is not in the 2025 list; ``field`` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_units(province_code: str, commune_code: str) -> tuple[str, str]:
    """A 2025 province and a commune or ward that belongs to it (GSO codes).

    Never by name alone: several communes share a name, so the code must be one of
    the province's own.
    """
    province = units.province(province_code)
    if province is None:
        raise UnitError("province_code", _("Tỉnh/thành phố không có trong danh mục."))
    commune = units.commune(commune_code)
    if commune is None or commune.province_code != province.code:
        raise UnitError("commune_code", _("Xã/phường không thuộc tỉnh/thành phố đã chọn."))
    return province.code, commune.code
