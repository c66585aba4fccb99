"""Failed logins are limited per account and per IP; sign-up and reset per IP (and e-mail)."""

from config import _ratelimit_storage_uri
from marketplace.security import limiter
from tests.conftest import client_from
from tests.factories import DEFAULT_PASSWORD, make_user



def fail_login(client, email: str):
    return client.post("/login", data={"email": email, "password": "sai-mat-khau"})


def test_failed_logins_on_one_account_hit_429_whatever_the_ip(app, db, limits):
    limits(LOGIN_RATE_LIMIT_PER_ACCOUNT="3 per 15 minutes", LOGIN_RATE_LIMIT_PER_IP="100 per minute")
    make_user("an@example.vn")
    make_user("binh@example.vn")

    for n in range(3):
        assert fail_login(client_from(app, f"10.0.0.{n + 1}"), "an@example.vn").status_code == 200

    blocked = client_from(app, "10.0.0.9").post(
        "/login", data={"email": "AN@example.vn", "password": DEFAULT_PASSWORD})
    assert blocked.status_code == 429  # even with the right password, for a while
    assert "Quá nhiều yêu cầu" in blocked.get_data(as_text=True)
    assert "Retry-After" in blocked.headers
    other = client_from(app, "10.0.0.9").post(
        "/login", data={"email": "binh@example.vn", "password": DEFAULT_PASSWORD})
    assert other.status_code == 302


def test_failed_logins_from_one_ip_hit_429_whatever_the_account(app, db, limits):
    limits(LOGIN_RATE_LIMIT_PER_ACCOUNT="100 per minute", LOGIN_RATE_LIMIT_PER_IP="4 per 15 minutes")
    make_user("an@example.vn")
    attacker = client_from(app, "10.0.0.66")

    for n in range(4):
        assert fail_login(attacker, f"doan-{n}@example.vn").status_code == 200

    assert fail_login(attacker, "doan-9@example.vn").status_code == 429
    elsewhere = client_from(app, "10.0.0.7").post(
        "/login", data={"email": "an@example.vn", "password": DEFAULT_PASSWORD})
    assert elsewhere.status_code == 302


def test_successful_logins_do_not_count(app, db, limits):
    limits(LOGIN_RATE_LIMIT_PER_ACCOUNT="2 per 15 minutes", LOGIN_RATE_LIMIT_PER_IP="2 per 15 minutes")
    make_user("an@example.vn")
    client = client_from(app, "10.0.0.5")

    for _ in range(5):
        response = client.post("/login", data={"email": "an@example.vn",
                                               "password": DEFAULT_PASSWORD})
        assert response.status_code == 302
        client.post("/logout")


def test_showing_the_login_page_is_not_limited(app, db, limits):
    limits(LOGIN_RATE_LIMIT_PER_IP="1 per 15 minutes")
    client = client_from(app, "10.0.0.5")
    fail_login(client, "x@example.vn")

    assert client.get("/login").status_code == 200


def test_registration_is_limited_per_ip(app, db, limits):
    limits(REGISTER_RATE_LIMIT_PER_IP="2 per hour")
    client = client_from(app, "10.0.0.8")

    statuses = [client.post("/register", data={"name": "X", "email": f"bot{n}@example.vn",
                                               "password": "mot-mat-khau",
                                               "confirm": "mot-mat-khau"}).status_code
                for n in range(3)]
    client.post("/logout")

    assert statuses[:2] == [302, 302] and statuses[2] == 429
    assert client_from(app, "10.0.0.10").get("/register").status_code == 200


def test_reset_requests_are_limited_per_ip_and_per_email(app, db, limits):
    limits(PASSWORD_RESET_RATE_LIMIT_PER_IP="3 per hour",
           PASSWORD_RESET_RATE_LIMIT_PER_ACCOUNT="2 per hour")
    make_user("an@example.vn")

    same_email = [client_from(app, f"10.0.1.{n}").post(
        "/password/forgot", data={"email": "an@example.vn"}).status_code for n in range(3)]
    assert same_email == [200, 200, 429]  # no mail bombing of one inbox

    one_ip = client_from(app, "10.0.2.1")
    statuses = [one_ip.post("/password/forgot", data={"email": f"x{n}@example.vn"}).status_code
                for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_limits_are_reset_between_tests(app, db, limits):
    # The autouse fixture emptied the counters the per-IP test above filled.
    limits(LOGIN_RATE_LIMIT_PER_IP="4 per 15 minutes")
    assert fail_login(client_from(app, "10.0.0.66"), "doan-0@example.vn").status_code == 200


def test_a_limited_api_call_answers_json(app_variant):
    variant = app_variant()
    variant.add_url_rule("/api/v1/_limited", "limited_probe",
                         limiter.limit("1 per minute")(lambda: {"ok": True}))
    client = variant.test_client()

    assert client.get("/api/v1/_limited").status_code == 200
    response = client.get("/api/v1/_limited")

    assert response.status_code == 429
    assert response.is_json and "error" in response.get_json()


def test_counters_live_in_redis_when_redis_url_is_set():
    assert _ratelimit_storage_uri({}) == "memory://"
    assert _ratelimit_storage_uri({"REDIS_URL": "redis://cache:6379/1"}) == "redis://cache:6379/1"
    assert _ratelimit_storage_uri({"REDIS_URL": "redis://a", "RATELIMIT_STORAGE_URI": "memory://"}) \
        == "memory://"
