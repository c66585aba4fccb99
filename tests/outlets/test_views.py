"""The pages through HTTP: wholesale form, the restock journey, registration and approval,
composing a gift set, counter sales; CSRF is checked where it matters."""
import io

from sqlalchemy import select

from marketplace.accounts.models import Role, User
from marketplace.outlets import shelf
from marketplace.outlets.models import Outlet, OutletStatus
from marketplace.outlets.restock_models import RestockOrder
from marketplace.outlets.wholesale import terms_of
from tests.conftest import csrf_token_of
from tests.factories import (
    make_outlet, make_outlet_stock, make_producer, make_product, make_user, make_wholesale,
)
from tests.shops.helpers import image_bytes, login


def test_the_producer_sets_wholesale_tiers_from_the_product_page(client, db):
    owner = make_user(role="producer")
    product = make_product(producer=owner.producer, price_vnd=150_000)
    login(client, owner)
    assert "Giá sỉ cho điểm bán" in client.get(
        f"/dashboard/producer/products/{product.id}").get_data(as_text=True)

    bad = client.post(f"/dashboard/producer/products/{product.id}/wholesale", data={
        "offered": "1", "min_order_qty": "10", "lead_time_days": "3",
        "tier-qty-0": "10", "tier-price-0": "120000", "tier-qty-1": "50", "tier-price-1": "125000"})
    assert bad.status_code == 400 and "không được đắt hơn" in bad.get_data(as_text=True)
    good = client.post(f"/dashboard/producer/products/{product.id}/wholesale", data={
        "offered": "1", "min_order_qty": "10", "lead_time_days": "5",
        "tier-qty-0": "10", "tier-price-0": "120.000",
        "tier-qty-1": "50", "tier-price-1": "110000"})

    assert good.status_code == 303
    terms = terms_of(product.id)
    assert (terms.offered, terms.min_order_qty, terms.lead_time_days) == (True, 10, 5)
    assert [(t.min_qty, t.unit_price_vnd) for t in terms.tiers] == [(10, 120_000), (50, 110_000)]


def test_from_a_low_stock_warning_to_a_received_restock(client, db):
    producer = make_producer("HTX chè Hảo Đạt")
    producer_owner = make_user(role="producer", producer=producer)
    tea = make_product("Chè tôm nõn", producer=producer, stock=100, slug="che-tom-non")
    make_wholesale(tea, ((1, 100_000), (20, 90_000)), moq=5)
    outlet = make_outlet("Điểm bán Tân Cương")
    operator = make_user(role="outlet", outlet=outlet)
    make_outlet_stock(outlet, tea, on_hand=2, reorder_point=5, target_level=25)

    login(client, operator)
    home = client.get("/dashboard/outlet").get_data(as_text=True)
    assert "Chè tôm nõn" in home and "gợi ý nhập <strong>23</strong>" in home
    client.post("/dashboard/outlet/restock/suggested")
    builder = client.get("/dashboard/outlet/restock").get_data(as_text=True)
    assert "90.000 ₫" in builder and "2.070.000 ₫" in builder
    key = builder.split('name="request_key" value="')[1].split('"')[0]
    assert client.post("/dashboard/outlet/restock/place", data={
        "request_key": key, "payment_terms": "transfer_invoice", "note": "Giao sáng"}
    ).status_code == 303
    order = db.session.scalar(select(RestockOrder))
    detail = client.get(f"/dashboard/outlet/restock/orders/{order.number}").get_data(as_text=True)
    assert "Hoá đơn chuyển khoản" in detail and order.number in detail
    assert client.get(f"/dashboard/outlet/restock/orders/{order.number}/vietqr.svg"
                      ).mimetype == "image/svg+xml"

    client.post("/logout")
    login(client, producer_owner)
    client.post(f"/dashboard/producer/restock/{order.number}/accept")
    client.post(f"/dashboard/producer/restock/{order.number}/ship",
                data={"carrier": "Cơ sở tự giao"})
    client.post("/logout")

    login(client, operator)
    first = client.post(f"/dashboard/outlet/restock/orders/{order.number}/receive")
    second = client.post(f"/dashboard/outlet/restock/orders/{order.number}/receive")

    assert first.status_code == second.status_code == 303
    assert shelf.item(outlet.id, tea.id).on_hand == 25
    page = client.get(f"/dashboard/outlet/restock/orders/{order.number}").get_data(as_text=True)
    assert "Điểm bán đã nhận hàng" in page
    assert "Không có sản phẩm nào dưới điểm đặt hàng lại" in client.get(
        "/dashboard/outlet").get_data(as_text=True)


