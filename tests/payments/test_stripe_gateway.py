"""The Stripe gateway: VND as a zero-decimal currency, the Checkout Session the store asks
for (recorded by the fake), idempotency keys, and the one module that imports stripe."""
import re
from datetime import timezone
from pathlib import Path

import pytest

from marketplace.payments import card
from marketplace.payments import stripe_gateway as gateway
from marketplace.payments.stripe_models import CheckoutStatus
from tests.factories import make_producer, make_product
from tests.payments.stripe_support import card_order


def test_a_125000_dong_line_is_sent_as_125000():
    assert gateway.to_stripe_amount(125_000) == 125_000
    assert gateway.to_stripe_amount(0) == 0


@pytest.mark.parametrize("bad", [-1, 1.5, "125000", True, None])
def test_amounts_must_be_whole_non_negative_dong(bad):
    with pytest.raises(ValueError):
        gateway.to_stripe_amount(bad)


def test_only_zero_decimal_currencies_are_accepted():
    with pytest.raises(ValueError):
        gateway.to_stripe_amount(100, "usd")
    assert gateway.from_stripe_amount(125_000, "vnd") == 125_000
    with pytest.raises(ValueError):
        gateway.from_stripe_amount(12_500, "usd")


def test_the_session_has_one_line_per_order_line_plus_shipping_in_vnd(fake_stripe, db):
    a = make_product(producer=make_producer(), price_vnd=125_000, stock=5)
    b = make_product(producer=make_producer(), price_vnd=50_000, stock=5)
    order, checkout = card_order(items=[(a, 2), (b, 1)])
    (call,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    params = call.params
    lines = params["line_items"]
    goods = [(l["price_data"]["product_data"]["name"], l["price_data"]["unit_amount"],
              l["quantity"]) for l in lines]
    assert (a.name, "125000", "2") in goods and (b.name, "50000", "1") in goods
    shipping = [l for l in lines if l["price_data"]["product_data"]["name"].startswith("Phí vận")]
    assert [int(l["price_data"]["unit_amount"]) for l in shipping] == [
        s.shipping_vnd for s in order.shop_orders]
    assert {l["price_data"]["currency"] for l in lines} == {"vnd"}
    assert sum(int(l["price_data"]["unit_amount"]) * int(l["quantity"]) for l in lines) \
        == order.total_vnd == fake_stripe.sessions[checkout.session_id]["amount_total"]
    assert params["mode"] == "payment" and params["payment_method_types"] == ["card"]
    assert params["client_reference_id"] == order.number
    assert params["metadata"] == {"order_id": str(order.id), "order_number": order.number,
                                  "attempt": "1"}
    assert params["payment_intent_data"]["metadata"]["order_number"] == order.number
    assert params["success_url"].endswith("/payments/stripe/return?session_id={CHECKOUT_SESSION_ID}")
    assert params["cancel_url"].endswith(f"/orders/{order.number}")
    assert call.idempotency_key == f"ocop-checkout-{order.number}-1"
    assert call.headers["Authorization"] == f"Bearer {fake_stripe.api_key}"


def test_the_session_closes_before_the_stock_hold_ends(fake_stripe, db):
    order, checkout = card_order()
    closes = int(fake_stripe.calls("POST", "/v1/checkout/sessions")[0].params["expires_at"])
    hold_end = order.payment.expires_at.replace(tzinfo=timezone.utc).timestamp()
    assert hold_end - 180 <= closes < hold_end
    assert closes - checkout.created_at.replace(tzinfo=timezone.utc).timestamp() >= 30 * 60


def test_a_session_call_that_failed_is_repeated_with_the_same_key(fake_stripe, db):
    from tests.factories import make_order

    order = make_order(method="card")
    fake_stripe.fail_next("POST", "/v1/checkout/sessions", status=503)
    with pytest.raises(gateway.GatewayError) as failure:
        card.open_checkout(order)
    assert failure.value.retryable
    checkout = card.open_checkout(order)
    keys = [c.idempotency_key for c in fake_stripe.calls("POST", "/v1/checkout/sessions")]
    assert keys == [f"ocop-checkout-{order.number}-1"] * 2
    assert checkout.status == CheckoutStatus.OPEN and checkout.attempt == 1


def test_opening_again_reuses_the_open_session(fake_stripe, db):
    order, first = card_order()
    again = card.open_checkout(order)
    assert again.id == first.id
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 1


def test_only_the_gateway_module_imports_stripe():
    root = Path(__file__).resolve().parents[2] / "marketplace"
    importing = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                       if re.search(r"^\s*(import stripe|from stripe\b)", p.read_text(), re.M))
    assert importing == ["payments/stripe_gateway.py"]
