"""Giao hàng: the producer's orders, each action through the state machine with a mail
to the buyer, the packing slip and the CSV export."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from marketplace.models_base import utcnow

from marketplace.catalog.models import Product
from marketplace.clock import today
from marketplace.orders.models import OrderEvent, ShopOrder
from tests.factories import make_order, make_product, make_user
from tests.shops.helpers import login, outbox, owner, stock_matches_history


@pytest.fixture
def sold(client, db):
    """A producer owner logged in, and one COD order of 2 units from a shopper."""
    seller = owner()
    product = make_product("Chè tôm nõn", producer=seller.producer, stock=10, price_vnd=250_000)
    shopper = make_user("mua@example.vn", name="Nguyễn Văn Mua")
    order = make_order(shopper, [(product, 2)], recipient_name="Nguyễn Văn Mua",
                       street="Xóm Nam Đồng")
    login(client, seller)
    return seller, product, order, order.shop_orders[0]


def act(client, parcel, action, **data):
    return client.post(f"/dashboard/producer/orders/{parcel.id}/{action}", data=data)


def status_of(db, parcel) -> str:
    db.session.expire_all()
    return db.session.get(ShopOrder, parcel.id).status


def test_the_full_path_confirm_pack_ship_deliver_collect_mails_the_buyer(client, db, sold):
    seller, product, order, parcel = sold
    for action, status in (("confirm", "confirmed"), ("pack", "packed")):
        assert act(client, parcel, action).status_code == 303
        assert status_of(db, parcel) == status
    act(client, parcel, "ship", carrier="", tracking_code="")
    assert status_of(db, parcel) == "packed"
    assert "mã vận đơn" in client.get(f"/dashboard/producer/orders/{parcel.id}").get_data(
        as_text=True)
    act(client, parcel, "ship", carrier="Viettel Post", tracking_code="VTP123")
    assert status_of(db, parcel) == "shipped"
    act(client, parcel, "deliver")
    assert status_of(db, parcel) == "delivered"
    act(client, parcel, "cod")
    db.session.expire_all()
    assert db.session.get(ShopOrder, parcel.id).cod_collected_at is not None
    act(client, parcel, "cod")  # once only
    subjects = [m.subject for m in outbox(db, "mua@example.vn")]
    n = order.number
    for expected in (f"Chợ OCOP: {seller.producer.name} đã xác nhận đơn {n}",
                     f"Chợ OCOP: kiện hàng của đơn {n} đã đóng gói",
                     f"Chợ OCOP: kiện hàng của đơn {n} đang được giao",
                     f"Chợ OCOP: kiện hàng của đơn {n} đã giao",
                     f"Chợ OCOP: đã nhận thanh toán kiện hàng của đơn {n}"):
        assert subjects.count(expected) == 1, expected
    events = db.session.scalars(select(OrderEvent).where(OrderEvent.machine == "shop_order")
                                .order_by(OrderEvent.id)).all()
    assert [e.to_status for e in events] == ["confirmed", "packed", "shipped", "delivered",
                                             "delivered"]
    assert all(e.actor_id == seller.id for e in events)
    # The buyer sees the tracking number on the order page.
    client.post("/logout")
    login(client, order.user)
    assert "VTP123" in client.get(f"/orders/{n}").get_data(as_text=True)


def test_actions_out_of_order_are_refused_with_a_message(client, db, sold):
    _, _, _, parcel = sold
    act(client, parcel, "deliver")
    assert status_of(db, parcel) == "pending"
    page = client.get(f"/dashboard/producer/orders/{parcel.id}").get_data(as_text=True)
    assert "Không thể chuyển" in page
    act(client, parcel, "cod")
    assert "sau khi kiện hàng đã giao" in client.get(
        f"/dashboard/producer/orders/{parcel.id}").get_data(as_text=True)


def test_cancelling_needs_a_reason_returns_the_stock_and_tells_the_buyer(client, db, sold):
    _, product, order, parcel = sold
    act(client, parcel, "cancel", reason="")
    assert status_of(db, parcel) == "pending"
    act(client, parcel, "cancel", reason="Hết hàng vụ này")
    assert status_of(db, parcel) == "cancelled"
    db.session.expire_all()
    assert db.session.get(Product, product.id).stock == 10
    assert stock_matches_history(db, product)
    mail = outbox(db, "mua@example.vn")[-1]
    assert mail.subject == f"Chợ OCOP: một phần đơn {order.number} đã huỷ"
    assert "Hết hàng vụ này" in mail.body


def test_a_failed_delivery_brings_the_units_back(client, db, sold):
    _, product, order, parcel = sold
    act(client, parcel, "confirm")
    act(client, parcel, "pack")
    act(client, parcel, "ship", carrier="GHTK", tracking_code="S1")
    act(client, parcel, "fail", reason="Người nhận từ chối")
    assert status_of(db, parcel) == "delivery_failed"
    db.session.expire_all()
    assert db.session.get(Product, product.id).stock == 10
    assert outbox(db, "mua@example.vn")[-1].subject == (
        f"Chợ OCOP: kiện hàng của đơn {order.number} giao không thành công")


def test_the_packing_slip_has_the_buyers_address_and_the_items(client, db, sold):
    _, _, order, parcel = sold
    page = client.get(f"/dashboard/producer/orders/{parcel.id}/packing-slip").get_data(
        as_text=True)
    for text in (order.number, "Nguyễn Văn Mua", "Xóm Nam Đồng", "Xã Tân Cương", "0912345678",
                 "Chè tôm nõn", "THU HỘ (COD)"):
        assert text in page, text
    assert "<script" not in page


def test_the_list_filters_by_status_and_date(client, db, sold):
    seller, product, _, parcel = sold
    second = make_order(make_user(), [(product, 1)], recipient_name="Người Thứ Hai")
    act(client, parcel, "confirm")
    page = client.get("/dashboard/producer/orders?status=confirmed").get_data(as_text=True)
    assert "Nguyễn Văn Mua" in page and "Người Thứ Hai" not in page
    db.session.execute(update(ShopOrder).where(ShopOrder.id == second.shop_orders[0].id)
                       .values(created_at=utcnow() - timedelta(days=10)))
    db.session.commit()
    since = (today() - timedelta(days=1)).isoformat()
    page = client.get(f"/dashboard/producer/orders?from={since}").get_data(as_text=True)
    assert "Nguyễn Văn Mua" in page and "Người Thứ Hai" not in page
    page = client.get("/dashboard/producer/orders?from=hôm-qua&status=lạ")
    assert page.status_code == 200 and "YYYY-MM-DD" in page.get_data(as_text=True)


def test_the_csv_export_lists_the_orders_and_defuses_formulas(client, db, sold):
    seller, product, _, parcel = sold
    make_order(make_user(), [(product, 1)], recipient_name="=HYPERLINK(\"http://x\")")
    response = client.get("/dashboard/producer/orders/export.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["order_number", "placed_at", "status"]
    assert len(rows) == 3
    assert rows[1][3] == "Nguyễn Văn Mua" and rows[1][6] == "2 x Chè tôm nõn"
    assert rows[2][3].startswith("'=")
    filtered = client.get("/dashboard/producer/orders/export.csv?status=cancelled")
    assert len(filtered.get_data(as_text=True).strip().splitlines()) == 1


def test_the_home_page_counts_what_needs_doing(client, db, sold):
    page = client.get("/dashboard/producer").get_data(as_text=True)
    assert '<span class="dash-tile__count">1</span> đơn chờ xác nhận' in page
