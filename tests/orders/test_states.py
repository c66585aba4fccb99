"""The three state machines: every allowed transition works, every other one is refused."""
import itertools

import pytest
from sqlalchemy import select, update

from marketplace.orders.exceptions import InvalidTransition
from marketplace.orders.models import Order, OrderEvent, ShopOrder
from marketplace.orders.states import (
    ORDER_MACHINE, PAYMENT_MACHINE, SHOP_ORDER_MACHINE, OrderStatus, PaymentStatus,
    ShopOrderStatus, apply_transition,
)
from marketplace.payments.models import Payment
from tests.factories import make_order

MACHINES = {
    "order": (ORDER_MACHINE, OrderStatus, Order),
    "shop_order": (SHOP_ORDER_MACHINE, ShopOrderStatus, ShopOrder),
    "payment": (PAYMENT_MACHINE, PaymentStatus, Payment),
}
EXPECTED = {
    "order": {("placed", "confirmed"), ("placed", "cancelled"), ("confirmed", "completed"),
              ("confirmed", "cancelled")},
    "shop_order": {("pending", "confirmed"), ("pending", "cancelled"), ("confirmed", "packed"),
                   ("confirmed", "cancelled"), ("packed", "shipped"), ("packed", "cancelled"),
                   ("shipped", "delivered"), ("shipped", "delivery_failed")},
    "payment": {("unpaid", "paid"), ("unpaid", "expired"), ("paid", "refunded")},
}
ALL_PAIRS = [(name, a.value, b.value) for name, (_, enum, _) in MACHINES.items()
             for a, b in itertools.product(enum, enum)]


def test_the_tables_are_exactly_the_issues_machines():
    for name, (machine, enum, _) in MACHINES.items():
        allowed = {(a.value, b.value) for a in enum for b in enum if machine.allows(a, b)}
        assert allowed == EXPECTED[name]


def _record_in(name: str, status: str, db):
    """A real order's record of machine ``name``, put directly in ``status``."""
    order = make_order()
    _, enum, model = MACHINES[name]
    record = {"order": order, "shop_order": order.shop_orders[0], "payment": order.payment}[name]
    db.session.execute(update(model).where(model.id == record.id).values(status=enum(status)))
    db.session.commit()
    db.session.expire_all()
    return db.session.get(model, record.id)


@pytest.mark.parametrize(("name", "current", "target"), ALL_PAIRS,
                         ids=[f"{n}:{a}->{b}" for n, a, b in ALL_PAIRS])
def test_every_transition_is_applied_or_refused_by_the_table(db, name, current, target):
    record = _record_in(name, current, db)
    _, enum, model = MACHINES[name]
    if (current, target) in EXPECTED[name]:
        apply_transition(record, target, note="test")
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(model, record.id).status == enum(target)
        event = db.session.scalars(select(OrderEvent).order_by(OrderEvent.id.desc())).first()
        assert (event.machine, event.from_status, event.to_status) == (name, current, target)
    else:
        with pytest.raises(InvalidTransition):
            apply_transition(record, target)
        db.session.rollback()
        db.session.expire_all()
        assert db.session.get(model, record.id).status == enum(current)


def test_a_transition_made_meanwhile_elsewhere_makes_the_stale_one_fail(db):
    order = make_order()
    shop_order = order.shop_orders[0]  # read as pending
    db.session.execute(update(ShopOrder).where(ShopOrder.id == shop_order.id)
                       .values(status=ShopOrderStatus.CANCELLED)
                       .execution_options(synchronize_session=False))  # another transaction won
    with pytest.raises(InvalidTransition, match="vừa được thay đổi"):
        apply_transition(shop_order, ShopOrderStatus.CONFIRMED)
