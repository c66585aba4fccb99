"""The producer's dashboard and settlement in English: no interface text left in Vietnamese.

The data is ASCII, so a Vietnamese word on an English page is untranslated interface
text, except reference data shown as is: place names (provinces, communes) and the
ledger's own notes, which are database values.
"""
from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from marketplace import units
from marketplace.clock import today
from marketplace.settlement.models import LedgerEntry
from marketplace.shops import staff
from marketplace.trace.services import BatchData, create_batch
from tests.factories import make_order, make_producer, make_product, make_user
from tests.i18n.helpers import vietnamese_left
from tests.shops.helpers import login, product_form

# Reference data the pages show untranslated: the administrative units' names.
PLACES = tuple(sorted({p.name for p in units.provinces()}
                      | {c.name for c in units.communes_of("19")}, key=len, reverse=True))


def english(client, path: str, *, allowed: tuple[str, ...] = (), status: int = 200) -> str:
    """The page in English, checked for leftover Vietnamese interface text."""
    response = client.get(path + ("&" if "?" in path else "?") + "lang=en")
    assert response.status_code == status, response.status_code
    html = response.get_data(as_text=True)
    assert vietnamese_left(html, ("Tiếng Việt", *PLACES, *allowed)) == []
    return html


@pytest.fixture
def seller(client, db):
    """A logged-in owner of an approved producer with two products, one running low."""
    producer = make_producer("HTX Hao Dat", slug="htx-hao-dat")
    user = make_user("owner@example.vn", role="producer", producer=producer,
                     name="Che Tan Cuong")
    tea = make_product("Green Tea", producer=producer, stock=3, price_vnd=120_000,
                       unit="box", low_stock_threshold=5, slug="green-tea")
    make_product("Honey", producer=producer, stock=40, unit="jar", slug="honey")
    login(client, user)
    return user, producer, tea


@pytest.fixture
def sold(seller):
    """A COD order of two boxes from a shopper with an ASCII name and street."""
    user, producer, tea = seller
    shopper = make_user("buyer@example.vn", name="Nguyen Van An")
    order = make_order(shopper, [(tea, 2)], recipient_name="Nguyen Van An",
                       street="12 Tan Cuong Road", phone="0912 345 678")
    return order.shop_orders[0]


def test_home_and_products_are_english(client, seller):
    home = english(client, "/dashboard/producer")
    assert "Hello, Che Tan Cuong" in home and "(threshold 5)" in home
    assert "orders awaiting confirmation" in home and "Seller centre" in home

    products = english(client, "/dashboard/producer/products")
    assert "All (except archived)" in products and "Download prices and stock as CSV" in products
    assert "Put on sale" not in products  # both products are on sale already


def test_product_form_errors_are_english(client, seller):
    response = client.post("/dashboard/producer/products/new?lang=en", data=product_form(
        name="Black Tea", price_vnd="abc", unit="box", description="Rolled by hand."))
    html = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "Price (VND) must be a whole number of 0 or more (e.g. 125000)." in html
    assert vietnamese_left(html, ("Tiếng Việt", *PLACES)) == []
    assert "Tea and coffee" in html  # the OCOP groups in English


def test_edit_form_and_stock_history_are_english(client, seller):
    _user, _producer, tea = seller
    response = client.post(f"/dashboard/producer/products/{tea.id}/stock?lang=en",
                           data={"delta": "10", "reason": "restock", "note": "new harvest"},
                           follow_redirects=True)
    assert "Stock updated: 13 left." in response.get_data(as_text=True)

    page = english(client, f"/dashboard/producer/products/{tea.id}/stock")
    assert "Stock history" in page and "Restock" in page and "Opening stock" in page
    assert "13 box in stock" in page.replace("<strong id=\"stock-now\">", "").replace(
        "</strong>", "")

    edit = english(client, f"/dashboard/producer/products/{tea.id}")
    assert "Put on sale" in edit or "Take off sale (back to draft)" in edit
    assert "Product photos (0/" in edit


