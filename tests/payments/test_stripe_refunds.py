"""Cancelling a paid card parcel refunds its share through Stripe; a refund that fails is
shown and retried, never lost; Stripe's charge.refunded confirms or reveals refunds."""
from sqlalchemy import select

from marketplace.orders import services
from marketplace.orders.states import OrderStatus, PaymentStatus
from marketplace.payments.stripe_models import CardCheckout, Refund, RefundStatus
from tests.factories import make_user
from tests.payments.stripe_support import (
    card_order, pay_by_webhook, reload, stock, two_parcel_card_order,
)


def refunds(db) -> list[Refund]:
    db.session.expire_all()
    return list(db.session.scalars(select(Refund).order_by(Refund.id)))


def paid_two_parcel_order(fake, client):
    order, checkout, a, b = two_parcel_card_order()
    pay_by_webhook(fake, client, checkout)
    return reload(order), checkout, a, b


def test_cancelling_a_paid_parcel_refunds_its_share_and_returns_its_stock(
        client, fake_stripe, db):
    order, checkout, a, b = paid_two_parcel_order(fake_stripe, client)
    first = order.shop_orders[0]
    services.cancel_shop_order(first, actor_id=order.user_id)
    (call,) = fake_stripe.calls("POST", "/v1/refunds")
    intent = fake_stripe.sessions[checkout.session_id]["payment_intent"]
    assert call.params["payment_intent"] == intent
    assert int(call.params["amount"]) == first.total_vnd == 200_000 + first.shipping_vnd
    (refund,) = refunds(db)
    assert call.idempotency_key == refund.idempotency_key
    assert call.params["metadata"] == {"ocop_refund_id": str(refund.id),
                                       "order_number": order.number,
                                       "shop_order_id": str(first.id)}
    assert refund.status == RefundStatus.SUCCEEDED and refund.shop_order_id == first.id
    order = reload(order)
    assert order.payment.status == PaymentStatus.PAID  # the other parcel is still paid for
    assert order.payment.refund_due_vnd == 0
    assert (stock(a), stock(b)) == (5, 4)


def test_partial_refunds_across_parcels_end_with_the_payment_refunded(client, fake_stripe, db):
    order, checkout, a, b = paid_two_parcel_order(fake_stripe, client)
    first, second = order.shop_orders
    services.cancel_shop_order(first, actor_id=order.user_id)
    services.cancel_shop_order(reload(order).shop_orders[1], actor_id=order.user_id)
    amounts = [int(c.params["amount"]) for c in fake_stripe.calls("POST", "/v1/refunds")]
    assert amounts == [first.total_vnd, second.total_vnd]
    assert sum(amounts) == order.total_vnd
    order = reload(order)
    assert order.status == OrderStatus.CANCELLED
    assert order.payment.status == PaymentStatus.REFUNDED
    assert (stock(a), stock(b)) == (5, 5)
    intent = fake_stripe.intents[fake_stripe.sessions[checkout.session_id]["payment_intent"]]
    assert intent["amount_refunded"] == intent["amount"]


def test_cancelling_the_whole_paid_order_refunds_every_parcel(client, fake_stripe, db):
    order, _, _, _ = paid_two_parcel_order(fake_stripe, client)
    services.cancel_order(order, actor_id=order.user_id)
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 2
    assert reload(order).payment.status == PaymentStatus.REFUNDED


def test_cancelling_an_unpaid_card_parcel_refunds_nothing(client, fake_stripe, db):
    order, _, _, _ = two_parcel_card_order()
    services.cancel_shop_order(order.shop_orders[0], actor_id=order.user_id)
    assert fake_stripe.calls("POST", "/v1/refunds") == [] and refunds(db) == []


def test_a_failed_refund_is_kept_shown_and_retried_with_the_same_key(
        client, auth, runner, fake_stripe, db):
    order, _, _, _ = paid_two_parcel_order(fake_stripe, client)
    fake_stripe.fail_next("POST", "/v1/refunds", status=500)
    services.cancel_shop_order(order.shop_orders[0], actor_id=order.user_id)  # still cancels
    (refund,) = refunds(db)
    assert refund.status == RefundStatus.FAILED and refund.attempts == 1 and refund.last_error
    assert reload(order).shop_orders[0].status == "cancelled"
    assert reload(order).payment.refund_due_vnd == refund.amount_vnd
    auth.login(make_user(role="office").email)
    page = client.get("/dashboard/office/payments/card").get_data(as_text=True)
    assert "Lỗi, sẽ thử lại" in page and order.number in page
    result = runner.invoke(args=["payments", "retry-refunds"])
    assert result.exit_code == 0, result.output
    (refund,) = refunds(db)
    assert refund.status == RefundStatus.SUCCEEDED and refund.attempts == 2
    keys = [c.idempotency_key for c in fake_stripe.calls("POST", "/v1/refunds")]
    assert keys == [refund.idempotency_key] * 2
    assert reload(order).payment.refund_due_vnd == 0


