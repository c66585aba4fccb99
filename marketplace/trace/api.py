"""API v1 trace endpoints (DESIGN.md): ``GET /api/v1/trace/<serial>`` and its EPCIS 2.0
document. Reading the API is not a scan; an unknown or mistyped serial is a 404."""
from __future__ import annotations

from flask import Blueprint, current_app, request

from ..api.errors import json_error
from . import epcis
from .exceptions import UnknownStamp
from .view import find_stamp, trace_view

bp = Blueprint("trace_api", __name__)
CACHE_SECONDS = 60


def _json(data: dict, mimetype: str = "application/json"):
    body = current_app.json.dumps(data, sort_keys=False)
    response = current_app.response_class(body + "\n", mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    return response


def _stamp(serial: str):
    if "\x00" in serial:
        raise UnknownStamp("")
    return find_stamp(serial)


@bp.errorhandler(UnknownStamp)
def _unknown(error: UnknownStamp):
    reason = "mistyped serial (check character)" if error.mistyped else "unknown serial"
    return json_error(f"not a genuine stamp: {reason}", 404)


@bp.get("/trace/<serial>")
def trace(serial: str):
    """A stamp's product, producer, batch, events, certificate and scans."""
    return _json(trace_view(_stamp(serial)).as_json())


@bp.get("/trace/<serial>/epcis")
def trace_epcis(serial: str):
    """The stamp's events as an EPCIS 2.0 JSON-LD document."""
    document = epcis.document(_stamp(serial), request.url_root)
    return _json(document, "application/ld+json")
