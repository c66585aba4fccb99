"""Restock orders: split per producer, tier prices, MOQ, the state machine, stock moves once."""
import threading

import pytest
from sqlalchemy import func, select

from marketplace.catalog.models import Product, StockMovement, StockReason
from marketplace.notifications.models import OutboxMessage
from marketplace.outlets import restock, shelf
from marketplace.outlets.exceptions import (
    InvalidRestockTransition, OutletInvalid, ShelfStockRefused,
)
from marketplace.outlets.models import OutletMovement, OutletReason, OutletStock
from marketplace.outlets.restock_models import RestockDraftLine, RestockOrder, RestockStatus
from marketplace.outlets.restock_states import RESTOCK_MACHINE
from marketplace.settlement.models import LedgerEntry
from tests.factories import (
    make_batch, make_outlet, make_outlet_stock, make_producer, make_product, make_restock,
    make_user, make_wholesale,
)

R = RestockStatus
TIERS = ((1, 100_000), (10, 90_000), (50, 80_000))


@pytest.fixture
def setup(db):
    tea_house = make_producer("HTX chè Hảo Đạt", email="haodat@example.vn")
    honey_house = make_producer("HTX nuôi ong Phúc Thành")
    tea = make_product("Chè tôm nõn", producer=tea_house, stock=100, price_vnd=150_000)
    honey = make_product("Mật ong Phúc Thành", producer=honey_house, stock=40)
    make_wholesale(tea, TIERS, moq=5)
    make_wholesale(honey, ((1, 120_000),))
    outlet = make_outlet("Điểm bán OCOP xã Tân Cương")
    make_user(role="outlet", outlet=outlet, email="diem-ban@example.vn")
    return outlet, tea, honey


def test_a_request_splits_into_one_order_per_producer_at_tier_prices(setup):
    outlet, tea, honey = setup

    orders = make_restock(outlet, [(tea, 10), (honey, 3)])

    assert len(orders) == 2
    by_producer = {o.producer.name: o for o in orders}
    tea_order = by_producer["HTX chè Hảo Đạt"]
    assert [(l.quantity, l.unit_price_vnd, l.retail_price_vnd) for l in tea_order.lines] == [
        (10, 90_000, 150_000)]
    assert tea_order.subtotal_vnd == 900_000
    assert by_producer["HTX nuôi ong Phúc Thành"].subtotal_vnd == 360_000
    assert all(o.number.startswith("NH-") and o.status == R.PLACED for o in orders)
    assert restock.draft_lines(outlet.id) == []


def test_each_producer_is_mailed_its_order(setup, db):
    outlet, tea, honey = setup

    orders = make_restock(outlet, [(tea, 10), (honey, 3)])

    tea_order = next(o for o in orders if o.producer_id == tea.producer_id)
    subjects = db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.to_address == "haodat@example.vn")).all()
    assert subjects == [f"Chợ OCOP: đơn nhập hàng mới {tea_order.number} từ Điểm bán OCOP xã "
                        "Tân Cương"]


def test_below_the_moq_nothing_is_placed_and_the_line_is_named(setup, db):
    outlet, tea, honey = setup
    restock.add_to_draft(outlet, tea.id, "4")
    restock.add_to_draft(outlet, honey.id, "2")

    with pytest.raises(OutletInvalid) as error:
        restock.place(outlet, payment_terms="on_delivery", note="", request_key="k" * 20,
                      actor_id=None)

    assert "«Chè tôm nõn»: cơ sở chỉ nhận đơn từ 5 sản phẩm" in str(error.value)
    assert db.session.scalar(select(func.count()).select_from(RestockOrder)) == 0
    assert len(restock.draft_lines(outlet.id)) == 2


def test_the_same_request_key_places_once(setup, db):
    outlet, tea, _ = setup
    first = make_restock(outlet, [(tea, 10)], key="same-key-0000000001")
    restock.add_to_draft(outlet, tea.id, "10")

    again = restock.place(outlet, payment_terms="on_delivery", note="",
                          request_key="same-key-0000000001", actor_id=None)

    assert [o.id for o in again] == [o.id for o in first]
    assert db.session.scalar(select(func.count()).select_from(RestockOrder)) == 1


def test_a_product_not_offered_cannot_be_added(setup):
    outlet, _, _ = setup
    other = make_product()

    with pytest.raises(OutletInvalid.__base__):
        restock.add_to_draft(outlet, other.id, "3")


def test_repeat_last_order_copies_its_lines(setup):
    outlet, tea, honey = setup
    make_restock(outlet, [(tea, 10), (honey, 3)])

    restock.draft_from_last_order(outlet)

    assert sorted((l.product_id, l.quantity) for l in restock.draft_lines(outlet.id)) == sorted(
        [(tea.id, 10), (honey.id, 3)])