def test_a_stock_error_is_english(client, seller):
    _user, _producer, tea = seller
    response = client.post(f"/dashboard/producer/products/{tea.id}/stock?lang=en",
                           data={"delta": "-50", "reason": "damage", "note": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Cannot remove 50 when only 3 are in stock." in html
    assert vietnamese_left(html, ("Tiếng Việt", *PLACES)) == []


def test_orders_list_and_an_order_are_english(client, sold):
    orders = english(client, "/dashboard/producer/orders")
    assert "Filter orders" in orders and "Export CSV" in orders and "Recipient" in orders

    page = english(client, f"/dashboard/producer/orders/{sold.id}")
    assert "Cash on delivery (COD)" in page and "Handle the order" in page
    assert "Confirm order" in page and "Print packing slip" in page

    slip = english(client, f"/dashboard/producer/orders/{sold.id}/packing-slip")
    assert '<html lang="en">' in slip and "COLLECT ON DELIVERY (COD):" in slip


def test_an_order_action_flashes_in_english(client, sold):
    response = client.post(f"/dashboard/producer/orders/{sold.id}/confirm?lang=en",
                           follow_redirects=True)
    assert "Order confirmed; the buyer has been notified." in response.get_data(as_text=True)


def test_batches_and_a_batch_are_english(client, seller):
    _user, producer, tea = seller
    batch = create_batch(tea, BatchData(code="LO-2026-01", produced_on=today().isoformat(),
                                        brand="Hao Dat"), actor_name="Che Tan Cuong")

    batches = english(client, "/dashboard/producer/batches")
    assert "Batches and traceability stamps" in batches and "Production date" in batches

    page = english(client, f"/dashboard/producer/batches/{batch.id}")
    assert "Traceability stamps" in page and "The batch has" in page

    form = english(client, "/dashboard/producer/batches/new")
    assert "Add a batch" in form and "Choose a product" in form


def test_insights_are_english(client, sold):
    page = english(client, "/dashboard/producer/insights")
    assert "Sales insights" in page and "Revenue by month" in page
    assert "no reviews yet" in page and "240,000 ₫" in page


def test_profile_staff_and_preview_are_english(client, seller):
    user, producer, _tea = seller
    staff.invite(producer, "helper@example.vn", inviter=user)

    profile = english(client, "/dashboard/producer/profile")
    assert "Shop profile" in profile and "Cooperative" in profile
    assert "Choose a commune/ward" in profile and "Logo and cover image" in profile

    members = english(client, "/dashboard/producer/staff")
    assert "Shop members" in members and "Pending invitations" in members
    assert "Owner" in members

    english(client, "/dashboard/producer/profile/preview")


def test_a_staff_error_flashes_in_english(client, seller):
    user, _producer, _tea = seller
    response = client.post("/dashboard/producer/staff/invite?lang=en",
                           data={"email": user.email}, follow_redirects=True)
    assert "This person is already a member of the shop." in response.get_data(as_text=True)


def test_the_register_page_and_its_errors_are_english(client, db):
    page = english(client, "/sell/register")
    assert "Sell on the OCOP Market" in page and "Representative’s account" in page

    response = client.post("/sell/register?lang=en", data={
        "name": "", "kind": "cooperative", "province_code": "19", "commune_code": "",
        "street": "", "phone": "0912345678", "account_name": "Che Tan Cuong",
        "account_email": "new@example.vn", "account_password": "mat-khau-dai-du"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please enter the business name" in html
    assert "Please enter the house number, street and village/hamlet." in html


def test_the_balance_page_is_english(client, auth, sold, db):
    ship = {"carrier": "Viettel Post", "tracking_code": "VTP1"}
    for action, data in (("confirm", {}), ("pack", {}), ("ship", ship), ("deliver", {}),
                         ("cod", {})):
        client.post(f"/dashboard/producer/orders/{sold.id}/{action}", data=data,
                    follow_redirects=True)  # the flashes are read here, in Vietnamese
    notes = tuple(db.session.scalars(select(LedgerEntry.note)))  # database values
    assert notes

    page = english(client, "/dashboard/producer/balance", allowed=notes)
    assert "Balance and payouts" in page and "Payout account" in page
    assert "Delivered parcel revenue" in page and "Platform fee" in page


def test_vietnamese_pages_are_unchanged(client, sold):
    home = client.get("/dashboard/producer").get_data(as_text=True)
    assert "Xin chào, Che Tan Cuong" in home and "đơn chờ xác nhận" in home
    order = client.get(f"/dashboard/producer/orders/{sold.id}").get_data(as_text=True)
    assert "Khi nhận hàng (COD)" in order and "Xử lý đơn" in order
    balance = client.get("/dashboard/producer/balance").get_data(as_text=True)
    assert "Số dư và chi trả" in balance and "phí sàn" in balance


def test_bulk_update_errors_and_ocop_dossiers_are_english(client, seller):
    page = english(client, "/dashboard/producer/products/bulk")
    assert "Bulk update of prices and stock" in page

    response = client.post("/dashboard/producer/products/bulk?lang=en", data={
        "file": (io.BytesIO(b"slug,price_vnd\nnope,12\n"), "prices.csv")},
        content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was updated." in html
    assert "line 2: no product &#39;nope&#39; in your shop" in html
    assert vietnamese_left(html, ("Tiếng Việt", *PLACES)) == []

    dossiers = english(client, "/dashboard/producer/ocop")
    assert "OCOP evaluation dossiers" in dossiers and "Current certificate" in dossiers
