"""Every service that changes what search shows tells it in its own transaction.

Unlike test_consistency (the marking mechanism itself), these call the app's real
services (or pages) and never mark by hand: the next search, in the same request or
right after it, sees the change on both search backends.
"""
from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from marketplace.catalog import manage, stock
from marketplace.catalog.importer import import_catalogue
from marketplace.catalog.models import Product, ProductStatus
from marketplace.clock import today
from marketplace.demo.loader import load_demo
from marketplace.ocop.models import Certification
from marketplace.ocop.services import (
    expire_certifications, issue_certification, revoke_certification,
)
from marketplace.orders import services as orders
from marketplace.shops import review
from marketplace.shops.models import ProducerStatus
from marketplace.shops.services import ProfileData, update_profile
from tests.catalog.test_import import good_row, write_csv
from tests.factories import make_order, make_producer, make_product, make_user
from tests.search.helpers import find
from tests.shops.helpers import login, owner, product_form


def names(q: str = "", **filters) -> list[str]:
    return [card.name for card in find(q, **filters).items]


def indexed(*products: Product) -> None:
    """Start from an index that holds these (factories do not tell search)."""
    from marketplace import search

    search.index_products([p.id for p in products])


# --- catalogue import and demo data ----------------------------------------------------

def test_an_import_is_searchable_once_it_commits(searching, tmp_path):
    path = write_csv(tmp_path, [
        good_row(),
        good_row(product_name="Trà hoa vàng", stars="", score="", certificate_no="",
                 certified_on=""),
    ])

    import_catalogue(path)

    assert set(names("hao dat")) == {"Chè Đinh Tân Cương", "Trà hoa vàng"}
    assert names("tan cuong", stars=5) == ["Chè Đinh Tân Cương"]


def test_a_reimport_updates_every_product_of_its_producers(searching, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row(), good_row(product_name="Trà hoa vàng",
                                                               certificate_no="GCN-002")]))

    # the producer moves: its product not named in the second file moves in search too
    import_catalogue(write_csv(tmp_path, [good_row(commune="Phú Lương", price_vnd="90000")],
                               name="second.csv"))

    assert set(names("phu luong")) == {"Chè Đinh Tân Cương", "Trà hoa vàng"}
    assert names("hao dat", max_price=100_000) == ["Chè Đinh Tân Cương"]


def test_a_failed_import_leaves_search_alone(searching, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row()]))

    path = write_csv(tmp_path, [good_row(product_name="Miến dong"), good_row(stars="9")],
                     name="bad.csv")
    try:
        import_catalogue(path)
    except Exception:  # noqa: BLE001 (ImportFailed: the point is what search holds after)
        pass

    assert names("mien dong") == []
    assert names("hao dat") == ["Chè Đinh Tân Cương"]


def test_demo_load_is_searchable_without_a_reindex(searching):
    load_demo()

    found = names("che tan cuong")
    assert "Chè Đinh Tân Cương" in found[:3]
    assert find("", stars=5).total == 2


# --- the producer dashboard ------------------------------------------------------------

def test_dashboard_create_publish_edit_and_archive_show_in_search(client, searching):
    user = owner()
    login(client, user)

    response = client.post("/dashboard/producer/products/new",
                           data=product_form(name="Chè móc câu Sông Cầu"))
    product_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert names("moc cau") == []  # a draft is not listed

    client.post(f"/dashboard/producer/products/{product_id}/publish")
    assert names("moc cau") == ["Chè móc câu Sông Cầu"]

    client.post(f"/dashboard/producer/products/{product_id}",
                data=product_form(name="Trà móc câu Sông Cầu", price_vnd="95000"))
    assert names("moc cau") == ["Trà móc câu Sông Cầu"]
    assert names("moc cau", max_price=99_999) == ["Trà móc câu Sông Cầu"]

    client.post(f"/dashboard/producer/products/{product_id}/archive")
    assert names("moc cau") == []


def test_update_product_service_renames_in_search(searching, db):
    product = make_product("Chè búp")
    indexed(product)

    data = manage.ProductData.of(product)
    data.name = "Chè búp Hảo Đạt"
    manage.update_product(product, data)

    assert names("hao dat") == ["Chè búp Hảo Đạt"]


def test_archiving_takes_a_product_out_and_restoring_plus_publishing_brings_it_back(
        searching, db):
    product = make_product("Mật ong bạc hà")
    indexed(product)

    manage.set_status(product, ProductStatus.ARCHIVED)
    assert names("mat ong") == []

    manage.set_status(product, ProductStatus.DRAFT)
    manage.set_status(product, ProductStatus.ACTIVE)
    assert names("mat ong") == ["Mật ong bạc hà"]


# --- stock: the in-stock filter reads the indexed stock --------------------------------

