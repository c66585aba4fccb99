"""The world the authorisation tests walk: real records owned by real accounts.

``build_victim()`` is producer A ("P") with everything its dashboard manages (used by
tests/shops/test_ownership.py per test); ``build_world()`` adds the other roles around it
(two shoppers, another producer's staff, an outlet operator, the office) and the records
they own, for tests/hardening/test_authorization_matrix.py, which builds it once per module.
"""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from tests.factories import (
    DEFAULT_PASSWORD, TINY_PDF, food_scorecard, make_address, make_batch,
    make_certification, make_gift_set, make_order, make_outlet, make_outlet_stock,
    make_producer, make_product, make_restock, make_user, make_wholesale,
)


# --- requests -------------------------------------------------------------------------------

def send(client, method, url, data=None):
    if method == "GET":
        return client.get(url)
    return client.post(url, data=data or {})


def is_login_redirect(response) -> bool:
    return response.status_code in (302, 303) and "/login" in response.headers["Location"]


def session_cookie(app, user) -> str:
    """Log ``user`` in through the real form once; the session cookie to replay later."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:300]
    return client.get_cookie("session").value


# --- the victim producer (test_ownership) and the whole world (the matrix) -------------------

def build_victim() -> dict:
    """Producer A with everything the dashboard manages."""
    from marketplace.catalog import images
    from marketplace.catalog.models import ProductImage
    from marketplace.ocop import dossiers
    from marketplace.shops import staff
    from tests.shops.helpers import image_bytes

    producer = make_producer("HTX nạn nhân", slug="htx-nan-nhan", email="a@example.vn")
    owner = make_user("chu-a@example.vn", role="producer", producer=producer)
    member = make_user("nhan-vien-a@example.vn", role="producer", producer=producer,
                       producer_role="staff")
    product = make_product("Chè Đinh của nạn nhân", producer=producer, stock=20,
                           slug="che-dinh-nan-nhan", price_vnd=300_000)
    stored = images.store(image_bytes())
    image = ProductImage(product_id=product.id, path=stored.path, alt="ảnh A", position=0)
    db.session.add(image)
    db.session.commit()
    shopper = make_user("mua@example.vn")
    order = make_order(shopper, [(product, 2)], recipient_name="Nguyễn Văn Mua")
    invitation = staff.invite(producer, "moi-a@example.vn", inviter=owner)
    # OCOP (issue 8): a draft dossier with a document, a batch, a certificate.
    food_scorecard()
    dossier = dossiers.start_dossier(product)
    document = dossiers.add_document(dossier, "registration", "a.pdf", TINY_PDF)
    batch = make_batch(product, code="LO-A")
    certificate = make_certification(product, stars=4)
    return {"producer": producer, "owner": owner, "member": member, "product": product,
            "image": image, "shopper": shopper, "order": order,
            "shop_order": order.shop_orders[0], "invitation": invitation, "dossier": dossier,
            "document": document, "batch": batch, "certificate": certificate}


def build_world() -> dict:
    """Every role's account and the records the matrix requests, as {placeholder: value}.

    The matrix's URL templates name these placeholders; each record belongs to the
    ``producer`` (owner of P), the ``shopper``, the ``outlet`` or is the office's.
    """
    from marketplace.ocop import council, dossiers
    from marketplace.outlets import events, restock
    from marketplace.outlets.events import ApplicationData
    from marketplace.shops import staff
    from marketplace.trace.services import create_stamps
    from tests.outlets.test_events import make_event

    v = build_victim()
    p, shopper = v["product"], v["shopper"]
    p.gtin = "8930000000019"
    other = make_producer("HTX Q", slug="htx-q")
    q_product = make_product("Mật ong của Q", producer=other, stock=10, slug="mat-ong-q")
    outlet = make_outlet("Điểm bán O", slug="diem-ban-o")
    office = make_user("van-phong@example.vn", role="office")
    council.add_council_member(office, "Thành viên")
    users = {
        "shopper": shopper, "shopper2": make_user("mua-2@example.vn"),
        "producer": v["owner"],
        "staff_q": make_user("nhan-vien-q@example.vn", role="producer", producer=other,
                             producer_role="staff"),
        "outlet": make_user("diem-ban@example.vn", role="outlet", outlet=outlet),
        "office": office,
    }
    # The shopper: addresses, a second order to cancel, a transfer order, a cart line.
    address, address_to_delete = make_address(shopper), make_address(shopper)
    to_cancel = _another_order(shopper, p)
    transfer = _another_order(shopper, p, method="vietqr")
    review, review_order, review_line = _reviews(shopper, p)
    cart_line = _cart_line(shopper, p)
    reset_token = "mot-token-dat-lai-mat-khau-cua-nguoi-mua"
    _reset_token(shopper, reset_token)
    # More of P: an image and a document to delete, an invitation to accept, stamps.
    image2 = _image(p, position=1)
    document2 = dossiers.add_document(v["dossier"], "other", "b.pdf", TINY_PDF)
    staff.invite(v["producer"], "moi-b@example.vn", inviter=v["owner"])
    stamp = create_stamps(v["batch"], 2)[0]
    # The outlet: P's product on its shelf, a transfer restock order, a draft, a gift set.
    make_wholesale(p, ((1, 90_000),))
    make_outlet_stock(outlet, p, on_hand=3)
    (restock_order,) = make_restock(outlet, [(p, 5)], payment_terms="transfer_invoice")
    restock.add_to_draft(outlet, p.id, "2")
    draft_line = restock.draft_lines(outlet.id)[0]
    gift = make_gift_set([(p, 1), (q_product, 1)], outlet=outlet)
    event = make_event()
    application = events.apply(event, v["producer"], ApplicationData([p.id]))
    # The office's records: a card checkout with a refund, a payout.
    checkout, refund = _card_records(transfer)
    payout = _payout(v["producer"])
    scorecard = v["dossier"].scorecard
    db.session.commit()
    values = {
        "p": p.id, "p_slug": p.slug, "i": v["image"].id, "i2": image2.id,
        "media": v["image"].path, "s": v["shop_order"].id, "order": v["order"].number,
        "order2": to_cancel.number, "s2": to_cancel.shop_orders[0].id,
        "qr_order": transfer.number, "payment": v["order"].payment.id,
        "line": cart_line.id, "addr": address.id, "addr2": address_to_delete.id,
        "reset_token": reset_token, "invite_token": _invitation_token("moi-b@example.vn"),
        "v": v["invitation"].id, "m": v["member"].id, "producer": v["producer"].id,
        "producer_slug": v["producer"].slug, "d": v["dossier"].id, "doc": v["document"].id,
        "doc2": document2.id, "b": v["batch"].id, "serial": stamp.serial,
        "gtin": "0" + p.gtin, "lot": v["batch"].code, "c": v["certificate"].id,
        "sc": scorecard.id, "cr": scorecard.criteria[0].id, "group": scorecard.category_id,
        "outlet": outlet.id, "outlet_slug": outlet.slug, "restock": restock_order.number,
        "draft_line": draft_line.id, "gift": gift.id, "gift_slug": gift.slug,
        "event": event.id, "event_slug": event.slug, "application": application.id,
        "checkout": checkout.id, "session": checkout.session_id, "refund": refund.id,
        "payout": payout.id, "payout_batch": payout.batch_id,
        "category_slug": p.category.slug, "review": review.id,
        "review_order": review_order.number, "review_line": review_line.id,
    }
    return {"users": users, "values": values}


def _reviews(shopper, product):
    """A review of P's product by the shopper, and a second delivered line still to review."""
    from marketplace.reviews import services as reviews
    from tests.reviews.helpers import bought

    order, line = bought(product, user=shopper)
    review = reviews.create_review(shopper.id, line.id, 5, "Chè ngon")
    next_order, next_line = bought(product, user=shopper)
    return review, next_order, next_line


