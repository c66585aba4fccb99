"""Done when (issue 6), in a real browser (Debian's Chromium through Playwright):

a new producer registers, creates a product with a photo and publishes it; the OCOP office
approves the shop; a shopper buys the product (COD); the producer confirms, packs, ships
with a carrier and tracking number and marks it delivered; the shopper sees the tracking
number. CSRF is on, as in production. Screenshots go to test-artifacts/browser/.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    ORDER_URL, PASSWORD, fill_new_address, log_in, new_page, order_number, serve_store, shot,
    submit_login,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PRODUCER_PASSWORD = "mat-khau-chu-the"


@pytest.fixture(scope="module")
def live_store(tmp_path_factory):
    """An empty store with an office account and a shopper account, served on a free port."""
    from tests.factories import make_user

    def seed():
        make_user("van-phong@example.vn", role="office", name="Văn phòng OCOP",
                  password=PASSWORD)
        make_user("an@example.vn", name="Nguyễn Văn An", password=PASSWORD)

    tmp = tmp_path_factory.mktemp("producer-journey")
    with serve_store(tmp, seed) as (app, base):
        yield app, base, tmp


def test_a_new_producer_gets_approved_sells_and_ships(live_store, browser):
    app, base, tmp = live_store
    errors: list[str] = []
    photo = tmp / "che-tan-cuong.jpg"
    from PIL import Image

    Image.new("RGB", (1200, 900), (34, 120, 60)).save(photo, "JPEG")

    # 1. A visitor registers a shop.
    context, producer = new_page(browser, errors)
    producer.goto(base + "/")
    producer.get_by_role("link", name="Bán hàng").click()
    producer.wait_for_url(re.compile(r"/sell/register$"))
    producer.fill("#account_name", "Nguyễn Thị Hoa")
    producer.fill("#account_email", "hoa@htx-tancuong.vn")
    producer.fill("#account_password", PRODUCER_PASSWORD)
    producer.fill("#name", "HTX chè Tân Cương Xanh")
    producer.select_option("#kind", "cooperative")
    producer.fill("#tax_code", "4600123456")
    producer.fill("#phone", "0912 345 678")
    producer.select_option("#province_code", "19")
    producer.select_option("#commune_code", "05503")
    producer.fill("#street", "Xóm Hồng Thái 2")
    producer.fill("#opening_hours", "7:30–17:00")
    producer.fill("#story", "Chè búp Tân Cương, hái tay, sao suốt.\n\n<strong>Ba đời làm chè.</strong>")
    shot(producer, "producer-01-register")
    producer.click("#submit-registration")
    producer.wait_for_url(re.compile(r"/dashboard/producer$"))
    assert "đang chờ Văn phòng OCOP duyệt" in producer.content()
    shot(producer, "producer-02-pending")

    # 2. It creates a product, adds a photo and publishes it.
    producer.get_by_role("link", name="Sản phẩm", exact=True).click()
    producer.click("#new-product")
    producer.fill("#name", "Chè búp Tân Cương Xanh")
    producer.select_option("#category", "che-ca-phe")
    producer.fill("#description", "Chè búp loại 1, gói 200 g.")
    producer.fill("#price_vnd", "180000")
    producer.fill("#unit", "gói")
    producer.fill("#stock", "12")
    producer.click("#save-product")
    producer.wait_for_url(re.compile(r"/dashboard/producer/products/\d+$"))
    producer.set_input_files("#images", str(photo))
    producer.fill("#alt", "Gói chè búp 200 g")
    producer.click("#upload-images")
    producer.wait_for_selector(".image-list__item img")
    assert producer.evaluate("document.querySelector('.image-list__item img').naturalWidth") > 0
    producer.click("#publish")
    producer.wait_for_load_state()
    assert "Đang bán" in producer.content()
    shot(producer, "producer-03-product")

    # 3. The office approves the shop.
    office_context, office = new_page(browser, errors)
    log_in(office, base, "van-phong@example.vn")
    office.get_by_role("link", name="Văn phòng OCOP").first.click()
    office.get_by_role("link", name=re.compile("chờ duyệt")).first.click()
    office.get_by_role("link", name="HTX chè Tân Cương Xanh").click()
    shot(office, "producer-04-office-review")
    office.click("#decide-approve")
    office.wait_for_load_state()
    assert office.locator("#producer-status").inner_text() == "Đã duyệt"
    office_context.close()

    # 4. A shopper finds the product and buys it, cash on delivery.
    shopper_context, shopper = new_page(browser, errors)
    shopper.goto(base + "/")
    shopper.get_by_role("link", name="Tất cả sản phẩm").first.click()
    shopper.get_by_role("link", name="Chè búp Tân Cương Xanh").first.click()
    shopper.wait_for_selector("#add-to-cart")
    assert shopper.evaluate("document.querySelector('#gallery-cover').naturalWidth") > 0
    shot(shopper, "producer-05-product-page")
    shopper.fill("#add-quantity", "2")
    shopper.click("#add-to-cart")
    shopper.wait_for_url(re.compile(r"/cart$"))
    shopper.get_by_role("link", name="Tiến hành đặt hàng").click()
    shopper.wait_for_url(re.compile(r"/login"))
    submit_login(shopper, "an@example.vn")
    shopper.wait_for_url(re.compile(r"/checkout$"))
    fill_new_address(shopper)
    shopper.check("input[name=payment_method][value=cod]")
    shopper.click("#place-order")
    shopper.wait_for_url(ORDER_URL)
    number = order_number(shopper)

    # 5. The producer confirms, packs, ships and delivers it.
    producer.reload()
    producer.get_by_role("link", name="Đơn hàng", exact=True).last.click()
    producer.get_by_role("link", name=number).click()
    producer.click("#action-confirm")
    producer.wait_for_load_state()
    producer.click("#action-pack")
    producer.wait_for_load_state()
    producer.fill("#carrier", "Viettel Post")
    producer.fill("#tracking_code", "VTP0001234")
    shot(producer, "producer-06-ship")
    producer.click("#action-ship")
    producer.wait_for_load_state()
    assert producer.locator("#order-status").inner_text() == "Đang giao"
    producer.click("#packing-slip")
    producer.wait_for_load_state()
    assert "Nguyễn Văn An" in producer.content() and "THU HỘ (COD)" in producer.content()
    shot(producer, "producer-07-packing-slip")
    producer.go_back()
    producer.click("#action-deliver")
    producer.wait_for_load_state()
    assert producer.locator("#order-status").inner_text() == "Đã giao"
    producer.goto(base + "/dashboard/producer/insights")
    assert "360.000 ₫" in producer.content()
    shot(producer, "producer-08-insights")

    # 6. The shopper sees the parcel delivered, with the tracking number.
    shopper.reload()
    text = shopper.content()
    assert "VTP0001234" in text and "Đã giao" in text
    shot(shopper, "producer-09-shopper-order")
    shopper_context.close()
    context.close()
    assert errors == []
