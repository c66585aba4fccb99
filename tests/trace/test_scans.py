"""Scan counting and the copied-stamp warning."""
from datetime import datetime, timezone

from sqlalchemy import select

from marketplace.trace.models import Scan
from marketplace.trace.scans import client_hint, signal, suspicious_stamps
from marketplace.trace.services import record_event
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.trace.helpers import PHONE, stamped_product

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile"
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0"


def scan(app, serial, agent=PHONE):
    """A scan from a fresh phone (no cookie from an earlier scan)."""
    return app.test_client().get(f"/trace/{serial}", headers={"User-Agent": agent})


def test_each_scan_is_counted_with_its_first_time_and_a_coarse_hint(app, db):
    _, _, stamp = stamped_product()

    scan(app, stamp.serial)
    scan(app, stamp.serial, IPHONE)
    response = scan(app, stamp.serial, DESKTOP)

    db.session.refresh(stamp)
    assert stamp.scan_count == 3
    assert stamp.first_scanned_at is not None
    hints = db.session.scalars(select(Scan.client_hint).where(Scan.stamp_id == stamp.id)
                               .order_by(Scan.id)).all()
    assert hints == ["phone", "phone", "desktop"]
    assert "Tem đã được quét 3 lần" in response.get_data(as_text=True)


def test_the_same_browser_reopening_is_not_counted_again(client, db):
    _, _, stamp = stamped_product()

    client.get(f"/trace/{stamp.serial}", headers={"User-Agent": PHONE})
    client.get(f"/trace/{stamp.serial}", headers={"User-Agent": PHONE})

    db.session.refresh(stamp)
    assert stamp.scan_count == 1


def test_bots_head_requests_and_the_api_are_not_scans(app, db):
    _, _, stamp = stamped_product()
    client = app.test_client()

    client.get(f"/trace/{stamp.serial}", headers={"User-Agent": "facebookexternalhit/1.1"})
    client.head(f"/trace/{stamp.serial}", headers={"User-Agent": PHONE})
    client.get(f"/api/v1/trace/{stamp.serial}")

    db.session.refresh(stamp)
    assert stamp.scan_count == 0
    assert client_hint("Googlebot/2.1") is None


def test_the_producer_and_the_office_checking_a_stamp_are_not_scans(app, db):
    product, _, stamp = stamped_product()
    owner = make_user(role="producer", producer=product.producer)
    office = make_user(role="office")
    for user in (owner, office):
        client = app.test_client()
        client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
        client.get(f"/trace/{stamp.serial}", headers={"User-Agent": PHONE})

    db.session.refresh(stamp)
    assert stamp.scan_count == 0


def test_a_stamp_scanned_too_often_after_its_sale_is_flagged(app, db):
    product, batch, stamp = stamped_product()
    threshold = app.config["TRACE_SUSPICIOUS_SCANS"]
    for _ in range(3):  # before the sale: the shop checking the stock
        scan(app, stamp.serial)
    record_event(batch, "retail_selling", "OBSERVE", "VN-19-05503-DB00001", "Điểm bán OCOP",
                 "Điểm bán", datetime.now(timezone.utc))
    db.session.commit()
    for _ in range(threshold):
        scan(app, stamp.serial)

    db.session.refresh(stamp)
    assert stamp.scan_count == 3 + threshold
    state = signal(stamp)
    assert state.after_sale == threshold and not state.suspicious

    page = scan(app, stamp.serial).get_data(as_text=True)
    db.session.refresh(stamp)
    assert signal(stamp).suspicious
    assert "có thể đã bị sao chép" in page
    assert [s.serial for s, _ in suspicious_stamps(product.producer_id)] == [stamp.serial]


def test_without_a_known_sale_every_scan_counts(app, db):
    product, _, stamp = stamped_product()
    threshold = app.config["TRACE_SUSPICIOUS_SCANS"]

    for _ in range(threshold):
        assert "có thể đã bị sao chép" not in scan(app, stamp.serial).get_data(as_text=True)
    assert "có thể đã bị sao chép" in scan(app, stamp.serial, IPHONE).get_data(as_text=True)
    db.session.refresh(stamp)
    assert stamp.scan_count == threshold + 1
    assert signal(stamp).suspicious


def test_the_producers_dashboard_lists_suspicious_serials(app, db):
    product, _, stamp = stamped_product()
    owner = make_user(role="producer", producer=product.producer)
    for _ in range(app.config["TRACE_SUSPICIOUS_SCANS"] + 1):
        scan(app, stamp.serial)
    client = app.test_client()
    client.post("/login", data={"email": owner.email, "password": DEFAULT_PASSWORD})

    html = client.get("/dashboard/producer/batches").get_data(as_text=True)

    assert 'id="suspicious"' in html and stamp.serial in html


def test_reloading_from_one_address_cannot_make_a_stamp_look_copied(app, db):
    _, _, stamp = stamped_product()
    limit = int(app.config["TRACE_SCAN_RATE_PER_IP"].split()[0])

    for _ in range(limit + 5):
        scan(app, stamp.serial)

    db.session.refresh(stamp)
    assert stamp.scan_count == limit
    other = app.test_client().get(f"/trace/{stamp.serial}", headers={"User-Agent": PHONE},
                                  environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 200
    db.session.refresh(stamp)
    assert stamp.scan_count == limit + 1
