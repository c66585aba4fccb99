"""Security headers on every response; HSTS only over HTTPS; ProxyFix when configured;
and, in Chromium, pages that raise no CSP violation and a form-action that lets the
"pay by card" form's 303 reach Stripe's origin."""
from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from flask import redirect, request
from werkzeug.serving import make_server

from bench._servers import free_port
from marketplace import create_app
from tests.browser.support import serve_store
from tests.conftest import make_config
from tests.factories import make_product

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
FIXED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_security_headers(response) -> None:
    for name, value in FIXED.items():
        assert response.headers.get(name) == value, name
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'", "https://checkout.stripe.com"]


def static_url(client, filename: str) -> str:
    html = client.get("/").get_data(as_text=True)
    return re.search(rf'"(/static/{re.escape(filename)}\?v=[0-9a-f]+)"', html).group(1)


@pytest.mark.parametrize("kind", ["html", "json", "static", "html_404", "json_404",
                                  "redirect", "bad_method", "rate_limited"])
def test_every_kind_of_response_carries_the_security_headers(app, client, kind, monkeypatch):
    product = make_product("Chè búp Tân Cương", stars=4)
    if kind == "rate_limited":
        monkeypatch.setitem(app.config, "SUGGEST_RATE_LIMIT_PER_IP", "1 per minute")
        client.get("/api/v1/suggest?q=ch")
    requests = {
        "html": (f"/products/{product.slug}", 200),
        "json": ("/api/v1/products", 200),
        "static": (static_url(client, "css/site.css"), 200),
        "html_404": ("/products/khong-co-san-pham-nay", 404),
        "json_404": ("/api/v1/products/khong-co", 404),
        "redirect": ("/checkout", 302),  # anonymous: to the login page
        "bad_method": ("/api/v1/stats/ocop", 405),
        "rate_limited": ("/api/v1/suggest?q=ch", 429),
    }
    url, status = requests[kind]
    response = client.delete(url) if kind == "bad_method" else client.get(url)

    assert response.status_code == status
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP


def test_hsts_is_sent_only_over_https(client):
    secure = client.get("/", base_url="https://cho-ocop.example")
    plain = client.get("/")

    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in plain.headers


def _probe(app):
    app.add_url_rule("/_probe/client", "probe_client",
                     lambda: {"ip": request.remote_addr, "secure": request.is_secure})
    return app.test_client()


def test_forwarded_headers_are_ignored_without_proxy_fix(app_variant):
    client = _probe(app_variant())

    response = client.get("/_probe/client", headers={"X-Forwarded-Proto": "https",
                                                     "X-Forwarded-For": "203.0.113.7"})

    assert response.get_json() == {"ip": "127.0.0.1", "secure": False}
    assert "Strict-Transport-Security" not in response.headers


def test_proxy_fix_trusts_the_configured_hops(app_variant):
    client = _probe(app_variant(PROXY_FIX_HOPS=1))

    response = client.get("/_probe/client", headers={"X-Forwarded-Proto": "https",
                                                     "X-Forwarded-For": "203.0.113.7"})

    assert response.get_json() == {"ip": "203.0.113.7", "secure": True}
    assert "Strict-Transport-Security" in response.headers


def test_only_the_trusted_hosts_are_answered(app_variant, db):
    client = app_variant(TRUSTED_HOSTS=["cho-ocop.example", ".cho-ocop.example"]).test_client()

    for host in ("cho-ocop.example", "www.cho-ocop.example"):
        assert client.get("/products", headers={"Host": host}).status_code == 200
    refused = client.get("/products", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and "evil.example" not in refused.get_data(as_text=True)
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    api = client.get("/api/v1/products", headers={"Host": "evil.example"})
    assert api.status_code == 400 and "error" in api.get_json()


def test_a_server_error_page_carries_them_too(app_variant):
    variant = app_variant(PROPAGATE_EXCEPTIONS=False)  # the 500 page, as in production

    def broken():
        raise RuntimeError("boom")

    variant.add_url_rule("/_probe/broken", "probe_broken", broken)
    response = variant.test_client().get("/_probe/broken")

    assert response.status_code == 500
    assert_security_headers(response)


def test_a_view_with_a_stricter_policy_keeps_it(app_variant):
    variant = app_variant()
    variant.add_url_rule("/_probe/sandboxed", "probe_sandboxed",
                         lambda: ("file", 200, {"Content-Security-Policy": "sandbox"}))

    response = variant.test_client().get("/_probe/sandboxed")

    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_style_or_handler():
    """What lets the CSP go without 'unsafe-inline': scripts and styles come from files."""
    offences = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>",
                        r"<style\b", r"\sstyle=", r"\son[a-z]+\s*=", r"javascript:"):
            offences += [f"{path.relative_to(TEMPLATES)}: {m.group(0)}"
                         for m in re.finditer(pattern, text, re.IGNORECASE)]
    assert offences == []


# --- in Chromium ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def live_store(tmp_path_factory):
    """A store with one product, served on a free port (the browser journeys' helper)."""
    def seed():
        make_product("Chè tôm nõn Hảo Đạt", stars=5, slug="che-tom-non-hao-dat")

    with serve_store(tmp_path_factory.mktemp("csp"), seed) as served:
        yield served


@pytest.mark.browser
@pytest.mark.slow
def test_pages_raise_no_csp_violation_in_chromium(live_store, browser):
    _app, base = live_store
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)

    for path in ("/", "/products/che-tom-non-hao-dat", "/search?q=ch%C3%A8", "/cart",
                 "/login", "/outlets"):
        page.goto(base + path)
    with page.expect_response(lambda r: "/api/v1/suggest" in r.url):
        page.fill("#site-search", "chè tôm")  # search.js fetches suggestions (connect-src)
    colour = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    page.close()

    assert violations == []
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # site.css was applied


def _serve_probe(tmp_path, checkout_origin: str):
    """An app whose form posts to itself and is answered by a 303 to another origin
    (http://localhost:PORT, while the page itself is http://127.0.0.1:PORT)."""
    port = free_port()
    app = create_app(make_config("sqlite", tmp_path,
                                 STRIPE_CHECKOUT_ORIGIN=checkout_origin.format(port=port)))
    app.add_url_rule("/_probe/form", "probe_form", lambda: (
        '<!doctype html><form method="post" action="/_probe/pay">'
        '<button id="pay" type="submit">Pay</button></form>'))
    app.add_url_rule("/_probe/pay", "probe_pay", methods=["POST"], view_func=lambda: redirect(
        f"http://localhost:{port}/_probe/landed", 303))
    app.add_url_rule("/_probe/landed", "probe_landed", lambda: "landed")
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("origin, allowed", [("http://localhost:{port}", True),
                                             ("https://checkout.stripe.com", False)])
def test_form_action_decides_whether_the_pay_redirect_may_leave(tmp_path, browser,
                                                                 origin, allowed):
    """Chromium checks form-action on the redirect answering a form post, so the "pay by
    card" form's 303 needs Stripe's origin listed (STRIPE_CHECKOUT_ORIGIN); others fail."""
    server, base = _serve_probe(tmp_path, origin)
    refusals: list[str] = []
    try:
        page = browser.new_page()
        page.on("console", lambda message: refusals.append(message.text)
                if "form-action" in message.text else None)
        page.goto(base + "/_probe/form")
        page.click("#pay")
        page.wait_for_timeout(1500)
        landed = page.url.endswith("/_probe/landed")
        page.close()
    finally:
        server.shutdown()

    assert landed is allowed
    assert bool(refusals) is not allowed
