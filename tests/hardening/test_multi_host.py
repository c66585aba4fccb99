"""Multi-host mode: two gunicorn hosts on one PostgreSQL database, one Redis, one media dir.

Each host gets an INSTANCE_DIR of its own (nothing on local disk is shared but MEDIA_DIR
and DOSSIER_DIR) and SEARCH_BACKEND=postgres; everything a host keeps in memory (the
catalogue cache, rate-limit fallbacks) must then agree with the other host at once.
Skipped unless TEST_DATABASE_URL is set and Redis answers at REDIS_URL (default
redis://127.0.0.1:6379/0). The rate-limit keys get a prefix of this run's own, and only
those keys are deleted afterwards; the database is a fresh one, dropped at exit.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[2]
_path = list(sys.path)
sys.path.append(str(ROOT / "bench"))  # the bench helpers import each other by bare name
import checkout_race as http_race  # noqa: E402  (bench/: Buyer, seed)
from _servers import Gunicorn  # noqa: E402

sys.path[:] = _path  # bench/ holds search.py and pages.py: keep it off the path for others

from tests.concurrency import run_together  # noqa: E402
from tests.conftest import fresh_postgres_database, make_config  # noqa: E402

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
LOGIN_LIMIT = 4
BUYERS, STOCK = 30, 5
OLD_NAME, NEW_NAME = "Chè búp Tân Cương", "Chè móc câu Đồng Hỷ thượng hạng"
PRODUCER_EMAIL, PRODUCER_PASSWORD = "chu-htx@example.vn", "mat-khau-chu-htx"
GUESSED_EMAIL = "doan-mat-khau@example.vn"  # failed logins count per e-mail, account or not

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"),
                                reason="multi-host mode needs TEST_DATABASE_URL (PostgreSQL)")


@dataclass
class Deployment:
    app: object  # in-process app on the same database: seeding and counting
    hosts: list[str]  # base URLs of host A and host B
    redis: object
    key_prefix: str
    product_id: int
    product_slug: str
    shop_slug: str
    buyer_emails: list[str]


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {error}")
    return client


def _seed(app) -> tuple[int, str, str, list[str]]:
    """The producer (with an owner account) whose product is edited, and the race's buyers."""
    from marketplace import search
    from marketplace.catalog.groups import ensure_categories
    from marketplace.extensions import db
    from tests.factories import make_product, make_producer, make_user

    with app.app_context():
        ensure_categories()
        db.session.commit()
        producer = make_producer("HTX Chè Tân Cương", slug="htx-che-tan-cuong")
        product = make_product(OLD_NAME, producer=producer, slug="che-bup-tan-cuong", stars=4)
        make_user(PRODUCER_EMAIL, role="producer", producer=producer,
                  password=PRODUCER_PASSWORD)
        ids = (product.id, product.slug, producer.slug)
        emails = http_race.seed(app, STOCK, BUYERS)
        search.rebuild()
        db.session.remove()
    return (*ids, emails)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    redis_client = _redis()
    tmp = tmp_path_factory.mktemp("multi-host")
    url = fresh_postgres_database("_multihost")
    prefix = f"ocop-test-{uuid.uuid4().hex}"
    shared = {
        "DATABASE_URL": url, "SEARCH_BACKEND": "postgres", "REDIS_URL": REDIS_URL,
        "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix,
        "RATELIMIT_ENABLED": "1", "LOGIN_RATE_LIMIT_PER_ACCOUNT": f"{LOGIN_LIMIT} per 15 minutes",
        "MEDIA_DIR": str(tmp / "shared" / "media"), "DOSSIER_DIR": str(tmp / "shared" / "dossiers"),
        "SECRET_KEY": uuid.uuid4().hex, "MAIL_DELIVER_INLINE": "0", "CATALOG_CACHE_SECONDS": "30",
        "PASSWORD_HASH_TIME_COST": "1", "PASSWORD_HASH_MEMORY_KIB": "1024",
        "PASSWORD_HASH_PARALLELISM": "1", "PYTHONDONTWRITEBYTECODE": "1",
    }
    env = {**os.environ, **shared}
    migrated = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "marketplace", "db", "upgrade", "heads"],
        cwd=ROOT, env={**env, "INSTANCE_DIR": str(tmp / "migrate")}, capture_output=True, text=True)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    from marketplace import create_app
    from marketplace.extensions import db

    app = create_app(make_config("postgres", tmp, SQLALCHEMY_DATABASE_URI=url,
                                 SEARCH_BACKEND="postgres", MEDIA_DIR=shared["MEDIA_DIR"]))
    product_id, product_slug, shop_slug, emails = _seed(app)
    servers = []
    try:
        for name in ("a", "b"):
            instance = tmp / f"host-{name}"
            servers.append(Gunicorn("wsgi:app", cwd=ROOT, log=tmp / f"host-{name}.log", env={
                **env, "INSTANCE_DIR": str(instance),
                "SEARCH_INDEX_DIR": str(instance / "search-index")}).start(probe="/"))
        yield Deployment(app, [f"http://127.0.0.1:{s.port}" for s in servers], redis_client,
                         prefix, product_id, product_slug, shop_slug, emails)
    finally:
        for server in servers:
            server.stop()
        for key in redis_client.scan_iter(match=f"*{prefix}*"):
            redis_client.delete(key)
        with app.app_context():
            db.engine.dispose()


# --- HTTP helpers -----------------------------------------------------------------------

