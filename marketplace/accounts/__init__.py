"""Tài khoản: accounts of shoppers (người mua), producer owners and staff (chủ thể OCOP),
outlet operators (điểm bán OCOP) and the OCOP office, with their saved delivery addresses.

Registration, login, password reset by a one-time e-mailed token, profile and addresses.
The security layer every blueprint shares (login manager, CSRF, rate limits) is in
``marketplace/security.py``; role and ownership checks for views are in ``marketplace/auth.py``.
"""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import views  # noqa: E402,F401
