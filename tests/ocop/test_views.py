"""The producer's dossier pages and the office's OCOP screens, through HTTP."""
import io

from sqlalchemy import select

from marketplace.ocop import council
from marketplace.ocop.dossier_models import Criterion, Dossier, Scorecard
from tests.conftest import csrf_token_of
from tests.factories import (
    DEFAULT_PASSWORD, TINY_PDF, food_scorecard, make_certification, make_council, make_dossier,
    make_product, make_user, points_for_total, score_dossier,
)


def logged_in(app, user):
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    return client


def test_a_producer_prepares_and_submits_a_dossier(app, db):
    scorecard = food_scorecard()
    product = make_product("Chè búp Tân Cương", category_slug="che-ca-phe")
    client = logged_in(app, make_user(role="producer", producer=product.producer))

    listing = client.get("/dashboard/producer/ocop")
    assert listing.status_code == 200 and f"start-dossier-{product.id}" in listing.get_data(
        as_text=True)
    started = client.post("/dashboard/producer/ocop/start", data={"product_id": product.id})
    dossier = db.session.scalar(select(Dossier))
    assert started.headers["Location"].endswith(f"/dashboard/producer/ocop/dossiers/{dossier.id}")
    for kind in ("registration", "business_plan", "quality"):
        upload = client.post(f"/dashboard/producer/ocop/dossiers/{dossier.id}/documents",
                             data={"kind": kind, "document": (io.BytesIO(TINY_PDF), f"{kind}.pdf")},
                             content_type="multipart/form-data")
        assert upload.status_code == 303
    points = points_for_total(scorecard, 72)
    client.post(f"/dashboard/producer/ocop/dossiers/{dossier.id}/self-assessment",
                data={**{f"c{k}": v for k, v in points.items()}, "summary": "Chè hái tay"})
    submitted = client.post(f"/dashboard/producer/ocop/dossiers/{dossier.id}/submit")

    assert submitted.status_code == 303
    db.session.refresh(dossier)
    assert dossier.state == "submitted" and len(dossier.documents) == 3
    page = client.get(f"/dashboard/producer/ocop/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Chờ xã đánh giá sơ bộ" in page
    doc = dossier.documents[0]
    download = client.get(f"/dashboard/producer/ocop/dossiers/{dossier.id}/documents/{doc.id}")
    assert download.data == TINY_PDF and "attachment" in download.headers["Content-Disposition"]


def test_a_self_assessment_out_of_range_is_refused(app, db):
    dossier = make_dossier()
    client = logged_in(app, make_user(role="producer", producer=dossier.producer))
    a1 = next(c for c in dossier.scorecard.criteria if c.code == "A1")

    client.post(f"/dashboard/producer/ocop/dossiers/{dossier.id}/self-assessment",
                data={f"c{a1.id}": "99"})

    page = client.get(f"/dashboard/producer/ocop/dossiers/{dossier.id}").get_data(as_text=True)
    assert "A1: điểm từ 0 đến 5" in page


def test_another_producers_dossier_is_404(app, db):
    dossier = make_dossier()
    client = logged_in(app, make_user(role="producer"))

    assert client.get(f"/dashboard/producer/ocop/dossiers/{dossier.id}").status_code == 404
    assert client.post(f"/dashboard/producer/ocop/dossiers/{dossier.id}/submit").status_code == 404


def test_the_office_walks_a_dossier_to_a_four_star_certificate(app, db):
    dossier = make_dossier(state="submitted")
    members = make_council(3)
    office = logged_in(app, members[0])

    listing = office.get("/dashboard/office/ocop/dossiers?state=submitted").get_data(as_text=True)
    assert dossier.number in listing
    office.post(f"/dashboard/office/ocop/dossiers/{dossier.id}/review", data={
        "decision": "pass", "note": "Đủ hồ sơ"})
    for member, total in zip(members, (74, 76, 78)):
        client = logged_in(app, member)
        assert client.get(f"/dashboard/office/ocop/dossiers/{dossier.id}/score").status_code == 200
        points = points_for_total(dossier.scorecard, total)
        client.post(f"/dashboard/office/ocop/dossiers/{dossier.id}/score",
                    data={**{f"c{k}": v for k, v in points.items()}, "final": "1"})
    office.post(f"/dashboard/office/ocop/dossiers/{dossier.id}/close")
    page = office.get(f"/dashboard/office/ocop/dossiers/{dossier.id}").get_data(as_text=True)
    assert "76.00" in page and "issue-certificate" in page
    office.post(f"/dashboard/office/ocop/dossiers/{dossier.id}/decide",
                data={"decision_no": "1234/QĐ-UBND", "certified_on": ""})

    db.session.refresh(dossier)
    assert dossier.state == "certified" and dossier.certification.stars == 4
    product_page = app.test_client().get(f"/products/{dossier.product.slug}")
    assert "OCOP 4 sao" in product_page.get_data(as_text=True)


def test_only_council_members_open_the_scoring_screen(app, db):
    dossier = make_dossier(state="council_scoring")
    client = logged_in(app, make_user(role="office"))

    assert client.get(f"/dashboard/office/ocop/dossiers/{dossier.id}/score").status_code == 403


def test_office_pages_are_for_the_office(app, db):
    dossier = make_dossier()
    shopper = logged_in(app, make_user())
    producer = logged_in(app, make_user(role="producer", producer=dossier.producer))

    for client in (shopper, producer):
        for url in ("/dashboard/office/ocop/dossiers", f"/dashboard/office/ocop/dossiers/{dossier.id}",
                    "/dashboard/office/ocop/stats", "/dashboard/office/ocop/export",
                    "/dashboard/office/ocop/scorecards", "/dashboard/office/ocop/expiring"):
            assert client.get(url).status_code == 403, url


def test_every_office_screen_renders(app, db):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, [80, 80, 80])
    council.close_scoring(dossier)
    certificate = make_certification(make_product(), stars=3)
    client = logged_in(app, make_user(role="office"))
    scorecard = dossier.scorecard

    for url in ("/dashboard/office", "/dashboard/office/ocop/dossiers",
                f"/dashboard/office/ocop/dossiers/{dossier.id}",
                "/dashboard/office/ocop/expiring?days=2000",
                f"/dashboard/office/ocop/certificates/{certificate.id}",
                "/dashboard/office/ocop/stats", "/dashboard/office/ocop/scorecards",
                f"/dashboard/office/ocop/scorecards/{scorecard.id}",
                "/dashboard/office/ocop/council", "/dashboard/office/ocop/export"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<script>" not in response.get_data(as_text=True)


def test_statistics_draw_server_side_svg_charts(app, db):
    make_product(stars=3)
    make_product(stars=4)
    make_product(stars=4)
    client = logged_in(app, make_user(role="office"))

    html = client.get("/dashboard/office/ocop/stats").get_data(as_text=True)

    for chart in ("chart-stars", "chart-group", "chart-commune", "chart-year"):
        assert f'<svg class="chart" id="{chart}"' in html
    assert 'id="certified-count">3<' in html
    assert "4 sao: 2" in html


def test_revocation_needs_a_reason_and_takes_the_badge_away(app, db):
    product = make_product(stars=4)
    certificate = product.certifications[0]
    client = logged_in(app, make_user(role="office"))

    client.post(f"/dashboard/office/ocop/certificates/{certificate.id}", data={"reason": " "})
    db.session.refresh(certificate)
    assert certificate.status == "active"
    client.post(f"/dashboard/office/ocop/certificates/{certificate.id}",
                data={"reason": "Sản phẩm không đạt kiểm tra"})

    db.session.refresh(certificate)
    assert certificate.status == "revoked" and certificate.revoked_at is not None
    detail = app.test_client().get(f"/api/v1/products/{product.slug}").get_json()
    assert detail["stars"] is None


def test_office_edits_a_scorecard_as_a_new_version(app, db):
    dossier = make_dossier()  # the seeded scorecard is now in use
    scorecard = dossier.scorecard
    client = logged_in(app, make_user(role="office"))
    a2 = next(c for c in scorecard.criteria if c.code == "A2")

    locked = client.post(f"/dashboard/office/ocop/criteria/{a2.id}/update", data={
        "part": "A", "code": "A2", "title": "Sửa", "max_points": "3"})
    assert locked.status_code == 303
    db.session.refresh(a2)
    assert a2.title != "Sửa"

    copy = client.post(f"/dashboard/office/ocop/scorecards/{scorecard.id}/version")
    new = db.session.scalar(select(Scorecard).where(Scorecard.version == 2))
    assert copy.headers["Location"].endswith(f"/scorecards/{new.id}")
    new_a2 = db.session.scalar(select(Criterion).where(Criterion.scorecard_id == new.id,
                                                       Criterion.code == "A2"))
    client.post(f"/dashboard/office/ocop/criteria/{new_a2.id}/update", data={
        "part": "A", "code": "A2", "title": "Gia tăng giá trị", "max_points": "4"})
    client.post(f"/dashboard/office/ocop/scorecards/{new.id}/activate")
    db.session.refresh(new)
    assert not new.is_active  # A would add up to 41
    client.post(f"/dashboard/office/ocop/criteria/{new_a2.id}/update", data={
        "part": "A", "code": "A2", "title": "Gia tăng giá trị", "max_points": "3",
        "mandatory_from_stars": "4", "min_points": "1"})
    client.post(f"/dashboard/office/ocop/scorecards/{new.id}/activate")
    db.session.refresh(new)
    db.session.refresh(scorecard)
    assert new.is_active and not scorecard.is_active


def test_council_membership_from_the_office_page(app, db):
    office = make_user(role="office")
    colleague = make_user("uy-vien@example.vn", role="office")
    client = logged_in(app, office)

    client.post("/dashboard/office/ocop/council", data={"email": "uy-vien@example.vn",
                                                        "title": "Uỷ viên"})

    assert council.is_council_member(colleague)


def test_forms_keep_csrf_on(csrf_app, db):
    dossier = make_dossier()
    user = make_user(role="producer", producer=dossier.producer)
    client = csrf_app.test_client()
    page = client.get("/login")
    client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD,
                                "csrf_token": csrf_token_of(page.data)})

    refused = client.post(f"/dashboard/producer/ocop/dossiers/{dossier.id}/withdraw")
    assert refused.status_code == 400
    form = client.get(f"/dashboard/producer/ocop/dossiers/{dossier.id}")
    accepted = client.post(f"/dashboard/producer/ocop/dossiers/{dossier.id}/withdraw",
                           data={"csrf_token": csrf_token_of(form.data)})
    assert accepted.status_code == 303
    db.session.refresh(dossier)
    assert dossier.state == "withdrawn"