def _reset_token(user, token: str) -> None:
    """A usable reset token (the mailed one is random; only its SHA-256 is stored)."""
    from marketplace.accounts.models import PasswordResetToken
    from marketplace.models_base import utcnow

    db.session.add(PasswordResetToken(user_id=user.id, expires_at=utcnow() + timedelta(hours=1),
                                      token_hash=hashlib.sha256(token.encode()).hexdigest()))
    db.session.commit()


def _cart_line(user, product):
    """A line in ``user``'s cart (placing an order leaves the cart, emptied)."""
    from marketplace.cart.models import Cart, CartLine

    cart = db.session.scalar(select(Cart).where(Cart.user_id == user.id))
    line = CartLine(cart_id=cart.id, product_id=product.id, quantity=1,
                    price_seen_vnd=product.price_vnd)
    db.session.add(line)
    db.session.commit()
    return line


def _another_order(user, product, method: str = "cod"):
    """One more order of ``user`` (who has a cart already), through the real service."""
    from marketplace.orders.services import place_order
    from tests.factories import checkout_details

    _cart_line(user, product)
    return place_order(user, checkout_details(method), f"matrix-order-{method}")


def _invitation_token(email: str) -> str:
    """The token of the invitation mailed to ``email``, read from the outbox."""
    from marketplace.notifications.models import OutboxMessage

    body = db.session.scalars(select(OutboxMessage.body).where(
        OutboxMessage.to_address == email)).one()
    return re.search(r"/invitations/([\w-]+)", body).group(1)


def _image(product, position: int):
    from marketplace.catalog import images
    from marketplace.catalog.models import ProductImage
    from tests.shops.helpers import image_bytes

    stored = images.store(image_bytes(color=(200, 10, 10)))
    image = ProductImage(product_id=product.id, path=stored.path, alt="ảnh 2",
                         position=position)
    db.session.add(image)
    db.session.commit()
    return image


def _card_records(order):
    """A flagged Stripe checkout of the shopper's order and a failed refund of it."""
    from marketplace.models_base import utcnow
    from marketplace.payments.stripe_models import CardCheckout, Refund, RefundStatus

    checkout = CardCheckout(payment_id=order.payment.id, order_id=order.id,
                            idempotency_key="the-matrix-checkout", amount_vnd=order.total_vnd,
                            session_id="cs_test_matrix", flagged_at=utcnow(),
                            flag_reason="paid after the hold")
    db.session.add(checkout)
    db.session.flush()
    refund = Refund(payment_id=order.payment.id, checkout_id=checkout.id, amount_vnd=1000,
                    idempotency_key="the-matrix-refund", status=RefundStatus.FAILED)
    db.session.add(refund)
    db.session.commit()
    return checkout, refund


def _payout(producer):
    from marketplace.clock import today
    from marketplace.settlement.models import Payout, PayoutBatch

    batch = PayoutBatch(reference="CT-MATRIX-1", until=today())
    db.session.add(batch)
    db.session.flush()
    payout = Payout(batch_id=batch.id, producer_id=producer.id, amount_vnd=100_000,
                    producer_name=producer.name, bank_name="Vietcombank",
                    account_no="0011001234567", account_name="HTX NAN NHAN")
    db.session.add(payout)
    db.session.commit()
    return payout


# --- the database around a module-scoped world -----------------------------------------------

def database_state() -> dict[str, list[str]]:
    """Every row of every table, to tell whether a refused request changed anything."""
    state = {}
    for table in db.metadata.sorted_tables:
        state[table.name] = sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
    db.session.remove()
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after.get(name)]
