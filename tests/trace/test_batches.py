"""Batches, events and stamps through the services and `flask trace stamps`."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from marketplace.clock import today
from marketplace.trace import serials
from marketplace.trace.exceptions import TraceInvalid
from marketplace.trace.models import Batch, Stamp, TraceEvent
from marketplace.trace.services import (
    BatchData, EventData, add_event, create_batch, create_stamps, record_event,
)
from tests.factories import make_batch, make_product


def test_a_batch_starts_with_a_commissioning_event_with_its_lot_data(db):
    batch = make_batch(code="TC-2026-11", quantity=500, standards="TCVN 7975:2008",
                       material_area_name="Đồi chè Tân Cương", material_area_code="VG-19-001",
                       material_lat="21.5946", material_lng="105.7621")

    [event] = batch.events
    assert (event.biz_step, event.action, event.disposition) == (
        "commissioning", "ADD", "active")
    assert event.quantity == 500
    assert event.place_code == f"VN-19-05503-CT{batch.product.producer_id:05d}"
    assert batch.brand == batch.product.producer.name
    assert (batch.material_lat, batch.material_lng) == (21.5946, 105.7621)


@pytest.mark.parametrize("field, value", [
    ("code", ""), ("code", "lô có dấu"), ("code", "X" * 21), ("produced_on", ""),
    ("produced_on", (today() + timedelta(days=1)).isoformat()), ("quantity", "-3"),
    ("material_lat", "91"), ("best_before", "2000-01-01"),
])
def test_bad_batch_input_is_refused(db, field, value):
    product = make_product()

    with pytest.raises(TraceInvalid) as error:
        create_batch(product, BatchData(**{"code": "LO1", "produced_on": today().isoformat(),
                                           field: value}))
    assert field in error.value.errors


def test_a_lot_code_is_unique_per_product(db):
    batch = make_batch(code="LO1")

    with pytest.raises(TraceInvalid):
        make_batch(batch.product, code="LO1")
    make_batch(make_product(), code="LO1")  # another product may reuse it


def test_record_event_is_the_contract_other_domains_call(db):
    batch = make_batch()
    when = datetime(2026, 11, 20, 8, 30, tzinfo=timezone(timedelta(hours=7)))

    event = record_event(batch, "receiving", "OBSERVE", "VN-19-05503-DB00001",
                         "Điểm bán OCOP Tân Cương", "Nguyễn Văn Bình", when, "Nhập 20 gói")
    db.session.commit()

    assert event.id and event.disposition == "in_possession"
    stored = db.session.get(TraceEvent, event.id)
    assert stored.event_time.replace(tzinfo=stored.event_time.tzinfo or timezone.utc) == when
    with pytest.raises(TraceInvalid):
        record_event(batch, "teleporting", "OBSERVE", "X", "Y", "Z")
    with pytest.raises(TraceInvalid):
        record_event(batch, "packing", "MOVE", "X", "Y", "Z")
    with pytest.raises(TraceInvalid):
        record_event(batch, "packing", "ADD", "", "", "Z")


def test_a_manual_event_defaults_to_the_producers_premises(db):
    batch = make_batch()

    event = add_event(batch, EventData(biz_step="packing", note="Đóng gói 200 g"),
                      actor_name="Hoa")

    assert event.place_code.startswith("VN-19-05503-CT")
    with pytest.raises(TraceInvalid):
        add_event(batch, EventData(biz_step="packing", when="2999-01-01T00:00"), actor_name="H")


def test_stamps_have_unique_valid_serials(db, app):
    batch = make_batch()

    stamps = create_stamps(batch, 300)

    serial_list = [s.serial for s in stamps]
    assert len(set(serial_list)) == 300
    assert all(serials.is_valid(s) for s in serial_list)
    with pytest.raises(TraceInvalid):
        create_stamps(batch, 0)
    with pytest.raises(TraceInvalid):
        create_stamps(batch, app.config["TRACE_MAX_STAMPS"] + 1)


def test_cli_prints_serials_one_a_line_and_creates_the_batch(runner, db):
    product = make_product(slug="che-tom-non")

    result = runner.invoke(args=["trace", "stamps", "che-tom-non", "--batch", "LO-A1",
                                 "--count", "5"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 5 and all(serials.is_valid(line) for line in lines)
    batch = db.session.scalar(select(Batch).where(Batch.product_id == product.id))
    assert (batch.code, batch.produced_on) == ("LO-A1", today())
    again = runner.invoke(args=["trace", "stamps", "che-tom-non", "--batch", "LO-A1",
                                "--count", "2"])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count(Batch.id))) == 1
    assert db.session.scalar(select(func.count(Stamp.id))) == 7


def test_cli_refuses_an_unknown_product_or_a_bad_count(runner, db):
    make_product(slug="mien-dong")

    unknown = runner.invoke(args=["trace", "stamps", "khong-co", "--batch", "L1", "--count", "1"])
    zero = runner.invoke(args=["trace", "stamps", "mien-dong", "--batch", "L1", "--count", "0"])

    assert unknown.exit_code != 0 and "khong-co" in unknown.output
    assert zero.exit_code != 0
    assert db.session.scalar(select(func.count(Batch.id))) == 0


def test_a_stage_may_carry_a_photo_shown_on_the_trace_page(app, db):
    import io

    from PIL import Image

    from marketplace.catalog import images
    from marketplace.trace.services import create_stamps
    from tests.factories import DEFAULT_PASSWORD, make_user

    batch = make_batch()
    owner = make_user(role="producer", producer=batch.product.producer)
    client = app.test_client()
    client.post("/login", data={"email": owner.email, "password": DEFAULT_PASSWORD})
    photo = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 90, 40)).save(photo, "JPEG")
    photo.seek(0)

    client.post(f"/dashboard/producer/batches/{batch.id}/events",
                data={"biz_step": "inspecting", "action": "OBSERVE", "note": "Kiểm nghiệm",
                      "photo": (photo, "kiem-nghiem.jpg")}, content_type="multipart/form-data")

    event = db.session.scalar(select(TraceEvent).where(TraceEvent.biz_step == "inspecting"))
    assert event.photo_path and images.is_hashed(event.photo_path)
    stamp = create_stamps(batch, 1)[0]
    data = app.test_client().get(f"/api/v1/trace/{stamp.serial}").get_json()
    assert data["events"][-1]["photo"].endswith("-card.webp")
