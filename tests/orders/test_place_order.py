"""Placing an order: one transaction, snapshots, server-side money, refusals that change nothing."""
import re

import pytest
from sqlalchemy import func, select

from marketplace.cart.models import CartLine
from marketplace.cart.services import Owner, add_item
from marketplace.catalog.models import Product
from marketplace.extensions import db as _db
from marketplace.notifications.models import OutboxMessage
from marketplace.ocop.services import revoke_certification
from marketplace.orders.exceptions import (
    CartNeedsReview, CheckoutInvalid, EmptyCart,
)
from marketplace.orders.models import Order, OrderLine, ShopOrder
from marketplace.orders.operations import take_stock
from marketplace.orders.services import place_order
from marketplace.orders.states import OrderStatus, PaymentStatus, ShopOrderStatus
from marketplace.shops.models import ProducerStatus
from tests.factories import (
    checkout_details, make_address, make_cart, make_order, make_producer, make_product, make_user,
)

KEY = "a-checkout-token-0001"


def count(model) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def stock_of(product) -> int:
    return _db.session.scalar(select(Product.stock).where(Product.id == product.id))


def test_an_order_is_split_per_producer_with_snapshots_and_server_totals(db):
    tea_house = make_producer("HTX chè Hảo Đạt", email="haodat@example.vn")
    noodle_house = make_producer("HTX miến Việt Cường")
    tea = make_product("Chè tôm nõn", producer=tea_house, stars=5, price_vnd=250_000, stock=10)
    noodles = make_product("Miến dong", producer=noodle_house, price_vnd=60_000, stock=5,
                           weight_grams=1200)
    staff = make_user(role="producer", producer=tea_house, producer_role="staff")
    shopper = make_user()
    make_cart(shopper, items=[(tea, 2), (noodles, 1)])

    order = place_order(shopper, checkout_details("cod", note="Gọi trước khi giao"), KEY)

    assert re.fullmatch(r"OCOP-20\d\d-\d{6}", order.number)
    assert order.number.endswith(f"{order.id:06d}")
    assert order.status == OrderStatus.PLACED and order.payment.status == PaymentStatus.UNPAID
    tea_part, noodle_part = order.shop_orders
    assert (tea_part.producer_name, tea_part.subtotal_vnd, tea_part.shipping_vnd) == (
        "HTX chè Hảo Đạt", 500_000, 20_000)
    assert (noodle_part.subtotal_vnd, noodle_part.shipping_vnd) == (60_000, 22_500)  # 1.2 kg
    assert order.total_vnd == 500_000 + 20_000 + 60_000 + 22_500 == order.payment.amount_vnd
    line = tea_part.lines[0]
    assert (line.product_name, line.unit_price_vnd, line.quantity, line.producer_name,
            line.stars_at_purchase) == ("Chè tôm nõn", 250_000, 2, "HTX chè Hảo Đạt", 5)
    assert noodle_part.lines[0].stars_at_purchase is None
    assert (stock_of(tea), stock_of(noodles)) == (8, 4)
    assert count(CartLine) == 0
    mails = {(m.to_address, m.subject) for m in db.session.scalars(select(OutboxMessage))}
    assert (shopper.email, f"Chợ OCOP: đã nhận đơn hàng {order.number}") in mails
    assert ("haodat@example.vn", f"Chợ OCOP: đơn hàng mới {order.number}") in mails
    assert (staff.email, f"Chợ OCOP: đơn hàng mới {order.number}") in mails


def test_order_numbers_are_unique_and_follow_the_ids(db):
    first, second = make_order(), make_order()
    assert first.number != second.number
    assert int(second.number[-6:]) - int(first.number[-6:]) == second.id - first.id


