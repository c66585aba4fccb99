"""Whole storefront pages shared by anonymous visitors (catalog.pages): rendered once per
URL and revision, with the live holes (stock, add-to-cart form and its CSRF token) filled
on every request, and never shown to a visitor whose page differs."""
from __future__ import annotations

import re

import pytest
from flask import template_rendered
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import update

from marketplace.catalog import cache
from marketplace.catalog.models import Product
from marketplace.catalog.pages import render_page
from marketplace.extensions import db as _db
from tests.conftest import csrf_token_of
from tests.factories import DEFAULT_PASSWORD, make_producer, make_product, make_user

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def visit(client, path: str, method: str = "get", **kwargs):
    """One request in an app context of its own, as under a server: the ``db`` fixture's
    context would otherwise hand every request the same ``g`` (the signed-in user, the
    cart count, the CSRF token)."""
    with client.application.app_context():
        return getattr(client, method)(path, **kwargs)


@pytest.fixture
def rendered(app):
    """Names of the templates rendered (at the top level) while the test runs."""
    names: list[str] = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def set_stock(product: Product, stock: int) -> None:
    """A sale or a restock: the stock moves without a new catalogue revision."""
    _db.session.execute(update(Product).where(Product.id == product.id).values(stock=stock))
    _db.session.commit()


def test_anonymous_visitors_share_one_render_and_each_gets_a_live_buy_box(
        app, db, catalogue_cache, rendered):
    product = make_product("Chè Tân Cương", slug="che-tan-cuong", stock=50)
    first, second = app.test_client(), app.test_client()

    page = text(visit(first, "/products/che-tan-cuong"))
    assert "Còn hàng" in page and "Chè Tân Cương" in page
    set_stock(product, 3)
    page = text(visit(second, "/products/che-tan-cuong"))
    assert "Chỉ còn 3" in page and "Còn hàng" not in page
    set_stock(product, 0)
    page = text(visit(first, "/products/che-tan-cuong"))
    assert "Hết hàng" in page and 'id="add-to-cart"' not in page

    assert rendered.count("catalog/product.html") == 1
    assert "<!--hole:" not in page


def test_the_shared_page_equals_the_page_rendered_for_one_visitor(app, db, catalogue_cache):
    make_product("Miến dong Việt Cường", slug="mien-dong", stock=20)
    shared = text(visit(app.test_client(), "/products/mien-dong"))
    shared = text(visit(app.test_client(), "/products/mien-dong"))  # from the cache
    app.config["CATALOG_CACHE_SECONDS"] = 0
    alone = text(visit(app.test_client(), "/products/mien-dong"))

    def without_token(html: str) -> str:
        return html.replace(csrf_token_of(html), "TOKEN")

    assert without_token(shared) == without_token(alone)


def test_each_visitor_adds_to_cart_with_their_own_token(csrf_app, db, catalogue_cache):
    csrf_app.config["CATALOG_CACHE_SECONDS"] = 60
    try:
        product = make_product("Mật ong Tam Đảo", slug="mat-ong", stock=9)
        one, two = csrf_app.test_client(), csrf_app.test_client()
        token_one = csrf_token_of(text(visit(one, "/products/mat-ong")))
        token_two = csrf_token_of(text(visit(two, "/products/mat-ong")))
        assert token_one != token_two

        def add(client, token: str) -> int:
            form = {"product_id": product.id, "quantity": "1", "csrf_token": token}
            return visit(client, "/cart/add", "post", data=form).status_code

        assert add(two, token_one) == 400
        assert add(one, token_one) == 303 and add(two, token_two) == 303
    finally:
        csrf_app.config["CATALOG_CACHE_SECONDS"] = 0


@pytest.mark.parametrize("path", ["/", "/products", "/products/che-thai", "/shops/htx-che"])
def test_a_signed_in_visitor_never_gets_nor_leaves_a_shared_page(app, db, catalogue_cache, path):
    make_product("Chè Thái", slug="che-thai", producer=make_producer("HTX Chè", slug="htx-che"))
    make_user("lan@example.vn", name="Trần Thị Lan")
    anonymous, member = app.test_client(), app.test_client()
    assert "Trần Thị Lan" not in text(visit(anonymous, path))

    visit(member, "/login", "post", data={"email": "lan@example.vn", "password": DEFAULT_PASSWORD})
    assert "Trần Thị Lan" in text(visit(member, path))
    assert "Trần Thị Lan" not in text(visit(anonymous, path))
    assert "Đăng nhập" in text(visit(app.test_client(), path))


def test_a_visitor_with_a_cart_sees_their_own_count(app, db, catalogue_cache):
    product = make_product("Bánh chưng Bờ Đậu", slug="banh-chung", stock=40)
    shopper = app.test_client()
    assert "(0)" in text(visit(shopper, "/products/banh-chung"))
    visit(shopper, "/cart/add", "post", data={"product_id": product.id, "quantity": "2"})
    visit(shopper, "/cart")  # shows the flash message
    assert 'cart-link__count">(2)' in text(visit(shopper, "/products/banh-chung"))
    assert 'cart-link__count">(0)' in text(visit(app.test_client(), "/products/banh-chung"))


