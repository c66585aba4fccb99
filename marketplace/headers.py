"""Response headers: the security policy on every response, cache lifetimes for static files.

- Content-Security-Policy without 'unsafe-inline': the templates load scripts and styles
  from files only (the product page's JSON-LD is a data block, never executed). Images may
  be ``data:`` URIs. Forms post to this site, and to Stripe's checkout origin: Chromium
  applies ``form-action`` to the 303 redirect that answers the "pay by card" form.
- HSTS only on HTTPS requests (``request.is_secure``); behind a proxy set PROXY_FIX_HOPS so
  ProxyFix reads X-Forwarded-Proto (and the client address the rate limits key on).
- Static files are fingerprinted: ``url_for('static', filename=...)`` adds ``?v=<md5>`` of
  the file, computed once per process (a deploy restarts or HUP-reloads the workers). A URL
  with the current fingerprint is cached for a year; any other for a few minutes.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import safe_join

HSTS = "max-age=31536000; includeSubDomains"
IMMUTABLE = "public, max-age=31536000, immutable"
UNVERSIONED_STATIC = "public, max-age=300"


def content_security_policy(stripe_checkout_origin: str) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": f"'self' {stripe_checkout_origin}".strip(),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _security_headers(response):
    headers = response.headers
    # setdefault: a view with a stricter policy of its own (dossier files: sandbox) keeps it.
    headers.setdefault("Content-Security-Policy", current_app.extensions["csp"])
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def static_version(filename: str) -> str | None:
    """The first 12 hex digits of the file's md5, once per app and process; None if absent."""
    versions = current_app.extensions["static_versions"]
    if filename not in versions:
        path = safe_join(current_app.static_folder, filename)
        try:
            data = Path(path).read_bytes() if path else None
        except OSError:
            data = None
        versions[filename] = (hashlib.md5(data, usedforsecurity=False).hexdigest()[:12]
                              if data is not None else None)
    return versions[filename]


def _fingerprint_static_urls(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = static_version(values["filename"])
        if version:
            values["v"] = version


def _static_cache_headers(response):
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    current = request.args.get("v") and request.args["v"] == static_version(filename)
    response.headers["Cache-Control"] = IMMUTABLE if current else UNVERSIONED_STATIC
    return response


def _untrusted_host(_error: SecurityError):
    """A Host header outside TRUSTED_HOSTS: a bare 400, as no link can be built for it."""
    from .api.errors import json_error, wants_json

    message = "This store does not answer to that host name."
    if wants_json():
        return json_error(message, 400)
    return Response(message + "\n", 400, mimetype="text/plain")


def init_app(app: Flask) -> None:
    """Security headers and static caching on every response; ProxyFix when configured."""
    app.extensions["csp"] = content_security_policy(app.config.get("STRIPE_CHECKOUT_ORIGIN", ""))
    app.extensions["static_versions"] = {}
    app.url_defaults(_fingerprint_static_urls)
    app.after_request(_static_cache_headers)
    app.after_request(_security_headers)
    app.register_error_handler(SecurityError, _untrusted_host)
    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
