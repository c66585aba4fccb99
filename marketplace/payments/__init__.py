"""Thanh toán (payments): how an order is paid, behind one interface (``base.py``).

Methods register under a code: ``cod`` (cash on delivery, ``cod.py``), ``vietqr``
(NAPAS 247 bank transfer by QR, ``vietqr.py``) and ``card`` (Stripe Checkout,
``stripe_method.py`` and ``card.py``; webhooks in ``webhooks.py``, refunds in
``refunds.py``; only ``stripe_gateway.py`` imports ``stripe``). ``services.py`` expires
unpaid holds and reconciles bank statements; the OCOP office's pages for that are under
``/dashboard/office/payments`` (cards: ``/dashboard/office/payments/card``).
"""
from flask import Blueprint

bp = Blueprint("payments", __name__)

from ..cart import limit_form_size  # noqa: E402

limit_form_size(bp, "STATEMENT_MAX_BYTES")

from . import stripe_views, views  # noqa: E402,F401
