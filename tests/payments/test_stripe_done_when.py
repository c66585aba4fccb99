"""Issue 5, "done when": a card order goes placed → paid (webhook) → shipped → delivered →
credited to the producer's ledger → paid out, and a cancelled one is refunded; through
the pages, the services and the CLI, against the fake Stripe."""
import csv
import io
import re
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from marketplace.clock import today
from marketplace.orders import services
from marketplace.orders.models import Order
from marketplace.orders.states import OrderStatus, PaymentStatus, ShopOrderStatus
from marketplace.settlement.models import EntryKind, LedgerEntry
from tests.factories import make_cart, make_producer, make_product, make_user
from tests.payments.stripe_support import completed, reload, stock


def fill_cart(shopper, items):
    from marketplace.cart.models import Cart, CartLine
    from marketplace.extensions import db

    cart = db.session.scalar(select(Cart).where(Cart.user_id == shopper.id))
    if cart is None:
        return make_cart(shopper, items=items)
    for product, quantity in items:
        db.session.add(CartLine(cart_id=cart.id, product_id=product.id, quantity=quantity,
                                price_seen_vnd=product.price_vnd))
    db.session.commit()


def place_by_card(client, auth, shopper, items):
    fill_cart(shopper, items)
    auth.login(shopper.email)
    page = client.get("/checkout").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/checkout", data={
        "address_id": "new", "recipient_name": "Jane Tourist", "phone": "0912345678",
        "province_code": "19", "commune_code": "05503", "street": "Khách sạn Thái Nguyên",
        "payment_method": "card", "idempotency_key": key})
    assert response.status_code == 303 and response.location.startswith("https://checkout.stripe")
    return db_order(key)


def db_order(key):
    from marketplace.extensions import db

    return db.session.scalar(select(Order).where(Order.idempotency_key == key))


def webhook_paid(fake, client, order):
    from marketplace.payments.stripe_models import CardCheckout
    from marketplace.extensions import db

    checkout = db.session.scalar(select(CardCheckout).where(CardCheckout.order_id == order.id))
    response = fake.deliver(client, completed(fake, checkout))
    assert response.get_json() == {"status": "applied", "outcome": "paid"}
    return checkout


def test_a_card_order_from_placed_to_paid_out_and_a_cancelled_one_refunded(
        client, auth, runner, fake_stripe, db):
    producer = make_producer("HTX chè Hảo Đạt")
    tea = make_product("Chè tôm nõn", producer=producer, price_vnd=125_000, stock=10)
    owner = make_user(role="producer", producer=producer)
    shopper = make_user("jane@example.com")

    # placed → paid by the webhook
    order = place_by_card(client, auth, shopper, [(tea, 2)])
    assert stock(tea) == 8
    session = fake_stripe.session_for(order.number)
    assert session["amount_total"] == order.total_vnd == 250_000 + order.shipping_vnd
    webhook_paid(fake_stripe, client, order)
    order = reload(order)
    assert (order.status, order.payment.status) == (OrderStatus.PLACED, PaymentStatus.PAID)

    # shipped → delivered, credited to the producer's ledger less 5 %
    parcel = order.shop_orders[0]
    services.confirm_shop_order(parcel, actor_id=owner.id)
    services.pack_shop_order(parcel, actor_id=owner.id)
    services.ship_shop_order(parcel, carrier="Viettel Post", tracking_code="VTP123456",
                             actor_id=owner.id)
    services.deliver_shop_order(parcel, actor_id=owner.id)
    order = reload(order)
    assert order.status == OrderStatus.COMPLETED
    owed = order.total_vnd - 12_500
    ledger = [(e.kind, e.amount_vnd) for e in db.session.scalars(
        select(LedgerEntry).order_by(LedgerEntry.id))]
    assert ledger == [(EntryKind.SALE, order.total_vnd), (EntryKind.COMMISSION, -12_500)]

    # the owner gives a bank account; the payout run pays it; the office confirms
    auth.logout()
    auth.login(owner.email)
    client.post("/dashboard/producer/balance/account", data={
        "bank_name": "Vietcombank", "account_no": "0011001234567",
        "account_name": "HTX CHE HAO DAT"})
    result = runner.invoke(args=["settlement", "payouts", "--until", today().isoformat()])
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["producer"], row["amount_vnd"], row["account_no"]) == (
        "HTX chè Hảo Đạt", str(owed), "0011001234567")
    auth.logout()
    auth.login(make_user(role="office").email)
    payout_id = int(row["reference"].split()[-1])
    client.post(f"/dashboard/office/settlement/payouts/{payout_id}/sent",
                data={"bank_reference": "FT26333"})
    auth.logout()
    auth.login(owner.email)
    page = client.get("/dashboard/producer/balance").get_data(as_text=True)
    assert "Đã chuyển" in page and f"{owed:,}".replace(",", ".") in page

    # a second card order, paid, then cancelled by the shopper: refunded, stock back
    auth.logout()
    second = place_by_card(client, auth, shopper, [(tea, 3)])
    webhook_paid(fake_stripe, client, second)
    assert stock(tea) == 5
    response = client.post(f"/orders/{second.number}/cancel")
    assert response.status_code == 303
    second = reload(second)
    assert second.status == OrderStatus.CANCELLED
    assert second.payment.status == PaymentStatus.REFUNDED
    (refund,) = fake_stripe.calls("POST", "/v1/refunds")
    assert int(refund.params["amount"]) == second.total_vnd
    assert stock(tea) == 8
    # nothing of the cancelled order reached the producer's ledger
    assert db.session.scalar(select(LedgerEntry).where(
        LedgerEntry.shop_order_id == second.shop_orders[0].id)) is None


@pytest.fixture
def live_server(app, db):
    """The app served on 127.0.0.1 so the fake posts webhooks over real HTTP."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_webhooks_over_real_http_are_verified_on_the_raw_body(live_server, fake_stripe, db):
    from tests.payments.stripe_support import card_order

    order, checkout = card_order()
    event = completed(fake_stripe, checkout)
    assert fake_stripe.deliver(live_server, event, secret="whsec_wrong")[0] == 400
    status, body = fake_stripe.deliver(live_server, event)
    assert (status, body) == (200, {"status": "applied", "outcome": "paid"})
    assert fake_stripe.deliver(live_server, event) == (200, {"status": "duplicate",
                                                             "outcome": "already recorded"})
    assert reload(order).payment.status == PaymentStatus.PAID
    assert reload(order).shop_orders[0].status == ShopOrderStatus.PENDING


def test_the_same_event_delivered_twice_at_once_is_applied_once(live_server, fake_stripe, db):
    from sqlalchemy import func

    from marketplace.orders.models import OrderEvent
    from marketplace.payments.stripe_models import StripeEvent
    from tests.payments.stripe_support import card_order

    order, checkout = card_order()
    event = completed(fake_stripe, checkout)
    start, answers = threading.Barrier(4), []

    def send():
        start.wait()
        answers.append(fake_stripe.deliver(live_server, event))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    statuses = sorted(body["status"] for _, body in answers)
    assert [code for code, _ in answers] == [200] * 4
    assert statuses == ["applied", "duplicate", "duplicate", "duplicate"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(StripeEvent)) == 1
    assert db.session.scalar(select(func.count()).select_from(OrderEvent).where(
        OrderEvent.order_id == order.id, OrderEvent.machine == "payment")) == 1
