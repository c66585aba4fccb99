"""Money, dates and slugs as people read them."""
from datetime import date

from marketplace.formatting import format_day, format_vnd, slugify


def test_money_is_integer_vnd_with_dot_grouping():
    assert format_vnd(125_000) == "125.000 ₫"
    assert format_vnd(0) == "0 ₫"
    assert format_vnd(1_250_000) == "1.250.000 ₫"


def test_dates_are_day_month_year():
    assert format_day(date(2026, 11, 29)) == "29/11/2026"


def test_slugs_are_readable_vietnamese_without_diacritics():
    assert slugify("Chè Tân Cương Hảo Đạt") == "che-tan-cuong-hao-dat"
    assert slugify("Đặc sản ĐỒNG HỶ") == "dac-san-dong-hy"
    assert slugify("!!!") == "item"