def test_the_same_token_twice_makes_one_order(db):
    shopper = make_user()
    product = make_product(stock=5)
    make_cart(shopper, items=[(product, 2)])
    first = place_order(shopper, checkout_details(), KEY)
    add_item(Owner(user_id=shopper.id), product.id, 1)  # the cart filled again meanwhile
    second = place_order(shopper, checkout_details(), KEY)
    assert first.id == second.id and count(Order) == 1 and stock_of(product) == 3


@pytest.mark.parametrize("key", ["", "short", "x" * 65, "bad key with spaces!!", None])
def test_a_missing_or_malformed_token_is_refused(db, key):
    shopper = make_user()
    make_cart(shopper, items=[(make_product(), 1)])
    with pytest.raises(CheckoutInvalid):
        place_order(shopper, checkout_details(), key)
    assert count(Order) == 0


def test_an_empty_cart_is_refused(db):
    with pytest.raises(EmptyCart, match="Giỏ hàng đang trống"):
        place_order(make_user(), checkout_details(), KEY)
    assert count(Order) == 0


def test_a_price_change_since_adding_stops_the_checkout_naming_the_item(db):
    shopper = make_user()
    product = make_product("Mật ong Phúc Thành", price_vnd=200_000, stock=5)
    make_cart(shopper, items=[(product, 1)])
    product.price_vnd = 210_000
    db.session.commit()
    with pytest.raises(CartNeedsReview) as caught:
        place_order(shopper, checkout_details(), KEY)
    assert caught.value.problems == [
        "Giá «Mật ong Phúc Thành» đã thay đổi từ 200.000 ₫ thành 210.000 ₫."]
    assert count(Order) == 0 and stock_of(product) == 5 and count(CartLine) == 1


def test_a_product_of_a_producer_suspended_since_adding_is_refused(db):
    shopper = make_user()
    product = make_product("Măng khô", stock=5)
    make_cart(shopper, items=[(product, 1)])
    product.producer.status = ProducerStatus.SUSPENDED
    db.session.commit()
    with pytest.raises(CartNeedsReview, match="«Măng khô» hiện không còn bán"):
        place_order(shopper, checkout_details(), KEY)
    assert count(Order) == 0 and stock_of(product) == 5


def test_stock_gone_since_adding_is_refused_and_nothing_is_taken(db):
    shopper = make_user()
    plenty = make_product(stock=10)
    scarce = make_product("Nõn chè Trại Cài", stock=3)
    make_cart(shopper, items=[(plenty, 2), (scarce, 3)])
    scarce.stock = 1
    db.session.commit()
    with pytest.raises(CartNeedsReview, match="«Nõn chè Trại Cài» chỉ còn 1 sản phẩm"):
        place_order(shopper, checkout_details(), KEY)
    assert (stock_of(plenty), stock_of(scarce), count(Order), count(ShopOrder)) == (10, 1, 0, 0)


def test_the_conditional_update_takes_nothing_when_too_few_are_left_or_the_price_moved(db):
    product = make_product(price_vnd=100_000, stock=2)
    assert take_stock(product.id, 3, 100_000) is False
    assert take_stock(product.id, 1, 90_000) is False
    assert take_stock(product.id, 2, 100_000) is True
    assert take_stock(product.id, 1, 100_000) is False
    db.session.commit()
    assert stock_of(product) == 0


