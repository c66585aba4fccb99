"""Stateful properties of the order, restock-order and dossier state machines.

Hypothesis drives each through random sequences of the real services. A model written
from the documented tables (orders/states.py, outlets/restock_states.py,
ocop/workflow.py) says which moves are allowed: those must succeed, the others must
raise the domain exception and change nothing. After every step the database must
match the model: terminal states stay terminal, and stock is conserved (units come
back exactly once when a parcel is cancelled or refused, move exactly once in a restock).
"""
from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from marketplace.catalog.models import Product
from marketplace.extensions import db as _db
from marketplace.ocop import workflow
from marketplace.ocop.dossier_models import Dossier, DossierEvent, DossierState
from marketplace.ocop.exceptions import InvalidDossierTransition
from marketplace.orders import services as orders
from marketplace.orders.exceptions import InvalidTransition
from marketplace.orders.models import Order
from marketplace.outlets import restock, shelf
from marketplace.outlets.exceptions import InvalidRestockTransition
from marketplace.outlets.restock_models import RestockOrder, RestockStatus
from tests.factories import (
    make_dossier, make_order, make_outlet, make_outlet_stock, make_producer, make_product,
    make_restock, make_wholesale,
)

# Runs are often short, so the cheaper machines get more of them.
STATEFUL = settings(max_examples=20, stateful_step_count=15, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
MORE_RUNS = settings(STATEFUL, max_examples=50)


def fresh(model, record_id):
    """The record as committed (a refused service rolled the session back)."""
    _db.session.expire_all()
    return _db.session.get(model, record_id)


# --- orders: two parcels of one COD order ---------------------------------------------------

# Each parcel action: (status it needs, status it leads to), from the shop order table.
PARCEL_MOVES = {
    "confirm": ({"pending"}, "confirmed"),
    "pack": ({"confirmed"}, "packed"),
    "ship": ({"packed"}, "shipped"),
    "deliver": ({"shipped"}, "delivered"),
    "fail_delivery": ({"shipped"}, "delivery_failed"),
    "cancel": ({"pending", "confirmed", "packed"}, "cancelled"),
}
RELEASED = {"cancelled", "delivery_failed"}
QUANTITIES = (2, 3)
STOCK = 10


def rolled_up(parts: list[str], previous: str) -> str:
    """The order's status from its parcels (orders/operations.py, ``sync_order_status``)."""
    if all(p in RELEASED for p in parts):
        return "cancelled"
    if all(p in RELEASED | {"delivered"} for p in parts):
        return "completed"
    if previous == "placed" and any(p != "pending" for p in parts if p not in RELEASED):
        return "confirmed"
    return previous


class OrderLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        products = [make_product(stock=STOCK, producer=make_producer()) for _ in QUANTITIES]
        order = make_order(items=list(zip(products, QUANTITIES)))
        self.order_id = order.id
        self.product_ids = [p.id for p in products]
        # Parcels in the order of the products they carry.
        by_product = {s.lines[0].product_id: s.id for s in order.shop_orders}
        self.parcel_ids = [by_product[p] for p in self.product_ids]
        self.parcels = ["pending"] * len(QUANTITIES)
        self.status = "placed"

    def _parcel(self, index: int):
        order = fresh(Order, self.order_id)
        return next(s for s in order.shop_orders if s.id == self.parcel_ids[index])

    def _call(self, action: str, shop_order) -> None:
        if action == "ship":
            orders.ship_shop_order(shop_order, carrier="Viettel Post", tracking_code="VT1")
        elif action == "fail_delivery":
            orders.fail_delivery(shop_order, reason="Người nhận từ chối")
        elif action == "cancel":
            orders.cancel_shop_order(shop_order, actor_id=None)
        else:
            getattr(orders, f"{action}_shop_order")(shop_order)

    @rule(index=st.sampled_from(range(len(QUANTITIES))),
          action=st.sampled_from([*PARCEL_MOVES, "cancel_order"]))
    def try_anything(self, index, action):
        if action == "cancel_order":
            self.cancel_the_order()
        else:
            self.move_a_parcel(index, action)

    @rule(index=st.sampled_from(range(len(QUANTITIES))), pick=st.integers(0, 5))
    def advance_a_parcel(self, index, pick):
        """An allowed move, so that deep states (shipped, refused at the door) are reached."""
        state = self.parcels[index]
        allowed = sorted(a for a, (needs, _) in PARCEL_MOVES.items() if state in needs)
        if allowed:
            self.move_a_parcel(index, allowed[pick % len(allowed)])

    def move_a_parcel(self, index: int, action: str) -> None:
        needs, target = PARCEL_MOVES[action]
        allowed = self.parcels[index] in needs
        try:
            self._call(action, self._parcel(index))
        except InvalidTransition:
            assert not allowed, (action, self.parcels)
        else:
            assert allowed, (action, self.parcels)
            self.parcels[index] = target
            self.status = rolled_up(self.parcels, self.status)

    def cancel_the_order(self) -> None:
        cancellable = {"pending", "confirmed", "packed"}
        allowed = (self.status in ("placed", "confirmed")
                   and all(p in cancellable | {"cancelled"} for p in self.parcels)
                   and any(p in cancellable for p in self.parcels))
        try:
            orders.cancel_order(fresh(Order, self.order_id), actor_id=None)
        except InvalidTransition:
            assert not allowed, self.parcels
        else:
            assert allowed, self.parcels
            self.parcels = ["cancelled"] * len(self.parcels)
            self.status = "cancelled"

    @invariant()
    def statuses_match_the_model(self):
        order = fresh(Order, self.order_id)
        assert [str(self._parcel(i).status) for i in range(len(self.parcels))] == self.parcels
        assert str(order.status) == self.status
        expected_payment = {"cancelled": "expired", "completed": "paid"}.get(self.status,
                                                                             "unpaid")
        assert str(order.payment.status) == expected_payment

    @invariant()
    def stock_comes_back_exactly_once(self):
        for product_id, quantity, parcel in zip(self.product_ids, QUANTITIES, self.parcels):
            held = 0 if parcel in RELEASED else quantity
            assert fresh(Product, product_id).stock == STOCK - held


def test_order_state_machine(db):
    run_state_machine_as_test(OrderLifecycle, settings=STATEFUL)


# --- restock orders: an outlet orders from a producer ---------------------------------------

R = RestockStatus
RESTOCK_TABLE = {  # outlets/restock_states.py
    R.PLACED: {R.ACCEPTED, R.REFUSED, R.CANCELLED},
    R.ACCEPTED: {R.SHIPPED, R.CANCELLED},
    R.SHIPPED: {R.RECEIVED},
}
RESTOCK_UNITS, PRODUCER_STOCK, SHELF = 10, 100, 3


class RestockLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        product = make_product(stock=PRODUCER_STOCK, producer=make_producer())
        make_wholesale(product, ((1, 90_000),))
        outlet = make_outlet()
        make_outlet_stock(outlet, product, on_hand=SHELF)
        (order,) = make_restock(outlet, [(product, RESTOCK_UNITS)])
        self.order_id, self.product_id, self.outlet_id = order.id, product.id, outlet.id
        self.status = R.PLACED

    @rule(wanted=st.sampled_from(list(R)))
    def move(self, wanted):
        order = fresh(RestockOrder, self.order_id)
        allowed = wanted in RESTOCK_TABLE.get(self.status, set())
        call = {
            R.ACCEPTED: lambda: restock.accept(order, actor_id=None),
            R.REFUSED: lambda: restock.refuse(order, reason="Hết hàng", actor_id=None),
            R.CANCELLED: lambda: restock.cancel(order, actor_id=None),
            R.SHIPPED: lambda: restock.ship(order, carrier="Cơ sở tự giao", actor_id=None),
            R.RECEIVED: lambda: restock.receive(order, actor_id=None),
        }.get(wanted)
        if call is None:  # back to "placed": no service offers it
            return
        try:
            call()
        except InvalidRestockTransition:
            assert not allowed, (self.status, wanted)
        else:
            assert allowed, (self.status, wanted)
            self.status = wanted

    @rule(pick=st.integers(0, 5))
    def advance(self, pick):
        """An allowed move, so that every state is reached."""
        allowed = sorted(RESTOCK_TABLE.get(self.status, ()))
        if allowed:
            self.move(allowed[pick % len(allowed)])

    @invariant()
    def status_matches_the_model(self):
        assert fresh(RestockOrder, self.order_id).status == self.status

    @invariant()
    def units_move_once_from_producer_to_shelf(self):
        left = self.status in (R.SHIPPED, R.RECEIVED)
        arrived = self.status == R.RECEIVED
        assert fresh(Product, self.product_id).stock == PRODUCER_STOCK - left * RESTOCK_UNITS
        assert shelf.item(self.outlet_id, self.product_id).on_hand == (
            SHELF + arrived * RESTOCK_UNITS)


def test_restock_order_state_machine(db):
    run_state_machine_as_test(RestockLifecycle, settings=MORE_RUNS)


# --- OCOP dossiers: the workflow table itself -----------------------------------------------

D = DossierState
DOSSIER_TABLE = {  # the diagram of ocop/workflow.py
    D.DRAFT: {D.SUBMITTED, D.WITHDRAWN},
    D.SUBMITTED: {D.COUNCIL_SCORING, D.RETURNED, D.WITHDRAWN},
    D.RETURNED: {D.SUBMITTED, D.WITHDRAWN},
    D.COUNCIL_SCORING: {D.SCORED},
    D.SCORED: {D.CERTIFIED, D.NOT_CERTIFIED, D.MINISTRY_REVIEW},
    D.MINISTRY_REVIEW: {D.CERTIFIED, D.SCORED},
}
STAGES_WITH_DEADLINES = {D.SUBMITTED, D.RETURNED, D.COUNCIL_SCORING, D.SCORED,
                         D.MINISTRY_REVIEW}


class DossierLifecycle(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dossier_id = make_dossier().id
        self.state, self.moves = D.DRAFT, 0
        self.events_before = self._events()

    def _events(self) -> int:
        return _db.session.query(DossierEvent).filter_by(dossier_id=self.dossier_id).count()

    @rule(wanted=st.sampled_from(list(D)))
    def move(self, wanted):
        allowed = wanted in DOSSIER_TABLE.get(self.state, set())
        try:
            workflow.apply_transition(fresh(Dossier, self.dossier_id), wanted, note="fuzz")
            _db.session.commit()
        except InvalidDossierTransition:
            _db.session.rollback()
            assert not allowed, (self.state, wanted)
        else:
            assert allowed, (self.state, wanted)
            self.state, self.moves = wanted, self.moves + 1

    @rule(pick=st.integers(0, 5))
    def advance(self, pick):
        """An allowed move, so that every state is reached."""
        allowed = sorted(DOSSIER_TABLE.get(self.state, ()))
        if allowed:
            self.move(allowed[pick % len(allowed)])

    @invariant()
    def state_and_trail_match_the_model(self):
        dossier = fresh(Dossier, self.dossier_id)
        assert dossier.state == self.state
        if self.moves:  # each stage entered gets its deadline, a final state none
            assert (dossier.due_on is not None) == (self.state in STAGES_WITH_DEADLINES)
        assert self._events() == self.events_before + self.moves  # one event per move


def test_dossier_state_machine(db):
    run_state_machine_as_test(DossierLifecycle, settings=MORE_RUNS)
