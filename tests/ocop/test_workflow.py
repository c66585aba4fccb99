"""The dossier state machine: every transition allowed and refused, through the services."""
from datetime import timedelta

import pytest

from marketplace.clock import today
from marketplace.ocop import council, dossiers, workflow
from marketplace.ocop.dossier_models import DossierEvent, DossierKind, DossierState as S
from marketplace.ocop.exceptions import (
    DossierInvalid, InvalidDossierTransition, NotCouncilMember,
)
from marketplace.ocop.models import CertificationStatus
from marketplace.ocop.services import current_certification
from tests.factories import (
    TINY_PDF, food_scorecard, make_certification, make_council, make_dossier, make_product,
    make_user, points_for_total, score_dossier,
)

ALL = list(S)


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("target", ALL)
def test_the_table_allows_exactly_the_documented_transitions(current, target):
    documented = {
        (S.DRAFT, S.SUBMITTED), (S.DRAFT, S.WITHDRAWN),
        (S.SUBMITTED, S.COUNCIL_SCORING), (S.SUBMITTED, S.RETURNED),
        (S.SUBMITTED, S.WITHDRAWN), (S.RETURNED, S.SUBMITTED), (S.RETURNED, S.WITHDRAWN),
        (S.COUNCIL_SCORING, S.SCORED), (S.SCORED, S.CERTIFIED), (S.SCORED, S.NOT_CERTIFIED),
        (S.SCORED, S.MINISTRY_REVIEW), (S.MINISTRY_REVIEW, S.CERTIFIED),
        (S.MINISTRY_REVIEW, S.SCORED),
    }
    assert workflow.allows(current, target) == ((current, target) in documented)


def test_a_refused_transition_raises_and_changes_nothing(db):
    dossier = make_dossier()

    with pytest.raises(InvalidDossierTransition):
        council.commune_review(dossier, passed=True)

    db.session.refresh(dossier)
    assert dossier.state == S.DRAFT


def test_submit_needs_documents_and_a_complete_self_assessment(db):
    dossier = make_dossier()

    with pytest.raises(DossierInvalid) as error:
        dossiers.submit(dossier)

    assert "Phiếu đăng ký" in str(error.value) and "Chưa tự chấm" in str(error.value)
    assert dossier.state == S.DRAFT


def test_submit_sets_the_commune_deadline_and_tells_the_office(db, app):
    make_user("van-phong@example.vn", role="office")

    dossier = make_dossier(state="submitted")

    assert dossier.state == S.SUBMITTED
    assert dossier.due_on == today() + timedelta(days=app.config["OCOP_COMMUNE_REVIEW_DAYS"])
    from marketplace.notifications.models import OutboxMessage

    subjects = [m.subject for m in db.session.query(OutboxMessage)
                if m.to_address == "van-phong@example.vn"]
    assert any(dossier.number in s for s in subjects)


def test_commune_return_needs_comments_then_the_producer_resubmits(db):
    dossier = make_dossier(state="submitted")

    with pytest.raises(DossierInvalid):
        council.commune_review(dossier, passed=False, note="  ")
    council.commune_review(dossier, passed=False, note="Bổ sung công bố chất lượng")

    assert dossier.state == S.RETURNED and dossier.review_note == "Bổ sung công bố chất lượng"
    dossiers.submit(dossier)
    assert dossier.state == S.SUBMITTED
    council.commune_review(dossier, passed=True)
    assert dossier.state == S.COUNCIL_SCORING


def test_documents_and_scores_are_frozen_once_submitted(db):
    dossier = make_dossier(state="submitted")

    with pytest.raises(InvalidDossierTransition):
        dossiers.add_document(dossier, "other", "x.pdf", TINY_PDF)
    with pytest.raises(InvalidDossierTransition):
        dossiers.save_self_assessment(dossier, {})


def test_withdraw_is_allowed_before_scoring_and_refused_after(db):
    first = make_dossier(state="submitted")
    dossiers.withdraw(first)
    assert first.state == S.WITHDRAWN

    second = make_dossier(state="council_scoring")
    with pytest.raises(InvalidDossierTransition):
        dossiers.withdraw(second)


