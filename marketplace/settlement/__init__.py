"""Đối soát và chi trả (settlement): the platform collects card and transfer payments on
its own account and owes each producer (chủ thể OCOP) their share.

``models.py``: the append-only ledger per producer, payout batches and payouts, the
producer's payout bank account. ``services.py``: credit on delivery (or COD collection)
less the platform commission, debit on refund, balances, ``run_payouts``.
``cli.py``: ``flask settlement payouts --until DATE``. ``views.py``: the office's page
(``/dashboard/office/settlement``) and the producer's (``/dashboard/producer/balance``).
"""
from flask import Blueprint

bp = Blueprint("settlement", __name__)

from . import views  # noqa: E402,F401
