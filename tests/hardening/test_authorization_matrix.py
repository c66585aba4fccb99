"""The authorisation matrix: every route of the app × every role, with the expected outcome.

MATRIX below is the source of truth. One row per (endpoint, method):

    ("blueprint.endpoint", "METHOD", "/url/{placeholder}",  anon, shopper, shopper2,
                                                              producer, staff_q, outlet, office),

- The roles, in column order: ``anon`` (logged out), ``shopper`` (owns the orders, cart line
  and addresses), ``shopper2`` (another shopper), ``producer`` (owner of shop P, which owns
  the products, batches, dossiers...), ``staff_q`` (staff of another shop Q, trying P's
  records), ``outlet`` (operator of outlet O) and ``office`` (the OCOP office, a council
  member).
- An outcome is a status code (200, 400, 401, 403, 404), ``L`` (a redirect to the login
  page), ``R`` (a redirect elsewhere) or ``A`` (allowed: not refused, i.e. anything but
  401/403/404/405, a login redirect or a 5xx; for POSTs, which need not fully succeed).
- Placeholders are the world's real records (``tests/hardening/authz_fixtures.py``,
  ``build_world``): {p} P's product, {order} the shopper's order, {outlet} outlet O...
- A POST row sends ``FORMS[endpoint]`` (else an empty form; CSRF is off, as in the other
  ownership walks) and checks that the refused roles changed nothing in the database. The
  forms are chosen so the allowed role's request is mostly a no-op (an invalid transition,
  a form error), which keeps the one world valid for the rows after it.

Adding a route: add its row(s) (one per method it answers besides HEAD/OPTIONS), with a
placeholder for any id or slug (add the record to ``build_world`` if it is new).
The test fails when a route has no row, or a row names a route that no longer exists.
"""
from __future__ import annotations

import pytest

from tests.conftest import empty_database
from tests.hardening.authz_fixtures import (
    build_world, changed_tables, database_state, is_login_redirect, send, session_cookie,
)

ROLES = ("anon", "shopper", "shopper2", "producer", "staff_q", "outlet", "office")
L, R, A = "login", "redirect", "allowed"
REFUSALS = {L, 401, 403, 404}

# Shorthands for the common shapes of a row (anon, shopper, shopper2, producer, staff_q,
# outlet, office):
PUBLIC = (200,) * 7
LOGGED_IN = (L,) + (200,) * 6
P_OWN = (L, 403, 403, 200, 200, 403, 403)  # a producer's own pages (Q's staff see Q's)
P_RECORD = (L, 403, 403, 200, 404, 403, 403)  # a record of P: Q's staff get 404
P_OWN_POST = (L, 403, 403, A, A, 403, 403)
P_RECORD_POST = (L, 403, 403, A, 404, 403, 403)
P_OWNER = (L, 403, 403, 200, 403, 403, 403)  # owners only: staff get 403
P_OWNER_POST = (L, 403, 403, A, 403, 403, 403)
OUTLET = (L, 403, 403, 403, 403, 200, 403)
OUTLET_POST = (L, 403, 403, 403, 403, A, 403)
OFFICE = (L, 403, 403, 403, 403, 403, 200)
OFFICE_POST = (L, 403, 403, 403, 403, 403, A)
SHOPPERS_RECORD = (L, 200, 404, 404, 404, 404, 404)
SHOPPERS_RECORD_POST = (L, A, 404, 404, 404, 404, 404)

