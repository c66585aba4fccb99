"""Ownership: operators see and change only their outlet's records, producers only their
restock orders, and the office's sections are the office's. Every route of the outlets
blueprint is walked (or listed as public), so a new one cannot skip the walk."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.outlets import restock
from marketplace.outlets.models import OutletStock
from marketplace.outlets.restock_models import RestockDraftLine, RestockOrder
from tests.factories import (
    make_gift_set, make_outlet, make_outlet_stock, make_producer, make_product, make_restock,
    make_user, make_wholesale,
)
from tests.outlets.test_events import make_event
from tests.shops.helpers import login

PUBLIC = {"outlets.directory_page", "outlets.outlet_page", "outlets.gift_sets_page",
          "outlets.gift_set_page", "outlets.events_page", "outlets.event_page"}
# Any logged-in shopper may register an outlet.
SHOPPER = {"outlets.register_outlet"}
# Routes of the operator, with {o} an order number, {p} a product, {g} a gift set, {l} a line.
OPERATOR = {
    "outlets.operator_home": [("GET", "/dashboard/outlet")],
    "outlets.operator_profile": [("GET", "/dashboard/outlet/profile")],
    "outlets.stock_page": [("GET", "/dashboard/outlet/stock")],
    "outlets.add_stock_item": [("POST", "/dashboard/outlet/stock/add")],
    "outlets.stock_item": [("GET", "/dashboard/outlet/stock/{p}"),
                           ("POST", "/dashboard/outlet/stock/{p}")],
    "outlets.sales_page": [("GET", "/dashboard/outlet/sales"),
                           ("POST", "/dashboard/outlet/sales")],
    "outlets.count_page": [("GET", "/dashboard/outlet/count"), ("POST", "/dashboard/outlet/count")],
    "outlets.restock_builder": [("GET", "/dashboard/outlet/restock")],
    "outlets.restock_take_suggestions": [("POST", "/dashboard/outlet/restock/suggested")],
    "outlets.restock_repeat": [("POST", "/dashboard/outlet/restock/repeat")],
    "outlets.restock_add": [("POST", "/dashboard/outlet/restock/add")],
    "outlets.restock_update": [("POST", "/dashboard/outlet/restock/update")],
    "outlets.restock_remove": [("POST", "/dashboard/outlet/restock/remove/{l}")],
    "outlets.restock_place": [("POST", "/dashboard/outlet/restock/place")],
    "outlets.restock_orders": [("GET", "/dashboard/outlet/restock/orders")],
    "outlets.restock_detail": [("GET", "/dashboard/outlet/restock/orders/{o}")],
    "outlets.restock_qr": [("GET", "/dashboard/outlet/restock/orders/{o}/vietqr.svg")],
    "outlets.restock_receive": [("POST", "/dashboard/outlet/restock/orders/{o}/receive")],
    "outlets.restock_cancel": [("POST", "/dashboard/outlet/restock/orders/{o}/cancel")],
    "outlets.operator_gift_sets": [("GET", "/dashboard/outlet/gift-sets")],
    "outlets.operator_new_gift_set": [("GET", "/dashboard/outlet/gift-sets/new")],
    "outlets.operator_edit_gift_set": [("GET", "/dashboard/outlet/gift-sets/{g}"),
                                       ("POST", "/dashboard/outlet/gift-sets/{g}")],
}
PRODUCER = {
    "outlets.wholesale_terms": [("GET", "/dashboard/producer/products/{p}/wholesale"),
                                ("POST", "/dashboard/producer/products/{p}/wholesale")],
    "outlets.producer_restock": [("GET", "/dashboard/producer/restock")],
    "outlets.producer_restock_detail": [("GET", "/dashboard/producer/restock/{o}")],
    "outlets.producer_restock_action": [("POST", f"/dashboard/producer/restock/{{o}}/{a}")
                                        for a in ("accept", "refuse", "ship")],
    "outlets.producer_events": [("GET", "/dashboard/producer/events")],
    "outlets.producer_apply": [("POST", "/dashboard/producer/events/{e}/apply")],
    "outlets.producer_withdraw": [("POST", "/dashboard/producer/events/{e}/withdraw")],
}
OFFICE = {
    "outlets.office_outlets": [("GET", "/dashboard/office/outlets")],
    "outlets.office_outlet": [("GET", "/dashboard/office/outlets/{outlet}")],
    "outlets.office_decide_outlet": [("POST", "/dashboard/office/outlets/{outlet}/suspend")],
    "outlets.office_gift_sets": [("GET", "/dashboard/office/gift-sets")],
    "outlets.office_new_gift_set": [("GET", "/dashboard/office/gift-sets/new")],
    "outlets.office_edit_gift_set": [("GET", "/dashboard/office/gift-sets/{g}")],
    "outlets.office_gift_set_status": [("POST", "/dashboard/office/gift-sets/{g}/withdraw")],
    "outlets.office_events": [("GET", "/dashboard/office/events")],
    "outlets.office_new_event": [("GET", "/dashboard/office/events/new")],
    "outlets.office_event": [("GET", "/dashboard/office/events/{event}")],
    "outlets.office_event_status": [("POST", "/dashboard/office/events/{event}/cancel")],
    "outlets.office_decide_application": [
        ("POST", "/dashboard/office/events/applications/{application}/accept")],
    "outlets.office_restock": [("GET", "/dashboard/office/restock")],
    "outlets.office_restock_paid": [("POST", "/dashboard/office/restock/{o}/paid")],
}


def test_every_route_is_walked(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("outlets.")}

    assert endpoints == PUBLIC | SHOPPER | set(OPERATOR) | set(PRODUCER) | set(OFFICE)


@pytest.fixture
def victim(db):
    """Outlet A and producer P1 with a restock order between them, and more."""
    from marketplace.outlets import events

    p1 = make_producer("HTX nạn nhân")
    p1_owner = make_user(role="producer", producer=p1)
    tea = make_product("Chè của nạn nhân", producer=p1, stock=50)
    honey = make_product("Mật ong", stock=20)
    make_wholesale(tea, ((1, 90_000),))
    outlet = make_outlet("Điểm bán nạn nhân")
    operator = make_user(role="outlet", outlet=outlet)
    make_outlet_stock(outlet, tea, on_hand=3)
    (order,) = make_restock(outlet, [(tea, 5)], payment_terms="transfer_invoice")
    restock.add_to_draft(outlet, tea.id, "2")
    line = restock.draft_lines(outlet.id)[0]
    gift = make_gift_set([(tea, 1), (honey, 1)], outlet=outlet)
    event = make_event()
    application = events.apply(event, p1, events.ApplicationData([tea.id]))
    return {"outlet": outlet, "operator": operator, "p1": p1, "p1_owner": p1_owner,
            "tea": tea, "order": order, "line": line, "gift": gift, "event": event,
            "application": application}


def _urls(routes, v):
    values = {"o": v["order"].number, "p": v["tea"].id, "g": v["gift"].id, "l": v["line"].id,
              "e": v["event"].slug, "outlet": v["outlet"].id, "event": v["event"].id,
              "application": v["application"].id}
    for endpoint, calls in routes.items():
        for method, template in calls:
            yield endpoint, method, template.format(**values)


def _send(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, data={
        "quantity": "1", "reason": "x", "carrier": "GHN", "product_id": "0",
        "request_key": "k" * 20, "payment_terms": "on_delivery"})


def snapshot(db, v):
    db.session.expire_all()
    order = db.session.get(RestockOrder, v["order"].id)
    return (order.status, order.paid_at, db.session.scalar(select(OutletStock.on_hand).where(
        OutletStock.outlet_id == v["outlet"].id)),
        db.session.scalar(select(func.count()).select_from(RestockDraftLine)))


def test_another_operator_gets_404_on_every_record_of_the_victim(client, db, victim):
    intruder = make_user(role="outlet", outlet=make_outlet("Điểm bán khác"))
    login(client, intruder)
    before = snapshot(db, victim)
    id_routes = {k: [c for c in v if "{" in c[1]] for k, v in OPERATOR.items()}
    for endpoint, method, url in _urls({k: v for k, v in id_routes.items() if v}, victim):
        response = _send(client, method, url)
        if endpoint == "outlets.restock_remove":  # scoped delete: nothing of A's removed
            assert response.status_code == 303
        else:
            assert response.status_code == 404, (endpoint, method, response.status_code)
    assert snapshot(db, victim) == before
    lists = client.get("/dashboard/outlet/restock/orders").get_data(as_text=True)
    assert victim["order"].number not in lists
    assert "Chè của nạn nhân" not in client.get("/dashboard/outlet/stock").get_data(
        as_text=True).split("add-product")[0]


def test_another_producer_gets_404_on_the_victims_restock_orders(client, db, victim):
    login(client, make_user(role="producer", producer=make_producer("HTX khác")))
    before = snapshot(db, victim)
    for endpoint, method, url in _urls(PRODUCER, victim):
        if "{" not in next(t for m, t in PRODUCER[endpoint]) or endpoint.startswith(
                "outlets.producer_apply") or endpoint.startswith("outlets.producer_withdraw"):
            continue
        response = _send(client, method, url)
        assert response.status_code == 404, (endpoint, method)
    assert snapshot(db, victim) == before
    assert victim["order"].number not in client.get("/dashboard/producer/restock").get_data(
        as_text=True)


def test_the_producer_sees_and_answers_its_own_order(client, db, victim):
    login(client, victim["p1_owner"])
    assert victim["order"].number in client.get("/dashboard/producer/restock").get_data(
        as_text=True)

    response = client.post(f"/dashboard/producer/restock/{victim['order'].number}/accept")

    assert response.status_code == 303
    assert snapshot(db, victim)[0] == "accepted"


@pytest.mark.parametrize("role", ["shopper", "producer", "office", None])
def test_operator_pages_are_for_operators(client, db, victim, role):
    if role:
        login(client, make_user(role=role))
    for endpoint, method, url in _urls(OPERATOR, victim):
        response = _send(client, method, url)
        if role is None:
            assert response.status_code in (302, 303) and "/login" in response.headers["Location"]
        else:
            assert response.status_code == 403, (endpoint, role)


@pytest.mark.parametrize("role", ["shopper", "outlet", "producer", None])
def test_office_sections_are_for_the_office(client, db, victim, role):
    if role:
        login(client, make_user(role=role))
    before = snapshot(db, victim)
    for endpoint, method, url in _urls(OFFICE, victim):
        response = _send(client, method, url)
        if role is None:
            assert response.status_code in (302, 303)
        else:
            assert response.status_code == 403, (endpoint, role)
    assert snapshot(db, victim) == before


@pytest.mark.parametrize("role", ["shopper", "outlet", "office"])
def test_producer_pages_are_for_producers(client, db, victim, role):
    login(client, make_user(role=role))
    for endpoint, method, url in _urls(PRODUCER, victim):
        assert _send(client, method, url).status_code == 403, (endpoint, role)


def test_public_pages_answer_everyone(client, db, victim):
    from marketplace.outlets.models import OutletStatus

    victim["outlet"].status = OutletStatus.APPROVED
    db.session.commit()
    for url in ("/outlets", f"/outlets/{victim['outlet'].slug}", "/gift-sets",
                f"/gift-sets/{victim['gift'].slug}", "/events", f"/events/{victim['event'].slug}"):
        assert client.get(url).status_code == 200, url


def test_every_page_renders_for_its_owner(client, db, victim):
    """The GET pages of each role answer 200 to their rightful user (templates render)."""
    from marketplace.outlets.models import OutletStatus

    victim["outlet"].status = OutletStatus.APPROVED
    db.session.commit()
    for user, routes in ((victim["operator"], OPERATOR), (victim["p1_owner"], PRODUCER),
                         (make_user(role="office"), OFFICE)):
        login(client, user)
        for endpoint, method, url in _urls(routes, victim):
            if method == "GET":
                response = client.get(url)
                assert response.status_code == 200, (endpoint, url, response.status_code)
        client.post("/logout")
    login(client, make_user())
    assert client.get("/dashboard/outlet/register").status_code == 200
