"""Webhook events: applied once, in any order; an order that ended is never revived."""
from datetime import timedelta

from sqlalchemy import func, select

from marketplace.notifications.models import OutboxMessage
from marketplace.orders.models import OrderEvent
from marketplace.orders.states import OrderStatus, PaymentStatus, ShopOrderStatus
from marketplace.payments import card
from marketplace.payments.stripe_models import CardCheckout, CheckoutStatus, StripeEvent
from tests.factories import make_product, make_user
from tests.payments.stripe_support import (
    card_order, completed, pay_by_webhook, reload, stock,
)


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def payment_transitions(db, order) -> list[str]:
    return list(db.session.scalars(select(OrderEvent.to_status).where(
        OrderEvent.order_id == order.id, OrderEvent.machine == "payment").order_by(OrderEvent.id)))


def test_completed_and_paid_marks_the_payment_paid(client, fake_stripe, db):
    order, checkout = card_order()
    pay_by_webhook(fake_stripe, client, checkout)
    order = reload(order)
    assert order.payment.status == PaymentStatus.PAID
    assert order.payment.received_vnd == order.total_vnd
    assert order.payment.reference.startswith("Stripe pi_")
    event = db.session.scalar(select(StripeEvent))
    assert (event.type, event.order_id, event.outcome) == (
        "checkout.session.completed", order.id, "paid")


def test_a_replayed_event_changes_nothing(client, fake_stripe, db):
    order, checkout = card_order()
    event = completed(fake_stripe, checkout)
    assert fake_stripe.deliver(client, event).get_json()["status"] == "applied"
    again = fake_stripe.deliver(client, event)
    assert again.status_code == 200 and again.get_json()["status"] == "duplicate"
    assert count(db, StripeEvent) == 1
    assert payment_transitions(db, order) == ["paid"]


def test_two_events_saying_paid_apply_once(client, fake_stripe, db):
    order, checkout = card_order()
    session = fake_stripe.pay(checkout.session_id)
    fake_stripe.deliver(client, fake_stripe.event("checkout.session.completed", session))
    response = fake_stripe.deliver(
        client, fake_stripe.event("checkout.session.async_payment_succeeded", session))
    assert response.get_json()["outcome"] == "already applied"
    assert payment_transitions(db, order) == ["paid"]
    assert count(db, StripeEvent) == 2


def test_completed_but_unpaid_waits_for_the_async_result(client, fake_stripe, db):
    order, checkout = card_order()
    session = fake_stripe.pay(checkout.session_id, payment_status="unpaid")
    response = fake_stripe.deliver(client, fake_stripe.event("checkout.session.completed", session))
    assert response.get_json()["outcome"] == "complete, awaiting the payment"
    assert reload(order).payment.status == PaymentStatus.UNPAID
    session = fake_stripe.settle_async(checkout.session_id, succeeded=True)
    fake_stripe.deliver(client, fake_stripe.event(
        "checkout.session.async_payment_succeeded", session))
    assert reload(order).payment.status == PaymentStatus.PAID


def test_no_second_session_while_a_delayed_payment_is_pending(client, fake_stripe, db):
    import pytest

    order, checkout = card_order()
    fake_stripe.deliver(client, fake_stripe.event(
        "checkout.session.completed", fake_stripe.pay(checkout.session_id, payment_status="unpaid")))
    with pytest.raises(card.NotPayable):
        card.open_checkout(reload(order))
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1


def test_async_success_arriving_before_completed_is_not_undone(client, fake_stripe, db):
    order, checkout = card_order()
    unpaid = fake_stripe.pay(checkout.session_id, payment_status="unpaid")
    paid = fake_stripe.settle_async(checkout.session_id, succeeded=True)
    fake_stripe.deliver(client, fake_stripe.event("checkout.session.async_payment_succeeded", paid))
    fake_stripe.deliver(client, fake_stripe.event("checkout.session.completed", unpaid))
    assert reload(order).payment.status == PaymentStatus.PAID
    assert db.session.get(CardCheckout, checkout.id).payment_status == "paid"


