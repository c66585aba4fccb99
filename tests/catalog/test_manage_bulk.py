"""Cập nhật hàng loạt: prices and stock from a CSV, all rows or none, errors by line."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from marketplace.catalog.models import Product, StockMovement
from tests.factories import make_producer, make_product
from tests.shops.helpers import login, owner, stock_matches_history


@pytest.fixture
def shop(client, db):
    user = owner()
    login(client, user)
    a = make_product("Chè A", producer=user.producer, slug="che-a", price_vnd=100_000, stock=5)
    b = make_product("Chè B", producer=user.producer, slug="che-b", price_vnd=200_000, stock=8)
    return user, a, b


def send(client, text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post("/dashboard/producer/products/bulk",
                       data={"file": (io.BytesIO(data), "gia.csv")},
                       content_type="multipart/form-data")


def values(db, *products):
    db.session.expire_all()
    return [(db.session.get(Product, p.id).price_vnd, db.session.get(Product, p.id).stock)
            for p in products]


def test_a_good_file_updates_prices_and_stock_as_movements(client, db, shop):
    _, a, b = shop
    response = send(client, "slug,name,price_vnd,stock\nche-a,Chè A,120.000,9\nche-b,Chè B,,3\n")
    assert response.status_code == 200
    assert "Đã cập nhật 2 dòng: 1 giá, 2 tồn kho" in response.get_data(as_text=True)
    assert values(db, a, b) == [(120_000, 9), (200_000, 3)]
    notes = db.session.scalars(select(StockMovement.note).where(
        StockMovement.reason == "bulk_update").order_by(StockMovement.id)).all()
    assert notes == ["CSV dòng 2", "CSV dòng 3"]
    assert stock_matches_history(db, a) and stock_matches_history(db, b)


def test_one_bad_row_applies_nothing_and_every_bad_line_is_reported(client, db, shop):
    _, a, b = shop
    other = make_product("Hàng người khác", producer=make_producer(), slug="hang-khac")
    text = ("slug,price_vnd,stock\n"
            "che-a,130000,1\n"          # good, but the file has bad lines
            "che-b,-5,2\n"              # line 3: negative
            "khong-co,1,1\n"            # line 4: unknown
            "hang-khac,1,1\n"           # line 5: another producer's: not found either
            "che-a,1,1\n"               # line 6: duplicate of line 2
            "che-b,abc,\n"              # line 7: not a number
            "\"che-b,1\n")              # line 8: unreadable
    response = send(client, text)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "Chưa cập nhật gì" in body
    for line in (3, 4, 5, 6, 7, 8):
        assert f"line {line}:" in body, line
    assert "line 2:" not in body
    assert values(db, a, b, other) == [(100_000, 5), (200_000, 8), (125_000, 10)]


@pytest.mark.parametrize("text,message", [
    ("", "Vui lòng chọn tệp CSV"),
    ("name,price\nx,1\n", "thiếu cột slug"),
    ("slug,price_vnd,stock,color\nche-a,1,1,red\n", "cột không dùng được"),
    ("slug,price_vnd\n", "không có dòng sản phẩm"),
    ("slug,stock\nche-a,\n", "không có giá hay tồn kho"),
])
def test_bad_files_are_refused_with_a_reason(client, db, shop, text, message):
    response = send(client, text)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_bad_utf8_is_pinned_to_its_line(client, db, shop):
    response = send(client, b"slug,stock\nche-a,1\nche-b,\xff\n")
    assert response.status_code == 400 and "line 3:" in response.get_data(as_text=True)


def test_the_export_round_trips(client, db, shop):
    _, a, b = shop
    exported = client.get("/dashboard/producer/products/export.csv")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    text = exported.get_data(as_text=True)
    assert text.startswith("\ufeffslug,name,price_vnd,stock\n") and "che-a,Chè A,100000,5" in text
    response = send(client, text.replace("100000,5", "110000,6"))
    assert response.status_code == 200
    assert values(db, a) == [(110_000, 6)]


def test_an_archived_product_must_be_restored_first(client, db, shop):
    _, a, _ = shop
    client.post(f"/dashboard/producer/products/{a.id}/archive")
    response = send(client, "slug,stock\nche-a,1\n")
    assert response.status_code == 400 and "lưu trữ" in response.get_data(as_text=True)