def test_suggestions_fill_the_list(setup):
    outlet, tea, _ = setup
    make_outlet_stock(outlet, tea, on_hand=2, reorder_point=5, target_level=20)

    assert restock.draft_from_suggestions(outlet) == 1

    (line,) = restock.draft_lines(outlet.id)
    assert (line.product_id, line.quantity) == (tea.id, 18)


# ---------------------------------------------------------------- the state machine

@pytest.mark.parametrize("current, target", [
    (R.PLACED, R.ACCEPTED), (R.PLACED, R.REFUSED), (R.PLACED, R.CANCELLED),
    (R.ACCEPTED, R.SHIPPED), (R.ACCEPTED, R.CANCELLED), (R.SHIPPED, R.RECEIVED),
])
def test_allowed_transitions(current, target):
    assert RESTOCK_MACHINE.allows(current, target)


@pytest.mark.parametrize("current, target", [
    (R.PLACED, R.SHIPPED), (R.PLACED, R.RECEIVED), (R.ACCEPTED, R.RECEIVED),
    (R.ACCEPTED, R.REFUSED), (R.SHIPPED, R.CANCELLED), (R.SHIPPED, R.REFUSED),
    (R.REFUSED, R.ACCEPTED), (R.RECEIVED, R.SHIPPED), (R.CANCELLED, R.PLACED),
    (R.RECEIVED, R.CANCELLED),
])
def test_refused_transitions(current, target):
    assert not RESTOCK_MACHINE.allows(current, target)


def test_receiving_before_shipping_is_refused(setup):
    outlet, tea, _ = setup
    (order,) = make_restock(outlet, [(tea, 10)])

    with pytest.raises(InvalidRestockTransition):
        restock.receive(order, actor_id=None)
    restock.accept(order, actor_id=None)
    with pytest.raises(InvalidRestockTransition):
        restock.receive(order, actor_id=None)

    assert order.status == R.ACCEPTED


def test_refusing_needs_a_reason_and_tells_the_outlet(setup, db):
    outlet, tea, _ = setup
    (order,) = make_restock(outlet, [(tea, 10)])

    with pytest.raises(OutletInvalid):
        restock.refuse(order, reason="  ", actor_id=None)
    restock.refuse(order, reason="Hết chè vụ xuân", actor_id=None)

    assert (order.status, order.refuse_reason) == (R.REFUSED, "Hết chè vụ xuân")
    subject = db.session.scalar(select(OutboxMessage.subject).where(
        OutboxMessage.to_address == "diem-ban@example.vn"))
    assert subject.endswith(f"từ chối đơn nhập hàng {order.number}")


def test_shipping_takes_the_producers_stock_once_as_outlet_restock(setup, db):
    outlet, tea, _ = setup
    (order,) = make_restock(outlet, [(tea, 10)])
    restock.accept(order, actor_id=None)

    restock.ship(order, carrier="Viettel Post", tracking_code="VTP1", actor_id=None)

    db.session.expire_all()
    assert db.session.get(Product, tea.id).stock == 90
    movement = db.session.scalars(select(StockMovement).where(
        StockMovement.product_id == tea.id).order_by(StockMovement.id.desc())).first()
    assert (movement.delta, movement.reason, movement.note) == (-10, StockReason.OUTLET_RESTOCK,
                                                                order.number)
    with pytest.raises(InvalidRestockTransition):
        restock.ship(order, carrier="Viettel Post", actor_id=None)
    assert db.session.get(Product, tea.id).stock == 90


def test_shipping_more_than_the_producer_has_changes_nothing(setup, db):
    outlet, tea, _ = setup
    (order,) = make_restock(outlet, [(tea, 60)])
    restock.accept(order, actor_id=None)
    db.session.execute(Product.__table__.update().where(Product.id == tea.id).values(stock=59))
    db.session.commit()

    with pytest.raises(ShelfStockRefused):
        restock.ship(order, carrier="Cơ sở tự giao", actor_id=None)

    db.session.expire_all()
    assert db.session.get(RestockOrder, order.id).status == R.ACCEPTED
    assert db.session.get(Product, tea.id).stock == 59


def _shipped(outlet, items, **kwargs):
    orders = make_restock(outlet, items, **kwargs)
    for order in orders:
        restock.accept(order, actor_id=None)
        restock.ship(order, carrier="Cơ sở tự giao", actor_id=None)
    return orders


def test_receipt_adds_the_units_to_the_outlet_exactly_once(setup, db):
    outlet, tea, _ = setup
    make_outlet_stock(outlet, tea, on_hand=3)
    (order,) = _shipped(outlet, [(tea, 10)])

    restock.receive(order, actor_id=None)
    with pytest.raises(InvalidRestockTransition):
        restock.receive(order, actor_id=None)  # the double submit

    db.session.expire_all()
    assert shelf.item(outlet.id, tea.id).on_hand == 13
    assert shelf.movement_total(outlet.id, tea.id) == 13
    received = db.session.scalars(select(OutletMovement).where(
        OutletMovement.reason == OutletReason.RESTOCK)).all()
    assert [(m.delta, m.restock_order_id) for m in received] == [(10, order.id)]


