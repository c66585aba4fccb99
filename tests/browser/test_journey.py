"""The shopper's journey in a real browser (Debian's Chromium through Playwright):
home → product → add to cart → log in → checkout COD → order page, then the same with VietQR.

The app runs on a live server in a thread, with CSRF on as in production. Screenshots go
to test-artifacts/browser/.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    ORDER_URL, PASSWORD, fill_new_address, new_page, order_number, serve_store, shot,
    submit_login, wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def live_store(tmp_path_factory):
    """A store with one producer, two products and a shopper, served on a free port."""
    from tests.factories import make_producer, make_product, make_user

    def seed():
        producer = make_producer("HTX chè Hảo Đạt", email="haodat@example.vn")
        make_product("Chè tôm nõn Hảo Đạt", producer=producer, stars=5, price_vnd=250_000,
                     stock=20, slug="che-tom-non-hao-dat")
        make_product("Chè Đinh Tân Cương", producer=producer, stars=5, price_vnd=400_000,
                     stock=5, slug="che-dinh-tan-cuong")
        make_user("an@example.vn", name="Nguyễn Văn An", password=PASSWORD)

    with serve_store(tmp_path_factory.mktemp("browser"), seed) as served:
        yield served


def add_to_cart_from_home(page, base: str, product_name: str, quantity: str,
                          screenshot: str | None = None) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Tất cả sản phẩm").first.click()
    page.get_by_role("link", name=product_name).first.click()
    page.wait_for_selector("#add-to-cart")
    if screenshot:
        shot(page, screenshot)
    page.fill("#add-quantity", quantity)
    page.click("#add-to-cart")
    page.wait_for_url(re.compile(r"/cart$"))


def test_home_to_a_placed_cod_order_then_a_vietqr_order(live_store, browser):
    app, base = live_store
    errors: list[str] = []
    context, page = new_page(browser, errors)

    page.goto(base + "/")
    shot(page, "01-home")
    add_to_cart_from_home(page, base, "Chè tôm nõn Hảo Đạt", "2", "02-product")
    assert page.locator(".cart-link__count").inner_text() == "(2)"
    assert "500.000 ₫" in page.content()
    shot(page, "03-cart")

    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    page.wait_for_url(re.compile(r"/login"))
    submit_login(page, "an@example.vn")
    page.wait_for_url(re.compile(r"/checkout$"))
    assert "520.000 ₫" in page.content()  # 2 × 250.000 + 20.000 within Thái Nguyên

    # The province select reloads the commune list (JavaScript; the button is the fallback).
    page.select_option("#province_code", "79")
    wait_until(page, "document.querySelectorAll('#commune_code option').length > 100")
    assert page.locator("#commune_code option", has_text="Phường An Đông").count() == 1
    fill_new_address(page)
    page.check("input[name=payment_method][value=cod]")
    shot(page, "04-checkout")
    page.click("#place-order")
    page.wait_for_url(ORDER_URL)
    text = page.content()
    number = order_number(page)
    assert f"Đặt hàng thành công! Mã đơn của bạn là {number}." in text
    assert "Chờ xác nhận" in text and "HTX chè Hảo Đạt" in text
    assert "Thanh toán khi nhận hàng" in text
    assert page.locator(".cart-link__count").inner_text() == "(0)"
    shot(page, "05-order-cod")

    add_to_cart_from_home(page, base, "Chè Đinh Tân Cương", "1")
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    page.wait_for_url(re.compile(r"/checkout$"))
    fill_new_address(page)
    page.check("input[name=payment_method][value=vietqr]")
    page.click("#place-order")
    page.wait_for_url(ORDER_URL)
    assert "Chuyển khoản bằng VietQR" in page.content()
    qr = page.locator("img.vietqr")
    qr.wait_for()
    assert page.evaluate("document.querySelector('img.vietqr').naturalWidth") > 0
    shot(page, "06-order-vietqr")

    page.goto(base + "/orders")
    assert page.locator("table tbody tr").count() == 2
    shot(page, "07-my-orders")
    assert errors == []
    context.close()
