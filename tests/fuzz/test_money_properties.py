"""Properties of ``format_vnd``: how every integer amount of đồng is written."""
import re

from hypothesis import given
from hypothesis import strategies as st

from marketplace.formatting import format_vnd

# Groups of three digits joined by dots, the first group 1 to 3 digits, no leading zero.
WRITTEN = re.compile(r"(-?)([1-9][0-9]{0,2}(?:\.[0-9]{3})*|0) ₫")
AMOUNTS = st.one_of(st.integers(), st.integers(-10**30, 10**30), st.sampled_from(
    [0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, 2**31 - 1, -(2**63)]))


@given(AMOUNTS)
def test_every_amount_is_dot_grouped_with_the_dong_suffix(amount):
    written = format_vnd(amount)

    assert WRITTEN.fullmatch(written), written


@given(AMOUNTS)
def test_the_digits_read_back_as_the_amount(amount):
    sign, digits = WRITTEN.fullmatch(format_vnd(amount)).groups()

    assert int(sign + digits.replace(".", "")) == amount


@given(st.integers(min_value=1))
def test_a_negative_amount_is_the_positive_one_with_a_minus(amount):
    assert format_vnd(-amount) == "-" + format_vnd(amount)


@given(st.integers(0, 999))
def test_below_a_thousand_there_is_no_separator(amount):
    assert format_vnd(amount) == f"{amount} ₫"


def test_no_amount_is_written_as_nothing():
    assert format_vnd(None) == ""
