"""Done when (issue 7), in a real browser (Debian's Chromium through Playwright):

an outlet operator goes from a low-stock warning to a received restock (suggestions →
the list at tier prices → placed → the producer accepts and ships → receipt adds the
stock), and a shopper buys a gift set the office composed. CSRF is on, as in production.
Screenshots go to test-artifacts/browser/outlet-*.png.
"""
from __future__ import annotations

import re

import pytest

from marketplace.extensions import db
from tests.browser.support import (
    ORDER_URL, PASSWORD, fill_new_address, log_in, new_page, serve_store, shot, submit_login,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def live_store(tmp_path_factory):
    """Two producers selling wholesale, an approved outlet low on tea, an office, a shopper."""
    from tests.factories import (
        make_outlet, make_outlet_stock, make_producer, make_product, make_user, make_wholesale,
    )

    def seed():
        tea_house = make_producer("HTX chè Hảo Đạt", email="haodat@example.vn")
        honey_house = make_producer("HTX nuôi ong Phúc Thành")
        tea = make_product("Chè tôm nõn", producer=tea_house, stars=5, price_vnd=250_000,
                           stock=100, slug="che-tom-non")
        honey = make_product("Mật ong Phúc Thành", producer=honey_house, stars=3,
                             price_vnd=180_000, stock=30, slug="mat-ong-phuc-thanh")
        make_wholesale(tea, ((1, 210_000), (10, 195_000), (30, 180_000)), moq=5,
                       lead_time_days=3)
        make_wholesale(honey, ((1, 150_000),), moq=2)
        outlet = make_outlet("Điểm bán OCOP xã Tân Cương", slug="diem-ban-tan-cuong",
                             street="Chợ Tân Cương")
        make_outlet_stock(outlet, tea, on_hand=2, reorder_point=5, target_level=20)
        make_outlet_stock(outlet, honey, on_hand=12, reorder_point=4, target_level=15)
        make_user("diem-ban@example.vn", role="outlet", outlet=outlet, name="Lò Thị Mai",
                  password=PASSWORD)
        make_user("chu-the@example.vn", role="producer", producer=tea_house,
                  name="Nguyễn Văn Đạt", password=PASSWORD)
        make_user("van-phong@example.vn", role="office", name="Văn phòng OCOP",
                  password=PASSWORD)
        make_user("an@example.vn", name="Nguyễn Văn An", password=PASSWORD)

    tmp = tmp_path_factory.mktemp("outlet-journey")
    with serve_store(tmp, seed) as (app, base):
        yield app, base, tmp


def test_low_stock_warning_to_received_restock(live_store, browser):
    app, base, tmp = live_store
    errors: list[str] = []

    # 1. The operator sees the warning and builds the order from the suggestions.
    context, operator = new_page(browser, errors)
    log_in(operator, base, "diem-ban@example.vn")
    operator.get_by_role("link", name="Điểm bán của tôi").click()
    operator.wait_for_url(re.compile(r"/dashboard/outlet$"))
    warning = operator.locator("#low-stock-warnings")
    assert "Chè tôm nõn" in warning.inner_text() and "Mật ong" not in warning.inner_text()
    # Back to the target of 20: nothing sold yet, 2 on hand, none on order → 18 (MOQ 5).
    assert "gợi ý nhập 18" in warning.inner_text()
    shot(operator, "outlet-01-low-stock")
    operator.click("#start-restock")
    operator.wait_for_url(re.compile(r"/dashboard/outlet/restock$"))
    shot(operator, "outlet-02-suggestions")
    operator.click("#use-suggestions")
    operator.wait_for_load_state()
    draft = operator.locator("#draft").inner_text()
    assert "HTX chè Hảo Đạt" in draft and "195.000 ₫" in draft  # 18 units: the 10+ tier
    # Thirty reach the cheapest tier.
    operator.fill("input[data-product='che-tom-non']", "30")
    operator.click("#update-draft")
    operator.wait_for_load_state()
    assert "180.000 ₫" in operator.locator("#draft").inner_text()
    assert operator.locator("#draft-total").inner_text() == "5.400.000 ₫"
    operator.check("#terms-transfer_invoice")
    operator.fill("#restock-note", "Giao buổi sáng")
    shot(operator, "outlet-03-restock-list")
    operator.click("#place-restock")
    operator.wait_for_url(re.compile(r"/dashboard/outlet/restock/orders$"))
    number = re.search(r"NH-\d{4}-\d{6}", operator.locator("#restock-orders").inner_text()).group(0)
    shot(operator, "outlet-04-placed")

    # 2. The producer accepts and ships it.
    producer_context, producer = new_page(browser, errors)
    log_in(producer, base, "chu-the@example.vn")
    producer.goto(base + "/dashboard/producer")
    producer.get_by_role("link", name="Đơn nhập từ điểm bán").click()
    producer.get_by_role("link", name=number).click()
    assert "Điểm bán OCOP xã Tân Cương" in producer.content()
    producer.click("#accept-restock")
    producer.wait_for_load_state()
    producer.fill("#carrier", "Viettel Post")
    producer.fill("#tracking_code", "VTP778899")
    shot(producer, "outlet-05-producer-ship")
    producer.click("#ship-restock")
    producer.wait_for_load_state()
    assert producer.locator("#restock-status").inner_text() == "Đang giao đến điểm bán"
    producer_context.close()

    # 3. The operator confirms receipt, and again from a second tab opened before (a stale
    #    page resubmitted): the stock is added once.
    operator.goto(base + "/dashboard/outlet")
    operator.get_by_role("link", name=number).click()
    assert "Hoá đơn chuyển khoản" in operator.content() and number in operator.content()
    wait_until(operator, "document.querySelector('#invoice img').naturalWidth > 0")
    shot(operator, "outlet-06-invoice")
    stale = context.new_page()
    stale.goto(operator.url)
    operator.click("#confirm-receipt")
    operator.wait_for_load_state()
    assert operator.locator("#restock-status").inner_text() == "Điểm bán đã nhận hàng"
    stale.click("#confirm-receipt")
    stale.wait_for_load_state()
    assert "đã được" in stale.locator(".flashes").inner_text() or "Không thể" in stale.content()
    stale.close()
    shot(operator, "outlet-07-received")
    operator.get_by_role("link", name="Tồn kho", exact=True).click()
    assert operator.locator("td[data-product='che-tom-non']").inner_text().startswith("32")
    shot(operator, "outlet-08-stock")
    operator.get_by_role("link", name="Tổng quan").click()
    assert "Không có sản phẩm nào dưới điểm đặt hàng lại" in operator.content()
    context.close()
    assert errors == []


def test_the_office_composes_a_gift_set_and_a_shopper_buys_it(live_store, browser):
    app, base, tmp = live_store
    errors: list[str] = []
    with app.app_context():
        before = _stock()

    # 1. The office composes a Tết box from two producers' products.
    context, office = new_page(browser, errors)
    log_in(office, base, "van-phong@example.vn")
    office.goto(base + "/dashboard/office")
    office.get_by_role("link", name="Bộ quà tặng").first.click()
    office.click("#new-gift-set")
    office.fill("#name", "Hộp quà Tết Tân Cương")
    office.select_option("#occasion", "tet")
    office.fill("#price_vnd", "399000")
    office.select_option("#component-0", office.locator(
        "#component-0 option", has_text="Chè tôm nõn").get_attribute("value"))
    office.fill("#quantity-0", "1")
    office.select_option("#component-1", office.locator(
        "#component-1 option", has_text="Mật ong Phúc Thành").get_attribute("value"))
    office.fill("#quantity-1", "1")
    office.fill("#description", "Chè tôm nõn và mật ong hoa rừng, hộp quà Tết.")
    photo = tmp / "hop-qua.jpg"
    from PIL import Image

    Image.new("RGB", (1200, 900), (180, 30, 40)).save(photo, "JPEG")
    office.set_input_files("#photo", str(photo))
    shot(office, "outlet-09-compose")
    office.click("#save-gift-set")
    office.wait_for_url(re.compile(r"/dashboard/office/gift-sets$"))
    assert "Hộp quà Tết Tân Cương" in office.locator("#office-gift-sets").inner_text()
    context.close()

    # 2. A shopper finds it among the products, lands on its page and buys two.
    shop_context, shopper = new_page(browser, errors)
    shopper.goto(base + "/")
    shopper.get_by_role("link", name="Tất cả sản phẩm").first.click()
    shopper.get_by_role("link", name="Hộp quà Tết Tân Cương").first.click()
    shopper.wait_for_url(re.compile(r"/gift-sets/"))
    wait_until(shopper, "document.querySelector('#gallery-cover').naturalWidth > 0")
    parts = shopper.locator("#gift-parts").inner_text()
    assert "Chè tôm nõn" in parts and "HTX nuôi ong Phúc Thành" in parts
    assert "tiết kiệm 31.000 ₫" in shopper.content()  # 250.000 + 180.000 − 399.000
    shot(shopper, "outlet-10-gift-set")
    shopper.fill("#add-quantity", "2")
    shopper.click("#add-to-cart")
    shopper.wait_for_url(re.compile(r"/cart$"))
    shopper.get_by_role("link", name="Tiến hành đặt hàng").click()
    shopper.wait_for_url(re.compile(r"/login"))
    submit_login(shopper, "an@example.vn")
    shopper.wait_for_url(re.compile(r"/checkout$"))
    fill_address(shopper)
    shopper.check("input[name=payment_method][value=cod]")
    shopper.click("#place-order")
    shopper.wait_for_url(ORDER_URL)
    text = shopper.content()
    assert "Hộp quà Tết Tân Cương" in text and "Quà tặng OCOP Thái Nguyên" in text
    shot(shopper, "outlet-11-gift-order")
    shop_context.close()
    assert errors == []

    # The set's parts left their producers' stock; the set's own count followed.
    with app.app_context():
        after = _stock()
    assert after["che-tom-non"] == before["che-tom-non"] - 2
    assert after["mat-ong-phuc-thanh"] == before["mat-ong-phuc-thanh"] - 2


def fill_address(page) -> None:
    """The shared helper, then the commune again once the script has reloaded the list
    for the province (it may replace the options just after the first choice)."""
    fill_new_address(page)
    wait_until(page, "document.querySelectorAll('#commune_code option').length > 50")
    page.wait_for_load_state("networkidle")
    page.select_option("#commune_code", "05503")
    assert page.eval_on_selector("#commune_code", "e => e.value") == "05503"


def _stock() -> dict[str, int]:
    from sqlalchemy import select

    from marketplace.catalog.models import Product

    stock = dict(db.session.execute(select(Product.slug, Product.stock)).all())
    db.session.remove()
    return stock
