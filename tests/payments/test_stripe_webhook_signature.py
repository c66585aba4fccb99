"""The webhook refuses, with 400 and nothing recorded, anything Stripe did not sign now."""
import json
import time

import pytest
from sqlalchemy import func, select

from marketplace.orders.states import PaymentStatus
from marketplace.payments.stripe_models import StripeEvent
from tests.payments.fake_stripe import signature_header
from tests.payments.stripe_support import card_order, completed, reload


def events(db) -> int:
    return db.session.scalar(select(func.count()).select_from(StripeEvent))


@pytest.fixture
def paid_event(fake_stripe, db):
    order, checkout = card_order()
    return order, completed(fake_stripe, checkout)


def assert_refused(response, db, order):
    assert response.status_code == 400
    assert "error" in response.get_json()
    assert events(db) == 0
    assert reload(order).payment.status == PaymentStatus.UNPAID


def test_a_correctly_signed_event_is_applied(client, fake_stripe, paid_event, db):
    order, event = paid_event
    response = fake_stripe.deliver(client, event)
    assert response.status_code == 200
    assert response.get_json() == {"status": "applied", "outcome": "paid"}
    assert reload(order).payment.status == PaymentStatus.PAID


def test_a_missing_signature_header_is_refused(client, fake_stripe, paid_event, db):
    order, event = paid_event
    assert_refused(fake_stripe.deliver(client, event, signature=""), db, order)


def test_a_signature_with_the_wrong_secret_is_refused(client, fake_stripe, paid_event, db):
    order, event = paid_event
    assert_refused(fake_stripe.deliver(client, event, secret="whsec_someone_else"), db, order)


def test_a_body_changed_after_signing_is_refused(client, fake_stripe, paid_event, db):
    order, event = paid_event
    signed = json.dumps(event, indent=2)
    tampered = signed.replace(f'"amount_total": {event["data"]["object"]["amount_total"]}',
                              '"amount_total": 1')
    assert tampered != signed
    assert_refused(fake_stripe.deliver(client, signed, body=tampered), db, order)


def test_an_old_timestamp_is_refused(client, fake_stripe, paid_event, db):
    order, event = paid_event
    stale = int(time.time()) - 301
    assert_refused(fake_stripe.deliver(client, event, timestamp=stale), db, order)


def test_a_timestamp_within_five_minutes_is_accepted(client, fake_stripe, paid_event, db):
    order, event = paid_event
    response = fake_stripe.deliver(client, event, timestamp=int(time.time()) - 240)
    assert response.status_code == 200


@pytest.mark.parametrize("header", ["garbage", "t=abc,v1=00", "v1=deadbeef", "t=123"])
def test_a_malformed_header_is_refused(client, fake_stripe, paid_event, db, header):
    order, event = paid_event
    assert_refused(fake_stripe.deliver(client, event, signature=header), db, order)


@pytest.mark.parametrize("body", ["not json", "[]", '{"object": "event"}',
                                  '{"id": "evt_1", "object": "event", "type": "x", "data": {}}'])
def test_a_signed_body_that_is_not_an_event_is_refused(client, fake_stripe, db, body):
    response = fake_stripe.deliver(client, body)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("invalid webhook")
    assert events(db) == 0


def test_a_body_that_is_not_utf8_is_refused(client, fake_stripe, db):
    body = b"\xff\xfe{}"
    header = signature_header(body.decode("latin-1"), fake_stripe.webhook_secret)
    response = client.post("/payments/stripe/webhook", data=body,
                           headers={"Stripe-Signature": header})
    assert response.status_code == 400


def test_the_webhook_needs_no_csrf_token_but_other_posts_do(
        csrf_app, csrf_client, fake_stripe, paid_event, db):
    from tests.payments.fake_stripe import point_at

    saved = point_at(csrf_app, fake_stripe)
    try:
        order, event = paid_event
        assert fake_stripe.deliver(csrf_client, event).status_code == 200
        assert csrf_client.post(f"/payments/stripe/orders/{order.number}/pay").status_code == 400
    finally:
        csrf_app.config.update(saved)


def test_without_a_webhook_secret_everything_is_refused(app, client, fake_stripe, paid_event, db):
    order, event = paid_event
    app.config["STRIPE_WEBHOOK_SECRET"] = ""
    assert_refused(fake_stripe.deliver(client, event), db, order)
