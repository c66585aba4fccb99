"""The producer's batch pages, the stamp sheet and ownership."""
import re

from sqlalchemy import func, select

from marketplace.trace import serials
from marketplace.trace.models import Batch, Stamp
from tests.factories import DEFAULT_PASSWORD, make_batch, make_product, make_user


def producer_client(app, producer):
    user = make_user(role="producer", producer=producer)
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    return client


def test_a_producer_creates_a_batch_records_a_stage_and_prints_stamps(app, db):
    product = make_product(gtin="8930000000017")
    client = producer_client(app, product.producer)

    form = client.get("/dashboard/producer/batches/new")
    assert form.status_code == 200
    created = client.post("/dashboard/producer/batches/new", data={
        "product_id": product.id, "code": "TC-01", "produced_on": "2026-11-01",
        "best_before": "2027-11-01", "quantity": "100", "standards": "TCVN 7975:2008"})
    assert created.status_code == 303
    batch = db.session.scalar(select(Batch))
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "TC-01" in page and "commissioning" in page

    event = client.post(f"/dashboard/producer/batches/{batch.id}/events",
                        data={"biz_step": "packing", "action": "OBSERVE", "note": "Gói 100 g"})
    assert event.status_code == 303
    stamps = client.post(f"/dashboard/producer/batches/{batch.id}/stamps", data={"count": "40"})
    assert stamps.status_code == 303 and "/sheet" in stamps.headers["Location"]

    sheet = client.get(stamps.headers["Location"]).get_data(as_text=True)
    assert sheet.count('class="stamp"') == 40
    assert sheet.count("<section class=\"sheet\"") == 2  # 32 per A4 page
    assert sheet.count('<svg viewBox="0 0') == 40 and "<script" not in sheet
    assert "@page" not in sheet and "stamp-sheet.css" in sheet
    grouped = re.findall(r'<p class="stamp__serial">([0-9A-Z ]+)</p>', sheet)
    assert len(grouped) == 40 and all(serials.is_valid(g.replace(" ", "")) for g in grouped)
    serial_text = client.get(f"/dashboard/producer/batches/{batch.id}/stamps.txt")
    assert len(serial_text.get_data(as_text=True).splitlines()) == 40


def test_the_qr_code_encodes_the_digital_link_on_the_stores_host(app, db):
    product = make_product(gtin="8930000000017")
    batch = make_batch(product, code="TC-02")
    client = producer_client(app, product.producer)
    client.post(f"/dashboard/producer/batches/{batch.id}/stamps", data={"count": "1"})
    stamp = db.session.scalar(select(Stamp))

    from marketplace.shops.dashboard.views_trace import qr_svg
    with app.test_request_context(base_url="https://cho-ocop.vn"):
        from marketplace.trace.links import stamp_url
        url = stamp_url(stamp.serial, product.gtin, batch.code)
        assert url == f"https://cho-ocop.vn/01/08930000000017/10/TC-02/21/{stamp.serial}"
        assert qr_svg(url).startswith("<svg")


def test_batches_of_another_producer_are_404(app, db):
    batch = make_batch()
    client = producer_client(app, make_product().producer)

    for url in (f"/dashboard/producer/batches/{batch.id}",
                f"/dashboard/producer/batches/{batch.id}/sheet",
                f"/dashboard/producer/batches/{batch.id}/stamps.txt"):
        assert client.get(url).status_code == 404
    assert client.post(f"/dashboard/producer/batches/{batch.id}/stamps",
                       data={"count": "5"}).status_code == 404
    assert db.session.scalar(select(func.count(Stamp.id))) == 0


def test_a_bad_batch_form_shows_its_errors(app, db):
    product = make_product()
    client = producer_client(app, product.producer)

    response = client.post("/dashboard/producer/batches/new", data={
        "product_id": product.id, "code": "có dấu", "produced_on": ""})

    assert response.status_code == 400
    assert "Mã lô gồm" in response.get_data(as_text=True)
