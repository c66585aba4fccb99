"""API v1 export for the national OCOP database: ``GET /api/v1/export/certifications``.

For the OCOP office only: an ``Authorization: Bearer`` token (``flask ocop api-token``, or
the export page of the office dashboard) or an office session. Never cached.
"""
from __future__ import annotations

from flask import Blueprint, current_app, request

from ..api.errors import json_error
from ..api.tokens import office_token_or_session
from ..clock import today
from . import export

bp = Blueprint("ocop_api", __name__)
FORMATS = ("json", "csv")


@bp.get("/export/certifications")
@office_token_or_session
def export_certifications():
    """Every certificate with its product and producer, as JSON (default) or CSV."""
    fmt = request.args.get("format", "json").strip().lower() or "json"
    status = request.args.get("status", "all").strip().lower() or "all"
    if fmt not in FORMATS:
        return json_error("'format' must be one of json, csv", 400)
    if status not in export.STATUSES:
        return json_error(f"'status' must be one of {', '.join(export.STATUSES)}", 400)
    day = today()
    data = export.rows(day, status)
    if fmt == "csv":
        response = current_app.response_class(export.to_csv(data),
                                              mimetype="text/csv")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="ocop-certifications-{day.isoformat()}.csv"')
        response.charset = "utf-8"
    else:
        body = current_app.json.dumps(export.to_json(data, day), sort_keys=False,
                                      ensure_ascii=False)
        response = current_app.response_class(body + "\n", mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-store"
    return response