def test_a_failed_async_payment_keeps_the_hold_and_offers_a_new_attempt(client, fake_stripe, db):
    product = make_product(stock=5)
    order, checkout = card_order(items=[(product, 2)])
    fake_stripe.pay(checkout.session_id, payment_status="unpaid")
    failed = fake_stripe.settle_async(checkout.session_id, succeeded=False)
    fake_stripe.deliver(client, fake_stripe.event("checkout.session.async_payment_failed", failed))
    order = reload(order)
    assert order.payment.status == PaymentStatus.UNPAID and stock(product) == 3
    assert db.session.get(CardCheckout, checkout.id).status == CheckoutStatus.FAILED
    retry = card.open_checkout(order)
    assert retry.attempt == 2 and retry.session_id != checkout.session_id
    assert fake_stripe.calls("POST", "/v1/checkout/sessions")[-1].idempotency_key == \
        f"ocop-checkout-{order.number}-2"


def test_an_expired_session_ends_the_order_and_releases_the_stock(client, fake_stripe, db):
    product = make_product(stock=5)
    order, checkout = card_order(items=[(product, 2)])
    assert stock(product) == 3
    response = fake_stripe.deliver(client, fake_stripe.event(
        "checkout.session.expired", fake_stripe.expire(checkout.session_id)))
    assert response.get_json()["outcome"] == "order expired, stock released"
    order = reload(order)
    assert order.status == OrderStatus.CANCELLED
    assert order.payment.status == PaymentStatus.EXPIRED
    assert {s.status for s in order.shop_orders} == {ShopOrderStatus.CANCELLED}
    assert stock(product) == 5
    assert count(db, OutboxMessage, OutboxMessage.subject.contains(f"{order.number} đã huỷ")) == 1


def test_expired_arriving_after_paid_is_ignored(client, fake_stripe, db):
    product = make_product(stock=5)
    order, checkout = card_order(items=[(product, 1)])
    pay_by_webhook(fake_stripe, client, checkout)
    stale = dict(fake_stripe.sessions[checkout.session_id], status="expired",
                 payment_status="unpaid")
    response = fake_stripe.deliver(client, fake_stripe.event("checkout.session.expired", stale))
    assert response.get_json()["outcome"].startswith("ignored")
    order = reload(order)
    assert order.payment.status == PaymentStatus.PAID and order.status == OrderStatus.PLACED
    assert stock(product) == 4


def test_paid_after_expiry_is_recorded_and_flagged_never_resold(client, fake_stripe, db):
    product = make_product(stock=1)
    order, checkout = card_order(items=[(product, 1)])
    fake_stripe.deliver(client, fake_stripe.event(
        "checkout.session.expired", dict(fake_stripe.sessions[checkout.session_id],
                                         status="expired")))
    assert stock(product) == 1
    other = make_order_for_last_unit(product)  # someone else buys the released unit
    response = pay_by_webhook(fake_stripe, client, checkout)  # the late payment lands
    assert response.get_json()["outcome"] == "flagged: paid after the order ended"
    order = reload(order)
    assert order.status == OrderStatus.CANCELLED
    assert order.payment.status == PaymentStatus.EXPIRED
    assert order.payment.refund_due_vnd == order.total_vnd
    assert stock(product) == 0 and other.status == OrderStatus.PLACED
    flagged = db.session.get(CardCheckout, checkout.id)
    assert flagged.needs_office and flagged.paid_vnd == order.total_vnd
    assert count(db, StripeEvent) == 2


def make_order_for_last_unit(product):
    from tests.factories import make_order

    return make_order(items=[(product, 1)], method="cod")


def test_the_expiry_sweep_ends_card_orders_after_the_hold(app, client, fake_stripe, runner, db):
    product = make_product(stock=3)
    order, checkout = card_order(items=[(product, 1)])
    minutes = app.config["CARD_HOLD_MINUTES"]
    assert (order.payment.expires_at - order.payment.created_at) >= timedelta(minutes=minutes)
    order.payment.expires_at = order.payment.created_at - timedelta(seconds=1)
    db.session.commit()
    result = runner.invoke(args=["orders", "expire-unpaid"])
    assert order.number in result.output
    assert reload(order).status == OrderStatus.CANCELLED and stock(product) == 3
    late = pay_by_webhook(fake_stripe, client, checkout)
    assert late.get_json()["outcome"] == "flagged: paid after the order ended"
    assert stock(product) == 3


