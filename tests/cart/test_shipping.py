"""The shipping fee rule: flat by region (same, neighbouring, far province) plus weight."""
import pytest

from marketplace import units
from marketplace.cart.shipping import NEIGHBOURS, quote, zone


def test_every_province_has_neighbours_and_the_relation_is_symmetric():
    codes = {p.code for p in units.provinces()}
    assert set(NEIGHBOURS) == codes
    for code, neighbours in NEIGHBOURS.items():
        assert neighbours <= codes and code not in neighbours
        assert all(code in NEIGHBOURS[other] for other in neighbours)


@pytest.mark.parametrize(("origin", "destination", "expected"), [
    ("19", "19", "local"),  # Thái Nguyên → Thái Nguyên
    ("19", "01", "near"),  # → Hà Nội
    ("19", "04", "near"),  # → Cao Bằng
    ("19", "79", "far"),  # → Hồ Chí Minh
    ("12", "14", "near"),  # Lai Châu – Sơn La (added by hand)
])
def test_zone(origin, destination, expected):
    assert zone(origin, destination) == expected


@pytest.mark.parametrize(("grams", "local", "near", "far"), [
    (1, 20_000, 30_000, 40_000),
    (1000, 20_000, 30_000, 40_000),
    (1001, 22_500, 34_000, 45_000),  # a started 500 g step counts
    (1500, 22_500, 34_000, 45_000),
    (2600, 30_000, 46_000, 60_000),  # 1600 g over: 4 steps
])
def test_fee_is_flat_for_the_first_kilo_then_per_started_half_kilo(grams, local, near, far):
    assert quote("19", "19", grams).fee_vnd == local
    assert quote("19", "01", grams).fee_vnd == near
    assert quote("19", "79", grams).fee_vnd == far
