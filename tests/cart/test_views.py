"""Cart pages: adding as a guest, bad input answered clearly, the merge at login."""
import re

from sqlalchemy import func, select

from marketplace.cart.models import Cart, CartLine
from marketplace.shops.models import ProducerStatus
from tests.conftest import csrf_token_of
from tests.factories import make_cart, make_product, make_user


def cart_lines(db):
    return db.session.execute(select(CartLine.product_id, CartLine.quantity,
                                     CartLine.price_seen_vnd)).all()


def test_a_guest_adds_a_product_and_sees_it_with_the_header_count(client, db):
    product = make_product(name="Chè Tân Cương", price_vnd=150_000)
    response = client.post("/cart/add", data={"product_id": product.id, "quantity": "2"})
    assert response.status_code == 303 and response.location.endswith("/cart")
    page = client.get("/cart").get_data(as_text=True)
    assert "Đã thêm «Chè Tân Cương» vào giỏ hàng." in page
    assert "Chè Tân Cương" in page and "300.000 ₫" in page
    assert re.search(r'Giỏ hàng <span class="cart-link__count">\(2\)</span>', page)
    assert "Phí vận chuyển (ước tính)" in page


def test_the_product_page_has_an_add_to_cart_form(client, db):
    product = make_product(stock=3)
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert 'action="/cart/add"' in page and f'name="product_id" value="{product.id}"' in page
    assert 'max="3"' in page


def test_a_price_sent_by_the_form_is_ignored(client, db):
    product = make_product(price_vnd=150_000)
    client.post("/cart/add", data={"product_id": product.id, "quantity": "1",
                                   "price_vnd": "1", "price": "1", "total": "1"})
    assert cart_lines(db) == [(product.id, 1, 150_000)]


def test_bad_quantities_get_a_message_and_change_nothing(client, db):
    product = make_product(stock=5)
    for raw in ("0", "-2", "1.5", "abc", "100000000000", ""):
        response = client.post("/cart/add", data={"product_id": product.id, "quantity": raw})
        assert response.status_code == 400, raw
        assert "Số lượng phải là một số nguyên từ 1 đến 99." in response.get_data(as_text=True)
    assert cart_lines(db) == []


def test_a_tampered_product_id_gets_a_404_page_with_a_message(client, db):
    response = client.post("/cart/add", data={"product_id": "987654", "quantity": "1"})
    assert response.status_code == 404
    assert "Không tìm thấy sản phẩm này" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Cart)) in (0, None) or \
        cart_lines(db) == []


def test_a_product_of_a_suspended_producer_cannot_be_added(client, db):
    product = make_product(name="Miến dong")
    product.producer.status = ProducerStatus.SUSPENDED
    db.session.commit()
    response = client.post("/cart/add", data={"product_id": product.id, "quantity": "1"})
    assert response.status_code == 404
    assert "Sản phẩm «Miến dong» hiện không còn bán." in response.get_data(as_text=True)
    assert cart_lines(db) == []


def test_more_than_the_stock_gets_a_message(client, db):
    product = make_product(name="Mật ong", stock=2)
    response = client.post("/cart/add", data={"product_id": product.id, "quantity": "3"})
    assert response.status_code == 400
    assert "«Mật ong» chỉ còn 2 sản phẩm" in response.get_data(as_text=True)


def test_quantity_change_and_removal_through_the_page(client, db):
    product = make_product(stock=9)
    client.post("/cart/add", data={"product_id": product.id, "quantity": "1"})
    line_id = db.session.scalar(select(CartLine.id))
    assert client.post(f"/cart/lines/{line_id}/quantity", data={"quantity": "4"}).status_code == 303
    assert cart_lines(db)[0][1] == 4
    bad = client.post(f"/cart/lines/{line_id}/quantity", data={"quantity": "-4"})
    assert bad.status_code == 400 and cart_lines(db)[0][1] == 4
    assert client.post(f"/cart/lines/{line_id}/remove").status_code == 303
    assert cart_lines(db) == []


def test_someone_elses_line_is_not_found(client, db):
    other = make_cart(make_user(), items=[(make_product(), 1)])
    line_id = other.lines[0].id
    assert client.post(f"/cart/lines/{line_id}/remove").status_code == 404
    assert client.post(f"/cart/lines/{line_id}/quantity", data={"quantity": "2"}).status_code == 404
    assert client.post("/cart/lines/xyz/remove").status_code == 404
    assert len(cart_lines(db)) == 1


def test_a_price_change_is_flagged_on_the_cart_page_until_accepted(client, db):
    product = make_product(name="Trà xanh", price_vnd=100_000)
    client.post("/cart/add", data={"product_id": product.id, "quantity": "1"})
    product.price_vnd = 120_000
    db.session.commit()
    page = client.get("/cart").get_data(as_text=True)
    assert "Giá «Trà xanh» đã thay đổi từ 100.000 ₫ thành 120.000 ₫." in page
    assert "Tiến hành đặt hàng" not in page
    client.post("/cart/accept")
    page = client.get("/cart").get_data(as_text=True)
    assert "đã thay đổi" not in page and "Tiến hành đặt hàng" in page
    assert cart_lines(db) == [(product.id, 1, 120_000)]


def test_logging_in_merges_the_guest_cart_capped_by_stock(client, auth, db):
    user = make_user()
    product = make_product(name="Nấm hương", stock=3)
    make_cart(user, items=[(product, 2)])
    client.post("/cart/add", data={"product_id": product.id, "quantity": "2"})
    auth.login(user.email)
    page = client.get("/cart").get_data(as_text=True)
    assert "«Nấm hương»: giỏ hàng chỉ giữ 3 sản phẩm (bạn đã chọn tổng cộng 4)." in page
    assert db.session.execute(select(Cart.user_id, Cart.token)).all() == [(user.id, None)]
    assert cart_lines(db)[0][1] == 3


def test_adding_without_the_csrf_token_is_refused(csrf_client, db):
    product = make_product()
    response = csrf_client.post("/cart/add", data={"product_id": product.id, "quantity": "1"})
    assert response.status_code == 400
    assert cart_lines(db) == []
    page = csrf_client.get(f"/products/{product.slug}").get_data(as_text=True)
    response = csrf_client.post("/cart/add", data={"product_id": product.id, "quantity": "1",
                                                   "csrf_token": csrf_token_of(page)})
    assert response.status_code == 303 and len(cart_lines(db)) == 1


def test_a_10_mb_form_field_is_answered_413_and_changes_nothing(client, db):
    product = make_product()
    response = client.post("/cart/add", data={"product_id": product.id, "quantity": "1",
                                              "note": "x" * (10 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.get_data(as_text=True)
    assert cart_lines(db) == []