def test_only_council_members_score(db):
    dossier = make_dossier(state="council_scoring")
    outsider = make_user(role="office")

    with pytest.raises(NotCouncilMember):
        council.save_council_sheet(dossier, outsider, {}, final=False)


def test_scores_outside_a_criterion_range_are_refused(db):
    dossier = make_dossier(state="council_scoring")
    member = make_council(1)[0]
    a1 = next(c for c in dossier.scorecard.criteria if c.code == "A1")

    for bad in (a1.max_points + 1, -1):
        with pytest.raises(DossierInvalid) as error:
            council.save_council_sheet(dossier, member, {a1.id: bad}, final=False)
        assert "A1" in str(error.value)
    with pytest.raises(DossierInvalid):
        dossiers.save_self_assessment(make_dossier(), {a1.id: a1.max_points + 1})


def test_a_final_sheet_needs_every_criterion(db):
    dossier = make_dossier(state="council_scoring")
    member = make_council(1)[0]

    with pytest.raises(DossierInvalid):
        council.save_council_sheet(dossier, member, {}, final=True)


def test_closing_needs_the_quorum(db, app):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, [75] * (app.config["OCOP_COUNCIL_QUORUM"] - 1))

    with pytest.raises(InvalidDossierTransition) as error:
        council.close_scoring(dossier)
    assert "ít nhất" in str(error.value)


def test_the_result_is_the_average_of_the_members(db):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, [68, 71, 75])

    result = council.close_scoring(dossier)

    assert result.member_totals and [t for _, t in result.member_totals] == [68, 71, 75]
    assert dossier.average_hundredths == 7133  # 71.333...
    assert dossier.proposed_stars == 4
    assert dossier.state == S.SCORED


def test_an_average_of_69_point_67_is_three_stars(db):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, [69, 70, 70])

    council.close_scoring(dossier)

    assert dossier.average_hundredths == 6966
    assert dossier.proposed_stars == 3


@pytest.mark.parametrize("totals, stars", [([49, 49, 49], None), ([50, 50, 50], 3),
                                           ([69, 69, 69], 3), ([70, 70, 70], 4),
                                           ([89, 89, 89], 4), ([90, 90, 90], 5),
                                           ([100, 100, 100], 5)])
def test_council_boundaries(db, totals, stars):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, totals)

    council.close_scoring(dossier)

    assert dossier.proposed_stars == stars


def test_a_failed_mandatory_criterion_lowers_the_level(db):
    dossier = make_dossier(state="council_scoring")
    # C6 (quality management) is mandatory from 4★ with 2 points: everyone gives 0.
    score_dossier(dossier, [80, 80, 80], overrides={"C6": 0})

    council.close_scoring(dossier)

    assert dossier.proposed_stars == 3
    assert "C6" in dossier.outcome_note


def test_a_failed_three_star_mandatory_criterion_is_not_certified(db):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, [85, 85, 85], overrides={"C5": 1})

    council.close_scoring(dossier)

    assert dossier.proposed_stars is None
    with pytest.raises(InvalidDossierTransition):
        council.issue_decision(dossier, decision_no="1/QĐ-UBND")
    with pytest.raises(InvalidDossierTransition):
        council.refer_to_ministry(dossier)
    council.reject(dossier, note="Không đạt tiêu chí bắt buộc C5")
    assert dossier.state == S.NOT_CERTIFIED


def test_a_four_star_decision_issues_the_certificate_for_36_months(db):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, [76, 78, 80])
    council.close_scoring(dossier)

    with pytest.raises(DossierInvalid):
        council.issue_decision(dossier, decision_no="")
    certificate = council.issue_decision(dossier, decision_no="125/QĐ-UBND")

    assert dossier.state == S.CERTIFIED and dossier.certification_id == certificate.id
    assert (certificate.stars, certificate.score) == (4, 78)
    assert certificate.issuer == "UBND tỉnh Thái Nguyên"
    assert str(certificate.issuer_level) == "province"
    assert certificate.certificate_no.startswith(f"OCOP-19-{today().year}-")
    assert certificate.certified_on == today()
    assert certificate.expires_on.year == today().year + 3
    assert current_certification(dossier.product) == certificate
    with pytest.raises(InvalidDossierTransition):
        council.reject(dossier, note="late")


