"""Storefront pages rendered once for every anonymous visitor, with live holes.

Most storefront requests come from visitors who are not signed in, have nothing in the
cart and no message waiting: to all of them a page looks the same, except for the few
parts that must be live on every request, such as a product's stock and its add-to-cart
form (which carries the visitor's own CSRF token). A template marks such a part with
``{{ hole("name") }}``; ``render_page`` keeps the rest of the page as one entry of the
host's page cache (per site root, URL, catalogue revision, day, language and release) and
renders only the holes per request. Every other visitor gets the page rendered for them, from the
same fragments, with the holes filled the same way.
"""
from __future__ import annotations

import secrets
from typing import Callable, Hashable

from flask import current_app, g, render_template, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from . import bp, cache

# An HTML comment: escaped text can never produce one, so only ``hole()`` does.
HOLE = "<!--hole:{}-->"
# Where a cached hole takes the visitor's CSRF token: random, so no content has it.
_TOKEN_MARK = secrets.token_hex(16)


class _Personal(Exception):
    """A render that carries the visitor's own CSRF token outside a hole: not shared."""

    def __init__(self, html: str) -> None:
        super().__init__("page carries a CSRF token")
        self.html = html


@bp.app_template_global()
def hole(name: str) -> Markup:
    """Where ``render_page`` puts the live part called ``name``."""
    return Markup(HOLE.format(name))


def render_page(template: str, *, params: frozenset[str] = frozenset(),
                holes: dict[str, Callable[[], str]] | None = None, **context) -> str:
    """``template`` rendered with ``context``, then each ``holes[name]()`` put in its hole.

    ``params`` are the query parameters the page reads. A request carrying any other (a
    tracking tag, a typo, a made-up one) is rendered for it alone and cached nowhere, so
    no URL outside the page's own can fill the caches."""
    g.page_cacheable = set(request.args) <= params | {"lang"}
    if g.page_cacheable and shared_by_anonymous_visitors():
        key = ("page", template, request.url_root, request.path, query_key(request.args))
        try:
            html = cache.shared(key, lambda: _shareable(render_template(template, **context)))
        except _Personal as personal:
            html = personal.html
    else:
        html = render_template(template, **context)
    for name, fill in (holes or {}).items():
        html = html.replace(HOLE.format(name), fill(), 1)
    return html


def query_key(args, leave_out: tuple[str, ...] = ()) -> tuple:
    """The query string as part of a cache key: parameters by name, each one's values in
    the order given (a view reads the first)."""
    return tuple((name, tuple(args.getlist(name))) for name in sorted(args)
                 if name not in leave_out)


def render_hole(template: str, key: Hashable, **context) -> str:
    """A hole's template, rendered once per ``key`` (what its context shows) in this
    worker, with the visitor's own CSRF token put in on every request.

    Straight from the Jinja environment, without render_template's context processors
    and signals: its globals (``_``, ``url_for``, ``config``, ``request``) are there all
    the same, and ``csrf_token`` gives a mark no content can contain."""
    hole_key = ("hole", template, request.script_root, key)
    html = cache.cached(hole_key, lambda: current_app.jinja_env.get_template(template).render(
        csrf_token=lambda: _TOKEN_MARK, **context))
    return html.replace(_TOKEN_MARK, generate_csrf()) if _TOKEN_MARK in html else html


def shared_by_anonymous_visitors() -> bool:
    """Whether this visitor sees the page everyone anonymous sees: signed out, nothing in
    the cart, no flash message waiting, a plain GET."""
    from ..cart.session import cart_count  # the cart builds on the catalogue

    return (request.method in ("GET", "HEAD") and not current_user.is_authenticated
            and "_flashes" not in session and cart_count() == 0)


def _shareable(html: str) -> str:
    """``html``, unless the render put the visitor's CSRF token in it (then _Personal)."""
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token and token in html:
        raise _Personal(html)
    return html
