"""Shopper journeys on the demo store in a real browser (issue 10, item 1):

- a search typed without diacritics in the header box finds the product, which goes
  through the cart and a cash-on-delivery checkout to the order page, at desktop width
  and on a phone (390×844, touch);
- a guest's cart merges into the account's cart at login;
- the checkout can be done with the keyboard alone, with a visible focus on every control.

CSRF is on, as in production. Screenshots of every step go to test-artifacts/browser/
(``search-*``, ``merge-*``, ``keyboard-*``), each at desktop and phone width.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    DESKTOP, ORDER_URL, PHONE, SHOPPERS, fill_new_address, log_in, new_page, shot,
    shot_widths, submit_login,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TEA = "Chè Đinh Tân Cương"
HONEY = "/products/mat-ong-phuc-thanh"
CART_URL = re.compile(r"/cart$")


def search_from_header(page, query: str) -> None:
    box = page.locator("#site-search")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))


def add_to_cart(page, quantity: str = "1") -> None:
    page.fill("#add-quantity", quantity)
    page.click("#add-to-cart")
    page.wait_for_url(CART_URL)


def cart_count(page) -> str:
    return page.locator(".cart-link__count").inner_text()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_search_without_diacritics_to_a_cod_order(demo_store, browser, device):
    app, base = demo_store
    errors: list[str] = []
    context, page = new_page(browser, errors, PHONE if device == "phone" else DESKTOP)
    email = SHOPPERS["phone" if device == "phone" else "search"]
    step = f"search-{device}"

    page.goto(base + "/")
    shot(page, f"{step}-01-home")
    search_from_header(page, "che tan cuong")
    results = page.locator(".grid--search .card__title a")
    assert TEA in results.all_inner_texts()[:3]
    assert page.locator(".grid--search mark").first.inner_text() in ("Chè", "Tân", "Cương")
    shot(page, f"{step}-02-results")

    results.filter(has_text=TEA).first.click()
    page.wait_for_selector("#add-to-cart")
    assert page.locator("h1").inner_text() == TEA
    shot(page, f"{step}-03-product")
    add_to_cart(page, "2")
    assert cart_count(page) == "(2)" and TEA in page.locator(".cart-lines").inner_text()
    shot(page, f"{step}-04-cart")

    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    page.wait_for_url(re.compile(r"/login"))
    shot(page, f"{step}-05-login")
    submit_login(page, email)
    page.wait_for_url(re.compile(r"/checkout$"))
    fill_new_address(page)
    page.check("input[name=payment_method][value=cod]")
    shot(page, f"{step}-06-checkout")
    page.click("#place-order")
    page.wait_for_url(ORDER_URL)
    text = page.locator("main").inner_text()
    assert "Đặt hàng thành công!" in text and TEA in text
    assert "Thanh toán khi nhận hàng" in text and "HTX chè Hảo Đạt" in text
    assert cart_count(page) == "(0)"
    # Nothing on the phone is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= (390 if device == "phone"
                                                                      else 1280)
    shot(page, f"{step}-07-order")
    context.close()
    assert errors == []


def test_a_guest_cart_merges_into_the_account_cart_at_login(demo_store, browser):
    app, base = demo_store
    errors: list[str] = []
    email = SHOPPERS["merge"]

    # Given the account already holds the honey in its cart ...
    context, page = new_page(browser, errors)
    log_in(page, base, email)
    page.goto(base + HONEY)
    honey = page.locator("h1").inner_text()
    add_to_cart(page)
    context.close()

    # ... when a guest (another browser) fills a cart and then logs in ...
    context, page = new_page(browser, errors)
    page.goto(base + "/")
    search_from_header(page, "che dinh")
    page.locator(".grid--search .card__title a", has_text=TEA).first.click()
    add_to_cart(page, "3")
    assert cart_count(page) == "(3)"
    shot_widths(page, "merge-01-guest-cart")
    page.get_by_role("link", name="Đăng nhập").click()
    submit_login(page, email)
    page.wait_for_load_state()

    # ... then the cart holds the guest's tea and the account's honey.
    page.goto(base + "/cart")
    lines = page.locator(".cart-line__name").all_inner_texts()
    assert sorted(lines) == sorted([TEA, honey])
    tea_line = page.locator(".cart-line", has_text=TEA)
    assert tea_line.locator("input[name=quantity]").input_value() == "3"
    assert cart_count(page) == "(4)"
    shot_widths(page, "merge-02-merged-cart")
    context.close()
    assert errors == []


# --- keyboard only ------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return {id: el.id, name: el.getAttribute("name") || "", type: el.type || "",
          text: el.innerText || "",
          visible: el.matches(":focus-visible") && (outline || style.boxShadow !== "none"),
          rendered: box.width > 0 && box.height > 0};
}"""
# The checkout form's controls that a shopper operates; radios are one stop per group.
CONTROLS = """() => [...new Set([...document.querySelector("form.checkout").elements]
  .filter(el => el.type !== "hidden" && !el.disabled && el.getClientRects().length)
  .map(el => el.type === "radio" ? "radio:" + el.name : el.id))]"""


