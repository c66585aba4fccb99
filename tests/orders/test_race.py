"""The invariant under concurrency: never oversold, on SQLite (file) and PostgreSQL.

Buyers check out at the same moment from threads, each in its own app context and so its
own database session and connection, straight through the service layer.
"""
import threading

from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalog.models import Product
from marketplace.orders.models import Order, OrderLine
from marketplace.orders.services import place_order
from tests.concurrency import checkout_race
from tests.factories import checkout_details, make_cart, make_product, make_user

BUYERS, STOCK = 12, 5


def test_the_last_units_are_never_sold_twice(app, db):
    product = make_product(stock=STOCK, price_vnd=100_000)
    product_id = product.id
    user_ids = []
    for _ in range(BUYERS):
        user = make_user()
        make_cart(user, items=[(product, 1)])
        user_ids.append(user.id)
    outcomes = list(checkout_race(app, user_ids, "race-key").values())

    assert sorted(outcomes) == ["placed"] * STOCK + ["refused"] * (BUYERS - STOCK)
    db.session.expire_all()
    sold = db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0)))
    left = db.session.scalar(select(Product.stock).where(Product.id == product_id))
    assert (sold, left) == (STOCK, 0)
    assert db.session.scalar(select(func.count()).select_from(Order)) == STOCK


def test_a_double_submit_at_the_same_moment_makes_one_order(app, db):
    product = make_product(stock=5)
    product_id = product.id
    user = make_user()
    make_cart(user, items=[(product, 2)])
    user_id = user.id
    db.session.remove()
    barrier = threading.Barrier(2)
    numbers: list[str] = []

    def submit() -> None:
        with app.app_context():
            shopper = db.session.get(User, user_id)
            barrier.wait()
            try:
                numbers.append(place_order(shopper, checkout_details(),
                                           "same-token-twice-0001").number)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(numbers) == 2 and numbers[0] == numbers[1]
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
    assert db.session.scalar(select(Product.stock).where(Product.id == product_id)) == 3