def test_receipt_of_a_new_product_starts_carrying_it(setup, db):
    outlet, _, honey = setup
    (order,) = _shipped(outlet, [(honey, 4)])

    restock.receive(order, actor_id=None)

    assert shelf.item(outlet.id, honey.id).on_hand == 4


def test_two_receipts_at_the_same_moment_add_the_stock_once(app, setup, db):
    outlet, tea, _ = setup
    make_outlet_stock(outlet, tea, on_hand=0)
    (order,) = _shipped(outlet, [(tea, 10)])
    order_id, outlet_id, product_id = order.id, outlet.id, tea.id
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        with app.app_context():
            mine = db.session.get(RestockOrder, order_id)
            barrier.wait()
            try:
                restock.receive(mine, actor_id=None)
                outcomes.append("received")
            except InvalidRestockTransition:
                outcomes.append("refused")
            except Exception as exc:  # noqa: BLE001
                outcomes.append(f"error {exc!r}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes) == ["received", "refused"]
    assert db.session.scalar(select(OutletStock.on_hand).where(
        OutletStock.outlet_id == outlet_id, OutletStock.product_id == product_id)) == 10


def test_cancel_before_shipping_only(setup):
    outlet, tea, honey = setup
    first, second = make_restock(outlet, [(tea, 10), (honey, 2)])

    restock.cancel(first, actor_id=None)
    restock.accept(second, actor_id=None)
    restock.ship(second, carrier="Cơ sở tự giao", actor_id=None)

    assert first.status == R.CANCELLED
    with pytest.raises(InvalidRestockTransition):
        restock.cancel(second, actor_id=None)


# ---------------------------------------------------------------- money and trace

def test_pay_on_delivery_is_credited_at_receipt_with_the_cash_posted(setup, db):
    outlet, tea, _ = setup
    (order,) = _shipped(outlet, [(tea, 10)], payment_terms="on_delivery")

    restock.receive(order, actor_id=None)

    entries = {e.dedupe_key: e.amount_vnd for e in db.session.scalars(select(LedgerEntry))}
    assert entries == {f"restock-sale:{order.id}": 900_000, f"restock-cash:{order.id}": -900_000}
    assert order.is_paid


def test_transfer_on_invoice_is_credited_once_received_and_paid(setup, db):
    outlet, tea, _ = setup
    (order,) = _shipped(outlet, [(tea, 10)], payment_terms="transfer_invoice")

    restock.receive(order, actor_id=None)
    assert db.session.scalar(select(func.count()).select_from(LedgerEntry)) == 0
    assert restock.mark_paid(order, actor_id=None) is True
    assert restock.mark_paid(order, actor_id=None) is False

    entries = {e.dedupe_key: e.amount_vnd for e in db.session.scalars(select(LedgerEntry))}
    assert entries == {f"restock-sale:{order.id}": 900_000}


def test_shipping_and_receipt_record_trace_events_for_the_batch(setup, db):
    from marketplace.trace.models import TraceEvent

    outlet, tea, _ = setup
    batch = make_batch(tea, code="LO-XUAN-26")
    (order,) = make_restock(outlet, [(tea, 10)])
    restock.accept(order, actor_id=None)
    line = order.lines[0]

    restock.ship(order, carrier="Cơ sở tự giao", batch_codes={line.id: "LO-XUAN-26"},
                 actor_id=None)
    restock.receive(order, actor_id=None)

    steps = db.session.execute(select(TraceEvent.biz_step, TraceEvent.quantity, TraceEvent.source)
                               .where(TraceEvent.batch_id == batch.id)
                               .order_by(TraceEvent.id)).all()
    assert [(str(s), q, str(src)) for s, q, src in steps][-2:] == [
        ("shipping", 10, "restock"), ("receiving", 10, "restock")]
    assert order.lines[0].batch_code == "LO-XUAN-26"


def test_placing_needs_an_approved_outlet(db):
    from marketplace.outlets.models import OutletStatus

    outlet = make_outlet(status=OutletStatus.PENDING)
    product = make_product()
    make_wholesale(product)
    restock.add_to_draft(outlet, product.id, "1")

    with pytest.raises(OutletInvalid):
        restock.place(outlet, payment_terms="on_delivery", note="", request_key="x" * 20,
                      actor_id=None)
    assert db.session.scalar(select(func.count()).select_from(RestockDraftLine)) == 1


def test_a_gift_set_is_restocked_as_its_parts(setup):
    from tests.factories import make_gift_set

    outlet, tea, honey = setup
    gift = make_gift_set([(tea, 2), (honey, 1)])

    restock.add_to_draft(outlet, gift.id, "3")

    assert sorted((l.product_id, l.quantity) for l in restock.draft_lines(outlet.id)) == sorted(
        [(tea.id, 6), (honey.id, 3)])