def test_the_office_sees_flagged_payments_and_refunds_them(client, auth, fake_stripe, db):
    order, checkout = card_order()
    fake_stripe.deliver(client, fake_stripe.event(
        "checkout.session.expired", fake_stripe.expire(checkout.session_id)))
    fake_stripe.sessions[checkout.session_id]["status"] = "open"
    pay_by_webhook(fake_stripe, client, checkout)
    office = make_user(role="office")
    auth.login(office.email)
    page = client.get("/dashboard/office/payments/card").get_data(as_text=True)
    assert order.number in page and "sau khi đơn đã kết thúc" in page
    client.post(f"/dashboard/office/payments/card/flagged/{checkout.id}/refund")
    (refund_call,) = fake_stripe.calls("POST", "/v1/refunds")
    assert refund_call.params["amount"] == str(order.total_vnd)
    assert refund_call.params["payment_intent"] == fake_stripe.sessions[checkout.session_id][
        "payment_intent"]
    order = reload(order)
    assert order.payment.refund_due_vnd == 0
    assert not db.session.get(CardCheckout, checkout.id).needs_office
    assert order.number not in client.get("/dashboard/office/payments/card").get_data(
        as_text=True).split("Lệnh hoàn chưa xong")[0]


def test_the_flagged_list_is_for_the_office_only(client, auth, fake_stripe, db):
    auth.login(make_user(role="producer").email)
    assert client.get("/dashboard/office/payments/card").status_code == 403


def test_a_second_payment_of_a_paid_order_is_flagged(client, fake_stripe, db):
    order, first = card_order()
    first_session = fake_stripe.sessions[first.session_id]
    # A second attempt (e.g. a stale tab) also paid: only one may count.
    second = CardCheckout(payment_id=order.payment.id, order_id=order.id, attempt=2,
                          idempotency_key="k2", amount_vnd=order.total_vnd,
                          status=CheckoutStatus.OPEN, session_id="cs_second")
    db.session.add(second)
    db.session.commit()
    pay_by_webhook(fake_stripe, client, first)
    fake_stripe.sessions["cs_second"] = dict(first_session, id="cs_second",
                                             metadata={**first_session["metadata"], "attempt": "2"})
    response = pay_by_webhook(fake_stripe, client, second)
    assert response.get_json()["outcome"] == "flagged: second payment"
    order = reload(order)
    assert order.payment.status == PaymentStatus.PAID
    assert order.payment.refund_due_vnd == order.total_vnd


def test_sessions_of_other_integrations_and_other_types_are_recorded_and_ignored(
        client, fake_stripe, db):
    foreign = {"id": "cs_not_ours", "object": "checkout.session", "payment_status": "paid",
               "status": "complete", "amount_total": 1000, "currency": "vnd", "metadata": {}}
    response = fake_stripe.deliver(client, fake_stripe.event("checkout.session.completed", foreign))
    assert response.status_code == 200 and response.get_json()["outcome"].startswith("ignored")
    response = fake_stripe.deliver(client, fake_stripe.event(
        "customer.created", {"id": "cus_1", "object": "customer"}))
    assert response.get_json()["status"] == "ignored"
    assert count(db, StripeEvent) == 2


def test_a_webhook_before_the_session_id_was_stored_finds_the_attempt(client, fake_stripe, db):
    order, checkout = card_order()
    session_id = checkout.session_id
    checkout.session_id = None
    db.session.commit()
    pay_by_webhook(fake_stripe, client, type("C", (), {"session_id": session_id})())
    assert reload(order).payment.status == PaymentStatus.PAID
    assert db.session.get(CardCheckout, checkout.id).session_id == session_id
