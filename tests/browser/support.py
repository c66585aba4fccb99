"""What the browser journeys share: a store served on a free port, contexts for desktop and
phone, screenshots, and the steps every shopper takes (log in, fill an address).

The browser itself is the ``browser`` fixture in conftest.py (one Chromium per test process).
"""
from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.catalog import cache
from marketplace.extensions import db
from tests.conftest import make_config, seed_reference_data

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PASSWORD = "mat-khau-thu-nghiem"
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True, "locale": "vi-VN",
         "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                       "(KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"}
# One account per journey on the shared demo store, so no journey sees another's cart.
SHOPPERS = {"search": "an@example.vn", "merge": "binh@example.vn", "keyboard": "chi@example.vn",
            "phone": "dung@example.vn", "nojs": "giang@example.vn", "axe": "hoa@example.vn"}
ORDER_URL = re.compile(r"/orders/OCOP-\d{4}-\d{6}$")


@contextmanager
def serve_store(tmp: Path, seed: Callable[[], object]) -> Iterator[tuple]:
    """A fresh SQLite store (CSRF and the page cache on, as in production) seeded by
    ``seed()`` inside an app context, served from a thread on a free port; yields
    ``(app, base_url)``."""
    app = create_app(make_config("sqlite", tmp, WTF_CSRF_ENABLED=True,
                                 CATALOG_CACHE_SECONDS=60))
    with app.app_context():
        db.create_all()
        seed_reference_data()
        seed()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        with app.app_context():
            cache.clear()  # the worker's memory is shared with the tests that follow
            db.engine.dispose()


def new_page(browser, errors: list[str], device: dict | None = None, **options):
    """A fresh context (own cookies) and page; uncaught script errors land in ``errors``."""
    context = browser.new_context(**(device or DESKTOP), **options)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page


def wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll ``expression`` until it is true. Playwright's wait_for_function evaluates a
    predicate that is not true at once with eval() in the page, which the store's CSP
    (no 'unsafe-eval') refuses; page.evaluate goes through the DevTools protocol."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)


def shot(page, name: str) -> None:
    """A full-page screenshot in test-artifacts/browser/ for the reviewer."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def shot_widths(page, name: str) -> None:
    """The page at desktop width and at a phone's (390×844), then the desktop size again."""
    desktop = page.viewport_size
    shot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE["viewport"])
    shot(page, f"{name}-phone")
    page.set_viewport_size(desktop)


def log_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base + "/login")
    submit_login(page, email, password)
    page.wait_for_load_state()


def submit_login(page, email: str, password: str = PASSWORD) -> None:
    """Fill the login form on the current page and press its button (the last one: the
    header's log-out button is not there, the search button is first)."""
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name=re.compile("Đăng nhập")).last.click()


def fill_new_address(page) -> None:
    page.fill("#recipient_name", "Nguyễn Văn An")
    page.fill("#phone", "0912 345 678")
    page.select_option("#province_code", "19")
    page.select_option("#commune_code", "05503")
    page.fill("#street", "Xóm Nam Đồng")


def order_number(page) -> str:
    return re.search(r"OCOP-\d{4}-\d{6}", page.url).group(0)
