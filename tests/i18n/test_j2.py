"""Shopping in English: accounts, cart, checkout, orders and payments with ``?lang=en``.

The data is ASCII, so any Vietnamese word left on an English page is untranslated
interface text; the names of provinces and communes (reference data, shown as they are
officially written) are the only Vietnamese allowed.
"""
import re
from io import BytesIO

import pytest
from sqlalchemy import select

from marketplace import units
from marketplace.notifications.models import OutboxMessage
from tests.factories import (
    make_address, make_cart, make_order, make_producer, make_product, make_user,
)
from tests.i18n.helpers import vietnamese_left

HOME = units.province("19")


def places(*, selects: bool = False) -> tuple[str, ...]:
    """The unit names a page may show: those of the test address, or (``selects``) every
    province and the communes of Thái Nguyên listed in an address form. Longest first, so
    a name is never cut by a shorter one inside it."""
    names = {HOME.name, HOME.short, units.commune("05503").name}
    if selects:
        names |= {p.name for p in units.provinces()}
        names |= {c.name for c in units.communes_of(HOME.code)}
    return tuple(sorted(names, key=len, reverse=True)) + ("Tiếng Việt",)


def english(client, url: str, *, status: int = 200, selects: bool = False) -> str:
    response = client.get(url + ("&" if "?" in url else "?") + "lang=en")
    assert response.status_code == status, url
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert vietnamese_left(html, places(selects=selects)) == [], url
    return html


def shopper(auth):
    user = make_user("an@example.vn", name="Nguyen Van An")
    auth.login(user.email)
    return user


def producer(name: str = "HTX Hao Dat"):
    return make_producer(name, slug=name.lower().replace(" ", "-"))


def tea(seller=None):
    """A product with ASCII data (the unit too: its default is Vietnamese)."""
    return make_product("Che Tan Cuong", producer=seller or producer(), unit="box",
                        price_vnd=100_000, stock=5)


def ascii_order(user, method: str, **fields):
    return make_order(user, [(tea(), 2)], method=method, recipient_name="Nguyen Van An",
                      street="Xom Nam Dong", **fields)


# --- accounts ----------------------------------------------------------------------------

def test_login_register_and_forgotten_password_pages_are_english(client, db):
    login = english(client, "/login")
    assert "Log in" in login and "Forgot your password?" in login and "Password" in login
    assert "Register" in english(client, "/register")
    assert "Enter your registered email" in english(client, "/password/forgot")
    assert "The password cannot be reset" in english(client, "/password/reset/nope", status=400)

    vietnamese = client.get("/login").get_data(as_text=True)
    assert "Quên mật khẩu?" in vietnamese and "Ghi nhớ đăng nhập trên máy này" in vietnamese


def test_a_wrong_password_is_told_in_english(client, db):
    make_user("an@example.vn")
    response = client.post("/login?lang=en", data={"email": "an@example.vn", "password": "x" * 9})
    html = response.get_data(as_text=True)
    assert "Incorrect email or password." in html
    assert vietnamese_left(html, places()) == []


def test_registration_errors_come_out_in_english(client, db):
    response = client.post("/register?lang=en", data={
        "name": "Nguyen Van An", "email": "not-an-email", "phone": "123",
        "password": "short", "confirm": "short"})
    html = response.get_data(as_text=True)
    assert "Invalid email address." in html
    assert "The password needs at least 8 characters." in html
    assert "Invalid Vietnamese phone number (e.g. 0912 345 678)." in html
    assert vietnamese_left(html, places()) == []

    mismatch = client.post("/register?lang=en", data={
        "name": "", "email": "an@example.vn", "password": "long enough", "confirm": "other"})
    html = mismatch.get_data(as_text=True)
    assert "The two passwords do not match." in html and "Please fill in this field." in html

    vietnamese = client.post("/register", data={"name": "An", "email": "x", "password": "a",
                                                "confirm": "b"}).get_data(as_text=True)
    assert "Hai mật khẩu không khớp." in vietnamese


def test_the_reset_mail_and_the_sent_page_follow_the_language(client, db):
    make_user("an@example.vn", name="Nguyen Van An")
    sent = client.post("/password/forgot?lang=en", data={"email": "an@example.vn"})
    html = sent.get_data(as_text=True)
    assert "Check your inbox" in html and vietnamese_left(html, places()) == []
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.subject == "Reset your OCOP Market password"
    assert mail.body.startswith("Hello Nguyen Van An,")
    assert vietnamese_left(mail.body) == []