def test_a_province_cannot_certify_five_stars(db):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, [95, 95, 95])
    council.close_scoring(dossier)

    with pytest.raises(InvalidDossierTransition):
        council.issue_decision(dossier, decision_no="1/QĐ-UBND")

    council.refer_to_ministry(dossier)
    assert dossier.state == S.MINISTRY_REVIEW
    certificate = council.record_ministry_decision(
        dossier, granted=True, decision_no="88/QĐ-BNNMT")
    assert certificate.stars == 5 and str(certificate.issuer_level) == "ministry"
    assert certificate.issuer == "Bộ Nông nghiệp và Môi trường"


def test_when_the_ministry_declines_the_province_may_still_certify_four_stars(db):
    dossier = make_dossier(state="council_scoring")
    score_dossier(dossier, [92, 92, 92])
    council.close_scoring(dossier)
    council.refer_to_ministry(dossier)

    council.record_ministry_decision(dossier, granted=False, note="Chưa đủ điều kiện 5 sao")

    assert dossier.state == S.SCORED and dossier.proposed_stars == 4
    certificate = council.issue_decision(dossier, decision_no="300/QĐ-UBND")
    assert certificate.stars == 4


def test_every_transition_is_recorded(db):
    dossier = make_dossier(state="council_scoring")

    trail = [(e.from_state, e.to_state) for e in db.session.query(DossierEvent)
             .filter_by(dossier_id=dossier.id).order_by(DossierEvent.id)]

    assert trail == [("draft", "submitted"), ("submitted", "council_scoring")]


def test_one_open_dossier_per_product(db):
    dossier = make_dossier()

    with pytest.raises(DossierInvalid):
        dossiers.start_dossier(dossier.product)


def test_a_certified_product_waits_for_the_re_evaluation_window(db, app):
    food_scorecard()
    product = make_product(category_slug="che-ca-phe")
    window = app.config["EXPIRY_WARNING_DAYS"]
    early = make_certification(product, stars=4, certified_on=today() - timedelta(days=400),
                               expires_on=today() + timedelta(days=window + 1))

    refused = dossiers.eligibility(product)
    assert not refused.allowed and refused.opens_on == today() + timedelta(days=1)

    early.expires_on = today() + timedelta(days=window)
    db.session.commit()
    allowed = dossiers.eligibility(product)
    assert allowed.allowed and allowed.kind == DossierKind.RE_EVALUATION
    dossier = dossiers.start_dossier(product)
    assert dossier.previous_certification_id == early.id
    assert "three_year_report" in [str(k) for k in dossiers.required_documents(dossier.kind)]


def test_a_re_evaluation_supersedes_the_old_certificate_and_keeps_history(db, app):
    food_scorecard()
    product = make_product(category_slug="che-ca-phe")
    old = make_certification(product, stars=3, certified_on=today() - timedelta(days=1080),
                             expires_on=today() + timedelta(days=10))
    dossier = dossiers.start_dossier(product)
    for kind in dossiers.required_documents(dossier.kind):
        dossiers.add_document(dossier, kind, f"{kind}.pdf", TINY_PDF)
    dossiers.save_self_assessment(dossier, points_for_total(dossier.scorecard, 80))
    dossiers.submit(dossier)
    council.commune_review(dossier, passed=True)
    score_dossier(dossier, [80, 80, 80])
    council.close_scoring(dossier)

    new = council.issue_decision(dossier, decision_no="9/QĐ-UBND")

    db.session.refresh(old)
    assert old.status == CertificationStatus.EXPIRED
    assert current_certification(product) == new and new.stars == 4
    assert len(product.certifications) == 2


def test_the_database_keeps_one_open_dossier_per_product(db):
    from sqlalchemy.exc import IntegrityError

    from marketplace.ocop.dossier_models import Dossier

    first = make_dossier()
    twin = Dossier(number="HS-X", product_id=first.product_id, producer_id=first.producer_id,
                   scorecard_id=first.scorecard_id, state=S.SUBMITTED)
    db.session.add(twin)

    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