def test_retry_refunds_exits_non_zero_while_one_still_fails(client, runner, fake_stripe, db):
    order, _, _, _ = paid_two_parcel_order(fake_stripe, client)
    fake_stripe.fail_next("POST", "/v1/refunds", status=500, times=2)
    services.cancel_shop_order(order.shop_orders[0], actor_id=order.user_id)
    result = runner.invoke(args=["payments", "retry-refunds"])
    assert result.exit_code == 1 and "1 still failing" in result.output


def test_a_refund_stripe_refuses_gets_a_fresh_key_for_the_next_try(client, fake_stripe, db):
    order, _, _, _ = paid_two_parcel_order(fake_stripe, client)
    fake_stripe.fail_next("POST", "/v1/refunds", status=400, error_type="invalid_request_error",
                          message="Your card issuer refused")
    services.cancel_shop_order(order.shop_orders[0], actor_id=order.user_id)
    (refund,) = refunds(db)
    first_key = fake_stripe.calls("POST", "/v1/refunds")[0].idempotency_key
    assert refund.status == RefundStatus.FAILED and refund.idempotency_key != first_key


def test_a_pending_refund_is_confirmed_by_charge_refunded(client, fake_stripe, db):
    order, checkout, _, _ = paid_two_parcel_order(fake_stripe, client)
    fake_stripe.refund_status = "pending"
    services.cancel_shop_order(order.shop_orders[0], actor_id=order.user_id)
    (refund,) = refunds(db)
    assert refund.status == RefundStatus.SUBMITTED
    intent = fake_stripe.sessions[checkout.session_id]["payment_intent"]
    for item in fake_stripe.refunds.values():
        item["status"] = "succeeded"
    response = fake_stripe.deliver(client, fake_stripe.event("charge.refunded",
                                                             fake_stripe.charge(intent)))
    assert response.get_json()["outcome"] == "refunds confirmed"
    assert refunds(db)[0].status == RefundStatus.SUCCEEDED
    assert reload(order).payment.refund_due_vnd == 0


def test_charge_refunded_without_the_refund_list_confirms_in_order(client, fake_stripe, db):
    order, checkout, _, _ = paid_two_parcel_order(fake_stripe, client)
    fake_stripe.refund_status = "pending"
    services.cancel_shop_order(order.shop_orders[0], actor_id=order.user_id)
    intent = fake_stripe.sessions[checkout.session_id]["payment_intent"]
    fake_stripe.deliver(client, fake_stripe.event(
        "charge.refunded", fake_stripe.charge(intent, with_refunds=False)))
    assert refunds(db)[0].status == RefundStatus.SUCCEEDED


def test_a_refund_made_on_stripes_dashboard_is_recorded_and_flagged(client, fake_stripe, db):
    order, checkout = card_order()
    pay_by_webhook(fake_stripe, client, checkout)
    intent = fake_stripe.sessions[checkout.session_id]["payment_intent"]
    fake_stripe.refund_outside(intent, order.total_vnd)
    event = fake_stripe.event("charge.refunded", fake_stripe.charge(intent))
    response = fake_stripe.deliver(client, event)
    assert "outside" in response.get_json()["outcome"]
    (refund,) = refunds(db)
    assert refund.amount_vnd == order.total_vnd and refund.status == RefundStatus.SUCCEEDED
    assert reload(order).payment.status == PaymentStatus.REFUNDED
    assert db.session.get(CardCheckout, checkout.id).needs_office
    assert fake_stripe.deliver(client, event).get_json()["status"] == "duplicate"
    assert len(refunds(db)) == 1


def test_charge_refunded_for_an_unknown_payment_is_ignored(client, fake_stripe, db):
    charge = {"id": "ch_x", "object": "charge", "payment_intent": "pi_unknown",
              "amount": 1000, "amount_refunded": 1000, "currency": "vnd"}
    response = fake_stripe.deliver(client, fake_stripe.event("charge.refunded", charge))
    assert response.status_code == 200 and response.get_json()["outcome"].startswith("ignored")


def test_the_office_refunds_a_parcel_that_came_back_through_the_page(
        client, auth, fake_stripe, db):
    order, checkout = card_order()
    pay_by_webhook(fake_stripe, client, checkout)
    parcel = reload(order).shop_orders[0]
    for step in (services.confirm_shop_order, services.pack_shop_order):
        step(parcel)
    services.ship_shop_order(parcel, carrier="GHN", tracking_code="GHN1")
    services.fail_delivery(parcel, reason="Sai địa chỉ")
    auth.login(make_user(role="office").email)
    assert "Giao không thành công" in client.get("/dashboard/office/payments/card").get_data(
        as_text=True)
    client.post(f"/dashboard/office/payments/card/parcels/{parcel.id}/refund",
                data={"amount_vnd": f"{parcel.total_vnd:,}".replace(",", "."), "reason": "Hoàn"})
    (call,) = fake_stripe.calls("POST", "/v1/refunds")
    assert int(call.params["amount"]) == parcel.total_vnd
    assert reload(order).payment.status == PaymentStatus.REFUNDED
    too_much = client.post(f"/dashboard/office/payments/card/parcels/{parcel.id}/refund",
                           data={"amount_vnd": "1"}, follow_redirects=True)
    assert "Chỉ hoàn qua Stripe" in too_much.get_data(as_text=True)
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 1
