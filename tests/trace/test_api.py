"""GET /api/v1/trace/<serial> (DESIGN.md) and its EPCIS 2.0 JSON-LD document."""
from marketplace.trace import serials
from marketplace.trace.models import BizStep
from tests.trace.helpers import stamped_product


def test_trace_json_per_design(client, db):
    product, batch, stamp = stamped_product()

    response = client.get(f"/api/v1/trace/{stamp.serial}")

    assert response.status_code == 200
    data = response.get_json()
    assert {"serial", "product", "producer", "batch", "events", "scans", "authentic"} <= set(data)
    assert data["serial"] == stamp.serial and data["authentic"] is True
    assert data["product"]["slug"] == "che-tom-non"
    assert data["product"]["gtin"] == "08930000000017"
    assert data["producer"]["name"] == "HTX chè Hảo Đạt"
    assert data["batch"]["code"] == "HD-2026-05"
    assert data["batch"]["produced_on"] == batch.produced_on.isoformat()
    assert [e["biz_step"] for e in data["events"]] == ["commissioning", "packing"]
    assert all(e["event_time"].endswith("+07:00") for e in data["events"])
    assert data["scans"]["count"] == 0 and data["scans"]["suspicious"] is False
    assert data["certification"]["now"]["stars"] == 4
    assert data["certification"]["at_production"]["stars"] == 3
    assert data["url"].endswith(f"/01/08930000000017/10/HD-2026-05/21/{stamp.serial}")
    assert set(data["circular_02"]) == {
        "product_name", "product_image", "producer", "stages", "production_date",
        "trace_code", "brand", "serial", "shelf_life", "standards"}


def test_unknown_and_mistyped_serials_are_404_json(client, db):
    _, _, stamp = stamped_product()
    typo = stamp.serial[:-1] + ("0" if stamp.serial[-1] != "0" else "1")

    for serial in (serials.generate(), typo, "abc"):
        for suffix in ("", "/epcis"):
            response = client.get(f"/api/v1/trace/{serial}{suffix}")
            assert response.status_code == 404
            assert "not a genuine stamp" in response.get_json()["error"]


def test_epcis_document_shape(client, db):
    product, batch, stamp = stamped_product()

    response = client.get(f"/api/v1/trace/{stamp.serial}/epcis")

    assert response.status_code == 200
    assert response.mimetype == "application/ld+json"
    doc = response.get_json(force=True)
    assert doc["type"] == "EPCISDocument" and doc["schemaVersion"] == "2.0"
    assert "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld" in doc["@context"]
    assert doc["creationDate"].endswith("+07:00")
    events = doc["epcisBody"]["eventList"]
    assert [e["bizStep"] for e in events] == ["commissioning", "packing"]
    cbv_steps = {s.value for s in BizStep}
    for event in events:
        assert event["type"] == "ObjectEvent"
        assert event["eventTimeZoneOffset"] == "+07:00"
        assert event["eventTime"].endswith("+07:00")
        assert event["action"] in ("ADD", "OBSERVE", "DELETE")
        assert event["bizStep"] in cbv_steps
        assert event["eventID"].startswith("urn:uuid:")
        assert event["epcList"] == [f"http://localhost/01/08930000000017/10/HD-2026-05/21/"
                                    f"{stamp.serial}"]
        assert event["readPoint"]["id"] and event["bizLocation"]["id"]
    commissioning = events[0]
    assert commissioning["action"] == "ADD" and commissioning["disposition"] == "active"
    assert commissioning["ilmd"]["cbvmda:lotNumber"] == "HD-2026-05"
    assert commissioning["ilmd"]["cbvmda:bestBeforeDate"] == batch.best_before.isoformat()
    assert commissioning["quantityList"] == [{
        "epcClass": "http://localhost/01/08930000000017/10/HD-2026-05", "quantity": 400,
        "uom": "H87"}]


def test_responses_match_the_openapi_schemas(client, db):
    from tests.api import assert_matches_schema

    _, _, stamp = stamped_product()

    assert_matches_schema(client.get(f"/api/v1/trace/{stamp.serial}").get_json(), "Trace")
    assert_matches_schema(client.get(f"/api/v1/trace/{stamp.serial}/epcis").get_json(
        force=True), "EpcisDocument")
    assert_matches_schema(client.get("/api/v1/trace/XXXX").get_json(), "Error")
