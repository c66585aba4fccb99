"""A stamp's history as an EPCIS 2.0 JSON-LD document (GS1 EPCIS/CBV 2.0).

Each ``TraceEvent`` of the stamp's batch becomes an ``ObjectEvent`` with ``eventTime`` and
``eventTimeZoneOffset`` ``+07:00``, ``action``, CBV ``bizStep`` and ``disposition`` (bare
CBV terms, as the 2.0 context allows), ``readPoint`` and ``bizLocation``. Identifiers are
GS1 Digital Link URIs on the store's host: the unit in ``epcList``, the lot in
``quantityList`` (when the event has a quantity). Lot master data (lot number, production
and best-before dates) sits in the commissioning event's ``ilmd``. What EPCIS has no
field for (who did it, a note) goes under the ``ocop:`` namespace.
"""
from __future__ import annotations

from datetime import datetime, timezone

from . import links
from .models import BizStep, Stamp
from .services import as_vietnam_time

CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"
OCOP_NS = "https://cho-ocop.vn/ns/trace#"


def _location(root: str, code: str) -> dict:
    return {"id": f"{root}trace/location/{code}"}


def document(stamp: Stamp, root: str | None = None) -> dict:
    """The EPCISDocument of ``stamp``'s batch, the unit named in every event."""
    root = root or links.site_root()
    batch = stamp.batch
    product = batch.product
    unit_uri = links.stamp_url(stamp.serial, product.gtin, batch.code, root)
    lot_uri = links.lot_uri(product.slug, product.gtin, batch.code, root)
    events = []
    for event in batch.events:
        item = {
            "type": "ObjectEvent",
            "eventID": f"urn:uuid:{event.event_uuid}",
            "eventTime": as_vietnam_time(event.event_time).isoformat(timespec="seconds"),
            "eventTimeZoneOffset": "+07:00",
            "recordTime": as_vietnam_time(event.recorded_at).isoformat(timespec="seconds"),
            "epcList": [unit_uri],
            "action": str(event.action),
            "bizStep": str(event.biz_step),
        }
        if event.disposition:
            item["disposition"] = str(event.disposition)
        if event.quantity is not None:
            # H87: "piece" (UN/CEFACT), the unit a stamp is put on.
            item["quantityList"] = [{"epcClass": lot_uri, "quantity": event.quantity,
                                     "uom": "H87"}]
        item["readPoint"] = _location(root, event.place_code)
        item["bizLocation"] = _location(root, event.place_code)
        if event.biz_step == BizStep.COMMISSIONING:
            ilmd = {"cbvmda:lotNumber": batch.code,
                    "ocop:productionDate": batch.produced_on.isoformat()}
            if batch.best_before:
                ilmd["cbvmda:bestBeforeDate"] = batch.best_before.isoformat()
            item["ilmd"] = ilmd
        item["ocop:placeName"] = event.place_name
        if event.actor:
            item["ocop:actor"] = event.actor
        if event.note:
            item["ocop:note"] = event.note
        events.append(item)
    return {
        "@context": [CONTEXT, {"ocop": OCOP_NS}],
        "type": "EPCISDocument",
        "schemaVersion": "2.0",
        "creationDate": as_vietnam_time(datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "epcisBody": {"eventList": events},
    }
