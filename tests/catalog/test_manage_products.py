"""Quản lý sản phẩm: create, validate, edit, publish, duplicate, archive and restore."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.catalog.filters import ProductFilters
from marketplace.catalog.listing import matching_ids
from marketplace.catalog.models import Product, ProductStatus, StockMovement, StockReason
from marketplace.shops.models import ProducerStatus
from tests.factories import make_producer, make_product
from tests.shops.helpers import login, owner, product_form


@pytest.fixture
def seller(client, db):
    user = owner()
    login(client, user)
    return user


def create(client, **changes) -> Product:
    response = client.post("/dashboard/producer/products/new", data=product_form(**changes))
    assert response.status_code == 303, response.get_data(as_text=True)
    product_id = int(response.headers["Location"].rsplit("/", 1)[1])
    from marketplace.extensions import db

    return db.session.get(Product, product_id)


def test_a_new_product_is_a_draft_with_its_opening_stock_recorded(client, db, seller):
    product = create(client, price_vnd="120.000")
    assert (product.status, product.price_vnd, product.stock) == (ProductStatus.DRAFT, 120_000, 10)
    assert product.producer_id == seller.producer_id
    movements = db.session.scalars(select(StockMovement)).all()
    assert [(m.delta, m.stock_after, m.reason) for m in movements] == [(10, 10, StockReason.INITIAL)]
    assert product.id not in matching_ids(ProductFilters())


@pytest.mark.parametrize("field,value,message", [
    ("price_vnd", "-1000", "Giá bán"),
    ("price_vnd", "12,5", "Giá bán"),
    ("price_vnd", "1.5", "Giá bán"),  # not a thousands grouping: never read as 15
    ("price_vnd", "abc", "Giá bán"),
    ("price_vnd", "99999999999", "Giá bán"),
    ("price_vnd", "１２３", "Giá bán"),  # full-width digits are not ASCII
    ("stock", "-3", "Tồn kho ban đầu"),
    ("stock", "2.5", "Tồn kho ban đầu"),
    ("weight_grams", "0", "Khối lượng đóng gói"),
    ("name", "", "Vui lòng nhập tên sản phẩm"),
    ("category", "khong-co", "nhóm sản phẩm OCOP"),
    ("gtin", "12ab", "GTIN"),
])
def test_bad_values_are_refused_next_to_their_field(client, db, seller, field, value, message):
    response = client.post("/dashboard/producer/products/new", data=product_form(**{field: value}))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Product.id)) is None


def test_a_name_is_unique_within_the_shop(client, db, seller):
    create(client)
    response = client.post("/dashboard/producer/products/new", data=product_form())
    assert "Gian hàng đã có một sản phẩm cùng tên" in response.get_data(as_text=True)


def test_editing_changes_the_fields_but_never_the_stock(client, db, seller):
    product = create(client)
    response = client.post(f"/dashboard/producer/products/{product.id}",
                           data=product_form(name="Chè móc câu", price_vnd="150000", stock="999"))
    assert response.status_code == 303
    db.session.expire_all()
    product = db.session.get(Product, product.id)
    assert (product.name, product.price_vnd, product.stock) == ("Chè móc câu", 150_000, 10)


def test_publishing_lists_the_product_only_while_the_shop_is_approved(client, db, seller):
    product = create(client)
    assert client.post(f"/dashboard/producer/products/{product.id}/publish").status_code == 303
    db.session.expire_all()
    assert product.id in matching_ids(ProductFilters())
    assert client.get(f"/products/{product.slug}").status_code == 200
    seller.producer.status = ProducerStatus.SUSPENDED
    db.session.commit()
    from marketplace.catalog import cache

    cache.bump_revision()
    db.session.commit()
    assert product.id not in matching_ids(ProductFilters())


def test_a_free_product_cannot_be_published(client, db, seller):
    product = create(client, price_vnd="0")
    client.post(f"/dashboard/producer/products/{product.id}/publish")
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == ProductStatus.DRAFT


def test_archive_and_restore(client, db, seller):
    product = create(client)
    client.post(f"/dashboard/producer/products/{product.id}/publish")
    client.post(f"/dashboard/producer/products/{product.id}/archive")
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == ProductStatus.ARCHIVED
    assert "Chè búp" not in client.get("/dashboard/producer/products").get_data(as_text=True)
    assert "Chè búp" in client.get("/dashboard/producer/products?status=archived").get_data(
        as_text=True)
    client.post(f"/dashboard/producer/products/{product.id}/publish")  # not from archived
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == ProductStatus.ARCHIVED
    client.post(f"/dashboard/producer/products/{product.id}/restore")
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == ProductStatus.DRAFT


def test_duplicating_makes_a_draft_copy_without_stock(client, db, seller):
    product = make_product("Miến dong", producer=seller.producer, stock=8, price_vnd=90_000)
    response = client.post(f"/dashboard/producer/products/{product.id}/duplicate")
    copy_id = int(response.headers["Location"].rsplit("/", 1)[1])
    copy = db.session.get(Product, copy_id)
    assert (copy.name, copy.status, copy.stock, copy.price_vnd) == (
        "Miến dong (bản sao)", ProductStatus.DRAFT, 0, 90_000)
    assert copy.slug != product.slug and not copy.certifications
    client.post(f"/dashboard/producer/products/{product.id}/duplicate")
    assert db.session.scalar(select(Product.id).where(Product.name == "Miến dong (bản sao) 2"))


def test_changes_mark_the_product_for_search_and_bump_the_revision(client, db, seller,
                                                                   monkeypatch):
    from marketplace import search
    from marketplace.catalog.cache import current_revision

    marked = []
    monkeypatch.setattr(search, "mark_products", lambda ids: marked.append(list(ids)))
    with client.application.test_request_context():
        before = current_revision()
    product = create(client)
    client.post(f"/dashboard/producer/products/{product.id}/publish")
    client.post(f"/dashboard/producer/products/{product.id}", data=product_form(price_vnd="1000"))
    client.post(f"/dashboard/producer/products/{product.id}/stock",
                data={"delta": "5", "reason": "restock"})
    assert marked == [[product.id]] * 4
    with client.application.test_request_context():
        assert current_revision() >= before + 4


def test_other_producers_products_are_not_in_the_list(client, db, seller):
    make_product("Hàng của người khác", producer=make_producer())
    assert "Hàng của người khác" not in client.get("/dashboard/producer/products").get_data(
        as_text=True)


def test_optional_english_name_and_description_show_on_english_pages(client, db, seller):
    product = create(client, name="Mien dong Binh Lieu", name_en="Binh Lieu glass noodles",
                     description="Mien dong lam tu cu dong rieng.",
                     description_en="Glass noodles made from edible canna starch.")
    client.post(f"/dashboard/producer/products/{product.id}/publish")

    english = client.get(f"/products/{product.slug}?lang=en").get_data(as_text=True)
    vietnamese = client.get(f"/products/{product.slug}").get_data(as_text=True)

    assert "Binh Lieu glass noodles" in english and "edible canna starch" in english
    assert "Mien dong Binh Lieu" in vietnamese and "Binh Lieu glass noodles" not in vietnamese
    form = client.get(f"/dashboard/producer/products/{product.id}").get_data(as_text=True)
    assert 'value="Binh Lieu glass noodles"' in form


def test_an_english_name_too_long_is_a_form_error(client, db, seller):
    response = client.post("/dashboard/producer/products/new",
                           data=product_form(name_en="x" * 201))
    assert response.status_code == 400 and "200" in response.get_data(as_text=True)
