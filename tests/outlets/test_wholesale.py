"""Wholesale terms: tiers validated as a whole, the price at each boundary, MOQ."""
import pytest

from marketplace.outlets import wholesale
from marketplace.outlets.exceptions import BelowMinimumOrder, NotOffered, OutletInvalid
from tests.factories import make_product, make_wholesale

TIERS = ((1, 100_000), (10, 90_000), (50, 80_000))


@pytest.mark.parametrize("quantity, price", [
    (1, 100_000), (9, 100_000), (10, 90_000), (11, 90_000), (49, 90_000), (50, 80_000),
    (51, 80_000), (5000, 80_000),
])
def test_a_quantity_pays_the_last_tier_it_reaches(quantity, price):
    tiers = [wholesale.Tier(q, p) for q, p in TIERS]

    assert wholesale.unit_price(tiers, quantity) == price


def test_below_the_first_tier_there_is_no_price():
    assert wholesale.unit_price([wholesale.Tier(10, 90_000)], 9) is None


def test_the_next_tier_is_named_to_the_buyer():
    tiers = [wholesale.Tier(q, p) for q, p in TIERS]

    assert wholesale.next_tier(tiers, 9) == wholesale.Tier(10, 90_000)
    assert wholesale.next_tier(tiers, 50) is None


def test_sound_terms_are_accepted():
    terms = wholesale.check_terms(True, "10", "3", [("10", "90.000"), ("50", "80000"), ("", "")])

    assert terms.min_order_qty == 10
    assert terms.tiers == (wholesale.Tier(10, 90_000), wholesale.Tier(50, 80_000))


@pytest.mark.parametrize("rows, message", [
    ([("10", "90000"), ("10", "80000")], "tăng dần"),
    ([("10", "90000"), ("5", "80000")], "tăng dần"),
    ([("10", "90000"), ("50", "95000")], "không được đắt hơn"),
])
def test_tiers_must_rise_in_quantity_and_never_rise_in_price(rows, message):
    with pytest.raises(OutletInvalid) as error:
        wholesale.check_terms(True, "1", "3", rows)

    assert message in error.value.errors["tiers"]


def test_equal_prices_on_consecutive_tiers_are_allowed():
    terms = wholesale.check_terms(True, "1", "3", [("1", "90000"), ("10", "90000")])

    assert len(terms.tiers) == 2


def test_the_first_tier_must_start_at_or_below_the_moq():
    with pytest.raises(OutletInvalid) as error:
        wholesale.check_terms(True, "5", "3", [("10", "90000")])

    assert "tối thiểu" in error.value.errors["tiers"]


def test_offering_needs_a_tier_and_numbers_must_be_whole():
    with pytest.raises(OutletInvalid) as error:
        wholesale.check_terms(True, "x", "-1", [("", "")])

    assert {"min_order_qty", "lead_time_days", "tiers"} <= set(error.value.errors)


def test_the_moq_is_enforced_with_a_clear_message(db):
    product = make_product("Chè Tân Cương")
    terms = make_wholesale(product, TIERS, moq=10)

    with pytest.raises(BelowMinimumOrder) as error:
        wholesale.price_line(product, terms, 9)

    assert "từ 10 sản phẩm" in str(error.value) and "ít nhất 10" in str(error.value)
    assert wholesale.price_line(product, terms, 10) == 90_000


def test_a_product_not_offered_cannot_be_priced(db):
    product = make_product()
    terms = make_wholesale(product, TIERS, offered=False)

    with pytest.raises(NotOffered):
        wholesale.price_line(product, terms, 10)
    with pytest.raises(NotOffered):
        wholesale.price_line(product, None, 10)


def test_saving_terms_replaces_the_tiers(db):
    product = make_product()
    make_wholesale(product, TIERS)

    make_wholesale(product, ((1, 70_000),))

    assert [(t.min_qty, t.unit_price_vnd) for t in wholesale.terms_of(product.id).tiers] == [
        (1, 70_000)]
