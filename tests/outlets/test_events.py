"""Fairs and events: the office publishes, producers apply, the office accepts."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.clock import today
from marketplace.notifications.models import OutboxMessage
from marketplace.outlets import events
from marketplace.outlets.event_models import ApplicationStatus, EventStatus
from marketplace.outlets.exceptions import OutletInvalid
from tests.factories import make_producer, make_product


def make_event(*, title="Tuần hàng OCOP Thái Nguyên", starts_in=20, days=3,
               commune_code="05443", publish=True):
    start = today() + timedelta(days=starts_in)
    return events.create_event(events.EventData(
        title=title, kind="ocop_week", starts_on=start.isoformat(),
        ends_on=(start + timedelta(days=days)).isoformat(), venue="Quảng trường 20/8",
        province_code="19", commune_code=commune_code, description="Gian hàng OCOP."),
        actor_id=None, publish=publish)


def test_an_event_is_checked(db):
    with pytest.raises(OutletInvalid) as error:
        events.create_event(events.EventData(title="", starts_on="2026-13-01", ends_on="x",
                                             commune_code="99999"), actor_id=None)

    assert {"title", "starts_on", "ends_on", "venue", "commune_code"} <= set(error.value.errors)


def test_a_producer_applies_and_the_office_accepts(db, client):
    event = make_event()
    producer = make_producer("HTX chè Hảo Đạt", email="haodat@example.vn")
    tea = make_product("Chè tôm nõn", producer=producer)
    other = make_product("Không phải của tôi")

    with pytest.raises(OutletInvalid):
        events.apply(event, producer, events.ApplicationData([other.id]))
    application = events.apply(event, producer, events.ApplicationData([tea.id], "Hai gian"))
    assert client.get(f"/events/{event.slug}").get_data(as_text=True).count("Chè tôm nõn") == 0

    events.decide(application, True)

    assert application.status == ApplicationStatus.ACCEPTED
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "HTX chè Hảo Đạt" in page and "Chè tôm nõn" in page
    assert db.session.scalar(select(OutboxMessage.subject).where(
        OutboxMessage.to_address == "haodat@example.vn")).startswith("Chợ OCOP: được tham gia")
    with pytest.raises(OutletInvalid):
        events.decide(application, False)  # decided once


def test_applications_close_when_the_event_starts(db):
    event = make_event(starts_in=0)
    producer = make_producer()

    with pytest.raises(OutletInvalid):
        events.apply(event, producer, events.ApplicationData([make_product(producer=producer).id]))


def test_the_home_page_shows_upcoming_published_events(client, db):
    make_event(title="Hội chợ OCOP mùa xuân")
    make_event(title="Bản nháp chưa công bố", publish=False)
    make_event(title="Đã qua", starts_in=-10, days=2)

    page = client.get("/").get_data(as_text=True)

    assert "Hội chợ OCOP mùa xuân" in page
    assert "Bản nháp chưa công bố" not in page and "Đã qua" not in page


def test_a_draft_event_is_not_public_until_published(client, db):
    event = make_event(publish=False)
    assert client.get(f"/events/{event.slug}").status_code == 404

    events.set_status(event, EventStatus.PUBLISHED)

    assert client.get(f"/events/{event.slug}").status_code == 200