def test_account_pages_are_english_for_the_shopper(client, auth, db):
    user = shopper(auth)
    make_address(user, recipient_name="Nguyen Van An", street="Xom Nam Dong", is_default=True)

    profile = english(client, "/account")
    assert "Account details" in profile and "Shopper" in profile and "Save changes" in profile
    book = english(client, "/account/addresses")
    assert "Delivery address book" in book and "Default" in book
    form = english(client, "/account/addresses/new", selects=True)
    assert "Add a delivery address" in form and "— Choose a commune/ward —" in form
    assert "Current password" in english(client, "/account/password")

    assert "Sổ địa chỉ giao hàng" in client.get("/account/addresses").get_data(as_text=True)


def test_address_form_errors_and_flashes_are_english(client, auth, db):
    shopper(auth)
    response = client.post("/account/addresses/new?lang=en", data={
        "recipient_name": "Nguyen Van An", "phone": "12", "province_code": "19",
        "commune_code": "05503", "street": ""})
    html = response.get_data(as_text=True)
    assert "Please fill in this field." in html
    assert vietnamese_left(html, places(selects=True)) == []

    client.get("/lang/en")  # the cookie keeps English across the redirect
    saved = client.post("/account/addresses/new", data={
        "recipient_name": "Nguyen Van An", "phone": "0912345678", "province_code": "19",
        "commune_code": "05503", "street": "Xom Nam Dong"}, follow_redirects=True)
    html = saved.get_data(as_text=True)
    assert "Address saved." in html and vietnamese_left(html, places()) == []


