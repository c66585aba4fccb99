"""VietQR: the EMVCo payload, its SVG, the order page, and the stock hold that expires."""
import binascii
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from marketplace.catalog.models import Product
from marketplace.models_base import utcnow
from marketplace.notifications.models import OutboxMessage
from marketplace.orders.states import OrderStatus, PaymentStatus, ShopOrderStatus
from marketplace.payments.models import Payment
from marketplace.payments.services import expire_unpaid, mark_transfer_received
from marketplace.payments.vietqr import build_payload, parse_payload
from tests.factories import make_order, make_product, make_user

# Known-good payloads: the vietnam-qr-pay README example and a real payment-link QR.
README = ("00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA530370454041000"
          "5802VN62150811Chuyen tien6304BBB8")
PAYMENT_LINK = ("00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA53037045404"
                "20005802VN6224082018f8746b181045f0a2ce63040FC0")


def crc_ok(payload: str) -> bool:
    """CRC-16/CCITT-FALSE over everything before the checksum, computed independently."""
    return f"{binascii.crc_hqx(payload[:-4].encode(), 0xFFFF):04X}" == payload[-4:]


@pytest.mark.parametrize(("expected", "bank_bin", "account", "amount", "purpose"), [
    (README, "970416", "257678859", 1000, "Chuyen tien"),
    (PAYMENT_LINK, "970422", "VQRQABRLS0448", 2000, "18f8746b181045f0a2ce"),
])
def test_the_payload_matches_known_good_ones(expected, bank_bin, account, amount, purpose):
    assert build_payload(bank_bin, account, amount, purpose) == expected
    assert crc_ok(expected)


def test_an_order_payload_carries_the_account_amount_and_order_number():
    payload = build_payload("970436", "0011004455667", 125_000, "OCOP-2026-000123")
    assert crc_ok(payload)
    assert "0010A000000727" in payload and "0208QRIBFTTA" in payload  # NAPAS AID, to account
    assert "5303704" in payload and "5406125000" in payload  # VND, integer amount
    assert "62200816OCOP-2026-000123" in payload  # purpose, tag 62/08
    decoded = parse_payload(payload)
    assert decoded.is_valid and decoded.consumer.bank_bin == "970436"
    assert (decoded.amount, decoded.additional_data.purpose) == ("125000", "OCOP-2026-000123")
    assert not parse_payload(payload[:-1] + ("0" if payload[-1] != "0" else "1")).is_valid


@pytest.mark.parametrize(("args", "message"), [
    (("97043", "1", 1, "x"), "BIN"),
    (("970436", "12-34", 1, "x"), "ACCOUNT_NO"),
    (("970436", "1", 0, "x"), "positive"),
    (("970436", "1", 10.5, "x"), "positive"),
    (("970436", "1", 1, "Đơn hàng"), "purpose"),
    (("970436", "1", 1, "x" * 26), "purpose"),
])
def test_bad_payload_input_is_refused(args, message):
    with pytest.raises(ValueError, match=message):
        build_payload(*args)


def test_the_order_page_shows_the_qr_and_the_svg_is_served_to_the_owner(client, auth, db):
    user = make_user()
    order = make_order(user, method="vietqr")
    auth.login(user.email)
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert "Chuyển khoản bằng VietQR" in page and "0011004455667" in page
    assert f"/orders/{order.number}/vietqr.svg" in page and order.number in page
    response = client.get(f"/orders/{order.number}/vietqr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data and b"VietQR" in response.data


def test_no_qr_once_paid(client, auth, db):
    user = make_user()
    order = make_order(user, method="vietqr")
    mark_transfer_received(order.payment, actor_id=None)
    auth.login(user.email)
    assert client.get(f"/orders/{order.number}/vietqr.svg").status_code == 404
    assert "Chuyển khoản bằng VietQR" not in client.get(f"/orders/{order.number}").get_data(
        as_text=True)


def test_a_transfer_order_holds_its_stock_for_the_configured_hours(db, app):
    order = make_order(method="vietqr")
    hold = order.payment.expires_at.replace(tzinfo=None) - order.placed_at.replace(tzinfo=None)
    assert abs(hold - timedelta(hours=app.config["VIETQR_HOLD_HOURS"])) < timedelta(seconds=5)
    assert make_order().payment.expires_at is None  # COD holds until the order ends


def overdue(payment):
    from marketplace.extensions import db

    db.session.execute(update(Payment).where(Payment.id == payment.id)
                       .values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()


def test_expiry_cancels_the_unpaid_order_and_releases_its_stock(db):
    product = make_product(stock=4)
    order = make_order(items=[(product, 3)], method="vietqr")
    assert expire_unpaid() == []  # not yet due
    overdue(order.payment)
    assert expire_unpaid() == [order.number]
    db.session.expire_all()
    assert order.status == OrderStatus.CANCELLED
    assert order.payment.status == PaymentStatus.EXPIRED
    assert order.shop_orders[0].status == ShopOrderStatus.CANCELLED
    assert db.session.scalar(select(Product.stock).where(Product.id == product.id)) == 4
    assert db.session.scalar(select(OutboxMessage.subject).order_by(OutboxMessage.id.desc())) == \
        f"Chợ OCOP: đơn hàng {order.number} đã huỷ"
    assert expire_unpaid() == []  # once


def test_a_paid_order_never_expires(db):
    order = make_order(method="vietqr")
    mark_transfer_received(order.payment, actor_id=None)
    overdue(order.payment)
    assert expire_unpaid() == []


def test_the_cli_command_expires_overdue_orders(runner, db):
    order = make_order(method="vietqr")
    overdue(order.payment)
    result = runner.invoke(args=["orders", "expire-unpaid"])
    assert result.exit_code == 0 and order.number in result.output


def test_the_order_page_expires_its_order_lazily(client, auth, db):
    user = make_user()
    order = make_order(user, method="vietqr")
    overdue(order.payment)
    auth.login(user.email)
    page = client.get(f"/orders/{order.number}").get_data(as_text=True)
    assert "Hết hạn thanh toán" in page and "Chuyển khoản bằng VietQR" not in page


def test_checkout_releases_overdue_holds_before_saying_out_of_stock(db):
    product = make_product(stock=1)
    held = make_order(items=[(product, 1)], method="vietqr")
    overdue(held.payment)
    order = make_order(items=[(product, 1)])  # would be out of stock without the lazy expiry
    assert order.status == OrderStatus.PLACED
    db.session.expire_all()
    assert held.status == OrderStatus.CANCELLED
