"""Register, log in, log out through the pages; the `next` parameter; session rules."""
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from marketplace.accounts.models import User
from tests.factories import DEFAULT_PASSWORD, make_user


def forget_cached_user():
    """The test's app context outlives requests, and Flask-Login caches the user in ``g``;
    in production each request starts afresh and reloads the user from the session."""
    from flask import g

    g.pop("_login_user", None)


def test_register_creates_a_shopper_and_logs_them_in(client, db):
    response = client.post("/register", data={
        "name": "Phạm Hoa", "email": " Hoa.Pham@Example.VN", "phone": "0912 345 678",
        "password": "mot-mat-khau", "confirm": "mot-mat-khau",
    })

    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert (user.email, user.phone, user.role.value) == ("hoa.pham@example.vn", "0912345678",
                                                         "shopper")
    assert "hoa.pham@example.vn" in client.get("/account").get_data(as_text=True)


def test_register_shows_errors_next_to_the_fields(client, db):
    make_user("taken@example.vn")

    response = client.post("/register", data={
        "name": "X", "email": "TAKEN@example.vn", "phone": "123",
        "password": "mot-mat-khau", "confirm": "khac-mat-khau",
    })

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="confirm-error"' in html and "Hai mật khẩu không khớp." in html
    assert db.session.scalar(select(User).where(User.email == "taken@example.vn")) is not None
    assert db.session.query(User).count() == 1


def test_register_maps_service_errors_to_fields(client, db):
    make_user("taken@example.vn")

    html = client.post("/register", data={
        "name": "X", "email": "TAKEN@example.vn", "phone": "123",
        "password": "mot-mat-khau", "confirm": "mot-mat-khau",
    }).get_data(as_text=True)

    assert 'id="email-error"' in html and "Email này đã có tài khoản." in html
    assert 'id="phone-error"' in html


def test_login_page_has_labelled_email_and_password_fields(client):
    html = client.get("/login").get_data(as_text=True)

    assert '<label for="email">' in html and 'name="email"' in html
    assert '<label for="password">' in html and 'name="password"' in html


def test_login_then_logout(client, auth, db):
    make_user("an@example.vn")

    response = auth.login("AN@example.vn")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/account").status_code == 200

    assert client.get("/logout").status_code == 405  # logging out is a POST
    assert auth.logout().status_code == 302
    assert client.get("/account").status_code == 302


def test_wrong_password_is_refused_with_one_message(client, auth, db):
    make_user("an@example.vn")

    response = auth.login("an@example.vn", "sai-mat-khau")

    assert response.status_code == 200
    assert "Email hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_an_inactive_user_cannot_log_in(client, auth, db):
    make_user("locked@example.vn", is_active=False)

    response = auth.login("locked@example.vn")

    assert "Tài khoản này đã bị khoá" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_deactivating_an_account_ends_its_sessions(client, auth, db):
    user = make_user("an@example.vn")
    auth.login("an@example.vn")

    user.is_active = False
    db.session.commit()

    assert client.get("/account").status_code == 302


def test_a_password_change_elsewhere_ends_this_session(client, auth, db):
    from marketplace.accounts.passwords import hash_password

    user = make_user("an@example.vn")
    auth.login("an@example.vn")

    user.password_hash = hash_password("doi-mat-khau-roi")
    db.session.commit()
    forget_cached_user()

    assert client.get("/account").status_code == 302


def test_changing_the_password_keeps_this_session(client, auth, db):
    make_user("an@example.vn")
    auth.login("an@example.vn")

    response = client.post("/account/password", data={
        "current_password": DEFAULT_PASSWORD, "new_password": "mat-khau-moi-1",
        "confirm": "mat-khau-moi-1",
    })

    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    auth.logout()
    assert auth.login("an@example.vn", "mat-khau-moi-1").status_code == 302


def test_a_page_behind_login_sends_to_login_with_next(client, db):
    response = client.get("/account/addresses?x=1")

    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/account/addresses?x=1"]


def test_login_follows_a_local_next(client, auth, db):
    make_user("an@example.vn")

    response = auth.login("an@example.vn", next="/account/addresses?x=1")

    assert response.headers["Location"] == "/account/addresses?x=1"


def test_login_page_keeps_next_in_the_form(client):
    html = client.get("/login?next=/account").get_data(as_text=True)

    assert 'name="next" type="hidden" value="/account"' in html


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "http:/evil.example", "javascript:alert(1)", "evil.example",
    "/\tevil", "", "https:///evil.example",
])
def test_login_refuses_an_open_redirect(client, auth, db, target):
    make_user("an@example.vn")

    response = auth.login("an@example.vn", next=target)

    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_safe_next_accepts_only_local_paths():
    from marketplace.accounts.views import safe_next

    assert safe_next("/products?page=2") == "/products?page=2"
    for bad in ("https://evil.example/", "//evil.example", "/\\evil.example", "evil",
                "/ok\r\nSet-Cookie: x", "\\/evil.example", None):
        assert safe_next(bad) == "/"


def test_a_logged_in_visitor_is_sent_on_from_the_login_page(client, auth, db):
    make_user("an@example.vn")
    auth.login("an@example.vn")

    assert client.get("/login?next=/account").headers["Location"] == "/account"


def test_remember_me_sets_a_protected_long_lived_cookie(client, auth, db):
    make_user("an@example.vn")

    response = auth.login("an@example.vn", remember="y")

    cookies = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token=")]
    assert cookies, response.headers.getlist("Set-Cookie")
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0] and "Expires=" in cookies[0]


def test_the_session_cookie_is_httponly_and_samesite_lax(client, auth, db):
    make_user("an@example.vn")

    response = auth.login("an@example.vn")

    session_cookie = next(h for h in response.headers.getlist("Set-Cookie")
                          if h.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_the_header_shows_login_links_or_the_account(client, auth, db):
    make_user("an@example.vn", name="Đỗ An")

    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)
    auth.login("an@example.vn")
    html = client.get("/account").get_data(as_text=True)
    assert "Đỗ An" in html and 'action="/logout"' in html