def test_a_forged_host_header_reaches_no_one_else(app, db, catalogue_cache):
    make_product("Nấm linh chi", slug="nam-linh-chi")
    forged = text(visit(app.test_client(), "/products/nam-linh-chi",
                                        headers={"Host": "evil.example"}))
    assert CANONICAL.search(forged).group(1).startswith("http://evil.example/")
    page = text(visit(app.test_client(), "/products/nam-linh-chi"))
    assert CANONICAL.search(page).group(1) == "http://localhost/products/nam-linh-chi"


def test_a_page_carrying_a_csrf_token_outside_its_holes_is_not_shared(csrf_app, db,
                                                                       catalogue_cache):
    csrf_app.config["CATALOG_CACHE_SECONDS"] = 60
    original = csrf_app.jinja_env.loader
    csrf_app.jinja_env.loader = ChoiceLoader([
        DictLoader({"personal.html": '<form><input value="{{ csrf_token() }}"></form>'}),
        original])
    try:
        tokens = []
        for _ in range(2):
            with csrf_app.test_request_context("/personal"):
                tokens.append(render_page("personal.html"))
        assert tokens[0] != tokens[1]
    finally:
        csrf_app.jinja_env.loader = original
        csrf_app.config["CATALOG_CACHE_SECONDS"] = 0
        csrf_app.jinja_env.cache.clear()


@pytest.fixture
def no_disk(monkeypatch):
    """A host cache that cannot answer: every miss in a worker's memory is a render."""
    import diskcache

    def fail(*_args, **_kwargs):
        raise diskcache.Timeout("locked")

    monkeypatch.setattr(diskcache.Cache, "get", fail)


def test_worker_memory_keeps_html_within_its_budget(app, db, catalogue_cache, no_disk):
    budget = app.config["PAGE_CACHE_MEMORY_BYTES"]
    app.config["PAGE_CACHE_MEMORY_BYTES"] = 200  # two of the 40-letter strings
    renders, computed = [], []

    def html(name: str, size: int = 40):
        return lambda: renders.append(name) or name[0] * size

    try:
        with app.test_request_context("/"):
            cache.cached("facets", lambda: computed.append(1) or {"chè": 12})
            for name in ("a", "b", "c"):
                cache.shared(name, html(name))
            cache.shared("c", html("c"))  # still kept
            cache.shared("a", html("a"))  # pushed out by "c"
            cache.shared("huge", html("huge", 201))
            cache.shared("huge", html("huge", 201))  # never kept: bigger than the budget
            cache.shared("c", html("c"))  # not pushed out by it
            cache.cached("facets", lambda: computed.append(1) or {"chè": 12})
    finally:
        app.config["PAGE_CACHE_MEMORY_BYTES"] = budget
    assert renders == ["a", "b", "c", "a", "huge", "huge"]
    assert computed == [1]  # HTML never pushes out the listings and aggregates


def test_a_new_release_never_reads_pages_of_the_old_one(app, db, catalogue_cache,
                                                        monkeypatch):
    with app.test_request_context("/"):
        assert cache.shared("box", lambda: "<p>cũ</p>") == "<p>cũ</p>"
        cache.clear(disk=False)  # a worker of the new deploy: its memory is empty
        monkeypatch.setattr(cache, "release", lambda: "a-new-release")
        assert cache.shared("box", lambda: "<p>mới</p>") == "<p>mới</p>"


def test_each_site_root_gets_its_own_links(app, db, catalogue_cache):
    make_product("Chè Tân Cương", slug="che-tan-cuong")
    first = text(visit(app.test_client(), "/products", base_url="http://localhost/a/"))
    second = text(visit(app.test_client(), "/products", base_url="http://localhost/b/"))
    assert 'href="/a/products/che-tan-cuong"' in first
    assert 'href="/b/products/che-tan-cuong"' in second and "/a/" not in second


def test_repeated_parameters_in_another_order_are_another_page(app, db, catalogue_cache):
    for n in range(30):
        make_product(f"Miến dong {n}", price_vnd=50_000 + n * 1000)
    second = text(visit(app.test_client(), "/products?page=2&page=1"))
    first = text(visit(app.test_client(), "/products?page=1&page=2"))
    assert "trang 2" in second and "trang 2" not in first


def test_a_query_string_the_page_does_not_read_is_cached_nowhere(app, db, catalogue_cache,
                                                                rendered):
    make_product("Nấm hương", slug="nam-huong")
    for path in ["/products/nam-huong?utm_source=zalo"] * 2 + ["/products/nam-huong"] * 2:
        assert "Nấm hương" in text(visit(app.test_client(), path))
    assert rendered.count("catalog/product.html") == 3  # each tagged visit, one plain
