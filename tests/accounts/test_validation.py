"""Normalising e-mail addresses and Vietnamese phone numbers; the 2025 units check."""
import pytest

from marketplace.accounts.validation import (
    UnitError, check_email, check_password, check_units, normalise_email, normalise_vn_phone,
)


def test_email_is_trimmed_and_lower_cased():
    assert normalise_email("  An.Nguyen@Example.VN ") == "an.nguyen@example.vn"


@pytest.mark.parametrize("bad", ["", "an", "an@", "@example.vn", "an@@example.vn", "an nguyen@x.vn"])
def test_malformed_email_is_refused(bad):
    with pytest.raises(ValueError):
        check_email(bad)


@pytest.mark.parametrize("typed, stored", [
    ("0912345678", "0912345678"),
    ("0912 345 678", "0912345678"),
    ("091.234.5678", "0912345678"),
    ("+84 912 345 678", "0912345678"),
    ("84912345678", "0912345678"),
    ("(0208) 3855 123", "02083855123"),  # Thái Nguyên landline
    ("0389-123-456", "0389123456"),
])
def test_vietnamese_numbers_are_normalised_to_national_form(typed, stored):
    assert normalise_vn_phone(typed) == stored


@pytest.mark.parametrize("bad", [
    "", "12345", "0112345678", "091234567", "09123456789", "+1 415 555 0100", "0912abc678",
    "0412345678",
])
def test_other_numbers_are_refused(bad):
    with pytest.raises(ValueError, match="Số điện thoại"):
        normalise_vn_phone(bad)


@pytest.mark.parametrize("password, ok", [("1234567", False), ("12345678", True),
                                          ("x" * 128, True), ("x" * 129, False)])
def test_password_length_rules(password, ok):
    if ok:
        assert check_password(password) == password
    else:
        with pytest.raises(ValueError):
            check_password(password)


def test_a_commune_of_its_province_is_accepted():
    assert check_units("19", "05503") == ("19", "05503")


def test_a_commune_of_another_province_is_refused():
    with pytest.raises(UnitError) as error:
        check_units("01", "05503")  # Tân Cương is in Thái Nguyên, not Hà Nội
    assert error.value.field == "commune_code"


def test_an_unknown_province_is_refused():
    with pytest.raises(UnitError) as error:
        check_units("99", "05503")
    assert error.value.field == "province_code"
