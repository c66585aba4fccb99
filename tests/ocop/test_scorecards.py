"""Scorecards as data: the seeded food set, editing versions, activation rules."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from marketplace import create_app
from marketplace.extensions import db as _db
from marketplace.ocop import scorecards
from marketplace.ocop.dossier_models import Criterion, Scorecard
from marketplace.ocop.exceptions import DossierInvalid, ScorecardLocked
from marketplace.ocop.seed import FOOD_CRITERIA
from tests.conftest import BACKENDS, fresh_postgres_database, make_config
from tests.factories import category, food_scorecard, make_dossier


def test_the_seeded_food_scorecard_follows_decision_148_parts(db):
    scorecard = food_scorecard()

    assert scorecard.category.slug == "thuc-pham" and scorecard.is_active
    assert scorecards.part_totals(scorecard) == {"A": 40, "B": 25, "C": 35}
    mandatory = {c.code: (c.mandatory_from_stars, c.min_points) for c in scorecard.criteria
                 if c.mandatory_from_stars}
    assert {stars for stars, _ in mandatory.values()} == {3, 4, 5}


@pytest.fixture(params=BACKENDS)
def migrated(request, tmp_path):
    url = (f"sqlite:///{tmp_path / 'm.db'}" if request.param == "sqlite"
           else fresh_postgres_database("_ocop_seed"))
    app = create_app(make_config(request.param, tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade()
        yield app
        _db.session.remove()
        _db.engine.dispose()


def test_migration_0008_seeds_the_food_scorecard(migrated):
    scorecard = _db.session.scalar(select(Scorecard))

    assert scorecard.is_active and scorecard.version == 1
    codes = _db.session.scalars(select(Criterion.code).where(
        Criterion.scorecard_id == scorecard.id).order_by(Criterion.position)).all()
    assert codes == [row[1] for row in FOOD_CRITERIA]


def test_a_used_scorecard_is_locked(db):
    dossier = make_dossier()
    criterion = dossier.scorecard.criteria[0]

    with pytest.raises(ScorecardLocked):
        scorecards.update_criterion(criterion, scorecards.CriterionData(
            part="A", code="A1", title="x", max_points="5"))
    with pytest.raises(ScorecardLocked):
        scorecards.add_criterion(dossier.scorecard, scorecards.CriterionData())


def test_activation_needs_the_parts_to_add_up(db):
    draft = scorecards.create_scorecard(category("do-uong"), "Bộ tiêu chí đồ uống")
    scorecards.add_criterion(draft, scorecards.CriterionData(
        part="A", code="A1", title="Nguyên liệu", max_points="40"))
    scorecards.add_criterion(draft, scorecards.CriterionData(
        part="B", code="B1", title="Tiếp thị", max_points="25"))

    with pytest.raises(DossierInvalid) as error:
        scorecards.activate(draft)
    assert "C: 0/35" in str(error.value)
    scorecards.add_criterion(draft, scorecards.CriterionData(
        part="C", code="C1", title="Chất lượng", max_points="35", mandatory_from_stars="3",
        min_points="10"))
    scorecards.activate(draft)
    assert draft.is_active


@pytest.mark.parametrize("data, field", [
    ({"part": "D"}, "part"), ({"code": "a 1"}, "code"), ({"title": ""}, "title"),
    ({"max_points": "0"}, "max_points"), ({"max_points": "41"}, "max_points"),
    ({"mandatory_from_stars": "2"}, "mandatory_from_stars"),
    ({"mandatory_from_stars": "4", "min_points": "0"}, "min_points"),
    ({"mandatory_from_stars": "4", "min_points": "9"}, "min_points"),
    ({"min_points": "2"}, "min_points"), ({"code": "A1"}, "code"),
])
def test_bad_criteria_are_refused(db, data, field):
    draft = scorecards.create_scorecard(category("do-uong"), "Nháp")
    scorecards.add_criterion(draft, scorecards.CriterionData(
        part="A", code="A1", title="Có sẵn", max_points="5"))
    values = {"part": "A", "code": "A2", "title": "Tiêu chí", "max_points": "5",
              "mandatory_from_stars": "", "min_points": "0", **data}

    with pytest.raises(DossierInvalid) as error:
        scorecards.add_criterion(draft, scorecards.CriterionData(**values))
    assert field in error.value.errors


def test_a_new_version_copies_every_criterion(db):
    scorecard = food_scorecard()

    copy = scorecards.new_version(scorecard)

    assert copy.version == 2 and not copy.is_active
    assert [c.code for c in copy.criteria] == [c.code for c in scorecard.criteria]
