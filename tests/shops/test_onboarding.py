"""Đăng ký bán hàng: a producer registers, waits, is asked for changes, resubmits."""
from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import ProducerRole, Role, User
from marketplace.shops.models import Producer, ProducerStatus, ProducerStatusEvent
from tests.factories import make_user
from tests.shops.helpers import PROFILE, login, outbox

ACCOUNT = {"account_name": "Nguyễn Thị Hoa", "account_email": "hoa@example.vn",
           "account_password": "mat-khau-dai-du"}


def register(client, **changes):
    return client.post("/sell/register", data={**PROFILE, **ACCOUNT, **changes})


def test_a_visitor_registers_a_shop_and_an_owner_account_then_waits_for_review(client, db):
    office = make_user("van-phong@example.vn", role="office")
    response = register(client)
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/dashboard/producer")
    producer = db.session.scalar(select(Producer).where(Producer.name == PROFILE["name"]))
    assert producer.status == ProducerStatus.PENDING and producer.submitted_at is not None
    assert (producer.tax_code, producer.phone, producer.commune_code) == (
        "4600123456", "0912345678", "05503")
    assert producer.legacy_address.startswith("xóm Hồng Thái 2")
    user = db.session.scalar(select(User).where(User.email == "hoa@example.vn"))
    assert (user.role, user.producer_id, user.producer_role) == (
        Role.PRODUCER, producer.id, ProducerRole.OWNER)
    assert [m.subject for m in outbox(db, office.email)] == [
        f"Chợ OCOP: {producer.name} đăng ký bán hàng, chờ duyệt"]
    assert outbox(db, "hoa@example.vn")
    events = db.session.scalars(select(ProducerStatusEvent)).all()
    assert [(e.from_status, e.to_status) for e in events] == [("", "pending")]
    page = client.get("/dashboard/producer").get_data(as_text=True)
    assert "đang chờ Văn phòng OCOP duyệt" in page
    # Not listed while pending.
    assert client.get(f"/shops/{producer.slug}").status_code == 404


def test_registration_reports_every_bad_field_and_creates_nothing(client, db):
    response = register(client, name="", tax_code="12345", phone="123", commune_code="26734",
                        account_email="khong-phai-email", account_password="ngan")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    for message in ("Vui lòng nhập tên cơ sở", "Mã số thuế gồm 10 chữ số",
                    "Số điện thoại Việt Nam không hợp lệ", "Xã/phường không thuộc",
                    "Địa chỉ email không hợp lệ", "Mật khẩu cần ít nhất 8 ký tự"):
        assert message in body, message
    assert db.session.scalar(select(Producer.id)) is None
    assert db.session.scalar(select(User.id)) is None


def test_a_taken_shop_name_or_email_is_refused(client, db):
    make_user("hoa@example.vn")
    assert register(client).status_code == 400
    from tests.factories import make_producer

    make_producer(PROFILE["name"])
    body = register(client, account_email="khac@example.vn").get_data(as_text=True)
    assert "Tên này đã có gian hàng" in body


def test_a_logged_in_shopper_becomes_the_owner_and_keeps_the_account(client, db):
    shopper = make_user("mua@example.vn")
    login(client, shopper)
    page = client.get("/sell/register").get_data(as_text=True)
    assert "account_email" not in page
    assert client.post("/sell/register", data=PROFILE).status_code == 303
    db.session.expire_all()
    user = db.session.get(User, shopper.id)
    assert user.role == Role.PRODUCER and user.producer.name == PROFILE["name"]


def test_producers_are_sent_to_their_dashboard_and_others_cannot_register(client, db):
    from tests.shops.helpers import owner

    login(client, owner())
    assert client.get("/sell/register").headers["Location"].endswith("/dashboard/producer")
    client.post("/logout")
    login(client, make_user(role="office"))
    assert client.get("/sell/register").status_code == 403


def test_asked_for_changes_the_producer_edits_and_resubmits(client, db):
    from marketplace.shops import review

    office = make_user("van-phong@example.vn", role="office")
    register(client)
    producer = db.session.scalar(select(Producer))
    review.decide(producer, ProducerStatus.CHANGES_REQUESTED, reason="Thiếu mã số thuế",
                  actor_id=office.id)
    page = client.get("/dashboard/producer").get_data(as_text=True)
    assert "Thiếu mã số thuế" in page
    assert client.post("/dashboard/producer/profile/resubmit").status_code == 303
    db.session.expire_all()
    assert db.session.get(Producer, producer.id).status == ProducerStatus.PENDING
    subjects = [m.subject for m in outbox(db, office.email)]
    assert subjects[-1] == f"Chợ OCOP: {producer.name} gửi lại hồ sơ, chờ duyệt"
    # Resubmitting twice is refused with a message, not an error page.
    client.post("/dashboard/producer/profile/resubmit")
    assert "Không thể chuyển gian hàng" in client.get("/dashboard/producer").get_data(
        as_text=True)


def test_registration_needs_the_csrf_token(csrf_client, db):
    response = csrf_client.post("/sell/register", data={**PROFILE, **ACCOUNT})
    assert response.status_code == 400
    assert db.session.scalar(select(Producer.id)) is None
