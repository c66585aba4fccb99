"""The OCOP office, the OCOP workflow and traceability in English (area J4).

Every page is rendered with ASCII test data, so a word with a Vietnamese letter on an
English page is interface text left untranslated; only the administrative unit names of
the addresses (reference data, always Vietnamese) are allowed.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from marketplace import units
from marketplace.clock import today
from marketplace.ocop import council, dossiers, scorecards
from marketplace.ocop.services import issue_certification
from marketplace.shops.models import ProducerStatus
from marketplace.trace import serials
from marketplace.trace.services import BatchData, create_batch, create_stamps
from tests.factories import TINY_PDF, category, make_producer, make_product, make_user
from tests.i18n.helpers import vietnamese_left
from tests.shops.helpers import login

COMMUNE, PROVINCE = "05503", "19"


def allowed() -> tuple[str, ...]:
    """Words the English pages may keep: the language switch and the addresses' units."""
    return ("Tiếng Việt", units.commune(COMMUNE).name, units.commune(COMMUNE).short,
            units.province(PROVINCE).name, units.province(PROVINCE).short)


def english(client, path: str, status: int = 200) -> str:
    """The page at ``path`` in English, checked for Vietnamese interface text."""
    response = client.get(path + ("&" if "?" in path else "?") + "lang=en")
    assert response.status_code == status, path
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html, path
    assert vietnamese_left(html, allowed()) == [], path
    return html


def ascii_scorecard():
    """An active food scorecard whose criteria are ASCII (stored data is not translated)."""
    card = scorecards.create_scorecard(category("thuc-pham"), "Food scorecard")
    for part, code, title, top, mandatory, minimum in (
            ("A", "A1", "Local raw materials", 40, "4", "10"),
            ("B", "B1", "Marketing and product story", 25, "", "0"),
            ("C", "C1", "Product quality", 35, "", "0")):
        scorecards.add_criterion(card, scorecards.CriterionData(
            part=part, code=code, title=title, max_points=str(top),
            mandatory_from_stars=mandatory, min_points=minimum))
    scorecards.activate(card)
    return card


def certify(product, *, stars: int = 4, certified_on: date, number: str):
    from marketplace.extensions import db

    certificate = issue_certification(
        product, stars=stars, score=80, certified_on=certified_on, certificate_no=number,
        decision_no="125/QD-UBND", issuer="UBND tinh Thai Nguyen")
    db.session.commit()
    return certificate


@pytest.fixture
def world(client, db):
    """An office council member logged in, a dossier at the council, a certificate close to
    expiry, a pending producer and a stamped batch: all written without diacritics."""
    office = make_user("office@example.vn", role="office", name="Tran Van Binh")
    council.add_council_member(office, "Chair")
    producer = make_producer("HTX Hao Dat", slug="htx-hao-dat", street="Xom Hong Thai 2",
                             contact_name="Che Thi Hoa", story="Tea picked by hand.")
    card = ascii_scorecard()
    tea = make_product("Che Tan Cuong", producer=producer, slug="che-tan-cuong", unit="pack")
    dossier = dossiers.start_dossier(tea)
    for kind in dossiers.required_documents(dossier.kind):
        dossiers.add_document(dossier, kind, f"{kind}.pdf", TINY_PDF)
    points = {c.id: {"A1": 30, "B1": 20, "C1": 25}[c.code] for c in card.criteria}
    dossiers.save_self_assessment(dossier, points, "Hand picked tea")
    dossiers.submit(dossier)
    council.commune_review(dossier, passed=True, note="Complete")
    rice = make_product("Gao nep cai hoa vang", producer=producer, slug="gao-nep")
    certificate = certify(rice, certified_on=today() - timedelta(days=1050), number="OCOP-19-0001")
    pending = make_producer("HTX Song Cau", slug="htx-song-cau", status=ProducerStatus.PENDING)
    batch = create_batch(tea, BatchData(code="HD-2026-05", produced_on=(
        today() - timedelta(days=20)).isoformat(), quantity="400", standards="TCVN 7975:2008",
        material_area_name="Hong Thai tea hills", material_area_code="VG-19-0021"),
        actor_name="Nguyen Thi Hoa")
    stamp = create_stamps(batch, 1)[0]
    login(client, office)
    return {"office": office, "producer": producer, "dossier": dossier, "card": card,
            "certificate": certificate, "stamp": stamp, "pending": pending}


def test_the_office_home_and_the_producer_review_are_english(client, world):
    home = english(client, "/dashboard/office")
    assert "OCOP coordination office" in home and "Expiring certificates" in home
    queue = english(client, "/dashboard/office/producers")
    assert "HTX Song Cau" in queue and "Submitted" in queue
    detail = english(client, f"/dashboard/office/producers/{world['pending'].id}")
    assert "Reason (required, sent to the producer)" in detail
    english(client, f"/dashboard/office/producers/{world['producer'].id}")