def press_tab(page) -> dict:
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["rendered"] and focused["visible"], f"focus not visible on {focused}"
    return focused


def tab_to(page, predicate, limit: int = 60) -> dict:
    for _ in range(limit):
        focused = press_tab(page)
        if predicate(focused):
            return focused
    raise AssertionError("not reachable with Tab")


def choose_with_arrows(page, value: str) -> None:
    """Pick an option of the focused select with Home and ArrowDown, as a keyboard user
    would (the select stays closed; Chromium changes its value on each key)."""
    page.keyboard.press("Home")
    count = page.evaluate("document.activeElement.options.length")
    for _ in range(count):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {value}")


def test_checkout_with_the_keyboard_alone(demo_store, browser):
    app, base = demo_store
    errors: list[str] = []
    context, page = new_page(browser, errors)
    log_in(page, base, SHOPPERS["keyboard"])
    page.goto(base + HONEY)
    add_to_cart(page)

    # From the cart: the skip link first, then the button to the checkout.
    skip = press_tab(page)
    assert skip["text"] == "Bỏ qua, đến nội dung chính"
    page.keyboard.press("Enter")
    tab_to(page, lambda f: f["text"] == "Tiến hành đặt hàng")
    shot_widths(page, "keyboard-01-cart-focus")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/checkout$"))

    typed = {"recipient_name": "Nguyễn Văn An", "phone": "0912 345 678",
             "street": "Xóm Nam Đồng", "note": "Giao giờ hành chính"}
    visited: set[str] = set()
    assert press_tab(page)["text"] == "Bỏ qua, đến nội dung chính"
    page.keyboard.press("Enter")
    for _ in range(80):
        focused = press_tab(page)
        stop = "radio:" + focused["name"] if focused["type"] == "radio" else focused["id"]
        visited.add(stop)
        if focused["id"] in typed:
            page.keyboard.type(typed[focused["id"]])
        elif focused["id"] == "province_code":
            choose_with_arrows(page, "19")
            # Each arrow press asked for that province's communes: let the answers settle.
            page.wait_for_load_state("networkidle")
            page.locator("#commune_code option[value='05503']").wait_for(state="attached")
        elif focused["id"] == "commune_code":
            choose_with_arrows(page, "05503")
        elif focused["name"] == "payment_method":
            for _ in range(3):  # arrows move the choice within the group
                if page.evaluate("document.activeElement.value") == "cod":
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            shot_widths(page, "keyboard-02-checkout-filled")
        elif focused["id"] == "place-order":
            break
    else:
        raise AssertionError("the order button is not reachable with Tab")

    controls = set(page.evaluate(CONTROLS))
    assert controls - visited == set(), "checkout controls never reached with Tab"
    for field, value in typed.items():
        assert page.locator(f"#{field}").input_value() == value
    assert page.locator("#province_code").input_value() == "19"
    assert page.locator("#commune_code").input_value() == "05503"
    assert page.locator("input[name=payment_method][value=cod]").is_checked()
    page.keyboard.press("Enter")
    page.wait_for_url(ORDER_URL)
    text = page.locator("main").inner_text()
    assert "Đặt hàng thành công!" in text and "Xóm Nam Đồng" in text
    shot_widths(page, "keyboard-03-order")
    context.close()
    assert errors == []
