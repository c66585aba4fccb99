"""OpenAPI paths and schemas of the OCOP workflow and traceability endpoints (issue 8):
``/trace/{serial}``, ``/trace/{serial}/epcis`` and ``/export/certifications``.

Merged into the document by ``openapi.openapi_document``; kept here so the catalogue's
document and this one can change without touching each other.
"""
from __future__ import annotations

from ..ocop.export import COLUMNS, STATUSES
from ..trace.models import Action, BizStep
from .openapi import CACHE_HEADER, DATE, URL, _int, _json, _nullable, _obj, _ref, _str

TIME = _str("ISO 8601 with the +07:00 offset (Vietnam).", format="date-time")
SERIAL = {"name": "serial", "in": "path", "required": True,
          "schema": _str("14 symbols of Crockford base32, the last a check character; "
                         "spaces, dashes and lower case are accepted.", minLength=1)}
NOT_GENUINE = _json("Error", "Not a genuine stamp: unknown serial, or a mistyped one (its "
                             "check character fails).")
CERTIFICATE_THEN_NOW = {"oneOf": [_ref("TraceCertificate"), {"type": "null"}]}

SCHEMAS: dict = {
    "TraceCertificate": _obj({
        "stars": {"type": "integer", "enum": [3, 4, 5]}, "score": _nullable(_int(0, 100)),
        "certificate_no": _str(), "decision_no": _str(), "issuer": _str(),
        "certified_on": DATE, "expires_on": DATE,
        "status": {"type": "string", "enum": ["active", "expired", "revoked"]},
        "active": {"type": "boolean", "description": "In force today."},
    }),
    "TraceEvent": _obj({
        "event_id": _str("urn:uuid:..."),
        "biz_step": {"type": "string", "enum": [s.value for s in BizStep],
                     "description": "CBV 2.0 business step."},
        "action": {"type": "string", "enum": [a.value for a in Action]},
        "disposition": _nullable(_str("CBV 2.0 disposition.")),
        "event_time": TIME,
        "event_time_zone_offset": {"type": "string", "const": "+07:00"},
        "product_trace_code": _str("Mã truy vết sản phẩm: the lot as a GS1 element string "
                                   "`(01)GTIN(10)LOT`, or `SP000123-LOT` without a GTIN."),
        "place_code": _str("Mã truy vết địa điểm."), "place_name": _str(),
        "actor": _str(), "note": _str(),
        "photo": _nullable({**URL, "description": "A photo of the stage, if one was taken."}),
    }),
    "Trace": _obj({
        "serial": _str(),
        "authentic": {"type": "boolean", "const": True,
                      "description": "A serial we issued (unknown ones are 404)."},
        "url": {**URL, "description": "What the stamp's QR code encodes (GS1 Digital Link "
                                      "`/01/{GTIN}/10/{lot}/21/{serial}`, or `/trace/{serial}`)."},
        "product": _obj({"slug": _str(), "name": _str(),
                         "gtin": _nullable(_str("GTIN-14.", pattern="^[0-9]{14}$")),
                         "image": _nullable(URL), "shelf_life": _str(), "url": URL}),
        "producer": _obj({"slug": _str(), "name": _str(), "address": _str(),
                          "province_code": _str(), "commune_code": _str(), "url": URL}),
        "batch": _obj({
            "code": _str("Lot (GS1 AI 10)."), "produced_on": DATE,
            "best_before": _nullable(DATE), "quantity": _int(0), "unit": _str(),
            "brand": _str(), "standards": _str(),
            "material_area": _obj({"name": _str(), "code": _str(),
                                   "lat": {"type": ["number", "null"]},
                                   "lng": {"type": ["number", "null"]}}),
        }),
        "certification": _obj({"at_production": CERTIFICATE_THEN_NOW,
                               "now": CERTIFICATE_THEN_NOW},
                              "The OCOP certificate on the production date and today."),
        "events": {"type": "array", "items": _ref("TraceEvent"),
                   "description": "The batch's value chain, oldest first."},
        "scans": _obj({
            "count": _int(0), "first_scanned_at": _nullable(TIME),
            "after_sale": _int(0, description="Scans since the batch's first retail sale."),
            "suspicious": {"type": "boolean",
                           "description": "Scanned more than TRACE_SUSPICIOUS_SCANS times "
                                          "after its sale: the stamp may have been copied."},
        }),
        "circular_02": {"type": "object", "required": [
            "product_name", "product_image", "producer", "stages", "production_date",
            "trace_code", "brand", "serial", "shelf_life", "standards"],
            "description": "The ten minimum fields of Circular 02/2024/TT-BKHCN."},
    }, "A stamp's trace (DESIGN.md); reading it is not counted as a scan."),
    "EpcisDocument": {
        "type": "object", "required": ["@context", "type", "schemaVersion", "epcisBody"],
        "properties": {
            "@context": {"type": "array"},
            "type": {"type": "string", "const": "EPCISDocument"},
            "schemaVersion": {"type": "string", "const": "2.0"},
            "creationDate": TIME,
            "epcisBody": {"type": "object", "required": ["eventList"], "properties": {
                "eventList": {"type": "array", "items": {
                    "type": "object",
                    "required": ["type", "eventID", "eventTime", "eventTimeZoneOffset",
                                 "epcList", "action", "bizStep", "readPoint", "bizLocation"],
                    "properties": {
                        "type": {"type": "string", "const": "ObjectEvent"},
                        "eventTime": TIME,
                        "eventTimeZoneOffset": {"type": "string", "const": "+07:00"},
                        "action": {"type": "string", "enum": [a.value for a in Action]},
                        "bizStep": {"type": "string", "enum": [s.value for s in BizStep]},
                    }}}}},
        },
        "description": "GS1 EPCIS 2.0 JSON-LD: one ObjectEvent per stage of the stamp's batch.",
    },
    "CertificationExport": _obj({
        "format": {"type": "string", "const": "ocop-certifications/1"},
        "generated_on": DATE,
        "columns": {"type": "array", "items": {"type": "string", "enum": list(COLUMNS)}},
        "count": _int(0),
        "certifications": {"type": "array", "items": {
            "type": "object", "required": list(COLUMNS),
            "properties": {name: {} for name in COLUMNS}}},
    }, "Every certificate (history included) with its product and producer; the column "
       "names are stable (README, \"OCOP export\")."),
}

