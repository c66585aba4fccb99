"""The security layer every blueprint shares: sessions, CSRF, rate limits, headers.

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
- Response headers (CSP, HSTS, ...) and static caching live in ``headers.py``.
- In production (``APP_ENV=production``) the app refuses to start with a weak SECRET_KEY
  or with DEBUG on: a guessable key forges sessions, the debugger runs code.
"""
from __future__ import annotations

from functools import wraps

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from config import DEV_SECRET_KEY

from . import headers

MIN_SECRET_KEY_LENGTH = 32

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


def user_key() -> str:
    """The logged-in account, else the client IP (many shoppers share a carrier's NAT)."""
    return f"user:{current_user.id}" if current_user.is_authenticated else ip_key()


limiter = Limiter(key_func=ip_key)


def config_limit(name: str):
    """A limit string read from the config at request time (``"10 per 15 minutes"``)."""
    return lambda: current_app.config[name]


def search_limit(**options):
    """The per-IP budget that /search and /api/v1/products?q= share (one scope)."""
    return limiter.shared_limit(config_limit("SEARCH_RATE_LIMIT_PER_IP"), scope="search",
                                key_func=ip_key, **options)


def without_query() -> bool:
    """A listing without ``q`` is not a search (``exempt_when`` of the API listing)."""
    return not request.args.get("q", "").strip()


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
    flash(_("Vui lòng đăng nhập để tiếp tục."), "info")
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("accounts.login", next=target))


def _too_many_requests(_error):
    # Flask-Limiter adds Retry-After and X-RateLimit-* headers to this response.
    if wants_json() or request.is_json:  # the API, and machines posting JSON (webhooks)
        return json_error("too many requests, please wait and try again", 429)
    return render_template("accounts/rate_limited.html"), 429


def _remember_view_retry_after(response):
    # Runs just before Flask-Limiter's header hook (registered after it).
    g.view_retry_after = response.headers.get("Retry-After")
    return response


def _retry_after_only_on_429(response):
    """Flask-Limiter sets Retry-After on every response of a limited view (its window's
    reset, even on a 200), raising a view's own (a 503's 30 s) to it. Only a 429 keeps
    the limiter's value; any other response gets back what the view said, or none."""
    if response.status_code != 429:
        original = g.pop("view_retry_after", None)
        if original is None:
            response.headers.pop("Retry-After", None)
        else:
            response.headers["Retry-After"] = original
    return response


def _csrf_failed(error: CSRFError):
    if wants_json():
        return json_error(f"CSRF check failed: {error.description}", 400)
    return render_template("accounts/csrf_error.html"), 400


def check_production(app) -> None:
    """Refuse to start a production app with a weak SECRET_KEY or with DEBUG on."""
    if app.config.get("APP_ENV") != "production":
        return
    key = app.config.get("SECRET_KEY") or ""
    advice = ("set SECRET_KEY to a random value of at least "
              f"{MIN_SECRET_KEY_LENGTH} characters, e.g. "
              "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`")
    if not key:
        raise RuntimeError(f"Production refuses to start: SECRET_KEY is not set; {advice}")
    if key == DEV_SECRET_KEY:
        raise RuntimeError(f"Production refuses to start: SECRET_KEY is the development "
                           f"default; {advice}")
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(f"Production refuses to start: SECRET_KEY is only {len(key)} "
                           f"characters; {advice}")
    if app.debug:
        raise RuntimeError("Production refuses to start with DEBUG on (the debugger runs "
                           "code for anyone): unset FLASK_DEBUG and drop --debug")


def init_app(app) -> None:
    """Check production settings; bind CSRF, the login manager, the limiter and the
    response headers; register the error pages."""
    check_production(app)
    headers.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    # after_request hooks run last-registered first: these two bracket the limiter's.
    app.after_request(_retry_after_only_on_429)
    limiter.init_app(app)
    app.after_request(_remember_view_retry_after)
    app.register_error_handler(429, _too_many_requests)
    app.register_error_handler(CSRFError, _csrf_failed)


# Last: importing the api package loads its views, which use this module's decorators.
from .api.errors import json_error, wants_json  # noqa: E402
