"""After placing: cancellation, shipping, delivery, refused COD, and every stock release path."""
import pytest
from sqlalchemy import select

from marketplace.catalog.models import Product
from marketplace.extensions import db as _db
from marketplace.notifications.models import OutboxMessage
from marketplace.orders import services
from marketplace.orders.exceptions import CheckoutInvalid, InvalidTransition
from marketplace.orders.models import Order, ShopOrder
from marketplace.orders.states import OrderStatus, PaymentStatus, ShopOrderStatus
from tests.factories import make_order, make_producer, make_product


def stock(product) -> int:
    return _db.session.scalar(select(Product.stock).where(Product.id == product.id))


def subjects(email) -> list[str]:
    return list(_db.session.scalars(select(OutboxMessage.subject)
                                    .where(OutboxMessage.to_address == email)
                                    .order_by(OutboxMessage.id)))


def two_parcel_order(method="cod"):
    a = make_product(producer=make_producer(), price_vnd=100_000, stock=5)
    b = make_product(producer=make_producer(), price_vnd=50_000, stock=5)
    order = make_order(items=[(a, 2), (b, 1)], method=method)
    return order, a, b


def reload(order) -> Order:
    _db.session.expire_all()
    return _db.session.get(Order, order.id)


def test_cancelling_the_order_returns_all_stock_and_ends_the_payment(db):
    order, a, b = two_parcel_order()
    services.cancel_order(order, actor_id=order.user_id)
    order = reload(order)
    assert order.status == OrderStatus.CANCELLED
    assert {s.status for s in order.shop_orders} == {ShopOrderStatus.CANCELLED}
    assert order.payment.status == PaymentStatus.EXPIRED
    assert (stock(a), stock(b)) == (5, 5)
    assert f"Chợ OCOP: đơn hàng {order.number} đã huỷ" in subjects(order.user.email)


def test_cancelling_one_parcel_keeps_the_other_and_lowers_what_is_due(db):
    order, a, b = two_parcel_order("vietqr")
    first, second = order.shop_orders
    services.cancel_shop_order(first, actor_id=order.user_id)
    order = reload(order)
    assert [s.status for s in order.shop_orders] == [ShopOrderStatus.CANCELLED,
                                                    ShopOrderStatus.PENDING]
    assert order.status == OrderStatus.PLACED
    assert order.payment.amount_vnd == order.total_vnd - first.total_vnd
    assert (stock(a), stock(b)) == (5, 4)
    assert f"Chợ OCOP: một phần đơn {order.number} đã huỷ" in subjects(order.user.email)


def test_a_parcel_is_released_once_even_if_cancelled_twice(db):
    order, a, _ = two_parcel_order()
    shop_order = order.shop_orders[0]
    services.cancel_shop_order(shop_order, actor_id=None)
    with pytest.raises(InvalidTransition):
        services.cancel_shop_order(shop_order, actor_id=None)
    assert stock(a) == 5


def test_nothing_can_be_cancelled_once_shipped(db):
    order, a, b = two_parcel_order()
    first = order.shop_orders[0]
    for step in (services.confirm_shop_order, services.pack_shop_order):
        step(first)
    services.ship_shop_order(first, carrier="Viettel Post", tracking_code="VTP123456")
    with pytest.raises(InvalidTransition, match="đã được gửi đi"):
        services.cancel_shop_order(first, actor_id=order.user_id)
    with pytest.raises(InvalidTransition, match="không thể huỷ cả đơn"):
        services.cancel_order(reload(order), actor_id=order.user_id)
    order = reload(order)
    assert [s.status for s in order.shop_orders] == [ShopOrderStatus.SHIPPED,
                                                    ShopOrderStatus.PENDING]
    assert (stock(a), stock(b)) == (3, 4)


