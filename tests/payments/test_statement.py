"""Bank statement reconciliation and the office's payment pages."""
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from marketplace.models_base import utcnow
from marketplace.orders.states import PaymentStatus
from marketplace.payments.models import Payment
from marketplace.payments.services import expire_unpaid, import_statement
from marketplace.payments.statement import StatementError, parse_amount, parse_date, read_statement
from tests.factories import make_order, make_user


@pytest.mark.parametrize(("text", "value"), [
    ("1250000", 1_250_000), ("1.250.000", 1_250_000), ("1,250,000", 1_250_000),
    ("1250000.00", 1_250_000), (" 125.000 VND", 125_000), ("0", None), ("-5", None),
    ("12.5", None), ("abc", None), ("", None),
])
def test_amounts(text, value):
    assert parse_amount(text) == value


def test_dates():
    assert parse_date("2026-11-29") == parse_date("29/11/2026") == date(2026, 11, 29)
    assert parse_date("11/29/2026") is None


def test_headers_may_be_vietnamese_and_order_numbers_lose_their_dashes():
    lines = read_statement("Ngày,Số tiền,Nội dung\n29/11/2026,120.000,CK OCOP2026000123 cam on\n"
                           .encode("utf-8-sig"))
    assert lines[0].order_number == "OCOP-2026-000123" and lines[0].amount_vnd == 120_000


@pytest.mark.parametrize("data", [b"", b"foo,bar\n1,2\n", "ngày;số tiền\n".encode("utf-16"),
                                  b"\xff\xfe\x00"])
def test_an_unreadable_file_is_refused_whole(data):
    with pytest.raises(StatementError):
        read_statement(data)


def csv_for(*rows) -> bytes:
    return ("date,amount,description\n" + "".join(f"{d},{a},{t}\n" for d, a, t in rows)).encode()


def test_import_matches_by_number_and_amount_and_reports_the_rest(db):
    paid, wrong_amount, already, expired = (make_order(method="vietqr") for _ in range(4))
    import_statement(csv_for(("2026-11-28", already.payment.amount_vnd, already.number)),
                     actor_id=None)
    db.session.execute(update(Payment).where(Payment.id == expired.payment.id)
                       .values(expires_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    expire_unpaid()
    data = csv_for(
        ("2026-11-29", paid.payment.amount_vnd, f"NGUYEN VAN AN CK {paid.number.replace('-', '')}"),
        ("2026-11-29", wrong_amount.payment.amount_vnd - 1000, wrong_amount.number),
        ("2026-11-29", already.payment.amount_vnd, already.number),
        ("2026-11-29", expired.payment.amount_vnd, expired.number),
        ("2026-11-29", 50_000, "chuyen tien an sang"),
        ("2026-11-29", 50_000, "OCOP-2026-999999"),
        ("hôm qua", 50_000, paid.number),
    )
    report = import_statement(data, actor_id=None)
    assert [number for _, number in report.matched] == [paid.number]
    reasons = [reason for _, reason in report.unmatched]
    assert reasons[0].startswith("Số tiền") and wrong_amount.number in reasons[0]
    assert reasons[1] == f"Đơn {already.number} đã được ghi nhận thanh toán trước đó."
    assert "cần được hoàn cho người mua" in reasons[2]
    assert reasons[3] == "Không thấy mã đơn hàng (OCOP-năm-số) trong nội dung."
    assert reasons[4] == "Không có đơn hàng OCOP-2026-999999."
    assert reasons[5].startswith("Ngày «hôm qua»")
    db.session.expire_all()
    assert paid.payment.status == PaymentStatus.PAID and paid.payment.received_vnd
    assert wrong_amount.payment.status == PaymentStatus.UNPAID
    assert expired.payment.status == PaymentStatus.EXPIRED
    assert expired.payment.refund_due_vnd == expired.payment.amount_vnd
    again = import_statement(data, actor_id=None)
    assert again.matched == []  # a second import changes nothing more


def test_office_pages_are_for_the_office_only(client, auth, db):
    auth.login(make_user().email)
    assert client.get("/dashboard/office/payments").status_code == 403
    assert client.get("/dashboard/office/payments/statement").status_code == 403
    assert client.post("/dashboard/office/payments/1/received").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get("/dashboard/office/payments").status_code == 302


def test_the_office_marks_a_transfer_received(client, auth, db):
    order = make_order(method="vietqr")
    auth.login(make_user(role="office").email)
    page = client.get("/dashboard/office/payments").get_data(as_text=True)
    assert order.number in page
    response = client.post(f"/dashboard/office/payments/{order.payment.id}/received",
                           follow_redirects=True)
    assert f"Đã ghi nhận thanh toán đơn {order.number}." in response.get_data(as_text=True)
    db.session.expire_all()
    assert order.payment.status == PaymentStatus.PAID
    again = client.post(f"/dashboard/office/payments/{order.payment.id}/received",
                        follow_redirects=True)
    assert "Không thể chuyển thanh toán từ «Đã thanh toán» sang «Đã thanh toán»." in \
        again.get_data(as_text=True)


def test_the_office_uploads_a_statement_and_sees_the_report(client, auth, db):
    from io import BytesIO

    order = make_order(method="vietqr")
    auth.login(make_user(role="office").email)
    data = csv_for(("2026-11-29", order.payment.amount_vnd, order.number),
                   ("2026-11-29", 1000, "khong ro"))
    response = client.post("/dashboard/office/payments/statement",
                           data={"statement": (BytesIO(data), "saoke.csv")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã khớp: 1 khoản" in page and "Không khớp: 1 dòng" in page
    bad = client.post("/dashboard/office/payments/statement",
                      data={"statement": (BytesIO(b"x;y\n"), "bad.csv")},
                      content_type="multipart/form-data")
    assert bad.status_code == 400 and "Dòng tiêu đề cần các cột" in bad.get_data(as_text=True)
