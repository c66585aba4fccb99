"""Done when (issue 8), in a real browser (Debian's Chromium through Playwright):

a producer submits a dossier that the commune and the council process into a 4★
certificate visible on the product, creates a batch, prints stamps, and a phone scanning
a stamp sees the trace page. CSRF is on, as in production. Screenshots go to
test-artifacts/browser/ (``ocop-*``); the scan uses a phone's viewport and user agent.
"""
from __future__ import annotations

import re

import pytest
import segno

from marketplace.extensions import db
from tests.browser.support import PASSWORD, PHONE, log_in, new_page, serve_store, shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
COUNCIL = ("uy-vien-1@example.vn", "uy-vien-2@example.vn", "uy-vien-3@example.vn")
# Each member's points per criterion code: totals 74, 76 and 78 (mean 76: 4★), every
# mandatory criterion of 3★ and 4★ met, C7 (export, 5★ only) low.
BASE = {"A1": 5, "A2": 3, "A3": 2, "A4": 4, "A5": 2, "A6": 2, "A7": 3, "A8": 3, "A9": 3,
        "A10": 3, "A11": 2, "A12": 2, "B1": 5, "B2": 3, "B3": 4, "B4": 4, "B5": 3, "C1": 6,
        "C2": 3, "C3": 4, "C4": 4, "C5": 4, "C6": 2, "C7": 0}  # 76
SHEETS = [{**BASE, "C1": 4}, BASE, {**BASE, "C1": 8}]  # 74, 76, 78


@pytest.fixture(scope="module")
def live_store(tmp_path_factory):
    """A store with the seeded food scorecard, the office (three council members), and an
    approved producer with a published product (photo, GTIN), served on a free port."""
    from marketplace.ocop.council import add_council_member
    from marketplace.ocop.seed import ensure_scorecards
    from tests.factories import make_producer, make_product, make_user
    from tests.trace.helpers import add_photo

    def seed():
        ensure_scorecards()
        db.session.commit()
        for n, email in enumerate(COUNCIL, 1):
            member = make_user(email, role="office", name=f"Uỷ viên {n}", password=PASSWORD)
            add_council_member(member, "Uỷ viên hội đồng")
        producer = make_producer("HTX chè Hảo Đạt", street="Xóm Hồng Thái 2",
                                 email="haodat@example.vn")
        make_user("hoa@haodat.vn", role="producer", producer=producer, name="Nguyễn Thị Hoa",
                  password=PASSWORD)
        product = make_product("Chè móc câu Hảo Đạt", producer=producer, price_vnd=180_000,
                               slug="che-moc-cau-hao-dat", gtin="8930000000017",
                               shelf_life="12 tháng", category_slug="che-ca-phe")
        add_photo(product)

    tmp = tmp_path_factory.mktemp("ocop-journey")
    with serve_store(tmp, seed) as (app, base):
        yield app, base, tmp


def fill_points(page, points: dict[str, int]) -> None:
    """Type each criterion's points into the scorecard table (inputs named c<id>)."""
    for row in page.locator("table.ocop-scorecard tbody tr").all():
        cells = row.locator("td")
        if cells.count() < 3:
            continue
        code = cells.first.inner_text().strip()
        row.locator("input.ocop-points").fill(str(points[code]))