MATRIX = [
    # accounts
    ("accounts.login", "GET", "/login", 200, R, R, R, R, R, R),
    ("accounts.login", "POST", "/login", *(200,) * 7),
    ("accounts.logout", "POST", "/logout", *(R,) * 7),
    ("accounts.register", "GET", "/register", 200, R, R, R, R, R, R),
    ("accounts.register", "POST", "/register", 200, R, R, R, R, R, R),
    ("accounts.forgot_password", "GET", "/password/forgot", *PUBLIC),
    ("accounts.forgot_password", "POST", "/password/forgot", *PUBLIC),
    ("accounts.reset_password", "GET", "/password/reset/{reset_token}", *PUBLIC),
    ("accounts.reset_password", "POST", "/password/reset/{reset_token}", *PUBLIC),
    ("accounts.profile", "GET", "/account", *LOGGED_IN),
    ("accounts.profile", "POST", "/account", L, *(A,) * 6),
    ("accounts.change_password", "GET", "/account/password", *LOGGED_IN),
    ("accounts.change_password", "POST", "/account/password", L, *(A,) * 6),
    ("accounts.addresses", "GET", "/account/addresses", *LOGGED_IN),
    ("accounts.new_address", "GET", "/account/addresses/new", *LOGGED_IN),
    ("accounts.new_address", "POST", "/account/addresses/new", L, *(A,) * 6),
    ("accounts.edit_address", "GET", "/account/addresses/{addr}/edit", *SHOPPERS_RECORD),
    ("accounts.edit_address", "POST", "/account/addresses/{addr}/edit", *SHOPPERS_RECORD_POST),
    ("accounts.delete_address", "POST", "/account/addresses/{addr2}/delete",
     *SHOPPERS_RECORD_POST),
    # storefront, search, public pages
    ("catalog.home", "GET", "/", *PUBLIC),
    ("catalog.products", "GET", "/products", *PUBLIC),
    ("catalog.category", "GET", "/categories/{category_slug}", *PUBLIC),
    ("catalog.product", "GET", "/products/{p_slug}", *PUBLIC),
    ("catalog.media", "GET", "/media/{media}", *PUBLIC),
    ("shops.shop", "GET", "/shops/{producer_slug}", *PUBLIC),
    ("search.results", "GET", "/search?q=che", *PUBLIC),
    ("ocop.stats", "GET", "/ocop/stats", *PUBLIC),
    ("static", "GET", "/static/css/accounts.css", *PUBLIC),
    ("trace.lookup", "GET", "/trace", *PUBLIC),
    ("trace.page", "GET", "/trace/{serial}", *PUBLIC),
    ("trace.digital_link", "GET", "/01/{gtin}/10/{lot}/21/{serial}", *PUBLIC),
    ("outlets.directory_page", "GET", "/outlets", *PUBLIC),
    ("outlets.outlet_page", "GET", "/outlets/{outlet_slug}", *PUBLIC),
    ("outlets.gift_sets_page", "GET", "/gift-sets", *PUBLIC),
    ("outlets.gift_set_page", "GET", "/gift-sets/{gift_slug}", *PUBLIC),
    ("outlets.events_page", "GET", "/events", *PUBLIC),
    ("outlets.event_page", "GET", "/events/{event_slug}", *PUBLIC),
    ("seo.robots", "GET", "/robots.txt", *PUBLIC),
    ("seo.sitemap_index", "GET", "/sitemap.xml", *PUBLIC),
    ("seo.sitemap_file", "GET", "/sitemap-pages-1.xml", *PUBLIC),
    ("ops.healthz", "GET", "/healthz", *PUBLIC),
    ("i18n.switch", "GET", "/lang/en?next=/products", *(R,) * 7),
    # reviews: the buyer of a delivered line writes; P answers; the office moderates
    ("reviews.product_reviews", "GET", "/products/{p_slug}/reviews", *PUBLIC),
    ("reviews.write", "GET", "/orders/{review_order}/lines/{review_line}/review",
     *SHOPPERS_RECORD),
    ("reviews.write", "POST", "/orders/{review_order}/lines/{review_line}/review",
     *SHOPPERS_RECORD_POST),
    ("reviews.shop_reviews", "GET", "/dashboard/producer/reviews", *P_OWN),
    ("reviews.reply", "POST", "/dashboard/producer/reviews/{review}/reply", *P_RECORD_POST),
    ("reviews.office_reviews", "GET", "/dashboard/office/reviews", *OFFICE),
    ("reviews.moderate", "POST", "/dashboard/office/reviews/{review}/hide", *OFFICE_POST),
    # JSON API (public reads; the export is the office's)
    ("api.products", "GET", "/api/v1/products", *PUBLIC),
    ("api.product", "GET", "/api/v1/products/{p_slug}", *PUBLIC),
    ("api.producer", "GET", "/api/v1/producers/{producer_slug}", *PUBLIC),
    ("api.outlets", "GET", "/api/v1/outlets", *PUBLIC),
    ("api.ocop_statistics", "GET", "/api/v1/stats/ocop", *PUBLIC),
    ("api.suggest", "GET", "/api/v1/suggest?q=ch", *PUBLIC),
    ("api.openapi", "GET", "/api/v1/openapi.json", *PUBLIC),
    ("trace_api.trace", "GET", "/api/v1/trace/{serial}", *PUBLIC),
    ("trace_api.trace_epcis", "GET", "/api/v1/trace/{serial}/epcis", *PUBLIC),
    ("ocop_api.export_certifications", "GET", "/api/v1/export/certifications",
     401, 403, 403, 403, 403, 403, 200),
    # cart, checkout, orders, payments of the shopper
    ("cart.show", "GET", "/cart", *PUBLIC),
    ("cart.add", "POST", "/cart/add", *(A,) * 7),
    ("cart.update", "POST", "/cart/lines/{line}/quantity", 404, A, 404, 404, 404, 404, 404),
    ("cart.remove", "POST", "/cart/lines/{line}/remove", 404, A, 404, 404, 404, 404, 404),
    ("cart.accept", "POST", "/cart/accept", *(R,) * 7),
    ("orders.checkout", "GET", "/checkout", L, 200, R, R, R, R, R),
    ("orders.checkout", "POST", "/checkout", L, *(A,) * 6),
    ("orders.communes", "GET", "/units/19/communes.json", *PUBLIC),
    ("orders.index", "GET", "/orders", *LOGGED_IN),
    ("orders.detail", "GET", "/orders/{order}", L, 200, 404, 404, 404, 404, 200),
    ("orders.cancel", "POST", "/orders/{order2}/cancel", *SHOPPERS_RECORD_POST),
    ("orders.cancel_parcel", "POST", "/orders/{order2}/parcels/{s2}/cancel",
     *SHOPPERS_RECORD_POST),
    ("payments.vietqr_svg", "GET", "/orders/{qr_order}/vietqr.svg",
     L, 200, 404, 404, 404, 404, 200),
    ("payments.card_pay", "POST", "/payments/stripe/orders/{order}/pay", *SHOPPERS_RECORD_POST),
    ("payments.card_return", "GET", "/payments/stripe/return?session_id={session}",
     L, 200, 404, 404, 404, 404, 200),
    ("payments.stripe_webhook", "POST", "/payments/stripe/webhook", *(400,) * 7),
    # producer dashboard: the shop, members, products, images, stock
    ("dashboard.register", "GET", "/sell/register", 200, 200, 200, R, R, 403, 403),
    ("dashboard.register", "POST", "/sell/register", 400, 400, 400, R, R, 403, 403),
    ("dashboard.accept_invitation", "GET", "/invitations/{invite_token}", *PUBLIC),
    ("dashboard.accept_invitation", "POST", "/invitations/{invite_token}", *PUBLIC),
    ("dashboard.home", "GET", "/dashboard/producer", *P_OWN),
    ("dashboard.profile", "GET", "/dashboard/producer/profile", *P_OWN),
    ("dashboard.profile", "POST", "/dashboard/producer/profile", *P_OWN_POST),
    ("dashboard.preview", "GET", "/dashboard/producer/profile/preview", *P_OWN),
    ("dashboard.resubmit", "POST", "/dashboard/producer/profile/resubmit", *P_OWN_POST),
    ("dashboard.upload_shop_image", "POST", "/dashboard/producer/profile/logo", *P_OWN_POST),
    ("dashboard.remove_shop_image", "POST", "/dashboard/producer/profile/banner/remove",
     *P_OWN_POST),
    ("dashboard.staff_page", "GET", "/dashboard/producer/staff", *P_OWNER),
    ("dashboard.invite", "POST", "/dashboard/producer/staff/invite", *P_OWNER_POST),
    ("dashboard.revoke_invitation", "POST", "/dashboard/producer/staff/invitations/{v}/revoke",
     *P_OWNER_POST),
    ("dashboard.remove_member", "POST", "/dashboard/producer/staff/{m}/remove", *P_OWNER_POST),
    ("dashboard.products", "GET", "/dashboard/producer/products", *P_OWN),
    ("dashboard.new_product", "GET", "/dashboard/producer/products/new", *P_OWN),
    ("dashboard.new_product", "POST", "/dashboard/producer/products/new", *P_OWN_POST),
    ("dashboard.edit_product", "GET", "/dashboard/producer/products/{p}", *P_RECORD),
    ("dashboard.edit_product", "POST", "/dashboard/producer/products/{p}", *P_RECORD_POST),
    ("dashboard.product_status", "POST", "/dashboard/producer/products/{p}/publish",
     *P_RECORD_POST),
    ("dashboard.duplicate_product", "POST", "/dashboard/producer/products/{p}/duplicate",
     *P_RECORD_POST),
    ("dashboard.upload_images", "POST", "/dashboard/producer/products/{p}/images",
     *P_RECORD_POST),
    ("dashboard.update_image", "POST", "/dashboard/producer/products/{p}/images/{i}",
     *P_RECORD_POST),
    ("dashboard.move_image", "POST", "/dashboard/producer/products/{p}/images/{i}/first",
     *P_RECORD_POST),
    ("dashboard.delete_image", "POST", "/dashboard/producer/products/{p}/images/{i2}/delete",
     *P_RECORD_POST),
    ("dashboard.product_stock", "GET", "/dashboard/producer/products/{p}/stock", *P_RECORD),
    ("dashboard.product_stock", "POST", "/dashboard/producer/products/{p}/stock",
     *P_RECORD_POST),
    ("dashboard.bulk_update", "GET", "/dashboard/producer/products/bulk", *P_OWN),
    ("dashboard.bulk_update", "POST", "/dashboard/producer/products/bulk", *P_OWN_POST),
    ("dashboard.export_products", "GET", "/dashboard/producer/products/export.csv", *P_OWN),
    # producer dashboard: orders, insights, balance
    ("dashboard.orders_list", "GET", "/dashboard/producer/orders", *P_OWN),
    ("dashboard.export_orders", "GET", "/dashboard/producer/orders/export.csv", *P_OWN),
    ("dashboard.order_detail", "GET", "/dashboard/producer/orders/{s}", *P_RECORD),
    ("dashboard.order_action", "POST", "/dashboard/producer/orders/{s}/deliver",
     *P_RECORD_POST),
    ("dashboard.packing_slip", "GET", "/dashboard/producer/orders/{s}/packing-slip", *P_RECORD),
    ("dashboard.order_batches", "POST", "/dashboard/producer/orders/{s}/batches",
     *P_RECORD_POST),
    ("dashboard.insights_page", "GET", "/dashboard/producer/insights", *P_OWN),
    ("settlement.producer_balance", "GET", "/dashboard/producer/balance", *P_OWN),
    ("settlement.producer_payout_account", "POST", "/dashboard/producer/balance/account",
     *P_OWNER_POST),
    # producer dashboard: OCOP dossiers, batches and stamps
    ("dashboard.ocop_dossiers", "GET", "/dashboard/producer/ocop", *P_OWN),
    ("dashboard.ocop_start", "POST", "/dashboard/producer/ocop/start?product_id={p}",
     *P_RECORD_POST),
    ("dashboard.ocop_dossier", "GET", "/dashboard/producer/ocop/dossiers/{d}", *P_RECORD),
    ("dashboard.ocop_upload", "POST", "/dashboard/producer/ocop/dossiers/{d}/documents",
     *P_RECORD_POST),
    ("dashboard.ocop_document", "GET", "/dashboard/producer/ocop/dossiers/{d}/documents/{doc}",
     *P_RECORD),
    ("dashboard.ocop_delete_document", "POST",
     "/dashboard/producer/ocop/dossiers/{d}/documents/{doc2}/delete", *P_RECORD_POST),
    ("dashboard.ocop_self_assessment", "POST",
     "/dashboard/producer/ocop/dossiers/{d}/self-assessment", *P_RECORD_POST),
    ("dashboard.ocop_action", "POST", "/dashboard/producer/ocop/dossiers/{d}/submit",
     *P_RECORD_POST),
    ("dashboard.batches", "GET", "/dashboard/producer/batches", *P_OWN),
    ("dashboard.new_batch", "GET", "/dashboard/producer/batches/new", *P_OWN),
    ("dashboard.new_batch", "POST", "/dashboard/producer/batches/new", *P_OWN_POST),
    ("dashboard.batch", "GET", "/dashboard/producer/batches/{b}", *P_RECORD),
    ("dashboard.batch_event", "POST", "/dashboard/producer/batches/{b}/events", *P_RECORD_POST),
    ("dashboard.batch_stamps", "POST", "/dashboard/producer/batches/{b}/stamps",
     *P_RECORD_POST),
    ("dashboard.stamp_sheet", "GET", "/dashboard/producer/batches/{b}/sheet", *P_RECORD),
    ("dashboard.stamp_serials", "GET", "/dashboard/producer/batches/{b}/stamps.txt",
     *P_RECORD),
    # producer dashboard: wholesale terms, restock orders of outlets, fairs
    ("outlets.wholesale_terms", "GET", "/dashboard/producer/products/{p}/wholesale", *P_RECORD),
    ("outlets.wholesale_terms", "POST", "/dashboard/producer/products/{p}/wholesale",
     *P_RECORD_POST),
    ("outlets.producer_restock", "GET", "/dashboard/producer/restock", *P_OWN),
    ("outlets.producer_restock_detail", "GET", "/dashboard/producer/restock/{restock}",
     *P_RECORD),
    ("outlets.producer_restock_action", "POST", "/dashboard/producer/restock/{restock}/ship",
     *P_RECORD_POST),
    ("outlets.producer_events", "GET", "/dashboard/producer/events", *P_OWN),
    ("outlets.producer_apply", "POST", "/dashboard/producer/events/{event_slug}/apply",
     *P_OWN_POST),
    ("outlets.producer_withdraw", "POST", "/dashboard/producer/events/{event_slug}/withdraw",
     *P_RECORD_POST),
    # outlet operator
    ("outlets.register_outlet", "GET", "/dashboard/outlet/register",
     L, 200, 200, 403, 403, R, 403),
    ("outlets.register_outlet", "POST", "/dashboard/outlet/register",
     L, A, A, 403, 403, R, 403),
    ("outlets.operator_home", "GET", "/dashboard/outlet", *OUTLET),
    ("outlets.operator_profile", "GET", "/dashboard/outlet/profile", *OUTLET),
    ("outlets.operator_profile", "POST", "/dashboard/outlet/profile", *OUTLET_POST),
    ("outlets.stock_page", "GET", "/dashboard/outlet/stock", *OUTLET),
    ("outlets.add_stock_item", "POST", "/dashboard/outlet/stock/add", *OUTLET_POST),
    ("outlets.stock_item", "GET", "/dashboard/outlet/stock/{p}", *OUTLET),
    ("outlets.stock_item", "POST", "/dashboard/outlet/stock/{p}", *OUTLET_POST),
    ("outlets.sales_page", "GET", "/dashboard/outlet/sales", *OUTLET),
    ("outlets.sales_page", "POST", "/dashboard/outlet/sales", *OUTLET_POST),
    ("outlets.count_page", "GET", "/dashboard/outlet/count", *OUTLET),
    ("outlets.count_page", "POST", "/dashboard/outlet/count", *OUTLET_POST),
    ("outlets.restock_builder", "GET", "/dashboard/outlet/restock", *OUTLET),
    ("outlets.restock_take_suggestions", "POST", "/dashboard/outlet/restock/suggested",
     *OUTLET_POST),
    ("outlets.restock_repeat", "POST", "/dashboard/outlet/restock/repeat", *OUTLET_POST),
    ("outlets.restock_add", "POST", "/dashboard/outlet/restock/add", *OUTLET_POST),
    ("outlets.restock_update", "POST", "/dashboard/outlet/restock/update", *OUTLET_POST),
    ("outlets.restock_remove", "POST", "/dashboard/outlet/restock/remove/{draft_line}",
     *OUTLET_POST),
    ("outlets.restock_place", "POST", "/dashboard/outlet/restock/place", *OUTLET_POST),
    ("outlets.restock_orders", "GET", "/dashboard/outlet/restock/orders", *OUTLET),
    ("outlets.restock_detail", "GET", "/dashboard/outlet/restock/orders/{restock}", *OUTLET),
    ("outlets.restock_qr", "GET", "/dashboard/outlet/restock/orders/{restock}/vietqr.svg",
     *OUTLET),
    ("outlets.restock_receive", "POST", "/dashboard/outlet/restock/orders/{restock}/receive",
     *OUTLET_POST),
    ("outlets.restock_cancel", "POST", "/dashboard/outlet/restock/orders/{restock}/cancel",
     *OUTLET_POST),
    ("outlets.operator_gift_sets", "GET", "/dashboard/outlet/gift-sets", *OUTLET),
    ("outlets.operator_new_gift_set", "GET", "/dashboard/outlet/gift-sets/new", *OUTLET),
    ("outlets.operator_new_gift_set", "POST", "/dashboard/outlet/gift-sets/new", *OUTLET_POST),
    ("outlets.operator_edit_gift_set", "GET", "/dashboard/outlet/gift-sets/{gift}", *OUTLET),
    ("outlets.operator_edit_gift_set", "POST", "/dashboard/outlet/gift-sets/{gift}",
     *OUTLET_POST),
    # office: producers, payments, settlement
    ("admin.home", "GET", "/dashboard/office", *OFFICE),
    ("admin.producers", "GET", "/dashboard/office/producers", *OFFICE),
    ("admin.producer_detail", "GET", "/dashboard/office/producers/{producer}", *OFFICE),
    ("admin.decide", "POST", "/dashboard/office/producers/{producer}/approve", *OFFICE_POST),
    ("payments.office_payments", "GET", "/dashboard/office/payments", *OFFICE),
    ("payments.office_mark_received", "POST", "/dashboard/office/payments/{payment}/received",
     *OFFICE_POST),
    ("payments.office_mark_refunded", "POST", "/dashboard/office/payments/{payment}/refunded",
     *OFFICE_POST),
    ("payments.office_statement", "GET", "/dashboard/office/payments/statement", *OFFICE),
    ("payments.office_statement", "POST", "/dashboard/office/payments/statement",
     *OFFICE_POST),
    ("payments.office_card", "GET", "/dashboard/office/payments/card", *OFFICE),
    ("payments.office_refund_flagged", "POST",
     "/dashboard/office/payments/card/flagged/{checkout}/refund", *OFFICE_POST),
    ("payments.office_resolve_flagged", "POST",
     "/dashboard/office/payments/card/flagged/{checkout}/resolve", *OFFICE_POST),
    ("payments.office_retry_refund", "POST",
     "/dashboard/office/payments/card/refunds/{refund}/retry", *OFFICE_POST),
    ("payments.office_refund_parcel", "POST",
     "/dashboard/office/payments/card/parcels/{s}/refund", *OFFICE_POST),
    ("settlement.office", "GET", "/dashboard/office/settlement", *OFFICE),
    ("settlement.office_batch_csv", "GET",
     "/dashboard/office/settlement/batches/{payout_batch}.csv", *OFFICE),
    ("settlement.office_payout_sent", "POST",
     "/dashboard/office/settlement/payouts/{payout}/sent", *OFFICE_POST),
    ("settlement.office_payout_cancel", "POST",
     "/dashboard/office/settlement/payouts/{payout}/cancel", *OFFICE_POST),
    # office: OCOP dossiers, certificates, scorecards, council, export
    ("admin.ocop_dossiers", "GET", "/dashboard/office/ocop/dossiers", *OFFICE),
    ("admin.ocop_dossier", "GET", "/dashboard/office/ocop/dossiers/{d}", *OFFICE),
    ("admin.ocop_document", "GET", "/dashboard/office/ocop/dossiers/{d}/documents/{doc}",
     *OFFICE),
    ("admin.ocop_review", "POST", "/dashboard/office/ocop/dossiers/{d}/review", *OFFICE_POST),
    ("admin.ocop_score", "GET", "/dashboard/office/ocop/dossiers/{d}/score", *OFFICE),
    ("admin.ocop_score", "POST", "/dashboard/office/ocop/dossiers/{d}/score", *OFFICE_POST),
    ("admin.ocop_decide", "POST", "/dashboard/office/ocop/dossiers/{d}/close", *OFFICE_POST),
    ("admin.ocop_expiring", "GET", "/dashboard/office/ocop/expiring", *OFFICE),
    ("admin.ocop_certificate", "GET", "/dashboard/office/ocop/certificates/{c}", *OFFICE),
    ("admin.ocop_certificate", "POST", "/dashboard/office/ocop/certificates/{c}",
     *OFFICE_POST),
    ("admin.ocop_stats", "GET", "/dashboard/office/ocop/stats", *OFFICE),
    ("admin.ocop_scorecards", "GET", "/dashboard/office/ocop/scorecards", *OFFICE),
    ("admin.ocop_new_scorecard", "POST", "/dashboard/office/ocop/scorecards", *OFFICE_POST),
    ("admin.ocop_scorecard", "GET", "/dashboard/office/ocop/scorecards/{sc}", *OFFICE),
    ("admin.ocop_scorecard_action", "POST", "/dashboard/office/ocop/scorecards/{sc}/add",
     *OFFICE_POST),
    ("admin.ocop_criterion", "POST", "/dashboard/office/ocop/criteria/{cr}/update",
     *OFFICE_POST),
    ("admin.ocop_council", "GET", "/dashboard/office/ocop/council", *OFFICE),
    ("admin.ocop_council", "POST", "/dashboard/office/ocop/council", *OFFICE_POST),
    ("admin.ocop_export", "GET", "/dashboard/office/ocop/export", *OFFICE),
    ("admin.ocop_export", "POST", "/dashboard/office/ocop/export", *OFFICE_POST),
    # office: outlets, gift sets, fairs, restock transfers
    ("outlets.office_outlets", "GET", "/dashboard/office/outlets", *OFFICE),
    ("outlets.office_outlet", "GET", "/dashboard/office/outlets/{outlet}", *OFFICE),
    ("outlets.office_decide_outlet", "POST", "/dashboard/office/outlets/{outlet}/approve",
     *OFFICE_POST),
    ("outlets.office_gift_sets", "GET", "/dashboard/office/gift-sets", *OFFICE),
    ("outlets.office_new_gift_set", "GET", "/dashboard/office/gift-sets/new", *OFFICE),
    ("outlets.office_new_gift_set", "POST", "/dashboard/office/gift-sets/new", *OFFICE_POST),
    ("outlets.office_edit_gift_set", "GET", "/dashboard/office/gift-sets/{gift}", *OFFICE),
    ("outlets.office_edit_gift_set", "POST", "/dashboard/office/gift-sets/{gift}",
     *OFFICE_POST),
    ("outlets.office_gift_set_status", "POST", "/dashboard/office/gift-sets/{gift}/restore",
     *OFFICE_POST),
    ("outlets.office_events", "GET", "/dashboard/office/events", *OFFICE),
    ("outlets.office_new_event", "GET", "/dashboard/office/events/new", *OFFICE),
    ("outlets.office_new_event", "POST", "/dashboard/office/events/new", *OFFICE_POST),
    ("outlets.office_event", "GET", "/dashboard/office/events/{event}", *OFFICE),
    ("outlets.office_event", "POST", "/dashboard/office/events/{event}", *OFFICE_POST),
    ("outlets.office_event_status", "POST", "/dashboard/office/events/{event}/publish",
     *OFFICE_POST),
    ("outlets.office_decide_application", "POST",
     "/dashboard/office/events/applications/{application}/accept", *OFFICE_POST),
    ("outlets.office_restock", "GET", "/dashboard/office/restock", *OFFICE),
    ("outlets.office_restock_paid", "POST", "/dashboard/office/restock/{restock}/paid",
     *OFFICE_POST),
]

