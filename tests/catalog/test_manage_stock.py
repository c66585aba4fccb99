"""Tồn kho: every stock change is a movement, and the stock always equals their sum."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.catalog import stock
from marketplace.catalog.models import Product, StockMovement, StockReason
from marketplace.models_base import utcnow
from marketplace.orders import services
from tests.factories import make_order, make_product, make_user
from tests.shops.helpers import login, owner, stock_matches_history


def reasons(db, product) -> list[tuple[int, int, str]]:
    return [(m.delta, m.stock_after, str(m.reason)) for m in db.session.scalars(
        select(StockMovement).where(StockMovement.product_id == product.id)
        .order_by(StockMovement.id))]


def test_sales_cancellations_and_refusals_are_movements_that_add_up(db):
    product = make_product(stock=10)
    first = make_order(items=[(product, 3)])
    second = make_order(items=[(product, 2)])
    services.cancel_order(first, actor_id=first.user_id)
    parcel = second.shop_orders[0]
    services.confirm_shop_order(parcel)
    services.pack_shop_order(parcel)
    services.ship_shop_order(parcel, carrier="GHN", tracking_code="GHN1")
    services.fail_delivery(parcel, reason="Người nhận từ chối")
    assert reasons(db, product) == [
        (10, 10, "initial"), (-3, 7, "sale"), (-2, 5, "sale"), (3, 8, "cancellation"),
        (2, 10, "delivery_failed")]
    assert stock_matches_history(db, product)
    sale = db.session.scalars(select(StockMovement).where(StockMovement.reason == "sale")
                              .order_by(StockMovement.id)).first()
    assert sale.shop_order_id == first.shop_orders[0].id and sale.actor_id == first.user_id


def test_an_unpaid_transfer_that_expires_returns_its_stock_as_expiry(db):
    from marketplace.payments.services import expire_unpaid

    from sqlalchemy import update

    from marketplace.payments.models import Payment

    product = make_product(stock=4)
    order = make_order(items=[(product, 4)], method="vietqr")
    db.session.execute(update(Payment).where(Payment.id == order.payment.id)
                       .values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert expire_unpaid() == [order.number]
    assert reasons(db, product)[-1] == (4, 4, "expiry")
    assert stock_matches_history(db, product)


def test_a_manual_adjustment_needs_a_reason_and_cannot_go_below_zero(client, db):
    user = owner()
    product = make_product(producer=user.producer, stock=5)
    login(client, user)
    url = f"/dashboard/producer/products/{product.id}/stock"
    assert client.post(url, data={"delta": "+20", "reason": "restock"}).status_code == 303
    assert client.post(url, data={"delta": "-3", "reason": "damage", "note": "vỡ"}).status_code == 303
    for data, message in [({"delta": "-100", "reason": "count"}, "chỉ còn 22"),
                          ({"delta": "0", "reason": "count"}, "khác 0"),
                          ({"delta": "1.5", "reason": "count"}, "số nguyên"),
                          ({"delta": "3", "reason": "sale"}, "lý do"),
                          ({"delta": "3", "reason": "other"}, "ghi rõ lý do")]:
        response = client.post(url, data=data)
        assert response.status_code == 400 and message in response.get_data(as_text=True), data
    assert reasons(db, product)[1:] == [(20, 25, "restock"), (-3, 22, "damage")]
    page = client.get(url).get_data(as_text=True)
    assert "Nhập thêm hàng" in page and "Hư hỏng" in page and 'id="stock-now">22<' in page
    assert stock_matches_history(db, product)


def test_concurrent_takes_never_go_below_zero_and_the_ledger_agrees(db):
    product = make_product(stock=3)
    assert stock.change_stock(product.id, -2, StockReason.DAMAGE) == 1
    assert stock.change_stock(product.id, -2, StockReason.DAMAGE) is None
    db.session.commit()
    assert stock_matches_history(db, product)


def test_set_stock_records_the_difference_and_retries_after_a_concurrent_sale(db, monkeypatch):
    product = make_product(stock=10)
    real = stock.db.session.scalar
    calls = {"n": 0}

    def racing_scalar(statement, *args, **kwargs):
        value = real(statement, *args, **kwargs)
        if calls["n"] == 0 and "product.stock" in str(statement):
            calls["n"] += 1
            # A sale lands between our read and our write.
            stock.change_stock(product.id, -1, StockReason.SALE)
        return value

    monkeypatch.setattr(stock.db.session, "scalar", racing_scalar)
    assert stock.set_stock(product.id, 4, StockReason.COUNT) == -5
    monkeypatch.undo()
    db.session.commit()
    assert reasons(db, product)[-2:] == [(-1, 9, "sale"), (-5, 4, "count")]
    assert stock_matches_history(db, product)


def test_the_importer_records_stock_it_sets(db, tmp_path):
    from marketplace.catalog.importer import import_catalogue

    header = ("producer_name,producer_kind,province,commune,product_name,category,description,"
              "unit,price_vnd,stock,stars,score,certificate_no,certified_on,expires_on,is_gift\n")
    path = tmp_path / "c.csv"
    path.write_text(header + "HTX A,cooperative,19,05503,Chè A,Thực phẩm,,gói,1000,12,,,,,,0\n",
                    encoding="utf-8")
    import_catalogue(path)
    path.write_text(header + "HTX A,cooperative,19,05503,Chè A,Thực phẩm,,gói,1000,7,,,,,,0\n",
                    encoding="utf-8")
    import_catalogue(path)
    product = db.session.scalar(select(Product).where(Product.name == "Chè A"))
    assert reasons(db, product) == [(12, 12, "import"), (-5, 7, "import")]
    assert stock_matches_history(db, product)


def test_the_demo_catalogue_starts_every_ledger(app, db, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "Demo accounts: producer owner chu-the@demo.cho-ocop.vn" in result.output
    assert stock.mismatches() == []
    runner.invoke(args=["demo", "load"])  # idempotent: no second initial movement
    assert stock.mismatches() == []
    count = db.session.scalar(select(StockMovement.id).order_by(StockMovement.id.desc()).limit(1))
    runner.invoke(args=["demo", "load"])
    assert db.session.scalar(
        select(StockMovement.id).order_by(StockMovement.id.desc()).limit(1)) == count


def test_the_home_page_warns_about_low_stock(client, db):
    user = owner()
    make_product("Chè sắp hết", producer=user.producer, stock=2, low_stock_threshold=3)
    make_product("Chè hết sạch", producer=user.producer, stock=0)
    make_product("Chè còn nhiều", producer=user.producer, stock=50)
    login(client, user)
    page = client.get("/dashboard/producer").get_data(as_text=True)
    warning = page.split('id="low-stock"', 1)[1].split("</ul>", 1)[0]
    assert "Chè sắp hết" in warning and "Chè hết sạch" in warning
    assert "Chè còn nhiều" not in warning
    listing = client.get("/dashboard/producer/products?status=low").get_data(as_text=True)
    assert "Chè sắp hết" in listing and "Chè còn nhiều" not in listing


@pytest.mark.parametrize("method", ["cod", "vietqr"])
def test_every_path_keeps_stock_equal_to_its_history(db, method):
    products = [make_product(stock=6), make_product(stock=6)]
    for _ in range(2):
        shopper = make_user()
        order = make_order(shopper, [(products[0], 1), (products[1], 2)], method=method)
    services.cancel_shop_order(order.shop_orders[0], actor_id=shopper.id)
    assert all(stock_matches_history(db, p) for p in products)
    assert stock.mismatches() == []
