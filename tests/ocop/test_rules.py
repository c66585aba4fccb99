"""Decision 148 thresholds and mandatory criteria, as pure rules."""
from fractions import Fraction

import pytest

from marketplace.ocop.rules import MandatoryRule, evaluate, issuer_for_stars, stars_for_score

RULES = [MandatoryRule("C4", 3, 3), MandatoryRule("C6", 4, 2), MandatoryRule("C7", 5, 2)]
MET = {"C4": 5, "C6": 4, "C7": 3}


@pytest.mark.parametrize("score, stars", [
    (0, None), (29, None), (30, None), (49, None), (50, 3), (69, 3), (70, 4), (89, 4),
    (90, 5), (100, 5),
])
def test_every_threshold_boundary(score, stars):
    assert stars_for_score(score) == stars


@pytest.mark.parametrize("score, stars", [(49, None), (50, 3), (69, 3), (70, 4), (89, 4),
                                          (90, 5), (100, 5)])
def test_outcome_at_each_boundary_with_every_mandatory_criterion_met(score, stars):
    assert evaluate(score, MET, RULES).stars == stars


def test_a_mean_just_below_a_band_stays_below_it():
    outcome = evaluate(Fraction(6999, 100), MET, RULES)

    assert (outcome.score, outcome.stars) == (69, 3)


def test_failed_five_star_mandatory_criterion_gives_four_stars():
    outcome = evaluate(95, {**MET, "C7": 1}, RULES)

    assert outcome.band_stars == 5
    assert outcome.stars == 4
    assert outcome.failed == {5: ("C7",)}
    assert not outcome.needs_ministry


def test_failed_four_star_mandatory_criterion_falls_to_three():
    outcome = evaluate(80, {**MET, "C6": 0}, RULES)

    assert outcome.stars == 3
    assert outcome.failed == {4: ("C6",)}


def test_failed_three_star_mandatory_criterion_is_not_certified_whatever_the_score():
    outcome = evaluate(92, {**MET, "C4": 2}, RULES)

    assert outcome.stars is None
    assert set(outcome.failed) == {5, 4, 3}


def test_below_fifty_is_not_certified_even_with_every_criterion_met():
    assert evaluate(49, MET, RULES).stars is None


def test_ninety_and_up_goes_to_the_ministry():
    assert evaluate(90, MET, RULES).needs_ministry
    assert issuer_for_stars(5) == "ministry"
    assert issuer_for_stars(4) == issuer_for_stars(3) == "province"


def test_cap_after_the_ministry_declines():
    assert evaluate(96, MET, RULES, cap=4).stars == 4
