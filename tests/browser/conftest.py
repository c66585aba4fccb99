"""Browser fixtures: the demo store the journeys share.

The ``browser`` fixture itself (Debian's Chromium through Playwright, launched once per test
process) is in tests/conftest.py: other folders use it too, and a process can hold only one
sync Playwright at a time.
"""
from __future__ import annotations

import pytest


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