SECURITY_SCHEMES = {
    "officeToken": {"type": "http", "scheme": "bearer",
                    "description": "An OCOP office API token (`flask ocop api-token EMAIL`)."},
    "officeSession": {"type": "apiKey", "in": "cookie", "name": "session",
                      "description": "A logged-in OCOP office account."},
}


def _trace_get(operation_id: str, summary: str, schema: str, media: str) -> dict:
    return {"get": {
        "operationId": operation_id, "summary": summary, "parameters": [SERIAL],
        "responses": {
            "200": {"description": "OK", "headers": CACHE_HEADER,
                    "content": {media: {"schema": _ref(schema)}}},
            "404": NOT_GENUINE,
        },
    }}


PATHS = {
    "/trace/{serial}": _trace_get("getTrace", "A stamp: product, producer, batch, events, "
                                  "OCOP certificate, scans", "Trace", "application/json"),
    "/trace/{serial}/epcis": _trace_get("getTraceEpcis", "A stamp's events as EPCIS 2.0 "
                                        "JSON-LD", "EpcisDocument", "application/ld+json"),
    "/export/certifications": {"get": {
        "operationId": "exportCertifications",
        "summary": "Export for the national OCOP database (office only)",
        "security": [{"officeToken": []}, {"officeSession": []}],
        "parameters": [
            {"name": "format", "in": "query", "required": False,
             "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
             "description": "`csv`: UTF-8 with BOM, header row of the columns."},
            {"name": "status", "in": "query", "required": False,
             "schema": {"type": "string", "enum": list(STATUSES), "default": "all"},
             "description": "`active` (in force today), `expired`, `revoked` or `all`."},
        ],
        "responses": {
            "200": {"description": "The certificates; `Cache-Control: private, no-store`.",
                    "content": {"application/json": {"schema": _ref("CertificationExport")},
                                "text/csv": {"schema": {"type": "string"}}}},
            "400": _json("Error", "A parameter is invalid."),
            "401": _json("Error", "No login and no token, or an invalid or revoked token."),
            "403": _json("Error", "Logged in, but not as the OCOP office."),
        },
    }},
}