# Form data of POST rows (else an empty form): enough to reach the view's own checks, while
# the allowed role's request stays a no-op where one is at hand.
FORMS = {
    "cart.add": {"product_id": "{p}", "quantity": "1"},
    "cart.update": {"quantity": "1"},
    "dashboard.update_image": {"alt": "bị sửa"},
    "dashboard.product_stock": {"delta": "-5", "reason": "damage", "note": "x"},
    "dashboard.batch_stamps": {"count": "0"},
    "outlets.sales_page": {"product_id": "{p}", "quantity": "0"},
    "admin.ocop_new_scorecard": {"category_id": "{group}", "name": ""},
    "admin.ocop_export": {"revoke": "0"},
    "payments.office_refund_parcel": {"amount_vnd": "không phải số"},
}


def _rows():
    """GET rows first: the allowed roles' POSTs may still move the world on a little."""
    rows = sorted(MATRIX, key=lambda row: row[1] != "GET")
    return [pytest.param(*row[:3], row[3:], id=f"{row[0]}-{row[1]}") for row in rows]


@pytest.fixture(scope="module")
def world(app):
    """The records and one session cookie per role, built once per backend."""
    with app.app_context():
        built = build_world()
        cookies = {role: session_cookie(app, user) for role, user in built["users"].items()}
    yield {"values": built["values"], "cookies": {"anon": None, **cookies}}
    with app.app_context():
        empty_database()


