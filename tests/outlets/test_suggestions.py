"""Suggestion arithmetic: velocity over 30 days, lead time, target level, on order, MOQ."""
import pytest

from marketplace.outlets import shelf
from marketplace.outlets.suggestions import suggested_quantity, suggestions
from tests.factories import (
    make_outlet, make_outlet_stock, make_product, make_restock, make_wholesale,
)


@pytest.mark.parametrize("kwargs, expected", [
    # 30 sold in 30 days = 1 a day; 5 days' wait uses 5: 20 + 5 - 4 = 21
    (dict(on_hand=4, on_order=0, target_level=20, sold=30, lead_time_days=5), 21),
    # nothing sold: back to the target only
    (dict(on_hand=4, on_order=0, target_level=20, sold=0, lead_time_days=5), 16),
    # units already on order count
    (dict(on_hand=4, on_order=10, target_level=20, sold=30, lead_time_days=5), 11),
    # a fractional use while waiting is rounded up: 0.1 a day × 3 days = 0.3 → 1
    (dict(on_hand=0, on_order=0, target_level=10, sold=3, lead_time_days=3), 11),
    # 0.1 × 30 is exactly 3 (no floating-point surprise)
    (dict(on_hand=0, on_order=0, target_level=0, sold=3, lead_time_days=30), 3),
    # enough on the way: nothing
    (dict(on_hand=5, on_order=30, target_level=20, sold=30, lead_time_days=5), 0),
    # raised to the MOQ
    (dict(on_hand=18, on_order=0, target_level=20, sold=0, lead_time_days=5,
          min_order_qty=12), 12),
])
def test_suggested_quantity(kwargs, expected):
    assert suggested_quantity(window_days=30, **kwargs) == expected


def test_only_items_at_or_below_their_reorder_point_are_suggested(db):
    outlet = make_outlet()
    low, fine = make_product("Chè búp"), make_product("Mật ong")
    make_wholesale(low, ((1, 90_000),), lead_time_days=4)
    make_wholesale(fine, ((1, 90_000),))
    make_outlet_stock(outlet, low, on_hand=20, reorder_point=5, target_level=30)
    make_outlet_stock(outlet, fine, on_hand=20, reorder_point=5, target_level=30)
    for _ in range(3):
        shelf.sell(outlet, low.id, "5", actor_id=None)  # 15 sold, 5 left

    found = suggestions(outlet.id)

    assert [s.product.id for s in found] == [low.id]
    s = found[0]
    assert (s.sold, s.lead_time_days, s.stock.on_hand) == (15, 4, 5)
    # 30 + ceil(0.5 × 4) - 5 = 27
    assert s.quantity == 27 and s.unit_price_vnd == 90_000


def test_units_on_order_take_an_item_off_the_list(db):
    outlet = make_outlet()
    product = make_product(stock=100)
    make_wholesale(product, ((1, 90_000),))
    make_outlet_stock(outlet, product, on_hand=2, reorder_point=5, target_level=20)

    make_restock(outlet, [(product, 10)])

    assert suggestions(outlet.id) == []


def test_an_item_not_offered_is_listed_without_a_quantity(db):
    outlet = make_outlet()
    product = make_product()
    make_outlet_stock(outlet, product, on_hand=0)

    (s,) = suggestions(outlet.id)

    assert (s.offered, s.quantity) == (False, 0)
