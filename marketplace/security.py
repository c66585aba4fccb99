"""The security layer every blueprint shares: sessions, CSRF and rate limits.

- Flask-Login with session protection "strong": a session cookie replayed from another
  IP address or browser is dropped. The session id carries a fingerprint of the
  password hash (``User.get_id``), so a new password ends every other session.
- CSRFProtect app-wide: every POST/PUT/PATCH/DELETE needs the form's token (or the
  ``X-CSRFToken`` header). Reads (GET, HEAD, OPTIONS) are never checked, the JSON API's
  included, so no blueprint is exempted wholesale: a future API write endpoint that
  authenticates by token opts out with ``@token_auth_view`` and refuses cookie-only calls.
- Flask-Limiter: counters in memory per process by default, in Redis when ``REDIS_URL``
  is set (shared across workers and hosts). Limits come from the config at request
  time, so tests and deployments tune them without code.
"""
from __future__ import annotations

from functools import wraps

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect

from .api.errors import json_error, wants_json

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.session_protection = "strong"
login_manager.login_view = "accounts.login"


def client_ip() -> str:
    """The client address as the WSGI server saw it (put ProxyFix in front behind a proxy)."""
    return request.remote_addr or "unknown"


def ip_key() -> str:
    return f"ip:{client_ip()}"


def account_key() -> str:
    """The account a login or reset attempt names (normalised e-mail), else the client IP."""
    from .accounts.validation import normalise_email

    email = normalise_email(request.form.get("email", ""))[:254]
    return f"account:{email}" if email else ip_key()


limiter = Limiter(key_func=ip_key)


def config_limit(name: str):
    """A limit string read from the config at request time (``"10 per 15 minutes"``)."""
    return lambda: current_app.config[name]


def failed_attempt(response) -> bool:
    """A login that did not redirect failed: only failures count against the limits."""
    return response.status_code not in (301, 302, 303)


def token_auth_view(view):
    """Mark an API write view that authenticates by ``Authorization: Bearer`` token.

    A token is not sent by the browser on its own, so CSRF does not apply and the view
    is exempted; for the same reason a call without the header is refused with 401, so
    a session cookie alone can never reach the view. (Token checking itself comes with
    the first API write endpoint.)
    """
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return json_error("an API token is required (Authorization: Bearer ...)", 401)
        return view(*args, **kwargs)

    csrf.exempt(wrapped)
    return wrapped


@login_manager.user_loader
def load_user(session_id: str):
    """The active user whose id and password fingerprint match the session, else nobody."""
    from .accounts.models import User
    from .extensions import db

    user_id, _, fingerprint = (session_id or "").partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_fingerprint != fingerprint:
        return None
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    if wants_json():
        return json_error("login required", 401)
    flash("Vui lòng đăng nhập để tiếp tục.", "info")
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("accounts.login", next=target))


def _too_many_requests(_error):
    # Flask-Limiter adds Retry-After and X-RateLimit-* headers to this response.
    if wants_json():
        return json_error("too many requests, please wait and try again", 429)
    return render_template("accounts/rate_limited.html"), 429


def _csrf_failed(error: CSRFError):
    if wants_json():
        return json_error(f"CSRF check failed: {error.description}", 400)
    return render_template("accounts/csrf_error.html"), 400


def init_app(app) -> None:
    """Bind CSRF, the login manager and the limiter; register their error pages."""
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    app.register_error_handler(429, _too_many_requests)
    app.register_error_handler(CSRFError, _csrf_failed)
