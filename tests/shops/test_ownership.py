"""The ownership walk: every dashboard route and action, as everyone who must not use it.

A victim producer has a product with an image and stock, a shop order, a staff member and
an open invitation. Each route is requested with the victim's ids (guessed ids), as
another producer's owner and staff, a shopper, an outlet operator, the office (on the
producer dashboard) and a logged-out visitor; each answer must be 403, 404 or a redirect
to the login page, and the victim's records must be exactly as before. Routes without
ids (lists, the shop's own profile) are checked not to show the victim's records, and
form fields that name the victim's records (a slug in a CSV, a member id) change nothing.

Every rule of the ``dashboard`` and ``admin`` blueprints must appear in WALK (or in PUBLIC,
with its own test), so a new route cannot be added without being walked.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalog.models import Product, StockMovement
from marketplace.orders.models import ShopOrder
from marketplace.shops.models import Producer, StaffInvitation
from marketplace.ocop.dossier_models import Dossier
from marketplace.trace.models import Stamp, TraceEvent
from tests.factories import make_outlet, make_producer, make_product, make_user
from tests.hardening.authz_fixtures import build_victim, is_login_redirect, send
from tests.shops.helpers import image_bytes, login, upload

PUBLIC = {"dashboard.register", "dashboard.accept_invitation"}
# endpoint → [(method, url template, form data)]; {p} product, {i} image, {s} shop order,
# {v} invitation, {m} staff member, {producer} the victim producer.
WALK = {
    "dashboard.home": [("GET", "/dashboard/producer", None)],
    "dashboard.profile": [("GET", "/dashboard/producer/profile", None)],
    "dashboard.preview": [("GET", "/dashboard/producer/profile/preview", None)],
    "dashboard.resubmit": [("POST", "/dashboard/producer/profile/resubmit", {})],
    "dashboard.upload_shop_image": [("POST", "/dashboard/producer/profile/logo", {})],
    "dashboard.remove_shop_image": [("POST", "/dashboard/producer/profile/banner/remove", {})],
    "dashboard.staff_page": [("GET", "/dashboard/producer/staff", None)],
    "dashboard.invite": [("POST", "/dashboard/producer/staff/invite",
                          {"email": "ke-gian@example.vn"})],
    "dashboard.revoke_invitation": [("POST", "/dashboard/producer/staff/invitations/{v}/revoke",
                                     {})],
    "dashboard.remove_member": [("POST", "/dashboard/producer/staff/{m}/remove", {})],
    "dashboard.products": [("GET", "/dashboard/producer/products", None),
                           ("GET", "/dashboard/producer/products?status=archived", None)],
    "dashboard.new_product": [("GET", "/dashboard/producer/products/new", None)],
    "dashboard.edit_product": [("GET", "/dashboard/producer/products/{p}", None),
                               ("POST", "/dashboard/producer/products/{p}",
                                {"name": "Bị sửa", "category": "che-ca-phe", "price_vnd": "1",
                                 "weight_grams": "1", "low_stock_threshold": "0"})],
    "dashboard.product_status": [("POST", f"/dashboard/producer/products/{{p}}/{action}", {})
                                 for action in ("publish", "unpublish", "archive", "restore")],
    "dashboard.duplicate_product": [("POST", "/dashboard/producer/products/{p}/duplicate", {})],
    "dashboard.upload_images": [("POST", "/dashboard/producer/products/{p}/images", {})],
    "dashboard.update_image": [("POST", "/dashboard/producer/products/{p}/images/{i}",
                                {"alt": "bị sửa"})],
    "dashboard.move_image": [("POST", f"/dashboard/producer/products/{{p}}/images/{{i}}/{d}", {})
                             for d in ("up", "down", "first")],
    "dashboard.delete_image": [("POST", "/dashboard/producer/products/{p}/images/{i}/delete", {})],
    "dashboard.product_stock": [("GET", "/dashboard/producer/products/{p}/stock", None),
                                ("POST", "/dashboard/producer/products/{p}/stock",
                                 {"delta": "-5", "reason": "damage", "note": "x"})],
    "dashboard.bulk_update": [("GET", "/dashboard/producer/products/bulk", None)],
    "dashboard.export_products": [("GET", "/dashboard/producer/products/export.csv", None)],
    "dashboard.orders_list": [("GET", "/dashboard/producer/orders", None)],
    "dashboard.export_orders": [("GET", "/dashboard/producer/orders/export.csv", None)],
    "dashboard.order_detail": [("GET", "/dashboard/producer/orders/{s}", None)],
    "dashboard.order_action": [("POST", f"/dashboard/producer/orders/{{s}}/{a}",
                                {"reason": "x", "carrier": "GHN", "tracking_code": "T1"})
                               for a in ("confirm", "pack", "ship", "deliver", "fail", "cancel",
                                         "cod")],
    "dashboard.packing_slip": [("GET", "/dashboard/producer/orders/{s}/packing-slip", None)],
    "dashboard.insights_page": [("GET", "/dashboard/producer/insights", None)],
    "admin.home": [("GET", "/dashboard/office", None)],
    "admin.producers": [("GET", "/dashboard/office/producers", None)],
    "admin.producer_detail": [("GET", "/dashboard/office/producers/{producer}", None)],
    "admin.decide": [("POST", f"/dashboard/office/producers/{{producer}}/{d}", {"reason": "x"})
                     for d in ("approve", "request_changes", "suspend", "reinstate")],
    # OCOP dossiers, batches and stamps (issue 8): {d} dossier, {doc} document, {b} batch,
    # {c} certificate, {sc} scorecard, {cr} criterion.
    "dashboard.ocop_dossiers": [("GET", "/dashboard/producer/ocop", None)],
    "dashboard.ocop_start": [("POST", "/dashboard/producer/ocop/start?product_id={p}", {})],
    "dashboard.ocop_dossier": [("GET", "/dashboard/producer/ocop/dossiers/{d}", None)],
    "dashboard.ocop_upload": [("POST", "/dashboard/producer/ocop/dossiers/{d}/documents",
                               {"kind": "other"})],
    "dashboard.ocop_document": [("GET", "/dashboard/producer/ocop/dossiers/{d}/documents/{doc}",
                                 None)],
    "dashboard.ocop_delete_document": [
        ("POST", "/dashboard/producer/ocop/dossiers/{d}/documents/{doc}/delete", {})],
    "dashboard.ocop_self_assessment": [
        ("POST", "/dashboard/producer/ocop/dossiers/{d}/self-assessment", {"summary": "bị sửa"})],
    "dashboard.ocop_action": [("POST", f"/dashboard/producer/ocop/dossiers/{{d}}/{a}", {})
                              for a in ("submit", "withdraw")],
    "dashboard.batches": [("GET", "/dashboard/producer/batches", None)],
    "dashboard.new_batch": [("GET", "/dashboard/producer/batches/new", None),
                            ("POST", "/dashboard/producer/batches/new",
                             {"code": "LO-X", "produced_on": "2026-01-01"})],
    "dashboard.batch": [("GET", "/dashboard/producer/batches/{b}", None)],
    "dashboard.batch_event": [("POST", "/dashboard/producer/batches/{b}/events",
                               {"biz_step": "packing", "action": "OBSERVE"})],
    "dashboard.batch_stamps": [("POST", "/dashboard/producer/batches/{b}/stamps", {"count": "5"})],
    "dashboard.stamp_sheet": [("GET", "/dashboard/producer/batches/{b}/sheet", None)],
    "dashboard.stamp_serials": [("GET", "/dashboard/producer/batches/{b}/stamps.txt", None)],
    "dashboard.order_batches": [("POST", "/dashboard/producer/orders/{s}/batches", {})],
    "admin.ocop_dossiers": [("GET", "/dashboard/office/ocop/dossiers", None)],
    "admin.ocop_dossier": [("GET", "/dashboard/office/ocop/dossiers/{d}", None)],
    "admin.ocop_document": [("GET", "/dashboard/office/ocop/dossiers/{d}/documents/{doc}", None)],
    "admin.ocop_review": [("POST", "/dashboard/office/ocop/dossiers/{d}/review",
                           {"decision": "pass"})],
    "admin.ocop_score": [("GET", "/dashboard/office/ocop/dossiers/{d}/score", None),
                         ("POST", "/dashboard/office/ocop/dossiers/{d}/score", {"final": "1"})],
    "admin.ocop_decide": [("POST", f"/dashboard/office/ocop/dossiers/{{d}}/{a}",
                           {"note": "x", "decision_no": "1/QĐ"})
                          for a in ("close", "decide", "refer", "ministry", "reject")],
    "admin.ocop_expiring": [("GET", "/dashboard/office/ocop/expiring", None)],
    "admin.ocop_certificate": [("GET", "/dashboard/office/ocop/certificates/{c}", None),
                               ("POST", "/dashboard/office/ocop/certificates/{c}",
                                {"reason": "x"})],
    "admin.ocop_stats": [("GET", "/dashboard/office/ocop/stats", None)],
    "admin.ocop_scorecards": [("GET", "/dashboard/office/ocop/scorecards", None)],
    "admin.ocop_new_scorecard": [("POST", "/dashboard/office/ocop/scorecards",
                                  {"category_id": "1", "name": "x"})],
    "admin.ocop_scorecard": [("GET", "/dashboard/office/ocop/scorecards/{sc}", None)],
    "admin.ocop_scorecard_action": [("POST", f"/dashboard/office/ocop/scorecards/{{sc}}/{a}", {})
                                    for a in ("add", "version", "activate")],
    "admin.ocop_criterion": [("POST", f"/dashboard/office/ocop/criteria/{{cr}}/{a}",
                              {"title": "x"}) for a in ("update", "delete")],
    "admin.ocop_council": [("GET", "/dashboard/office/ocop/council", None),
                           ("POST", "/dashboard/office/ocop/council", {"email": "x@example.vn"})],
    "admin.ocop_export": [("GET", "/dashboard/office/ocop/export", None),
                          ("POST", "/dashboard/office/ocop/export", {"name": "x"})],
}
# Routes that take no id: another producer reaches its *own* records there (allowed).
OWN_SCOPE = {"dashboard.home", "dashboard.profile", "dashboard.preview", "dashboard.resubmit",
             "dashboard.upload_shop_image", "dashboard.remove_shop_image", "dashboard.staff_page",
             "dashboard.invite", "dashboard.products", "dashboard.new_product",
             "dashboard.bulk_update", "dashboard.export_products", "dashboard.orders_list",
             "dashboard.export_orders", "dashboard.insights_page", "dashboard.ocop_dossiers",
             "dashboard.batches", "dashboard.new_batch"}
OWNER_ONLY = {"dashboard.staff_page", "dashboard.invite", "dashboard.revoke_invitation",
              "dashboard.remove_member"}
VICTIM_NAMES = ("Chè Đinh của nạn nhân", "Nguyễn Văn Mua", "nan-nhan")


@pytest.fixture
def victim(db):
    """Producer A with everything the dashboard manages."""
    return build_victim()


def snapshot(db, victim) -> dict:
    """Everything of the victim a forbidden request could have changed."""
    db.session.expire_all()
    p = victim["product"]
    product = db.session.get(Product, p.id)
    return {
        "product": (product.name, product.price_vnd, product.stock, product.status,
                    product.producer_id),
        "products": db.session.scalar(select(func.count()).select_from(Product)
                                      .where(Product.producer_id == p.producer_id)),
        "images": [(i.id, i.alt, i.position, i.path) for i in product.images],
        "movements": db.session.scalar(select(func.count()).select_from(StockMovement)
                                       .where(StockMovement.product_id == p.id)),
        "shop_order": db.session.get(ShopOrder, victim["shop_order"].id).status,
        "producer": (lambda x: (x.status, x.name, x.logo_path, x.banner_path, x.story))(
            db.session.get(Producer, victim["producer"].id)),
        "members": sorted((u.id, u.producer_role) for u in db.session.scalars(
            select(User).where(User.producer_id == victim["producer"].id))),
        "invitation": db.session.get(StaffInvitation, victim["invitation"].id).revoked_at,
        "dossier": (lambda d: (d.state, d.summary, len(d.documents)))(
            db.session.get(Dossier, victim["dossier"].id)),
        "batch": (db.session.scalar(select(func.count()).select_from(Stamp).where(
            Stamp.batch_id == victim["batch"].id)), db.session.scalar(
            select(func.count()).select_from(TraceEvent).where(
                TraceEvent.batch_id == victim["batch"].id))),
    }


def requests_for(victim):
    values = {"p": victim["product"].id, "i": victim["image"].id, "s": victim["shop_order"].id,
              "v": victim["invitation"].id, "m": victim["member"].id,
              "producer": victim["producer"].id, "d": victim["dossier"].id,
              "doc": victim["document"].id, "b": victim["batch"].id,
              "c": victim["certificate"].id, "sc": victim["dossier"].scorecard_id,
              "cr": victim["dossier"].scorecard.criteria[0].id}
    for endpoint, calls in WALK.items():
        for method, template, data in calls:
            yield endpoint, method, template.format(**values), data


def test_the_walk_covers_every_dashboard_and_office_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.split(".")[0] in ("dashboard", "admin")}
    assert endpoints - PUBLIC == set(WALK)


def test_logged_out_visitors_are_sent_to_the_login_page(client, db, victim):
    before = snapshot(db, victim)
    for endpoint, method, url, data in requests_for(victim):
        response = send(client, method, url, data)
        assert is_login_redirect(response), (endpoint, method, url, response.status_code)
    assert snapshot(db, victim) == before


@pytest.mark.parametrize("role", ["shopper", "outlet", "office"])
def test_shoppers_outlets_and_the_office_cannot_use_the_producer_dashboard(client, db, victim,
                                                                          role):
    before = snapshot(db, victim)
    user = make_user(role=role, outlet=make_outlet() if role == "outlet" else None)
    login(client, user)
    for endpoint, method, url, data in requests_for(victim):
        if role == "office" and endpoint.startswith("admin."):
            continue  # the office's own desk (tested in tests/admin)
        response = send(client, method, url, data)
        assert response.status_code == 403, (role, endpoint, method, url, response.status_code)
    assert snapshot(db, victim) == before


@pytest.mark.parametrize("producer_role", ["owner", "staff"])
def test_another_producer_gets_404_for_every_record_of_the_victim(client, db, victim,
                                                                  producer_role):
    before = snapshot(db, victim)
    other = make_producer("HTX khác", slug="htx-khac")
    make_product("Sản phẩm của B", producer=other, stock=3)
    login(client, make_user(role="producer", producer=other, producer_role=producer_role))
    for endpoint, method, url, data in requests_for(victim):
        response = send(client, method, url, data)
        if endpoint.startswith("admin."):
            expected = {403}
        elif endpoint in OWNER_ONLY and producer_role == "staff":
            expected = {403}
        elif endpoint in OWN_SCOPE:
            # Its own shop's page or action: allowed, but nothing of the victim's shows.
            expected = {200, 302, 303, 400}
            body = response.get_data(as_text=True)
            assert not any(name in body for name in VICTIM_NAMES), (endpoint, url)
        else:
            expected = {404}
        assert response.status_code in expected, (endpoint, method, url, response.status_code)
    assert snapshot(db, victim) == before


def test_the_victims_own_staff_cannot_manage_members(client, db, victim):
    before = snapshot(db, victim)
    login(client, victim["member"])
    for endpoint, method, url, data in requests_for(victim):
        if endpoint in OWNER_ONLY:
            assert send(client, method, url, data).status_code == 403, endpoint
    assert snapshot(db, victim) == before


def test_form_fields_naming_the_victims_records_change_nothing(client, db, victim):
    """Ids and slugs of producer A, sent by producer B inside B's own forms."""
    import io

    before = snapshot(db, victim)
    other = make_producer("HTX khác", slug="htx-khac")
    mine = make_product("Sản phẩm của B", producer=other, stock=3, slug="san-pham-b")
    login(client, make_user(role="producer", producer=other))
    # A's image id under B's own product.
    upload(client, mine.id, image_bytes(color=(1, 2, 3)))
    for url in (f"/dashboard/producer/products/{mine.id}/images/{victim['image'].id}",
                f"/dashboard/producer/products/{mine.id}/images/{victim['image'].id}/first",
                f"/dashboard/producer/products/{mine.id}/images/{victim['image'].id}/delete"):
        assert client.post(url, data={"alt": "x"}).status_code == 404, url
    # A's slug in B's bulk CSV: a bad line, and nothing applied.
    csv = f"slug,price_vnd,stock\n{victim['product'].slug},1,0\nsan-pham-b,5000,4\n".encode()
    response = client.post("/dashboard/producer/products/bulk",
                           data={"file": (io.BytesIO(csv), "x.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "line 2" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, mine.id).stock == 3
    # A's staff member and invitation ids on B's own member pages.
    assert client.post(f"/dashboard/producer/staff/{victim['member'].id}/remove").status_code == 404
    assert client.post(
        f"/dashboard/producer/staff/invitations/{victim['invitation'].id}/revoke").status_code == 404
    # Extra fields that try to move a product to another producer are ignored.
    client.post(f"/dashboard/producer/products/{mine.id}",
                data={"name": "B", "category": "che-ca-phe", "price_vnd": "1000",
                      "weight_grams": "10", "low_stock_threshold": "1",
                      "producer_id": str(victim["producer"].id), "stock": "999"})
    db.session.expire_all()
    assert db.session.get(Product, mine.id).producer_id == other.id
    assert db.session.get(Product, mine.id).stock == 3
    assert snapshot(db, victim) == before


def test_the_public_routes_give_nothing_away(client, db, victim):
    """Registration and invitations are open by design; a guessed token finds nothing."""
    assert client.get("/invitations/not-a-real-token").status_code == 404
    assert client.post("/invitations/not-a-real-token",
                       data={"name": "x", "password": "mat-khau-dai"}).status_code == 404
    assert client.get("/sell/register").status_code == 200


def test_dashboard_actions_need_the_csrf_token(csrf_client, db, victim):
    from tests.shops.helpers import csrf_login

    csrf_login(csrf_client, victim["owner"])
    before = snapshot(db, victim)
    product = victim["product"].id
    for url, data in ((f"/dashboard/producer/products/{product}/archive", {}),
                      (f"/dashboard/producer/products/{product}/stock",
                       {"delta": "-1", "reason": "damage"}),
                      (f"/dashboard/producer/orders/{victim['shop_order'].id}/confirm", {}),
                      ("/dashboard/producer/staff/invite", {"email": "x@example.vn"})):
        assert csrf_client.post(url, data=data).status_code == 400, url
    assert snapshot(db, victim) == before
