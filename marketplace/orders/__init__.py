"""Đơn hàng (orders): one Order per checkout, split into one ShopOrder per producer
(chủ thể OCOP), each with OrderLines that snapshot what was sold.

``states.py`` holds the three state machines (order, shop order, payment) and the one
function that applies a transition; ``services.py`` places orders (stock taken by one
conditional UPDATE per line, in the order's own transaction) and moves them on;
``views.py`` is checkout and the shopper's order pages.
"""
from flask import Blueprint

bp = Blueprint("orders", __name__)

from ..cart import limit_form_size  # noqa: E402

limit_form_size(bp)

from . import views  # noqa: E402,F401