def test_the_429_page_is_generic_in_both_languages(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_PER_IP", "1 per minute")
    make_user("an@example.vn")
    client.post("/login", data={"email": "an@example.vn", "password": "wrong password"})
    blocked = client.post("/login?lang=en", data={"email": "an@example.vn", "password": "x"})
    html = blocked.get_data(as_text=True)
    assert blocked.status_code == 429
    assert "Too many requests from your connection; please wait a moment and try again." in html
    assert vietnamese_left(html, places()) == []

    again = client.post("/login", data={"email": "an@example.vn", "password": "x"})
    html = again.get_data(as_text=True)
    assert "Có quá nhiều yêu cầu từ kết nối của bạn." in html
    assert "bảo vệ tài khoản" not in html  # search and checkout share this page


def test_the_expired_form_page_is_english(csrf_client, db):
    response = csrf_client.post("/login?lang=en", data={"email": "a@example.vn", "password": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The form has expired" in html
    assert vietnamese_left(html, places()) == []


# --- cart and checkout -------------------------------------------------------------------

def test_the_cart_with_items_and_a_changed_price_is_english(client, auth, db):
    user = shopper(auth)
    green = tea()
    honey = make_product("Mat ong rung", producer=producer("HTX Song Cau"), stock=1, unit="jar")
    make_cart(user, items=[(green, 2), (honey, 1)])
    green.price_vnd = 110_000
    db.session.commit()

    html = english(client, "/cart")
    assert "Some products have changed since you added them to your cart" in html
    assert "The price of “Che Tan Cuong” changed from 100,000 ₫ to 110,000 ₫." in html
    assert "Subtotal (3 items)" in html and "Shipping (2 parcels)" in html
    assert "Same province" in html and "Accept the changes" in html

    vietnamese = client.get("/cart").get_data(as_text=True)
    assert "Tiền hàng (3 sản phẩm)" in vietnamese and "Nội tỉnh" in vietnamese


def test_an_empty_cart_and_a_cart_flash_are_english(client, db):
    assert "Your cart is empty." in english(client, "/cart")
    green = tea()
    client.get("/lang/en")
    added = client.post("/cart/add", data={"product_id": str(green.id), "quantity": "1"},
                        follow_redirects=True)
    html = added.get_data(as_text=True)
    assert "Added “Che Tan Cuong” to your cart." in html
    assert "Subtotal (1 item)" in html and vietnamese_left(html, places()) == []

    refused = client.post("/cart/add?lang=en", data={"product_id": str(green.id),
                                                      "quantity": "0"})
    assert refused.status_code == 400
    assert "The quantity must be a whole number from 1 to" in refused.get_data(as_text=True)


def checkout_key(client) -> str:
    page = client.get("/checkout?lang=en").get_data(as_text=True)
    return re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)


def test_the_checkout_page_and_its_errors_are_english(client, auth, db):
    user = shopper(auth)
    make_cart(user, items=[(tea(), 1)])

    page = english(client, "/checkout", selects=True)
    assert "Delivery address" in page and "Payment method" in page
    assert "Cash on delivery (COD)" in page and "VietQR bank transfer" in page

    response = client.post("/checkout?lang=en", data={
        "idempotency_key": checkout_key(client), "address_id": "new", "recipient_name": "",
        "phone": "12", "province_code": "19", "commune_code": "05503", "street": "Xom Nam Dong",
        "payment_method": "cod"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please check the fields marked below. No order has been placed yet." in html
    assert "Please enter the recipient&#39;s name." in html
    assert "Invalid Vietnamese phone number (e.g. 0912 345 678)." in html
    assert vietnamese_left(html, places(selects=True)) == []

    assert "Tổng thanh toán" in client.get("/checkout").get_data(as_text=True)


def test_an_order_placed_in_english_mails_the_shopper_in_english_and_the_producer_not(
        client, auth, db):
    user = shopper(auth)
    seller = producer()
    make_user("hao-dat@example.vn", role="producer", producer=seller)
    make_cart(user, items=[(tea(seller), 1)])

    placed = client.post("/checkout?lang=en", data={
        "idempotency_key": checkout_key(client), "address_id": "new",
        "recipient_name": "Nguyen Van An", "phone": "0912345678", "province_code": "19",
        "commune_code": "05503", "street": "Xom Nam Dong", "payment_method": "cod"},
        follow_redirects=True)
    assert "Order placed! Your order number is" in placed.get_data(as_text=True)

    mails = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
    mine = mails["an@example.vn"]
    assert mine.subject.startswith("OCOP Market: order") and "Payment: cash on delivery" in mine.body
    assert vietnamese_left(mine.body, places()) == []
    assert mails["hao-dat@example.vn"].subject.startswith("Chợ OCOP: đơn hàng mới")


# --- orders and payments -----------------------------------------------------------------

@pytest.mark.parametrize("method, heading", [("cod", "Cash on delivery"),
                                             ("vietqr", "Pay by VietQR transfer")])
def test_the_order_list_and_detail_are_english(client, auth, db, method, heading):
    user = shopper(auth)
    order = ascii_order(user, method, note="Call before coming", is_gift=True,
                        gift_message="Happy Tet")

    listing = english(client, "/orders")
    assert "My orders" in listing and order.number in listing and "Placed" in listing
    detail = english(client, f"/orders/{order.number}")
    assert heading in detail and "Awaiting confirmation" in detail and "Cancel order" in detail
    assert "Gift: “Happy Tet”" in detail and "Unpaid" in detail

    assert "Chờ xác nhận" in client.get(f"/orders/{order.number}").get_data(as_text=True)


def test_cancelling_an_order_is_told_in_english(client, auth, db):
    order = ascii_order(shopper(auth), "cod")
    client.get("/lang/en")
    response = client.post(f"/orders/{order.number}/cancel", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert f"Order {order.number} has been cancelled; the items are back in stock." in html
    assert "Cancelled by the shopper" in html  # a stored default reason, shown translated
    assert vietnamese_left(html, places()) == []


def test_the_office_payment_pages_are_english(client, auth, db):
    order = ascii_order(make_user(name="Nguyen Van An"), "vietqr")
    make_user("office@example.vn", role="office", name="Van phong")
    auth.login("office@example.vn")

    waiting = english(client, "/dashboard/office/payments")
    assert "Awaiting money (1)" in waiting and "Import a bank statement (CSV)" in waiting
    assert "Card payments (Stripe)" in english(client, "/dashboard/office/payments/card")

    csv = (f"date,amount,description\n2026-11-29,{order.total_vnd},CK {order.number}\n"
           "2026-11-29,5000,no number\n").encode()
    report = client.post("/dashboard/office/payments/statement?lang=en",
                         data={"statement": (BytesIO(csv), "sao-ke.csv")},
                         content_type="multipart/form-data")
    html = report.get_data(as_text=True)
    assert "Matched: 1 credit," in html and "Not matched: 1 line" in html
    assert "No order number (OCOP-year-number) in the description." in html
    assert vietnamese_left(html, places()) == []


def test_the_card_pages_are_english(client, auth, fake_stripe, db):
    from marketplace.payments import card

    order = ascii_order(shopper(auth), "card")
    checkout = card.open_checkout(order)
    detail = english(client, f"/orders/{order.number}")
    assert "Pay by international card" in detail and "Pay by card" in detail

    fake_stripe.pay(checkout.session_id)
    paid = english(client, f"/payments/stripe/return?session_id={checkout.session_id}")
    assert "Payment successful" in paid
