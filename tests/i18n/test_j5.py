"""Outlets, restock, gift sets and fairs in English: every page of the area, as the role that
sees it, with no interface text left in Vietnamese; the Vietnamese pages are unchanged.

The data is ASCII; only the names of the administrative units (reference data: "Xã Tân
Cương", the province list of the address forms) stay Vietnamese, and are allowed as such.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace import units
from marketplace.clock import today
from marketplace.extensions import db as _db
from marketplace.outlets import events, giftset_compose, restock
from marketplace.shops.models import Producer, ProducerKind, ProducerStatus
from tests.factories import (
    make_gift_set, make_outlet, make_outlet_stock, make_producer, make_product, make_restock,
    make_user, make_wholesale,
)
from tests.i18n.helpers import vietnamese_left
from tests.shops.helpers import login

COMMUNE = "05503"  # Xã Tân Cương, Thái Nguyên


def _longest_first(names) -> tuple[str, ...]:
    """Longer names first, so "Tỉnh Thái Nguyên" goes before "Thái Nguyên"."""
    return tuple(sorted({n for n in names if n}, key=len, reverse=True))


def places_of_the_data() -> tuple[str, ...]:
    commune, province = units.commune(COMMUNE), units.province("19")
    return _longest_first(("Tiếng Việt", commune.name, commune.short, province.name,
                           province.short))


def places_of_the_address_form() -> tuple[str, ...]:
    """The province and commune choices of the address selects (reference data)."""
    return _longest_first(("Tiếng Việt", *places_of_the_data(),
                           *(p.short for p in units.provinces()),
                           *(c.name for c in units.communes_of("19"))))


def english(client, url: str, status: int = 200, allowed: tuple[str, ...] = ()) -> str:
    """The page at ``url`` in English, checked: nothing left in Vietnamese."""
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:300]
    assert '<html lang="en">' in html
    assert vietnamese_left(html, allowed or places_of_the_data()) == [], url
    return html


def choose_english(client) -> None:
    client.get("/lang/en?next=/")


@pytest.fixture
def world(db):
    """A producer selling two products wholesale (and one not), an outlet carrying them (two
    low, one on order), a gift set, a published fair with the producer accepted, and two
    restock orders."""
    producer = make_producer("HTX Hao Dat", slug="htx-hao-dat", email="haodat@example.com")
    owner = make_user(role="producer", producer=producer, name="Hao Dat Owner")
    tea = make_product("Che Tan Cuong", producer=producer, unit="box", stock=100,
                       slug="che-tan-cuong", price_vnd=150_000)
    honey = make_product("Mat ong Phuc Thanh", producer=producer, unit="jar", stock=50,
                         slug="mat-ong-phuc-thanh", price_vnd=120_000)
    make_wholesale(tea, ((1, 100_000), (20, 90_000)), moq=5)
    make_wholesale(honey, ((10, 80_000),), moq=10)
    cake = make_product("Banh chung", producer=producer, unit="piece", slug="banh-chung")
    outlet = make_outlet("Diem ban Tan Cuong", slug="diem-ban-tan-cuong", street="12 Tea Road",
                         opening_hours="7:00 - 21:00", phone="0208 3855 999", lat=21.52,
                         lng=105.78, email="diemban@example.com")
    operator = make_user(role="outlet", outlet=outlet, name="Che Tan Cuong")
    make_outlet_stock(outlet, tea, on_hand=2, reorder_point=10, target_level=25)
    make_outlet_stock(outlet, honey, on_hand=8, reorder_point=3, target_level=10)
    make_outlet_stock(outlet, cake, on_hand=0, reorder_point=2, target_level=6)
    _db.session.add(Producer(slug=giftset_compose.HOUSE_SLUG, name="OCOP Gifts Thai Nguyen",
                             kind=ProducerKind.ENTERPRISE, province_code="19",
                             commune_code=COMMUNE, status=ProducerStatus.APPROVED))
    _db.session.commit()
    gift = make_gift_set([(tea, 1), (honey, 1)], name="Tet Gift Box", outlet=outlet)
    start = today() + timedelta(days=20)
    fair = events.create_event(events.EventData(
        title="Tan Cuong Tea Fair", kind="fair", starts_on=start.isoformat(),
        ends_on=(start + timedelta(days=2)).isoformat(), venue="Cultural House",
        province_code="19", commune_code=COMMUNE, description="Tea stalls."),
        actor_id=None, publish=True)
    events.decide(events.apply(fair, producer, events.ApplicationData([tea.id], "Two stalls")),
                  True)
    placed = make_restock(outlet, [(tea, 5)], payment_terms="transfer_invoice")[0]
    accepted = make_restock(outlet, [(honey, 10)])[0]
    restock.accept(accepted, actor_id=None)
    office = make_user(role="office", name="Office Admin")
    return {"producer": producer, "owner": owner, "tea": tea, "honey": honey,
            "outlet": outlet, "operator": operator, "gift": gift, "fair": fair,
            "placed": placed, "accepted": accepted, "office": office}


def test_the_public_pages_are_in_english(client, world):
    directory = english(client, "/outlets?lang=en")
    assert "OCOP product outlets" in directory and "Clear filters" in directory
    filtered = english(client, f"/outlets?lang=en&product=che-tan-cuong&commune={COMMUNE}")
    assert "1</span> outlet carrying “Che Tan Cuong” in Xã Tân Cương." in filtered
    outlet = english(client, "/outlets/diem-ban-tan-cuong?lang=en")
    assert "Products in stock at this outlet" in outlet and "Commune outlet" in outlet
    assert "2 sets left" in outlet
    assert "Tet gifts" in english(client, "/gift-sets?lang=en")
    gift = english(client, f"/gift-sets/{world['gift'].slug}?lang=en",
                   allowed=places_of_the_data() + (world["tea"].category.group.name,))
    assert "In the gift box" in gift and "/ gift box" in gift
    assert "OCOP fairs, exhibitions and weeks" in english(client, "/events?lang=en")
    fair = english(client, f"/events/{world['fair'].slug}?lang=en")
    assert "Exhibiting producers (1)" in fair and "OCOP outlets near the venue" in fair


def test_the_product_page_names_the_outlets_in_english(client, world):
    page = client.get("/products/che-tan-cuong?lang=en").get_data(as_text=True)

    assert "Sold at 1 OCOP outlet ›" in page


def test_the_registration_form_is_in_english(client, world):
    login(client, make_user(name="Tran Hoa"))
    choose_english(client)

    page = english(client, "/dashboard/outlet/register", allowed=places_of_the_address_form())
    response = client.post("/dashboard/outlet/register", data={"name": "", "level": "commune"})

    assert "Register an OCOP outlet" in page and "Longitude (optional)" in page
    assert response.status_code == 400
    assert "Please enter the outlet name." in response.get_data(as_text=True)


def test_a_bad_directory_filter_is_explained_in_english(client, world):
    html = english(client, "/outlets?lang=en&level=castle", status=400)

    assert "Invalid filter: level must be one of" in html


def test_the_operator_dashboard_is_in_english(client, world):
    login(client, world["operator"])
    choose_english(client)

    home = english(client, "/dashboard/outlet")
    assert "Running low" in home and "suggested order <strong>18</strong>" in home
    assert "(reorder point 10), 5 on the way" in home
    assert "not sold wholesale by the producer" in home
    assert "Outlet stock" in english(client, "/dashboard/outlet/stock")
    item = english(client, f"/dashboard/outlet/stock/{world['tea'].id}")
    assert "Opening stock" in item and "Save stock levels" in item
    assert "Record count" in english(client, "/dashboard/outlet/count")
    assert "Gift sets made up by this outlet" in english(client, "/dashboard/outlet/gift-sets")
    assert "Save gift set" in english(client, "/dashboard/outlet/gift-sets/new")
    edit = english(client, f"/dashboard/outlet/gift-sets/{world['gift'].id}")
    assert "Tet Gift Box" in edit and "Contents (products and quantities)" in edit
    assert "Outlet details" in english(client, "/dashboard/outlet/profile",
                                       allowed=places_of_the_address_form())


def test_a_refused_counter_sale_is_explained_in_english(client, world):
    login(client, world["operator"])
    choose_english(client)

    client.post("/dashboard/outlet/sales", data={"kind": "product", "quantity": "5",
                                                 "product_id": str(world["tea"].id)})
    page = english(client, "/dashboard/outlet/sales")

    assert "Not enough stock: only 2 on the shelf, cannot sell 5." in page
    assert "Record sale" in page


def test_a_bad_stock_count_is_explained_in_english(client, world):
    login(client, world["operator"])
    choose_english(client)

    response = client.post("/dashboard/outlet/count", data={f"count-{world['tea'].id}": "many"})
    html = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "Counted quantity: a whole number from 0 to 100000." in html
    assert vietnamese_left(html, places_of_the_data()) == []


def test_the_restock_pages_of_the_operator_are_in_english(client, world):
    restock.add_to_draft(world["outlet"], world["honey"].id, "4")  # under the MOQ of 10
    login(client, world["operator"])
    choose_english(client)

    builder = english(client, "/dashboard/outlet/restock")
    assert "Restock suggestions" in builder
    assert ("“Mat ong Phuc Thanh”: the producer only takes orders of 10 units or more "
            "(you ordered 4).") in builder
    orders = english(client, "/dashboard/outlet/restock/orders")
    assert "Awaiting the producer" in orders and "Accepted by the producer" in orders
    order = english(client, f"/dashboard/outlet/restock/orders/{world['placed'].number}")
    assert "Transfer invoice" in order and "Bank transfer on invoice (VietQR)" in order


def test_the_producer_pages_are_in_english(client, world):
    login(client, world["owner"])
    choose_english(client)

    assert "Restock orders from OCOP outlets" in english(client, "/dashboard/producer/restock")
    placed = english(client, f"/dashboard/producer/restock/{world['placed'].number}")
    assert "Accept order" in placed and "Reason for refusing" in placed
    accepted = english(client, f"/dashboard/producer/restock/{world['accepted'].number}")
    assert "value=\"Producer's own delivery\"" in accepted
    terms = english(client, f"/dashboard/producer/products/{world['tea'].id}/wholesale")
    assert "Wholesale prices for outlets: Che Tan Cuong" in terms
    assert "Your application:" in english(client, "/dashboard/producer/events")


def test_a_bad_wholesale_tier_is_explained_in_english(client, world):
    login(client, world["owner"])
    choose_english(client)

    response = client.post(f"/dashboard/producer/products/{world['tea'].id}/wholesale", data={
        "offered": "1", "min_order_qty": "10", "lead_time_days": "3",
        "tier-qty-0": "10", "tier-price-0": "120000", "tier-qty-1": "50",
        "tier-price-1": "125000"})
    html = response.get_data(as_text=True)

    assert response.status_code == 400
    assert "Buying more cannot cost more: the unit price from 50 is higher than from 10." in html
    assert vietnamese_left(html, places_of_the_data()) == []


def test_the_office_pages_are_in_english(client, world):
    login(client, world["office"])
    choose_english(client)

    outlets = english(client, "/dashboard/office/outlets?status=all")
    assert "Diem ban Tan Cuong" in outlets and "Approved" in outlets
    assert "Operators" in english(client, f"/dashboard/office/outlets/{world['outlet'].id}")
    assert "Made up by" in english(client, "/dashboard/office/gift-sets")
    assert "New gift set" in english(client, "/dashboard/office/gift-sets/new")
    assert "OCOP fairs, exhibitions and weeks" in english(client, "/dashboard/office/events")
    fair = english(client, f"/dashboard/office/events/{world['fair'].id}",
                   allowed=places_of_the_address_form())
    assert "Apply to exhibit" in fair and "Accepted" in fair
    assert "Transfers for restock orders" in english(client, "/dashboard/office/restock")


def test_a_suspension_without_reason_is_refused_in_english(client, world):
    login(client, world["office"])
    choose_english(client)

    client.post(f"/dashboard/office/outlets/{world['outlet'].id}/suspend", data={"reason": ""})
    page = english(client, f"/dashboard/office/outlets/{world['outlet'].id}")

    assert "Please give a reason to send to the outlet." in page


def test_the_vietnamese_pages_are_unchanged(client, world):
    directory = client.get("/outlets").get_data(as_text=True)
    assert "Điểm bán sản phẩm OCOP" in directory and "1</span> điểm bán." in directory
    assert "còn 2 bộ" in client.get("/outlets/diem-ban-tan-cuong").get_data(as_text=True)
    login(client, world["operator"])
    home = client.get("/dashboard/outlet").get_data(as_text=True)
    assert '<html lang="vi">' in home and "gợi ý nhập <strong>18</strong>" in home
    assert "(điểm đặt lại 10), đang về 5" in home
    assert "Đơn nhập hàng đang lập" in client.get("/dashboard/outlet/restock").get_data(
        as_text=True)