def test_a_moq_problem_is_shown_on_the_list_and_blocks_placing(client, db):
    tea = make_product("Chè tôm nõn", stock=100)
    make_wholesale(tea, ((10, 90_000),), moq=10)
    operator = make_user(role="outlet", outlet=make_outlet())
    login(client, operator)

    client.post("/dashboard/outlet/restock/add", data={"product_id": tea.id, "quantity": "4"})
    page = client.get("/dashboard/outlet/restock").get_data(as_text=True)

    assert "cơ sở chỉ nhận đơn từ 10 sản phẩm trở lên (bạn đặt 4)" in page
    response = client.post("/dashboard/outlet/restock/place", data={
        "request_key": "r" * 24, "payment_terms": "on_delivery"}, follow_redirects=True)
    assert "cơ sở chỉ nhận đơn từ 10" in response.get_data(as_text=True)
    assert db.session.scalar(select(RestockOrder)) is None


def test_a_shopper_registers_an_outlet_and_the_office_approves_it(client, db):
    make_user("van-phong@example.vn", role="office")
    shopper = make_user("ban-hang@example.vn")
    login(client, shopper)

    response = client.post("/dashboard/outlet/register", data={
        "name": "Điểm bán OCOP chợ Đán", "level": "commune", "province_code": "19",
        "commune_code": "05503", "street": "Chợ Đán", "phone": "0912 345 678",
        "opening_hours": "7:00–17:00"})

    assert response.status_code == 303
    outlet = db.session.scalar(select(Outlet).where(Outlet.name == "Điểm bán OCOP chợ Đán"))
    assert outlet.status == OutletStatus.PENDING and outlet.lat is not None
    db.session.expire_all()
    user = db.session.get(User, shopper.id)
    assert (user.role, user.outlet_id) == (Role.OUTLET, outlet.id)
    assert client.get(f"/outlets/{outlet.slug}").status_code == 404
    client.post("/logout")

    login(client, db.session.scalar(select(User).where(User.email == "van-phong@example.vn")))
    assert "Điểm bán OCOP chợ Đán" in client.get("/dashboard/office/outlets").get_data(as_text=True)
    client.post(f"/dashboard/office/outlets/{outlet.id}/approve")
    refused = client.post(f"/dashboard/office/outlets/{outlet.id}/suspend", data={"reason": ""},
                          follow_redirects=True)

    assert "Vui lòng ghi lý do" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Outlet, outlet.id).status == OutletStatus.APPROVED
    assert client.get(f"/outlets/{outlet.slug}").status_code == 200


def test_the_office_composes_a_gift_set_with_a_photo(client, db):
    tea = make_product("Chè tôm nõn", stock=10, price_vnd=250_000)
    honey = make_product("Mật ong", stock=4, price_vnd=180_000)
    login(client, make_user(role="office"))

    response = client.post("/dashboard/office/gift-sets/new", data={
        "name": "Hộp quà Tết Thái Nguyên", "occasion": "tet", "price_vnd": "399000",
        "component-0": str(tea.id), "quantity-0": "2", "component-1": str(honey.id),
        "quantity-1": "1", "description": "Chè và mật ong.",
        "photo": (io.BytesIO(image_bytes()), "hop-qua.jpg")}, content_type="multipart/form-data")

    assert response.status_code == 303
    page = client.get("/dashboard/office/gift-sets").get_data(as_text=True)
    assert "Hộp quà Tết Thái Nguyên" in page
    from marketplace.outlets.giftsets import gift_sets

    (gift,) = gift_sets()
    assert (gift.product.stock, len(gift.product.images)) == (4, 1)


def test_counter_sales_by_quick_entry(client, db):
    outlet = make_outlet()
    product = make_product()
    make_outlet_stock(outlet, product, on_hand=6)
    login(client, make_user(role="outlet", outlet=outlet))

    client.post("/dashboard/outlet/sales", data={"kind": "product", "product_id": product.id,
                                                 "quantity": "2"})
    refused = client.post("/dashboard/outlet/sales", data={
        "kind": "product", "product_id": product.id, "quantity": "9"}, follow_redirects=True)

    assert "Không đủ hàng" in refused.get_data(as_text=True)
    assert shelf.item(outlet.id, product.id).on_hand == 4


def test_placing_needs_the_csrf_token(csrf_client, db):
    operator = make_user(role="outlet", outlet=make_outlet())
    page = csrf_client.get("/login")
    csrf_client.post("/login", data={"email": operator.email, "password": "mat-khau-thu-nghiem",
                                     "csrf_token": csrf_token_of(page.data)})

    response = csrf_client.post("/dashboard/outlet/restock/place",
                                data={"request_key": "r" * 24, "payment_terms": "on_delivery"})

    assert response.status_code == 400
