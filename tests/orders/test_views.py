"""Checkout and order pages through HTTP: login, totals, double submit, bad input, ownership."""
import re

from sqlalchemy import func, select

from marketplace.catalog.models import Product
from marketplace.orders.models import Order
from marketplace.orders.states import OrderStatus
from tests.conftest import csrf_token_of
from tests.factories import make_address, make_cart, make_order, make_product, make_user

FORM = {"address_id": "new", "recipient_name": "Nguyễn Văn An", "phone": "0912345678",
        "province_code": "19", "commune_code": "05503", "street": "Xóm Nam Đồng",
        "payment_method": "cod", "note": ""}


def orders_count(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Order))


def shopper_with_cart(auth, *items):
    user = make_user()
    make_cart(user, items=list(items) or [(make_product(price_vnd=100_000, stock=5), 1)])
    auth.login(user.email)
    return user


def checkout_form(client) -> dict:
    page = client.get("/checkout").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    return {**FORM, "idempotency_key": key}


def test_checkout_asks_a_guest_to_log_in_and_keeps_the_cart(client, db):
    response = client.get("/checkout")
    assert response.status_code == 302 and "/login?next=/checkout" in response.location


def test_an_empty_cart_sends_the_shopper_back_to_the_cart(client, auth, db):
    auth.login(make_user().email)
    response = client.get("/checkout", follow_redirects=True)
    assert "Giỏ hàng đang trống" in response.get_data(as_text=True)


def test_the_checkout_page_shows_server_totals_and_the_payment_methods(client, auth, db):
    shopper_with_cart(auth, (make_product(price_vnd=100_000), 2))
    page = client.get("/checkout").get_data(as_text=True)
    assert "220.000 ₫" in page  # 200.000 + 20.000 shipping within Thái Nguyên
    assert "Thanh toán khi nhận hàng (COD)" in page and "Chuyển khoản VietQR" in page
    assert 'data-communes-url="/units/__/communes.json"' in page


def test_placing_a_cod_order_lands_on_its_page(client, auth, db):
    shopper_with_cart(auth, (make_product("Chè Đinh", price_vnd=100_000, stock=5), 1))
    response = client.post("/checkout", data=checkout_form(client))
    assert response.status_code == 303
    number = db.session.scalar(select(Order.number))
    assert response.location.endswith(f"/orders/{number}")
    page = client.get(response.location).get_data(as_text=True)
    assert f"Đặt hàng thành công! Mã đơn của bạn là {number}." in page
    assert "Chè Đinh" in page and "Chờ xác nhận" in page and "Thanh toán khi nhận hàng" in page
    listing = client.get("/orders").get_data(as_text=True)
    assert number in listing


def test_a_double_submitted_form_makes_one_order(client, auth, db):
    product = make_product(stock=5)
    shopper_with_cart(auth, (product, 2))
    form = checkout_form(client)
    first = client.post("/checkout", data=form)
    second = client.post("/checkout", data=form)
    assert first.location == second.location
    assert orders_count(db) == 1
    assert db.session.scalar(select(Product.stock).where(Product.id == product.id)) == 3


def test_money_sent_by_the_form_is_ignored(client, auth, db):
    shopper_with_cart(auth, (make_product(price_vnd=100_000), 1))
    client.post("/checkout", data={**checkout_form(client), "total_vnd": "1", "price": "1",
                                   "shipping_vnd": "0", "subtotal_vnd": "1"})
    assert db.session.scalar(select(Order.total_vnd)) == 120_000


