"""Outlet stock: counter sales (also by stamp serial), counts, history adding up."""
import threading

import pytest
from sqlalchemy import select

from marketplace.outlets import shelf
from marketplace.outlets.exceptions import OutletInvalid, ShelfStockRefused
from marketplace.outlets.models import OutletStock
from tests.factories import make_batch, make_outlet, make_outlet_stock, make_product


def test_a_counter_sale_takes_units_and_is_recorded(db):
    outlet, product = make_outlet(), make_product()
    make_outlet_stock(outlet, product, on_hand=5)

    assert shelf.sell(outlet, product.id, "3", actor_id=None) == 2
    with pytest.raises(ShelfStockRefused):
        shelf.sell(outlet, product.id, "3", actor_id=None)
    with pytest.raises(OutletInvalid):
        shelf.sell(outlet, product.id, "0", actor_id=None)

    assert shelf.item(outlet.id, product.id).on_hand == 2
    assert [m.reason for m in shelf.history(outlet.id, product.id)] == ["counter_sale", "opening"]
    assert shelf.movement_total(outlet.id, product.id) == 2


def test_a_stamped_unit_is_sold_once(db):
    from marketplace.trace.services import create_stamps
    from marketplace.trace.models import TraceEvent

    outlet, product = make_outlet(), make_product()
    make_outlet_stock(outlet, product, on_hand=2)
    batch = make_batch(product)
    (stamp,) = create_stamps(batch, 1)
    db.session.commit()

    sold, left = shelf.sell_by_stamp(outlet, stamp.serial.lower(), actor_id=None)
    assert (sold.id, left) == (product.id, 1)
    with pytest.raises(OutletInvalid) as error:
        shelf.sell_by_stamp(outlet, stamp.serial, actor_id=None)

    assert "đã được bán" in str(error.value)
    assert shelf.item(outlet.id, product.id).on_hand == 1
    assert db.session.scalar(select(TraceEvent.biz_step).where(
        TraceEvent.batch_id == batch.id).order_by(TraceEvent.id.desc())) == "retail_selling"


def test_an_unknown_stamp_is_refused(db):
    outlet = make_outlet()

    with pytest.raises(OutletInvalid):
        shelf.sell_by_stamp(outlet, "KHONGCO123", actor_id=None)


def test_a_count_records_each_difference(db):
    outlet, a, b = make_outlet(), make_product(), make_product()
    make_outlet_stock(outlet, a, on_hand=5)
    make_outlet_stock(outlet, b, on_hand=7)

    changed = shelf.record_count(outlet, {a.id: "4", b.id: "7"}, actor_id=None)

    assert changed == 1
    (count, _opening) = shelf.history(outlet.id, a.id)
    assert (count.reason, count.delta, count.on_hand_after) == ("count", -1, 4)
    assert shelf.movement_total(outlet.id, b.id) == 7


def test_levels_need_a_target_above_the_reorder_point():
    with pytest.raises(OutletInvalid):
        shelf.check_levels("10", "10")
    assert shelf.check_levels("5", "20") == shelf.Levels(5, 20)


def test_two_tills_never_sell_the_last_unit_twice(app, db):
    outlet, product = make_outlet(), make_product()
    make_outlet_stock(outlet, product, on_hand=3)
    outlet_id, product_id = outlet.id, product.id
    db.session.remove()
    barrier = threading.Barrier(6)
    results = []

    def sell():
        from marketplace.outlets.models import Outlet

        with app.app_context():
            mine = db.session.get(Outlet, outlet_id)
            barrier.wait()
            try:
                shelf.sell(mine, product_id, "1", actor_id=None)
                results.append("sold")
            except ShelfStockRefused:
                results.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sell) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(results) == ["refused"] * 3 + ["sold"] * 3
    assert db.session.scalar(select(OutletStock.on_hand).where(
        OutletStock.outlet_id == outlet_id)) == 0
