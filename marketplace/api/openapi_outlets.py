"""The OpenAPI part of ``GET /api/v1/outlets`` (issue 7), merged by ``openapi_document``."""
from __future__ import annotations

from ..outlets.directory import MAX_PAGE, MAX_PER_PAGE
from ..outlets.models import OutletLevel
from .openapi import _get, _int, _nullable, _obj, _query, _ref, _str

SCHEMAS = {
    "OutletItem": _obj({
        "slug": _str(),
        "name": _str(),
        "level": {"type": "string", "enum": [level.value for level in OutletLevel],
                  "description": "commune, district (a legacy district-level point), "
                                 "province, rest_stop or trade_centre."},
        "province": _str("2025 province, short name."),
        "commune": _str("2025 commune or ward, short name."),
        "address": _str("Street, commune and province as one line."),
        "lat": _nullable({"type": "number", "description": "Latitude, decimal degrees."}),
        "lng": _nullable({"type": "number", "description": "Longitude, decimal degrees."}),
    }, "Điểm bán OCOP: an approved sales point."),
    "OutletList": _obj({
        "total": _int(0),
        "page": _int(1, MAX_PAGE),
        "per_page": _int(1, MAX_PER_PAGE),
        "items": {"type": "array", "items": _ref("OutletItem")},
    }),
}

PARAMETERS = [
    _query("commune", _str(), "Commune or ward by GSO code (`05503`), or by name within "
                              "`province` (default Thái Nguyên); unknown → 400."),
    _query("province", _str(), "Province GSO code for a commune given by name (default `19`)."),
    _query("level", {"type": "string", "enum": [level.value for level in OutletLevel]},
           "Only outlets of this level."),
    _query("product", _str(), "Only outlets with this product (slug) on the shelf; unknown → "
                              "400."),
    _query("lat", _str(), "With `lng`: nearest first, from this point (decimal degrees)."),
    _query("lng", _str(), "With `lat`: nearest first."),
    _query("page", _int(1, MAX_PAGE), "Page number, from 1."),
    _query("per_page", _int(1, MAX_PER_PAGE), "Items per page (default 24)."),
]

PATHS = {
    "/outlets": _get("listOutlets", "Approved OCOP sales points, filtered", "OutletList",
                     parameters=PARAMETERS, bad_request=True),
}