def test_an_address_outside_the_unit_list_is_refused_with_a_message(client, auth, db):
    shopper_with_cart(auth)
    response = client.post("/checkout", data={**checkout_form(client), "province_code": "19",
                                              "commune_code": "27316"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Xã/phường không thuộc tỉnh/thành phố đã chọn." in page
    assert "Chưa có đơn hàng nào được tạo." in page
    assert orders_count(db) == 0


def test_a_bad_phone_and_a_missing_name_are_shown_by_their_fields(client, auth, db):
    shopper_with_cart(auth)
    response = client.post("/checkout", data={**checkout_form(client), "phone": "123",
                                              "recipient_name": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Số điện thoại Việt Nam không hợp lệ" in page and "Vui lòng nhập tên người nhận." in page


def test_refreshing_the_commune_list_places_no_order(client, auth, db):
    shopper_with_cart(auth)
    response = client.post("/checkout", data={**checkout_form(client), "province_code": "79",
                                              "commune_code": "", "refresh": "1"})
    assert response.status_code == 200 and orders_count(db) == 0
    assert "Phường An Đông" in response.get_data(as_text=True)


def test_a_saved_address_is_offered_and_used(client, auth, db):
    user = shopper_with_cart(auth)
    address = make_address(user, recipient_name="Lê Thị Cúc", is_default=True)
    form = checkout_form(client)
    assert f'value="{address.id}" checked' in client.get("/checkout").get_data(as_text=True)
    client.post("/checkout", data={**form, "address_id": str(address.id), "recipient_name": ""})
    assert db.session.scalar(select(Order.recipient_name)) == "Lê Thị Cúc"


def test_a_price_change_at_checkout_goes_back_to_the_cart_naming_the_item(client, auth, db):
    product = make_product("Miến Việt Cường", price_vnd=100_000)
    shopper_with_cart(auth, (product, 1))
    form = checkout_form(client)
    product.price_vnd = 95_000
    db.session.commit()
    response = client.post("/checkout", data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Giá «Miến Việt Cường» đã thay đổi từ 100.000 ₫ thành 95.000 ₫." in page
    assert orders_count(db) == 0


def test_a_10_mb_field_at_checkout_is_answered_413_even_with_csrf_on(csrf_client, db):
    response = csrf_client.post("/checkout", data={"note": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.get_data(as_text=True)


def test_checkout_without_the_csrf_token_is_refused(csrf_client, db):
    user = make_user()
    make_cart(user, items=[(make_product(), 1)])
    page = csrf_client.get("/login").get_data(as_text=True)
    csrf_client.post("/login", data={"email": user.email, "password": "mat-khau-thu-nghiem",
                                     "csrf_token": csrf_token_of(page)})
    response = csrf_client.post("/checkout", data={**FORM, "idempotency_key": "k" * 20})
    assert response.status_code == 400 and orders_count(db) == 0


def test_someone_elses_order_is_not_found(client, auth, db):
    order = make_order()
    auth.login(make_user().email)
    assert client.get(f"/orders/{order.number}").status_code == 404
    assert client.post(f"/orders/{order.number}/cancel").status_code == 404
    assert client.get(f"/orders/{order.number}/vietqr.svg").status_code == 404
    assert order.number not in client.get("/orders").get_data(as_text=True)


def test_the_office_may_read_any_order(client, auth, db):
    order = make_order()
    auth.login(make_user(role="office").email)
    assert client.get(f"/orders/{order.number}").status_code == 200


def test_the_shopper_cancels_before_shipping(client, auth, db):
    user = make_user()
    product = make_product(stock=5)
    order = make_order(user, items=[(product, 2)])
    auth.login(user.email)
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert "Huỷ đơn hàng" in page
    response = client.post(f"/orders/{order.number}/cancel", follow_redirects=True)
    assert "Đã huỷ đơn hàng" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == OrderStatus.CANCELLED
    assert db.session.scalar(select(Product.stock).where(Product.id == product.id)) == 5


def test_cancelling_a_parcel_of_another_order_is_not_found(client, auth, db):
    user = make_user()
    mine, other = make_order(user), make_order()
    auth.login(user.email)
    url = f"/orders/{mine.number}/parcels/{other.shop_orders[0].id}/cancel"
    assert client.post(url).status_code == 404


def test_the_commune_list_endpoint(client, db):
    data = client.get("/units/19/communes.json").get_json()
    assert {"code": "05503", "name": "Xã Tân Cương"} in data
    assert client.get("/units/99/communes.json").status_code == 404


def test_checkout_sends_a_changed_cart_back_to_the_cart_page(client, auth, db):
    product = make_product("Bún ngũ sắc", stock=5)
    shopper_with_cart(auth, (product, 1))
    product.stock = 0
    db.session.commit()
    response = client.get("/checkout", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == "/cart"
    assert "«Bún ngũ sắc» đã hết hàng." in page and "Giỏ hàng đã thay đổi" in page
