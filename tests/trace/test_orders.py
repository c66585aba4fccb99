"""A marketplace parcel writes shipping and receiving events on its known batches."""
from sqlalchemy import select

from marketplace.orders import services
from marketplace.trace.models import TraceEvent
from tests.factories import DEFAULT_PASSWORD, make_batch, make_order, make_product, make_user


def ship_and_deliver(shop_order):
    services.confirm_shop_order(shop_order)
    services.pack_shop_order(shop_order)
    services.ship_shop_order(shop_order, carrier="Viettel Post", tracking_code="VTP123")
    services.deliver_shop_order(shop_order)


def steps(db, batch):
    return db.session.execute(select(TraceEvent.biz_step, TraceEvent.quantity,
                                     TraceEvent.place_code, TraceEvent.source)
                              .where(TraceEvent.batch_id == batch.id)
                              .order_by(TraceEvent.id)).all()


def test_a_products_only_batch_gets_shipping_and_receiving(db):
    product = make_product(stock=10)
    batch = make_batch(product)
    order = make_order(items=[(product, 2)])

    ship_and_deliver(order.shop_orders[0])

    rows = steps(db, batch)
    assert [r.biz_step for r in rows] == ["commissioning", "shipping", "receiving"]
    assert rows[1].quantity == rows[2].quantity == 2
    assert rows[2].place_code == "VN-19-05503"  # the buyer's commune only
    assert rows[2].source == "order"


def test_with_several_batches_only_the_chosen_one_is_traced(db, app):
    product = make_product(stock=10)
    old, new = make_batch(product, code="L1"), make_batch(product, code="L2")
    order = make_order(items=[(product, 1)])
    shop_order = order.shop_orders[0]
    owner = make_user(role="producer", producer=product.producer)
    client = app.test_client()
    client.post("/login", data={"email": owner.email, "password": DEFAULT_PASSWORD})

    page = client.get(f"/dashboard/producer/orders/{shop_order.id}").get_data(as_text=True)
    assert 'id="trace-batches"' in page and "L1" in page and "L2" in page
    response = client.post(f"/dashboard/producer/orders/{shop_order.id}/batches",
                           data={f"batch_{product.id}": str(new.id)})
    assert response.status_code == 303
    ship_and_deliver(shop_order)

    assert [r.biz_step for r in steps(db, old)] == ["commissioning"]
    assert [r.biz_step for r in steps(db, new)] == ["commissioning", "shipping", "receiving"]


def test_without_a_known_batch_nothing_is_recorded(db):
    product = make_product(stock=10)
    make_batch(product, code="L1")
    make_batch(product, code="L2")
    order = make_order(items=[(product, 1)])

    ship_and_deliver(order.shop_orders[0])

    assert db.session.scalar(select(TraceEvent.id).where(
        TraceEvent.biz_step == "shipping")) is None


def test_another_producer_cannot_set_a_parcels_batch(db, app):
    product = make_product(stock=10)
    batch = make_batch(product)
    order = make_order(items=[(product, 1)])
    stranger = make_user(role="producer")
    client = app.test_client()
    client.post("/login", data={"email": stranger.email, "password": DEFAULT_PASSWORD})

    response = client.post(f"/dashboard/producer/orders/{order.shop_orders[0].id}/batches",
                           data={f"batch_{product.id}": str(batch.id)})

    assert response.status_code == 404
