"""Whose cart this request uses, the header count, and the merge at login.

A guest's cart is a ``cart`` row whose random token lives in the signed session cookie
(nobody can forge or guess another guest's token). At login, Flask-Login's
``user_logged_in`` signal merges that cart into the account's.
"""
from __future__ import annotations

import logging

from flask import flash, g, session
from flask_login import current_user, user_logged_in

from . import services

SESSION_KEY = "cart_token"
log = logging.getLogger(__name__)


def current_owner(create: bool = False) -> services.Owner:
    """The account's cart owner, or the guest's (a token is made only when ``create``)."""
    if current_user.is_authenticated:
        return services.Owner(user_id=current_user.id)
    token = session.get(SESSION_KEY)
    if not token and create:
        token = session[SESSION_KEY] = services.new_guest_token()
    return services.Owner(token=token)


def cart_count() -> int:
    """Units in this visitor's cart, once per request; 0 if anything goes wrong."""
    if "cart_count" not in g:
        try:
            if not current_user.is_authenticated and not session.get(SESSION_KEY):
                g.cart_count = 0
            else:
                g.cart_count = services.item_count(current_owner())
        except Exception:  # noqa: BLE001 — the header must render even on an error page
            log.exception("cart count failed")
            g.cart_count = 0
    return g.cart_count


def forget_count() -> None:
    g.pop("cart_count", None)


def _merge_at_login(_app, user, **_extra) -> None:
    token = session.pop(SESSION_KEY, None)
    if not token:
        return
    for note in services.merge_guest_cart(token, user.id):
        flash(note, "info")
    forget_count()


def init_app(app) -> None:
    user_logged_in.connect(_merge_at_login, app)
    app.add_template_global(cart_count, "cart_count")
