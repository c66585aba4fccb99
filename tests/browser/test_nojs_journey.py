"""Without JavaScript (issue 10, item 1): with scripts turned off in the browser, a shopper
browses home → category → filter → product, searches from the header, fills the cart and
checks out with cash on delivery to the order page. Every step is a plain link or a form
with a real submit button; the commune list follows the province through the checkout's
"Cập nhật danh sách" button. Screenshots: test-artifacts/browser/nojs-*.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    ORDER_URL, SHOPPERS, new_page, order_number, shot_widths, submit_login,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TEA = "Chè Đinh Tân Cương"
OTHER_TEA = "Chè tôm nõn"


def test_browse_search_and_check_out_without_javascript(demo_store, browser):
    app, base = demo_store
    errors: list[str] = []
    context, page = new_page(browser, errors, java_script_enabled=False)

    # Home → the food group in the header → its 5★ (the teas), with the filter's button.
    page.goto(base + "/")
    assert page.locator("#site-search").get_attribute("role") is None  # search.js did not run
    page.locator(".site-nav").get_by_role("link", name="Thực phẩm", exact=True).click()
    page.wait_for_url(re.compile(r"/categories/thuc-pham$"))
    page.select_option("#f-stars", "5")
    page.get_by_role("button", name="Lọc sản phẩm").click()
    page.wait_for_url(re.compile(r"category=thuc-pham.*stars=5"))
    names = page.locator(".card__title a").all_inner_texts()
    assert TEA in names and OTHER_TEA in names
    shot_widths(page, "nojs-01-category-5-stars")
    page.get_by_role("link", name=OTHER_TEA, exact=True).first.click()
    page.wait_for_url(re.compile(r"/products/"))
    page.fill("#add-quantity", "1")
    page.click("#add-to-cart")
    page.wait_for_url(re.compile(r"/cart$"))
    page.locator(".cart-line", has_text=OTHER_TEA).locator("input[name=quantity]").fill("2")
    page.get_by_role("button", name="Cập nhật").click()
    page.wait_for_url(re.compile(r"/cart$"))
    assert page.locator(".cart-link__count").inner_text() == "(2)"

    # The header search box is a plain GET form; the sort has a <noscript> button.
    page.fill("#site-search", "che dinh tan cuong")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url(re.compile(r"/search\?q=che"))
    page.select_option("#f-sort", "price_desc")
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_url(re.compile(r"sort=price_desc"))
    prices = [int(p.replace(".", "")) for p in re.findall(
        r"([\d.]+) ₫", " ".join(page.locator(".card__price").all_inner_texts()))]
    assert prices and prices == sorted(prices, reverse=True)
    shot_widths(page, "nojs-02-search")
    page.locator(".card__title a", has_text=TEA).first.click()
    page.wait_for_selector("#add-to-cart")
    shot_widths(page, "nojs-03-product")
    page.fill("#add-quantity", "2")
    page.click("#add-to-cart")
    page.wait_for_url(re.compile(r"/cart$"))
    assert sorted(page.locator(".cart-line__name").all_inner_texts()) == sorted([TEA, OTHER_TEA])
    assert page.locator(".cart-link__count").inner_text() == "(4)"
    shot_widths(page, "nojs-04-cart")

    # Checkout: log in, pick the province, reload the communes with the button, order COD.
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    page.wait_for_url(re.compile(r"/login"))
    submit_login(page, SHOPPERS["nojs"])
    page.wait_for_url(re.compile(r"/checkout$"))
    page.fill("#recipient_name", "Nguyễn Văn An")
    page.fill("#phone", "0912 345 678")
    page.select_option("#province_code", "19")
    page.get_by_role("button", name="Cập nhật danh sách xã/phường và phí vận chuyển").click()
    page.wait_for_load_state()
    assert page.locator("#commune_code option[value='05503']").count() == 1
    assert page.locator("#recipient_name").input_value() == "Nguyễn Văn An"
    page.select_option("#commune_code", "05503")
    page.fill("#street", "Xóm Nam Đồng")
    page.check("input[name=payment_method][value=cod]")
    shot_widths(page, "nojs-05-checkout")
    page.click("#place-order")
    page.wait_for_url(ORDER_URL)
    text = page.locator("main").inner_text()
    assert f"Mã đơn của bạn là {order_number(page)}" in text
    assert TEA in text and OTHER_TEA in text and "Thanh toán khi nhận hàng" in text
    assert page.locator(".cart-link__count").inner_text() == "(0)"
    shot_widths(page, "nojs-06-order")
    context.close()
    assert errors == []