def test_dossier_to_four_stars_then_batch_stamps_and_a_phone_scan(live_store, browser):
    app, base, tmp = live_store
    errors: list[str] = []
    pdf = tmp / "ho-so.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type"
                    b"/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

    # 1. The producer starts a dossier, attaches the documents, self-assesses, submits.
    context, producer = new_page(browser, errors)
    log_in(producer, base, "hoa@haodat.vn")
    producer.goto(base + "/dashboard/producer")
    producer.get_by_role("link", name="Hồ sơ OCOP").click()
    producer.locator("#ocop-products button").first.click()
    producer.wait_for_url(re.compile(r"/dashboard/producer/ocop/dossiers/\d+$"))
    for kind in ("registration", "business_plan", "quality"):
        producer.select_option("#document-kind", kind)
        producer.set_input_files("#document-file", str(pdf))
        producer.click("#upload-document")
        producer.wait_for_load_state()
    assert producer.locator(".ocop-docs li").count() == 3
    fill_points(producer, BASE)
    producer.fill("#summary", "Chè móc câu hái tay từ đồi chè Hồng Thái, sao suốt thủ công.")
    producer.click("#save-self")
    producer.wait_for_load_state()
    shot(producer, "ocop-01-dossier-ready")
    producer.click("#submit-dossier")
    producer.wait_for_load_state()
    assert producer.locator("#dossier-state").inner_text() == "Chờ xã đánh giá sơ bộ"
    dossier_url = producer.url

    # 2. The office records the commune's preliminary review: passed.
    office_context, office = new_page(browser, errors)
    log_in(office, base, COUNCIL[0])
    office.goto(base + "/dashboard/office")
    office.get_by_role("link", name="Hồ sơ OCOP").first.click()
    office.click("#tile-submitted")
    office.locator("#dossier-table a").first.click()
    shot(office, "ocop-02-commune-review")
    office.fill("#review-note", "Hồ sơ đầy đủ, sản phẩm đặc trưng của xã.")
    office.click("#review-pass")
    office.wait_for_load_state()
    assert office.locator("#dossier-state").inner_text() == "Hội đồng tỉnh đang chấm"
    office_dossier = office.url

    # 3. Each council member scores on the scoring screen.
    for email, points in zip(COUNCIL, SHEETS):
        member_context, member = new_page(browser, errors)
        log_in(member, base, email)
        member.goto(office_dossier)
        member.click("#open-scoring")
        member.wait_for_url(re.compile(r"/score$"))
        fill_points(member, points)
        if email == COUNCIL[1]:
            shot(member, "ocop-03-council-scoring")
        member.click("#submit-sheet")
        member.wait_for_load_state()
        member_context.close()

    # 4. The office closes the scoring (mean 76) and the province issues the 4★ certificate.
    office.goto(office_dossier)
    assert office.locator("#council-sheets tbody tr").count() == 3
    office.click("#close-scoring")
    office.wait_for_load_state()
    assert office.locator("#dossier-average").inner_text() == "76.00"
    office.fill("#decision_no", "1234/QĐ-UBND")
    shot(office, "ocop-04-decision")
    office.click("#issue-certificate")
    office.wait_for_load_state()
    assert office.locator("#dossier-state").inner_text() == "Đã công nhận"
    assert "4 sao" in office.locator("#certificate").inner_text()
    office_context.close()

    # 5. The 4★ badge is on the product page.
    visitor_context, visitor = new_page(browser, errors)
    visitor.goto(base + "/products/che-moc-cau-hao-dat")
    assert "OCOP 4 sao" in visitor.locator(".product__summary").inner_text()
    shot(visitor, "ocop-05-product-4-stars")
    visitor_context.close()
    producer.goto(dossier_url)
    assert "4 sao" in producer.locator("#certificate").inner_text()

    # 6. The producer records a batch and prints its stamps.
    producer.get_by_role("link", name="Lô hàng & tem").click()
    producer.click("#new-batch")
    producer.select_option("#product_id", label="Chè móc câu Hảo Đạt")
    producer.fill("#code", "HD-2026-11")
    producer.fill("#best_before", "2027-11-01")
    producer.fill("#quantity", "200")
    producer.fill("#standards", "TCVN 7975:2008; VietGAP")
    producer.fill("#material_area_name", "Đồi chè Hồng Thái")
    producer.fill("#material_area_code", "VG-19-0021")
    producer.click("#save-batch")
    producer.wait_for_url(re.compile(r"/dashboard/producer/batches/\d+$"))
    producer.select_option("#biz_step", "packing")
    producer.fill("#note", "Đóng gói 100 g, hút chân không")
    producer.click("#add-event")
    producer.wait_for_load_state()
    producer.fill("#stamp-count-input", "8")
    producer.click("#create-stamps")
    producer.wait_for_url(re.compile(r"/sheet\?after=\d+$"))
    assert producer.locator(".stamp").count() == 8
    shot(producer, "ocop-06-stamp-sheet")
    stamp = producer.locator(".stamp").first
    url = stamp.get_attribute("data-url")
    assert re.fullmatch(re.escape(base) + r"/01/08930000000017/10/HD-2026-11/21/[0-9A-Z]{14}", url)
    # The QR code on the sheet encodes exactly that URL.
    printed = stamp.locator("svg path").get_attribute("d")
    expected = segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=2, omitsize=True, svgclass="stamp__qr", title=None)
    assert printed and f'd="{printed}"' in expected
    serial = url.rsplit("/", 1)[1]
    context.close()

    # 7. A phone scans the stamp and sees the trace page.
    phone_context, phone = new_page(browser, errors, PHONE)
    phone.goto(url)
    assert "Tem chính hãng" in phone.locator("#verdict").inner_text()
    assert phone.locator("#product-name").inner_text() == "Chè móc câu Hảo Đạt"
    assert "4 sao" in phone.locator("#certificate-now").inner_text()
    assert phone.locator("#timeline li").count() == 2
    assert "HTX chè Hảo Đạt" in phone.content() and "VietGAP" in phone.content()
    assert "Tem đã được quét 1 lần" in phone.locator("#scan-count").inner_text()
    assert phone.evaluate("document.querySelector('.trace__image').naturalWidth") > 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "ocop-07-phone-trace")
    phone.goto(base + "/trace/" + serial[:-1] + ("0" if serial[-1] != "0" else "1"))
    assert "Không phải tem chính hãng" in phone.locator("#verdict").inner_text()
    shot(phone, "ocop-08-phone-not-genuine")
    phone_context.close()
    assert errors == []
