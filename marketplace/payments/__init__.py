"""Thanh toán (payments): how an order is paid, behind one interface (``base.py``).

Methods register under a code: ``cod`` (cash on delivery, ``cod.py``) and ``vietqr``
(NAPAS 247 bank transfer by QR, ``vietqr.py``); the card gateway arrives the same way.
``services.py`` expires unpaid transfer holds and reconciles bank statements; the OCOP
office's pages for that are under ``/dashboard/office/payments``.
"""
from flask import Blueprint

bp = Blueprint("payments", __name__)

from ..cart import limit_form_size  # noqa: E402

limit_form_size(bp, "STATEMENT_MAX_BYTES")

from . import views  # noqa: E402,F401