class _FormFields(HTMLParser):
    """The fields a browser would submit from the form with ``form_id``."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")
        elif not self.inside or not attrs.get("name"):
            return
        elif tag == "input" and (attrs.get("type") not in ("checkbox", "radio")
                                 or "checked" in attrs):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html: str, form_id: str) -> dict[str, str]:
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.fields


def logged_in(base: str, email: str, password: str) -> http_race.Buyer:
    browser = http_race.Buyer(base, email)
    _, _, page = browser.request("/login")
    status, _, _ = browser.request("/login", {"email": email, "password": password,
                                              "csrf_token": browser.field(page, "csrf_token")})
    assert status == 302, f"login of {email} on {base} answered {status}"
    return browser


def get(base: str, path: str) -> str:
    status, _, body = http_race.Buyer(base, "").request(path)
    assert status == 200, f"GET {base}{path} answered {status}"
    return body


def post_image(browser: http_race.Buyer, path: str, csrf_token: str, png: bytes) -> int:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{csrf_token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"images\"; "
            f"filename=\"che.png\"\r\nContent-Type: image/png\r\n\r\n").encode() + png + \
        f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        browser.base + path, data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with browser.opener.open(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (20, 83, 45)).save(out, "PNG")
    return out.getvalue()


# --- the behaviours ---------------------------------------------------------------------

def test_an_edit_through_one_host_is_served_by_the_other_at_once(deployment):
    host_a, host_b = deployment.hosts
    product_path, shop_path = f"/products/{deployment.product_slug}", f"/shops/{deployment.shop_slug}"
    # Given host B has served (and cached, in both workers) the product under its old name
    for _ in range(4):
        assert OLD_NAME in get(host_b, product_path) and OLD_NAME in get(host_b, shop_path)
        assert deployment.product_slug in get(host_b, "/search?q=" + urllib.parse.quote(OLD_NAME))
    # When the producer renames it in the dashboard of host A
    producer = logged_in(host_a, PRODUCER_EMAIL, PRODUCER_PASSWORD)
    edit_path = f"/dashboard/producer/products/{deployment.product_id}"
    _, _, page = producer.request(edit_path)
    fields = form_fields(page, "product-form")
    assert fields["name"] == OLD_NAME
    status, _, page = producer.request(edit_path, {**fields, "name": NEW_NAME})
    assert status == 303, (fields, re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', page))
    # Then host B finds and shows the new name at once, on every worker
    for _ in range(4):
        for query in (NEW_NAME, "che moc cau dong hy"):
            quoted = urllib.parse.quote(query)
            assert f"/products/{deployment.product_slug}" in get(host_b, f"/search?q={quoted}")
            api = json.loads(get(host_b, f"/api/v1/products?q={quoted}"))
            assert [(i["slug"], i["name"]) for i in api["items"]] == [
                (deployment.product_slug, NEW_NAME)]
        for path in (product_path, shop_path):
            html = get(host_b, path)
            assert NEW_NAME in html and OLD_NAME not in html


def test_an_image_uploaded_through_one_host_is_served_by_the_other(deployment):
    host_a, host_b = deployment.hosts
    producer = logged_in(host_a, PRODUCER_EMAIL, PRODUCER_PASSWORD)
    edit_path = f"/dashboard/producer/products/{deployment.product_id}"
    _, _, page = producer.request(edit_path)

    status = post_image(producer, f"{edit_path}/images", producer.field(page, "csrf_token"),
                        png_bytes())

    assert status == 303
    html = get(host_b, f"/products/{deployment.product_slug}")
    paths = set(re.findall(r'src="(/media/img/[^"]+)"', html))
    assert paths, "host B shows no uploaded image"
    for path in paths:
        with urllib.request.urlopen(host_b + path, timeout=30) as response:
            assert (response.status, response.headers["Content-Type"]) == (200, "image/webp")


def test_failed_logins_count_once_across_hosts(deployment):
    email = GUESSED_EMAIL
    statuses = []
    for attempt in range(LOGIN_LIMIT + 3):
        browser = http_race.Buyer(deployment.hosts[attempt % 2], email)
        _, _, page = browser.request("/login")
        status, _, _ = browser.request("/login", {"email": email, "password": "sai-mat-khau",
                                                  "csrf_token": browser.field(page, "csrf_token")})
        statuses.append(status)

    assert statuses == [200] * LOGIN_LIMIT + [429] * 3
    assert any(deployment.redis.scan_iter(match=f"*{deployment.key_prefix}*"))


def test_a_checkout_race_across_both_hosts_never_oversells(deployment):
    from marketplace.catalog.models import Product
    from marketplace.extensions import db
    from marketplace.orders.models import Order, OrderLine

    def buyer(index: int, email: str):
        def checkout(ready) -> str:
            browser = http_race.Buyer(deployment.hosts[index % 2], email)
            form = browser.prepare()
            ready()
            status, location, _ = browser.request("/checkout", form)
            if status == 303 and "/orders/OCOP-" in location:
                return "placed"
            return "refused" if status == 303 and location.endswith("/cart") else f"http {status}"
        return checkout

    emails = deployment.buyer_emails
    outcomes = run_together([buyer(i, email) for i, email in enumerate(emails)], timeout=180)

    assert sorted(outcomes) == ["placed"] * STOCK + ["refused"] * (len(emails) - STOCK)
    with deployment.app.app_context():
        product_id, left = db.session.execute(select(Product.id, Product.stock).where(
            Product.slug == http_race.PRODUCT_SLUG)).one()
        sold = db.session.scalar(select(func.sum(OrderLine.quantity))
                                 .where(OrderLine.product_id == product_id))
        orders = db.session.scalar(select(func.count()).select_from(Order))
        db.session.remove()
    assert (orders, sold, left) == (STOCK, STOCK, 0)
