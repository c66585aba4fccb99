"""Shared helpers of the review tests: orders moved to a status, reviews through the service."""
from __future__ import annotations

from sqlalchemy import delete

from marketplace.cart.models import Cart
from marketplace.extensions import db
from marketplace.orders import services as orders
from marketplace.reviews import services
from tests.factories import make_order, make_product, make_user

STEPS = {
    "pending": (),
    "shipped": ("confirm", "pack", "ship"),
    "delivered": ("confirm", "pack", "ship", "deliver"),
    "cancelled": ("cancel",),
}


def move(shop_order, status: str) -> None:
    """Take a pending shop order to ``status`` through the real order services."""
    for step in STEPS[status]:
        if step == "ship":
            orders.ship_shop_order(shop_order, carrier="GHN", tracking_code=f"GHN{shop_order.id}")
        elif step == "cancel":
            orders.cancel_shop_order(shop_order, actor_id=None)
        else:
            getattr(orders, f"{step}_shop_order")(shop_order)


def bought(product=None, *, user=None, status: str = "delivered"):
    """(order, line): ``user`` bought one ``product`` and the parcel reached ``status``."""
    product = product or make_product()
    if user is not None:  # a shopper's next order starts from a new cart
        db.session.execute(delete(Cart).where(Cart.user_id == user.id))
    order = make_order(user or make_user(), [(product, 1)])
    move(order.shop_orders[0], status)
    return order, order.shop_orders[0].lines[0]


def reviewed(product, rating: int, body: str = "", *, user=None):
    """A verified review of ``product``: bought, delivered, then reviewed through the service."""
    order, line = bought(product, user=user)
    return services.create_review(order.user_id, line.id, rating, body)