def test_selling_out_and_restocking_move_a_product_in_and_out_of_in_stock(searching, db):
    product = make_product("Miến dong Tài Hoan", stock=2)
    indexed(product)
    assert names("mien", in_stock=True) == ["Miến dong Tài Hoan"]

    order = make_order(items=[(product, 2)])  # checkout takes the last units
    assert names("mien", in_stock=True) == []

    orders.cancel_order(order, actor_id=order.user_id)  # the units come back
    assert names("mien", in_stock=True) == ["Miến dong Tài Hoan"]

    user = owner(producer=product.producer)
    stock.adjust_stock(product, stock.Adjustment(-2, "damage", "ẩm mốc"), actor_id=user.id)
    assert names("mien", in_stock=True) == []


def test_a_bulk_csv_setting_stock_to_zero_leaves_in_stock_results(client, searching):
    user = owner()
    product = make_product("Nấm hương", producer=user.producer, stock=3)
    indexed(product)
    login(client, user)

    response = client.post("/dashboard/producer/products/bulk",
                           data={"file": (io.BytesIO(f"slug,stock\n{product.slug},0\n".encode()),
                                          "bulk.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]

    assert names("nam huong", in_stock=True) == []
    assert names("nam huong") == ["Nấm hương"]


# --- certificates ----------------------------------------------------------------------

def test_issuing_a_certificate_adds_the_stars_in_the_same_transaction(searching, db):
    product = make_product("Chè đinh")
    indexed(product)

    issue_certification(product, stars=4, score=80, certified_on=today() - timedelta(days=3))
    db.session.commit()

    assert names("che", stars=4) == ["Chè đinh"]


def test_revoking_a_certificate_drops_the_stars_at_once(searching, db):
    product = make_product("Chè đinh", stars=5)
    indexed(product)
    assert names("che", stars=5) == ["Chè đinh"]

    certificate = db.session.scalars(select(Certification)).one()
    revoke_certification(certificate, "sai phạm nhãn mác")

    assert names("che", stars=5) == []
    assert find("che").facets["stars"] == []


def test_stars_count_through_the_expiry_day_and_not_a_day_later(searching, db):
    # Both certificates are still "active" in the database and in the index: only the
    # date decides, on the day the query runs (no `ocop expire`, no reindex).
    lasts = make_product("Chè hết hạn hôm nay", stars=4, expires_on=today())
    lapsed = make_product("Chè hết hạn hôm qua", stars=4, expires_on=today() - timedelta(days=1))
    indexed(lasts, lapsed)

    assert names("che het han", stars=4) == ["Chè hết hạn hôm nay"]
    assert [(v.key, v.count) for v in find("che het han").facets["stars"]] == [("4", 1)]
    assert {card.name: card.stars for card in find("che het han").items} == {
        "Chè hết hạn hôm nay": 4, "Chè hết hạn hôm qua": None}


def test_expiring_certificates_reindexes_their_products(searching, db):
    product = make_product("Chè hết hạn", stars=3, expires_on=today() - timedelta(days=1))
    indexed(product)

    assert expire_certifications() == 1

    assert names("het han", stars=3) == []
    assert names("het han") == ["Chè hết hạn"]


# --- producers -------------------------------------------------------------------------

def test_suspending_a_producer_takes_its_products_out_at_once(searching, db):
    producer = make_producer("HTX chè Tân Cương")
    tea, green = make_product("Chè búp", producer=producer), make_product("Trà xanh",
                                                                          producer=producer)
    indexed(tea, green)
    office = make_user(role="office")

    review.decide(producer, ProducerStatus.SUSPENDED, reason="vi phạm", actor_id=office.id)
    assert names("tan cuong") == []

    review.decide(producer, ProducerStatus.APPROVED, actor_id=office.id)
    assert set(names("tan cuong")) == {"Chè búp", "Trà xanh"}


def test_approving_a_new_producer_lists_its_published_products(searching, db):
    producer = make_producer("HTX miến Việt Cường", status=ProducerStatus.PENDING)
    make_product("Miến dong Việt Cường", producer=producer)
    office = make_user(role="office")

    review.decide(producer, ProducerStatus.APPROVED, actor_id=office.id)

    assert names("viet cuong") == ["Miến dong Việt Cường"]


def test_renaming_or_moving_a_shop_shows_in_search_and_suggestions(searching, db):
    producer = make_producer("HTX chè cũ")  # in Xã Tân Cương
    indexed(make_product("Chè búp", producer=producer))

    data = ProfileData.of(producer)
    data.name, data.tax_code = "HTX chè La Bằng", "4600123456"
    data.phone, data.street = "0912 345 678", "Xóm Đồng Kiệm"
    data.commune_code = "05611"  # Xã Phú Lương
    update_profile(producer, data)

    assert names("la bang") == ["Chè búp"]
    assert [s.text for s in searching.suggest("htx che la")] == ["HTX chè La Bằng"]
    assert names("phu luong") == ["Chè búp"] and names("tan cuong") == []