def test_the_conditional_update_takes_nothing_from_a_product_no_longer_on_sale(db):
    product = make_product(price_vnd=100_000, stock=5)
    product.producer.status = ProducerStatus.SUSPENDED
    db.session.commit()
    assert take_stock(product.id, 1, 100_000) is False
    product.producer.status = ProducerStatus.APPROVED
    product.status = "archived"
    db.session.commit()
    assert take_stock(product.id, 1, 100_000) is False
    assert stock_of(product) == 5


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"province_code": "99"}, "province_code", "Tỉnh/thành phố không có trong danh mục."),
    ({"commune_code": "27316"}, "commune_code", "Xã/phường không thuộc tỉnh/thành phố đã chọn."),
    ({"commune_code": "xyz"}, "commune_code", "Xã/phường không thuộc tỉnh/thành phố đã chọn."),
    ({"phone": "12345"}, "phone", "Số điện thoại Việt Nam không hợp lệ"),
    ({"recipient_name": "  "}, "recipient_name", "Vui lòng nhập tên người nhận."),
    ({"street": ""}, "street", "Vui lòng nhập số nhà"),
    ({"note": "n" * 501}, "note", "Ghi chú dài tối đa 500 ký tự."),
    ({"is_gift": True, "gift_message": "g" * 301}, "gift_message", "Lời chúc dài tối đa 300"),
])
def test_bad_delivery_details_are_refused_field_by_field(db, fields, field, message):
    shopper = make_user()
    product = make_product(stock=5)
    make_cart(shopper, items=[(product, 1)])
    with pytest.raises(CheckoutInvalid) as caught:
        place_order(shopper, checkout_details(**fields), KEY)
    assert caught.value.errors[field].startswith(message)
    assert count(Order) == 0 and stock_of(product) == 5


def test_an_unknown_payment_method_is_refused(db):
    shopper = make_user()
    make_cart(shopper, items=[(make_product(), 1)])
    with pytest.raises(CheckoutInvalid) as caught:
        place_order(shopper, checkout_details("bitcoin"), KEY)
    assert "payment_method" in caught.value.errors


def test_a_saved_address_can_be_used_but_not_someone_elses(db):
    shopper, other = make_user(), make_user()
    mine = make_address(shopper, recipient_name="Trần Thị Bình", commune_code="05503")
    theirs = make_address(other)
    make_cart(shopper, items=[(make_product(), 1)])
    with pytest.raises(CheckoutInvalid, match="Không tìm thấy địa chỉ"):
        place_order(shopper, checkout_details(address_id=theirs.id, recipient_name=""), KEY)
    order = place_order(shopper, checkout_details(address_id=mine.id, recipient_name=""), KEY)
    assert (order.recipient_name, order.commune_code) == ("Trần Thị Bình", "05503")


def test_shipping_is_computed_for_the_delivery_province(db):
    shopper = make_user()
    make_cart(shopper, items=[(make_product(price_vnd=100_000), 1)])
    order = place_order(shopper, checkout_details(province_code="79", commune_code="27316"), KEY)
    assert (order.shipping_vnd, order.shop_orders[0].shipping_zone) == (40_000, "far")


def test_lines_keep_their_snapshot_when_the_product_changes_or_goes(db):
    product = make_product("Trà hoa vàng", stars=4, price_vnd=300_000)
    order = make_order(items=[(product, 1)])
    revoke_certification(product.certifications[0], "kiểm tra lại")
    product.price_vnd, product.name = 1, "Tên khác"
    db.session.commit()
    db.session.delete(product)
    db.session.commit()
    line = db.session.scalar(select(OrderLine).where(OrderLine.shop_order_id ==
                                                     order.shop_orders[0].id))
    assert (line.product_id, line.product_name, line.unit_price_vnd, line.stars_at_purchase) == (
        None, "Trà hoa vàng", 300_000, 4)


def test_a_pause_inside_the_transaction_leaves_nothing_before_the_commit(db, app,
                                                                          monkeypatch):
    """The kill -9 hook of issue 9: while checkout pauses, other connections see no order."""
    from sqlalchemy import func

    from marketplace.ops import faults
    from marketplace.orders.models import Order

    seen_during_pause = []

    def look_from_another_connection(_seconds):
        with db.engine.connect() as other:
            seen_during_pause.append(other.scalar(select(func.count()).select_from(Order)))

    monkeypatch.setattr(faults.time, "sleep", look_from_another_connection)
    monkeypatch.setitem(app.config, "FAULT_PAUSES", {"checkout": 0.01})
    order = make_order()

    assert seen_during_pause == [0]
    assert order.shop_orders[0].status == ShopOrderStatus.PENDING