def test_the_dossiers_list_and_a_dossier_are_english(client, world):
    dossier = world["dossier"]
    listing = english(client, "/dashboard/office/ocop/dossiers")
    assert "OCOP evaluation dossiers" in listing and "Provincial council scoring" in listing
    english(client, "/dashboard/office/ocop/dossiers?state=council_scoring")
    page = english(client, f"/dashboard/office/ocop/dossiers/{dossier.id}")
    assert "Producer&#39;s self-assessment" in page or "Producer's self-assessment" in page
    assert "Dossier submitted" in page and "Close scoring and average" in page
    assert "A. Product and community strength (40 points)" in page


def test_the_scoring_page_is_english_and_its_errors_too(client, world):
    dossier = world["dossier"]
    page = english(client, f"/dashboard/office/ocop/dossiers/{dossier.id}/score")
    assert "Score sheet: Che Tan Cuong" in page and "Submit score sheet" in page
    a1 = next(c for c in world["card"].criteria if c.code == "A1")

    refused = client.post(f"/dashboard/office/ocop/dossiers/{dossier.id}/score?lang=en",
                          data={f"c{a1.id}": "99", "final": "1"})

    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "A1: points from 0 to 40." in html
    assert vietnamese_left(html, allowed()) == []


def test_certificates_expiring_and_a_certificate_are_english(client, world):
    expiring = english(client, "/dashboard/office/ocop/expiring?days=60")
    assert "Certificates expiring within 60 days" in expiring and "Gao nep cai hoa vang" in expiring
    certificate = english(client, f"/dashboard/office/ocop/certificates/{world['certificate'].id}")
    assert "Certificate OCOP-19-0001" in certificate and "Valid" in certificate


def test_the_statistics_are_english_public_and_for_the_office(client, world):
    public = english(client, "/ocop/stats")
    assert "OCOP statistics" in public and "Certificates expiring in the next 90 days" in public
    assert "Food" in public  # the group's English name
    office = english(client, "/dashboard/office/ocop/stats")
    assert "Certification decisions per year (expired ones included)" in office


def test_the_council_scorecards_and_export_pages_are_english(client, world):
    assert "Provincial evaluation and ranking council" in english(
        client, "/dashboard/office/ocop/council")
    scorecard_list = english(client, "/dashboard/office/ocop/scorecards")
    assert "Evaluation and ranking scorecards" in scorecard_list
    card = english(client, f"/dashboard/office/ocop/scorecards/{world['card'].id}")
    assert "This scorecard is used by dossiers: read only." in card
    client.post("/dashboard/office/ocop/export", data={"name": "National sync"})
    export = english(client, "/dashboard/office/ocop/export")
    assert "Export for the national OCOP database" in export and "Last used" in export


def test_a_flashed_error_comes_out_in_english(client, world):
    response = client.post("/dashboard/office/ocop/council?lang=en",
                           data={"email": "nobody@example.vn"})

    assert response.status_code == 303
    page = english(client, "/dashboard/office/ocop/council")
    assert "There is no account with this email." in page


def test_a_workflow_refusal_comes_out_in_english(app, client, world):
    dossier = world["dossier"]
    quorum = app.config["OCOP_COUNCIL_QUORUM"]

    client.post(f"/dashboard/office/ocop/dossiers/{dossier.id}/close?lang=en")

    page = english(client, f"/dashboard/office/ocop/dossiers/{dossier.id}")
    assert (f"At least {quorum} council members&#39; score sheets are needed (0 so far)."
            in page)


def test_the_public_trace_page_of_a_stamp_is_english(client, world):
    client.post("/logout")
    page = english(client, f"/trace/{world['stamp'].serial}")
    assert "Genuine stamp" in page and "Product journey" in page
    assert "Production (batch created)" in page and "Production batch created" in page
    assert "No OCOP certificate in force" in page


def test_the_trace_lookup_of_an_unknown_serial_is_english(client, world):
    client.post("/logout")
    client.get("/lang/en?next=/trace")
    lookup = english(client, "/trace")
    assert "Check a traceability stamp" in lookup

    response = client.get("/trace", query_string={"serial": serials.generate()},
                          follow_redirects=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 404 and "Not a genuine stamp" in html
    assert vietnamese_left(html, allowed()) == []


def test_the_vietnamese_pages_are_unchanged(client, world):
    dossier = world["dossier"]
    page = client.get(f"/dashboard/office/ocop/dossiers/{dossier.id}").get_data(as_text=True)
    assert '<html lang="vi">' in page and "Hội đồng cấp tỉnh chấm điểm" in page
    assert "Hội đồng tỉnh đang chấm" in page and "Đã nộp hồ sơ" in page
    stats = client.get("/ocop/stats").get_data(as_text=True)
    assert "Thống kê OCOP" in stats and "Theo xã, phường" in stats
    client.post("/logout")
    trace = client.get(f"/trace/{world['stamp'].serial}").get_data(as_text=True)
    assert '<html lang="vi">' in trace and "Tem chính hãng" in trace
    assert "Khởi tạo lô sản xuất" in trace