def request_as(app, world, role, method, url, data):
    """One request with a fresh client carrying ``role``'s session (a logout cannot stick)
    and fresh rate-limit counters (the seven roles share one address)."""
    from marketplace.security import limiter

    limiter.reset()
    client = app.test_client()
    if world["cookies"][role]:
        client.set_cookie("session", world["cookies"][role])
    return send(client, method, url, data)


def allowed(response) -> bool:
    """Not refused (nor broken): the role got past the view's checks."""
    return not (response.status_code in (401, 403, 404, 405) or is_login_redirect(response)
                or response.status_code >= 500)


def matches(response, expected) -> bool:
    if expected == L:
        return is_login_redirect(response)
    if expected == R:
        return response.status_code in (301, 302, 303) and not is_login_redirect(response)
    if expected == A:
        return allowed(response)
    return response.status_code == expected


def state_of(app) -> dict:
    with app.app_context():
        return database_state()


def test_every_route_has_a_row_and_every_row_a_route(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    rows = [(endpoint, method) for endpoint, method, *_ in MATRIX]
    assert len(rows) == len(set(rows)), "a route has two rows"
    assert sorted(routes - set(rows)) == [], "routes without a row in MATRIX"
    assert sorted(set(rows) - routes) == [], "rows naming a route that does not exist"


@pytest.mark.parametrize("endpoint, method, template, outcomes", _rows())
def test_each_role_gets_the_expected_answer(app, world, endpoint, method, template, outcomes):
    values = world["values"]
    url = template.format(**values)
    data = {k: v.format(**values) for k, v in FORMS.get(endpoint, {}).items()}
    expected = dict(zip(ROLES, outcomes))
    refused = [role for role in ROLES if expected[role] in REFUSALS]
    # The refused roles go first, checked against an unchanged database.
    before = state_of(app) if method == "POST" and refused else None
    answers = {role: request_as(app, world, role, method, url, data) for role in refused}
    if before is not None:
        assert changed_tables(before, state_of(app)) == [], \
            f"a refused request changed these tables ({method} {url})"
    answers.update({role: request_as(app, world, role, method, url, data)
                    for role in ROLES if role not in refused})
    wrong = [(role, expected[role], response.status_code, response.headers.get("Location", ""))
             for role, response in answers.items() if not matches(response, expected[role])]
    assert wrong == [], f"{method} {url}: (role, expected, got, location)"
