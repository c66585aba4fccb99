"""Paying by card through the pages: checkout sends the shopper to Stripe, the order page
offers to pay again, and the return page asks Stripe, before and after the webhook."""
import re

from sqlalchemy import select

from marketplace.orders.models import Order
from marketplace.orders.states import PaymentStatus
from marketplace.payments.base import available_methods
from tests.factories import make_cart, make_product, make_user
from tests.payments.stripe_support import card_order, completed, reload


def checkout_as(client, auth, user, method="card"):
    auth.login(user.email)
    page = client.get("/checkout").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/checkout", data={
        "address_id": "new", "recipient_name": "Jane Tourist", "phone": "0912345678",
        "province_code": "19", "commune_code": "05503", "street": "Khách sạn Thái Nguyên",
        "payment_method": method, "idempotency_key": key})


def test_card_is_offered_only_with_the_stripe_keys(app, fake_stripe, db):
    assert "card" in [m.code for m in available_methods(app.config)]
    app.config["STRIPE_SECRET_KEY"] = ""
    assert "card" not in [m.code for m in available_methods(app.config)]


def test_checkout_by_card_sends_the_shopper_to_stripe(client, auth, fake_stripe, db):
    user = make_user()
    make_cart(user, items=[(make_product(price_vnd=125_000), 2)])
    response = checkout_as(client, auth, user)
    order = db.session.scalar(select(Order))
    session = fake_stripe.session_for(order.number)
    assert response.status_code == 303 and response.location == session["url"]
    assert session["amount_total"] == order.total_vnd == 250_000 + order.shipping_vnd
    assert order.payment.method == "card" and order.payment.expires_at is not None


def test_if_stripe_is_down_the_order_stands_and_the_page_offers_to_pay(
        client, auth, fake_stripe, db):
    user = make_user()
    make_cart(user, items=[(make_product(), 1)])
    fake_stripe.fail_next("POST", "/v1/checkout/sessions", status=500)
    response = checkout_as(client, auth, user)
    order = db.session.scalar(select(Order))
    assert response.location.endswith(f"/orders/{order.number}")
    page = client.get(response.location).get_data(as_text=True)
    assert "Thanh toán bằng thẻ" in page
    again = client.post(f"/payments/stripe/orders/{order.number}/pay")
    assert again.status_code == 303 and again.location.startswith("https://checkout.stripe.com/")
    keys = {c.idempotency_key for c in fake_stripe.calls("POST", "/v1/checkout/sessions")}
    assert keys == {f"ocop-checkout-{order.number}-1"}


def test_only_the_shopper_can_open_the_payment_page(client, auth, fake_stripe, db):
    order, _ = card_order()
    auth.login(make_user().email)
    assert client.post(f"/payments/stripe/orders/{order.number}/pay").status_code == 404


def test_a_paid_order_cannot_be_paid_again(client, auth, fake_stripe, db):
    order, checkout = card_order()
    fake_stripe.deliver(client, completed(fake_stripe, checkout))
    auth.login(order.user.email)
    response = client.post(f"/payments/stripe/orders/{order.number}/pay")
    assert response.location.endswith(f"/orders/{order.number}")
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1


def test_after_a_cancelled_parcel_paying_opens_a_session_for_the_new_amount(
        client, auth, fake_stripe, db):
    from marketplace.orders import services
    from tests.payments.stripe_support import two_parcel_card_order

    order, first, _, _ = two_parcel_card_order()
    services.cancel_shop_order(order.shop_orders[1], actor_id=order.user_id)
    auth.login(order.user.email)
    client.post(f"/payments/stripe/orders/{order.number}/pay")
    assert fake_stripe.sessions[first.session_id]["status"] == "expired"
    second = fake_stripe.session_for(order.number)
    assert second["amount_total"] == reload(order).payment.amount_vnd == \
        order.shop_orders[0].total_vnd


def test_paying_the_old_amount_after_a_parcel_was_cancelled_refunds_the_difference(
        client, fake_stripe, db):
    from marketplace.orders import services
    from tests.payments.stripe_support import two_parcel_card_order

    order, checkout, _, _ = two_parcel_card_order()
    cancelled = order.shop_orders[1]
    services.cancel_shop_order(cancelled, actor_id=order.user_id)
    fake_stripe.deliver(client, completed(fake_stripe, checkout))  # the old page, full amount
    order = reload(order)
    assert order.payment.status == PaymentStatus.PAID
    (refund,) = fake_stripe.calls("POST", "/v1/refunds")
    assert int(refund.params["amount"]) == cancelled.total_vnd
    assert order.payment.refund_due_vnd == 0


def return_page(client, checkout):
    return client.get(f"/payments/stripe/return?session_id={checkout.session_id}")


def test_the_return_page_before_the_webhook_asks_stripe(client, auth, fake_stripe, db):
    order, checkout = card_order()
    fake_stripe.pay(checkout.session_id)  # paid on Stripe; the webhook is still on its way
    auth.login(order.user.email)
    page = return_page(client, checkout).get_data(as_text=True)
    assert "Thanh toán thành công" in page
    assert fake_stripe.calls("GET", f"/v1/checkout/sessions/{checkout.session_id}")
    assert reload(order).payment.status == PaymentStatus.PAID
    event = fake_stripe.event("checkout.session.completed",
                              fake_stripe.sessions[checkout.session_id])
    assert fake_stripe.deliver(client, event).get_json()["outcome"] == "already applied"


def test_the_return_page_after_the_webhook(client, auth, fake_stripe, db):
    order, checkout = card_order()
    fake_stripe.deliver(client, completed(fake_stripe, checkout))
    auth.login(order.user.email)
    page = return_page(client, checkout).get_data(as_text=True)
    assert "Thanh toán thành công" in page and 'data-payment-status="paid"' in page


def test_the_return_page_says_unpaid_when_stripe_has_no_payment(client, auth, fake_stripe, db):
    order, checkout = card_order()
    auth.login(order.user.email)
    page = return_page(client, checkout).get_data(as_text=True)
    assert "Chưa thanh toán" in page
    assert reload(order).payment.status == PaymentStatus.UNPAID


def test_the_return_page_shows_the_records_when_stripe_is_unreachable(
        client, auth, fake_stripe, db):
    order, checkout = card_order()
    fake_stripe.fail_next("GET", "/v1/checkout/sessions", status=500)
    auth.login(order.user.email)
    response = return_page(client, checkout)
    assert response.status_code == 200
    assert "Chưa liên lạc được với Stripe" in response.get_data(as_text=True)


def test_the_return_page_of_another_shoppers_order_is_not_found(client, auth, fake_stripe, db):
    order, checkout = card_order()
    auth.login(make_user().email)
    assert return_page(client, checkout).status_code == 404
    assert client.get("/payments/stripe/return?session_id=cs_unknown").status_code == 404
