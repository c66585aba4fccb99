"""Password reset by a one-time e-mailed token."""
import re
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select, update

from marketplace.accounts import services
from marketplace.accounts.exceptions import InvalidResetToken
from marketplace.accounts.models import PasswordResetToken, User
from marketplace.accounts.passwords import verify_password
from marketplace.models_base import utcnow
from marketplace.notifications.models import OutboxMessage
from tests.factories import DEFAULT_PASSWORD, make_user

NEW = {"password": "mat-khau-moi-1", "confirm": "mat-khau-moi-1"}


def reset_path(db) -> str:
    """The reset link from the newest mail in the outbox, as a path."""
    body = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().body
    return re.search(re.escape(site()) + r"(/password/reset/\S+)", body).group(1)


def site() -> str:
    return current_app.config["SITE_URL"].rstrip("/")


def test_forgot_password_queues_a_mail_with_a_link(client, db):
    make_user("an@example.vn")

    response = client.post("/password/forgot", data={"email": "AN@example.vn"})

    assert response.status_code == 200
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.to_address == "an@example.vn" and mail.sent_at is None
    assert "Đặt lại mật khẩu" in mail.subject
    assert "/password/reset/" in mail.body


def test_the_link_is_on_the_site_address_whatever_host_the_request_named(client, db):
    make_user("an@example.vn")
    client.post("/password/forgot", data={"email": "an@example.vn"},
                headers={"Host": "evil.example"})

    body = db.session.scalar(select(OutboxMessage.body))
    assert "evil.example" not in body
    assert re.search(re.escape(site()) + r"/password/reset/\S+", body)


def test_only_a_hash_of_the_token_is_stored(client, db):
    make_user("an@example.vn")
    client.post("/password/forgot", data={"email": "an@example.vn"})

    token = reset_path(db).rsplit("/", 1)[1]
    stored = db.session.scalar(select(PasswordResetToken.token_hash))
    assert token not in stored and len(stored) == 64


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client, db):
    make_user("an@example.vn")

    known = client.post("/password/forgot", data={"email": "an@example.vn"})
    unknown = client.post("/password/forgot", data={"email": "ai-do@example.vn"})

    assert unknown.status_code == known.status_code == 200
    assert "Kiểm tra hộp thư" in unknown.get_data(as_text=True)
    assert db.session.query(OutboxMessage).count() == 1


def test_an_inactive_account_gets_no_reset_mail(client, db):
    make_user("locked@example.vn", is_active=False)

    client.post("/password/forgot", data={"email": "locked@example.vn"})

    assert db.session.query(OutboxMessage).count() == 0


def test_the_link_sets_a_new_password_once(client, auth, db):
    make_user("an@example.vn")
    client.post("/password/forgot", data={"email": "an@example.vn"})
    path = reset_path(db)

    page = client.get(path)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert client.post(path, data=NEW).status_code == 302

    again = client.post(path, data={"password": "lan-thu-hai-9", "confirm": "lan-thu-hai-9"})
    assert again.status_code == 400
    assert "đã được dùng" in again.get_data(as_text=True)
    assert auth.login("an@example.vn", DEFAULT_PASSWORD).status_code == 200  # old one is gone
    assert auth.login("an@example.vn", "mat-khau-moi-1").status_code == 302


def test_opening_the_link_does_not_use_it_up(client, db):
    make_user("an@example.vn")
    client.post("/password/forgot", data={"email": "an@example.vn"})
    path = reset_path(db)

    client.get(path)
    client.get(path)

    assert client.post(path, data=NEW).status_code == 302


def test_an_expired_link_is_refused(client, db):
    user = make_user("an@example.vn")
    client.post("/password/forgot", data={"email": "an@example.vn"})
    path = reset_path(db)
    db.session.execute(update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    assert client.get(path).status_code == 400
    assert client.post(path, data=NEW).status_code == 400
    db.session.refresh(user)
    assert verify_password(user.password_hash, DEFAULT_PASSWORD)


def test_an_unknown_token_is_refused(client, db):
    response = client.get("/password/reset/khong-phai-token")

    assert response.status_code == 400
    assert "không hợp lệ" in response.get_data(as_text=True)


def test_using_one_token_spends_the_others(app, db):
    user = make_user("an@example.vn")
    with app.test_request_context():
        services.request_password_reset("an@example.vn")
        first = reset_path(db).rsplit("/", 1)[1]
        services.request_password_reset("an@example.vn")
        second = reset_path(db).rsplit("/", 1)[1]

    services.reset_password(second, "mat-khau-moi-1")

    with pytest.raises(InvalidResetToken):
        services.reset_password(first, "mat-khau-moi-2")
    assert verify_password(db.session.get(User, user.id).password_hash, "mat-khau-moi-1")


def test_a_too_short_new_password_keeps_the_token(client, db):
    make_user("an@example.vn")
    client.post("/password/forgot", data={"email": "an@example.vn"})
    path = reset_path(db)

    short = client.post(path, data={"password": "short", "confirm": "short"})

    assert short.status_code == 200 and 'id="password-error"' in short.get_data(as_text=True)
    assert client.post(path, data=NEW).status_code == 302


def test_a_reset_logs_out_existing_sessions(client, auth, db):
    from flask import g

    make_user("an@example.vn")
    auth.login("an@example.vn")
    other = client.application.test_client()
    other.post("/password/forgot", data={"email": "an@example.vn"})
    other.post(reset_path(db), data=NEW)
    g.pop("_login_user", None)  # the test's app context outlives requests; see test_login

    assert client.get("/account").status_code == 302
