"""``GET /api/v1/outlets``: the approved OCOP sales points (DESIGN.md, "JSON API")."""
from __future__ import annotations

from flask import request

from ..outlets import directory
from ..outlets.exceptions import OutletInvalid
from . import bp
from .errors import json_error


@bp.get("/outlets")
def outlets():
    """Approved outlets, filtered by commune (GSO code), level and product carried."""
    try:
        query = directory.parse_query(request.args)
    except OutletInvalid as error:
        return json_error(str(error), 400)
    page = directory.find_outlets(query)
    from .views import json_ok

    return json_ok({"total": page.total, "page": query.page, "per_page": query.per_page,
                    "items": [directory.api_item(outlet) for outlet in page.items]})
