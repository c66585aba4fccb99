"""Score sheets: checking points against a scorecard, and the council's result.

The council result is the mean of the members' sheets: per criterion (used for the
mandatory criteria) and in total (the mean of the members' totals, which is the sum of
the per-criterion means). Means are exact fractions; the band is read from the mean
rounded down (see ``rules.Outcome``).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from flask_babel import gettext as _

from .dossier_models import Criterion, ScoreSheet, Scorecard, SheetKind
from .exceptions import DossierInvalid
from .rules import MandatoryRule, Outcome, evaluate


def check_points(scorecard: Scorecard, raw: dict, *, complete: bool) -> dict[int, int]:
    """``raw`` (criterion id → text or int) as whole points within each criterion's range.

    Blank entries are skipped unless ``complete`` (then every criterion needs a score).
    A score below 0 or above the criterion's maximum is refused.
    """
    errors: dict[str, str] = {}
    points: dict[int, int] = {}
    for criterion in scorecard.criteria:
        value = raw.get(criterion.id, raw.get(str(criterion.id)))
        text = "" if value is None else str(value).strip()
        if text == "":
            if complete:
                errors[f"c{criterion.id}"] = _("%(code)s: chưa chấm điểm.", code=criterion.code)
            continue
        if not text.lstrip("-").isdigit() or len(text) > 4:
            errors[f"c{criterion.id}"] = _("%(code)s: điểm là số nguyên.", code=criterion.code)
            continue
        number = int(text)
        if not 0 <= number <= criterion.max_points:
            errors[f"c{criterion.id}"] = _("%(code)s: điểm từ 0 đến %(top)s.",
                                           code=criterion.code, top=criterion.max_points)
            continue
        points[criterion.id] = number
    known = {c.id for c in scorecard.criteria}
    unknown = [k for k in raw if str(k).isdigit() and int(k) not in known]
    if unknown:
        errors["criteria"] = _("Có tiêu chí không thuộc bộ tiêu chí của hồ sơ.")
    if errors:
        raise DossierInvalid(errors)
    return points


def mandatory_rules(criteria: list[Criterion]) -> list[MandatoryRule]:
    return [MandatoryRule(c.code, c.mandatory_from_stars, c.min_points)
            for c in criteria if c.mandatory_from_stars is not None]


@dataclass(frozen=True)
class CouncilResult:
    """The council's scoring of one dossier so far."""

    sheets: list[ScoreSheet]  # submitted council sheets
    member_totals: list[tuple[str, int]]  # (member name, total)
    criterion_means: dict[int, Fraction]  # criterion id → mean points
    part_means: dict[str, Fraction]  # "A"/"B"/"C" → mean points
    total: Fraction  # mean of the totals
    outcome: Outcome | None  # None until at least one sheet is in

    @property
    def total_hundredths(self) -> int:
        """The mean in hundredths of a point, rounded down (7166 for 71.666...)."""
        return int(self.total * 100)


def council_result(scorecard: Scorecard, sheets: list[ScoreSheet], *, cap: int = 5
                   ) -> CouncilResult:
    """Average the submitted council sheets of a dossier."""
    done = [s for s in sheets if s.kind == SheetKind.COUNCIL and s.submitted_at is not None]
    criteria = scorecard.criteria
    means: dict[int, Fraction] = {}
    for criterion in criteria:
        values = [sheet.points().get(criterion.id, 0) for sheet in done]
        means[criterion.id] = Fraction(sum(values), len(values)) if values else Fraction(0)
    parts = {part: sum((means[c.id] for c in criteria if c.part == part), Fraction(0))
             for part in "ABC"}
    total = sum(means.values(), Fraction(0))
    outcome = None
    if done:
        by_code = {c.code: means[c.id] for c in criteria}
        outcome = evaluate(total, by_code, mandatory_rules(criteria), cap=cap)
    totals = [((s.member.name or s.member.email) if s.member else "—", s.total) for s in done]
    return CouncilResult(done, totals, means, parts, total, outcome)


def describe(outcome: Outcome) -> str:
    """The outcome in a sentence, for the dossier's record and the producer's mail."""
    parts = [f"Điểm bình quân {outcome.score}"]
    if outcome.band_stars is None:
        parts.append("dưới 50 điểm: không đủ điều kiện công nhận")
    for level, codes in sorted(outcome.failed.items(), reverse=True):
        parts.append(f"không đạt {level} sao do tiêu chí bắt buộc {', '.join(codes)}")
    if outcome.stars:
        parts.append(f"đề nghị công nhận {outcome.stars} sao")
    elif outcome.band_stars is not None:
        parts.append("không đủ điều kiện công nhận ở hạng nào")
    return "; ".join(parts) + "."
