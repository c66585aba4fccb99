"""Helpers for the card payment tests: place a card order, pay it, move its parcels on."""
from __future__ import annotations

from sqlalchemy import select

from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.orders import services
from marketplace.orders.models import Order
from marketplace.payments import card
from tests.factories import make_order, make_producer, make_product


def stock(product) -> int:
    return db.session.scalar(select(Product.stock).where(Product.id == product.id))


def reload(order) -> Order:
    db.session.expire_all()
    return db.session.get(Order, order.id)


def card_order(items=None, **fields):
    """A card order placed through the service, with its Checkout Session opened (as the
    checkout view does after the commit). Returns (order, checkout)."""
    order = make_order(items=items, method="card", **fields)
    checkout = card.open_checkout(order)
    return order, checkout


def two_parcel_card_order():
    """Two producers: 2 × 100.000 ₫ and 1 × 50.000 ₫, each with its own shipping."""
    a = make_product(producer=make_producer(), price_vnd=100_000, stock=5)
    b = make_product(producer=make_producer(), price_vnd=50_000, stock=5)
    order, checkout = card_order(items=[(a, 2), (b, 1)])
    return order, checkout, a, b


def completed(fake, checkout, **kwargs):
    """Stripe's ``checkout.session.completed`` after the shopper paid (in the fake)."""
    return fake.event("checkout.session.completed", fake.pay(checkout.session_id, **kwargs))


def pay_by_webhook(fake, client, checkout):
    response = fake.deliver(client, completed(fake, checkout))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def deliver(shop_order):
    """Producer: confirm, pack, ship, courier delivers."""
    services.confirm_shop_order(shop_order)
    services.pack_shop_order(shop_order)
    services.ship_shop_order(shop_order, carrier="Viettel Post", tracking_code="VTP0001")
    services.deliver_shop_order(shop_order)
