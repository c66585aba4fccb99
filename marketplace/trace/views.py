"""The public trace page: what a phone opens from a QR stamp.

``/trace/<serial>`` and the GS1 Digital Link form ``/01/<gtin>/10/<lot>/21/<serial>`` show
the same page (the Digital Link one only if its GTIN and lot match the stamp: a stamp
whose URL was altered is not genuine). The page is small and standalone (no site
script, one stylesheet, one image) for a phone on a slow network. An unknown or mistyped
serial gets a clear "not a genuine stamp" page with status 404.
"""
from __future__ import annotations

from datetime import date

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from limits import parse

from ..accounts.models import Role
from ..catalog.models import ProductStatus
from ..formatting import format_day
from ..i18n import current_language
from ..security import client_ip, limiter
from . import bp, links, serials
from .exceptions import UnknownStamp
from .scans import client_hint, record_scan
from .services import BIZ_STEP_LABELS
from .view import find_stamp, trace_view

COOKIE_PREFIX = "ocop_scan_"


def _is_insider(stamp) -> bool:
    """The producer's own accounts and the office checking a stamp are not scans."""
    if not current_user.is_authenticated:
        return False
    if current_user.role == Role.OFFICE:
        return True
    return (current_user.role == Role.PRODUCER
            and current_user.producer_id == stamp.batch.product.producer_id)


def _within_rate(serial: str) -> bool:
    """At most TRACE_SCAN_RATE_PER_IP counted scans of one stamp from one address: reloading
    a genuine stamp from one place cannot make it look copied (copies spread across many).
    The address only keys the rate-limit counter; it is never stored with the scan."""
    if not limiter.enabled:
        return True
    try:
        return limiter.limiter.hit(parse(current_app.config["TRACE_SCAN_RATE_PER_IP"]),
                                   "trace-scan", client_ip(), serial)
    except Exception:  # noqa: BLE001 — a rate-limit store that is down must not hide the page
        return True


@bp.app_template_filter("isoday")
def isoday(text: str) -> str:
    """An ISO date of the trace data (``2026-11-29``) as the page's language writes it."""
    return format_day(date.fromisoformat(text), current_language())


def _not_genuine(error: UnknownStamp):
    response = make_response(render_template("trace/not_genuine.html", error=error), 404)
    response.headers["Cache-Control"] = "no-store"
    return response


def _show(serial_text: str, gtin: str | None = None, lot: str | None = None):
    try:
        stamp = find_stamp(serial_text)
    except UnknownStamp as error:
        return _not_genuine(error)
    product = stamp.batch.product
    if gtin is not None and (links.gtin14(product.gtin) != gtin or stamp.batch.code != lot):
        return _not_genuine(UnknownStamp(stamp.serial))
    cookie = COOKIE_PREFIX + stamp.serial
    hint = client_hint(request.headers.get("User-Agent", ""))
    counted = (request.method == "GET" and hint is not None and cookie not in request.cookies
               and not _is_insider(stamp) and _within_rate(stamp.serial))
    if counted:
        record_scan(stamp, hint)
    view = trace_view(stamp)
    response = make_response(render_template(
        "trace/page.html", view=view, labels=BIZ_STEP_LABELS,
        listed=product.status == ProductStatus.ACTIVE and product.producer.is_listed,
        canonical=url_for("trace.page", serial=stamp.serial, _external=True)))
    response.headers["Cache-Control"] = "no-store"
    if counted:
        response.set_cookie(cookie, "1", max_age=current_app.config[
            "TRACE_SCAN_REPEAT_MINUTES"] * 60, httponly=True, samesite="Lax",
            secure=request.is_secure)
    return response


@bp.get("/trace/<serial>")
def page(serial: str):
    """Trang truy xuất của một tem."""
    return _show(serial)


@bp.get("/01/<gtin>/10/<lot>/21/<serial>")
def digital_link(gtin: str, lot: str, serial: str):
    """The same page, reached by the GS1 Digital Link URL a stamp with a GTIN encodes."""
    return _show(serial, gtin=gtin, lot=lot)


@bp.get("/trace")
def lookup():
    """Kiểm tra tem: type the serial printed under the QR code."""
    typed = request.args.get("serial", "")
    if typed.strip():
        serial = serials.normalise(typed)
        if serial:
            return redirect(url_for("trace.page", serial=serial), 303)
    return render_template("trace/lookup.html")
