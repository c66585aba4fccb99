"""Rate limits on checkout, the Stripe webhook and search: each a config key, each a 429.

Like tests/accounts/test_rate_limits.py, a test lowers the limit it checks through the
config (read on every request); TestConfig keeps them out of the other tests' way.
"""
import subprocess
import sys
from pathlib import Path

import pytest
from limits import parse

from config import Config
from tests.conftest import client_from
from tests.factories import DEFAULT_PASSWORD, make_product, make_user

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["CHECKOUT_RATE_LIMIT_PER_ACCOUNT", "STRIPE_WEBHOOK_RATE_LIMIT_PER_IP",
        "SEARCH_RATE_LIMIT_PER_IP", "SUGGEST_RATE_LIMIT_PER_IP"]


def logged_in(app, email: str, ip: str = "10.0.0.5"):
    make_user(email)
    client = client_from(app, ip)
    assert client.post("/login", data={"email": email, "password": DEFAULT_PASSWORD}
                       ).status_code == 302
    return client


def assert_html_429(response) -> None:
    assert response.status_code == 429
    assert response.mimetype == "text/html" and "Retry-After" in response.headers


def assert_json_429(response) -> None:
    assert response.status_code == 429
    assert response.is_json and "error" in response.get_json()
    assert int(response.headers["Retry-After"]) > 0


def test_checkout_posts_are_limited_per_account(app_variant):
    # A variant app: its requests get their own app context (and so their own current_user)
    # instead of sharing the one the db fixture holds open.
    app = app_variant(CHECKOUT_RATE_LIMIT_PER_ACCOUNT="2 per hour")
    an = logged_in(app, "an@example.vn")
    binh = logged_in(app, "binh@example.vn")  # same address: a carrier's NAT
    make_product("Chè Tân Cương", stars=4)

    statuses = [an.post("/checkout", data={"refresh": "1"}).status_code for _ in range(2)]
    blocked = an.post("/checkout", data={"refresh": "1"})

    assert 429 not in statuses
    assert_html_429(blocked)
    assert an.get("/checkout").status_code != 429  # showing the form is not limited
    assert binh.post("/checkout", data={"refresh": "1"}).status_code != 429


def test_starting_a_stripe_checkout_is_limited_per_account(app_variant):
    app = app_variant(CHECKOUT_RATE_LIMIT_PER_ACCOUNT="2 per hour")
    an = logged_in(app, "an@example.vn")

    statuses = [an.post("/payments/stripe/orders/DH-KHONG-CO/pay").status_code for _ in range(2)]

    assert statuses == [404, 404]
    assert_html_429(an.post("/payments/stripe/orders/DH-KHONG-CO/pay"))
    other = logged_in(app, "binh@example.vn")
    assert other.post("/payments/stripe/orders/DH-KHONG-CO/pay").status_code == 404


def test_the_stripe_webhook_is_limited_per_ip_with_a_json_answer(app, db, limits):
    limits(STRIPE_WEBHOOK_RATE_LIMIT_PER_IP="3 per minute")
    stripe = client_from(app, "198.51.100.1")

    def deliver(client):
        return client.post("/payments/stripe/webhook", data=b'{"id": "evt_x"}',
                           content_type="application/json")

    assert [deliver(stripe).status_code for _ in range(3)] == [400, 400, 400]  # unsigned
    assert_json_429(deliver(stripe))
    assert deliver(client_from(app, "198.51.100.2")).status_code == 400


def test_the_search_page_and_the_api_search_share_one_budget(app, db, limits):
    limits(SEARCH_RATE_LIMIT_PER_IP="3 per minute")
    make_product("Chè Tân Cương", stars=4)
    client = client_from(app, "10.0.3.1")

    assert client.get("/search?q=ch%C3%A8").status_code == 200
    assert client.get("/api/v1/products?q=ch%C3%A8").status_code == 200
    assert client.get("/search?q=mi%E1%BA%BFn").status_code == 200

    assert_html_429(client.get("/search?q=ch%C3%A8"))
    assert_json_429(client.get("/api/v1/products?q=ch%C3%A8"))
    assert client.get("/api/v1/products").status_code == 200  # a listing is not a search
    assert client_from(app, "10.0.3.2").get("/search?q=ch%C3%A8").status_code == 200


def test_suggestions_are_limited_per_ip(app, db, limits):
    limits(SUGGEST_RATE_LIMIT_PER_IP="2 per minute")
    client = client_from(app, "10.0.4.1")

    assert [client.get("/api/v1/suggest?q=ch").status_code for _ in range(2)] == [200, 200]
    assert_json_429(client.get("/api/v1/suggest?q=ch"))
    assert client_from(app, "10.0.4.2").get("/api/v1/suggest?q=ch").status_code == 200


def test_only_a_refusal_says_retry_after(app, db, limits):
    limits(SUGGEST_RATE_LIMIT_PER_IP="1 per minute")
    client = client_from(app, "10.0.4.3")

    allowed = client.get("/api/v1/suggest?q=ch")

    assert allowed.status_code == 200
    assert "Retry-After" not in allowed.headers  # Flask-Limiter would put its window here
    assert allowed.headers["X-RateLimit-Remaining"] == "0"
    assert_json_429(client.get("/api/v1/suggest?q=ch"))


@pytest.mark.parametrize("name", KEYS)
def test_the_production_defaults_are_valid_limits(name):
    assert parse(getattr(Config, name)).amount >= 30


def test_each_limit_comes_from_its_environment_variable():
    env = {"PATH": "/usr/bin:/bin", **{name: f"{n + 7} per second" for n, name in enumerate(KEYS)}}
    code = f"import config; print([getattr(config.Config, n) for n in {KEYS!r}])"

    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout

    assert out.strip() == str([f"{n + 7} per second" for n in range(len(KEYS))])


def test_the_api_documents_its_429_answers():
    from marketplace.api.openapi import openapi_document

    paths = openapi_document()["paths"]
    for path in ("/products", "/suggest"):
        answer = paths[path]["get"]["responses"]["429"]
        assert "Retry-After" in answer["headers"]
        assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