def test_the_journey_to_completed_mails_the_shopper_and_settles_cod(db):
    order, _, _ = two_parcel_order()
    for shop_order in order.shop_orders:
        services.confirm_shop_order(shop_order)
        assert reload(order).status == OrderStatus.CONFIRMED
        services.pack_shop_order(shop_order)
        services.ship_shop_order(shop_order, carrier="GHN", tracking_code=f"GHN{shop_order.id}")
        services.deliver_shop_order(shop_order)
    order = reload(order)
    assert order.status == OrderStatus.COMPLETED
    assert order.payment.status == PaymentStatus.PAID
    assert order.payment.received_vnd == order.total_vnd
    assert order.shop_orders[0].tracking_code == f"GHN{order.shop_orders[0].id}"
    mails = subjects(order.user.email)
    assert mails.count(f"Chợ OCOP: kiện hàng của đơn {order.number} đang được giao") == 2
    assert mails.count(f"Chợ OCOP: kiện hàng của đơn {order.number} đã giao") == 2


def test_shipping_needs_a_carrier_and_a_tracking_code(db):
    order, _, _ = two_parcel_order()
    shop_order = order.shop_orders[0]
    services.confirm_shop_order(shop_order)
    services.pack_shop_order(shop_order)
    with pytest.raises(CheckoutInvalid):
        services.ship_shop_order(shop_order, carrier="GHN", tracking_code=" ")
    assert reload(order).shop_orders[0].status == ShopOrderStatus.PACKED


def test_a_refused_cod_parcel_returns_its_stock_and_ends_the_order(db):
    product = make_product(stock=4)
    order = make_order(items=[(product, 3)])
    shop_order = order.shop_orders[0]
    services.confirm_shop_order(shop_order)
    services.pack_shop_order(shop_order)
    services.ship_shop_order(shop_order, carrier="GHTK", tracking_code="S1")
    assert stock(product) == 1
    services.fail_delivery(shop_order, reason="Người nhận từ chối nhận hàng")
    order = reload(order)
    assert order.shop_orders[0].status == ShopOrderStatus.DELIVERY_FAILED
    assert order.status == OrderStatus.CANCELLED
    assert order.payment.status == PaymentStatus.EXPIRED
    assert stock(product) == 4


def test_one_delivered_one_refused_completes_with_the_delivered_amount_collected(db):
    order, a, b = two_parcel_order()
    delivered, refused = order.shop_orders
    for shop_order in (delivered, refused):
        services.confirm_shop_order(shop_order)
        services.pack_shop_order(shop_order)
        services.ship_shop_order(shop_order, carrier="GHN", tracking_code=f"T{shop_order.id}")
    services.deliver_shop_order(delivered)
    services.fail_delivery(refused, reason="Không liên lạc được")
    order = reload(order)
    assert order.status == OrderStatus.COMPLETED
    assert order.payment.received_vnd == delivered.total_vnd
    assert (stock(a), stock(b)) == (3, 5)


def test_a_cancelled_part_of_a_paid_order_is_owed_back(db):
    from marketplace.payments.services import mark_transfer_received

    order, _, _ = two_parcel_order("vietqr")
    mark_transfer_received(order.payment, actor_id=None)
    services.cancel_shop_order(order.shop_orders[0], actor_id=order.user_id)
    order = reload(order)
    assert order.payment.status == PaymentStatus.PAID
    assert order.payment.refund_due_vnd == order.shop_orders[0].total_vnd


def test_a_producer_cancelling_confirmed_or_packed_work_releases_stock(db):
    order, a, b = two_parcel_order()
    first, second = order.shop_orders
    services.confirm_shop_order(first)
    services.confirm_shop_order(second)
    services.pack_shop_order(second)
    services.cancel_shop_order(first, actor_id=None, reason="Hết nguyên liệu")
    services.cancel_shop_order(second, actor_id=None, reason="Hết nguyên liệu")
    order = reload(order)
    assert order.status == OrderStatus.CANCELLED
    assert (stock(a), stock(b)) == (5, 5)
    assert _db.session.get(ShopOrder, first.id).cancel_reason == "Hết nguyên liệu"
