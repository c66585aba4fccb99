"""Browser fixtures: Debian's Chromium through Playwright, launched once per test process.

Playwright's own browser download is not used; ``make test`` installs /usr/bin/chromium.
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-background-networking"])
        yield instance
        instance.close()



@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The Thái Nguyên demo catalogue (indexed) with shopper accounts and one placed COD
    order (its number in ``app.config["DEMO_ORDER"]``), served on a free port; yields
    ``(app, base_url)``.

    Shared by the shopper journeys, the no-JS journey, axe-core and the page-weight check:
    each journey logs in with its own account (SHOPPERS), so carts never mix.
    """
    from tests.browser.support import serve_store

    with serve_store(tmp_path_factory.mktemp("demo-store"), _seed_demo) as served:
        yield served


def _seed_demo() -> None:
    from flask import current_app
    from sqlalchemy import select

    from marketplace import search
    from marketplace.catalog.models import Product
    from marketplace.demo.loader import load_demo
    from marketplace.extensions import db
    from tests.browser.support import PASSWORD, SHOPPERS
    from tests.factories import make_order, make_user

    load_demo()
    search.rebuild()
    users = {key: make_user(email, name="Nguyễn Văn An", password=PASSWORD)
             for key, email in SHOPPERS.items()}
    tea = db.session.scalar(select(Product).where(Product.slug == "che-dinh-tan-cuong"))
    current_app.config["DEMO_ORDER"] = make_order(users["axe"], [(tea, 1)]).number
