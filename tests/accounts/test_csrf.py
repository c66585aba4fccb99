"""CSRF protection is on app-wide (TestConfig turns it off; these tests turn it back on)."""
from marketplace.security import token_auth_view
from tests.conftest import csrf_token_of
from tests.factories import DEFAULT_PASSWORD, make_user


def test_a_login_post_without_token_is_refused(csrf_client, db):
    make_user("an@example.vn")

    response = csrf_client.post("/login", data={"email": "an@example.vn",
                                                "password": DEFAULT_PASSWORD})

    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert csrf_client.get("/account").status_code == 302


def test_a_login_post_with_the_form_token_works(csrf_client, db):
    make_user("an@example.vn")
    token = csrf_token_of(csrf_client.get("/login").data)

    response = csrf_client.post("/login", data={"email": "an@example.vn",
                                                "password": DEFAULT_PASSWORD, "csrf_token": token})

    assert response.status_code == 302
    assert csrf_client.get("/account").status_code == 200


def test_a_wrong_token_is_refused(csrf_client, db):
    csrf_client.get("/login")

    response = csrf_client.post("/register", data={"csrf_token": "forged", "email": "x@y.vn"})

    assert response.status_code == 400


def test_logout_needs_the_token(csrf_client, db):
    make_user("an@example.vn")
    token = csrf_token_of(csrf_client.get("/login").data)
    csrf_client.post("/login", data={"email": "an@example.vn", "password": DEFAULT_PASSWORD,
                                     "csrf_token": token})

    assert csrf_client.post("/logout").status_code == 400
    assert csrf_client.get("/account").status_code == 200
    page = csrf_client.get("/account").data
    assert csrf_client.post("/logout", data={"csrf_token": csrf_token_of(page)}).status_code == 302


def test_address_delete_needs_the_token(csrf_client, db):
    from tests.factories import make_address

    user = make_user("an@example.vn")
    address = make_address(user)
    token = csrf_token_of(csrf_client.get("/login").data)
    csrf_client.post("/login", data={"email": "an@example.vn", "password": DEFAULT_PASSWORD,
                                     "csrf_token": token})

    response = csrf_client.post(f"/account/addresses/{address.id}/delete")

    assert response.status_code == 400
    assert db.session.get(type(address), address.id) is not None


def test_api_reads_need_no_token(csrf_client, db):
    response = csrf_client.get("/api/v1/stats/ocop")

    assert response.status_code == 200


def test_a_cookie_post_to_the_api_without_token_is_refused_as_json(app_variant):
    variant = app_variant(WTF_CSRF_ENABLED=True)
    variant.add_url_rule("/api/v1/_probe", "probe", lambda: {"ok": True}, methods=["POST"])

    response = variant.test_client().post("/api/v1/_probe", json={})

    assert response.status_code == 400
    assert "CSRF" in response.get_json()["error"]


def test_a_token_auth_api_view_skips_csrf_but_refuses_cookie_only_calls(app_variant):
    variant = app_variant(WTF_CSRF_ENABLED=True)

    @token_auth_view
    def write_probe():
        return {"ok": True}

    variant.add_url_rule("/api/v1/_write", "write_probe", write_probe, methods=["POST"])
    client = variant.test_client()

    with_token = client.post("/api/v1/_write", json={},
                             headers={"Authorization": "Bearer abc"})
    without = client.post("/api/v1/_write", json={})

    assert with_token.status_code == 200 and with_token.get_json() == {"ok": True}
    assert without.status_code == 401 and "error" in without.get_json()
