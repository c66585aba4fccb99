"""Decision 148 thresholds: which score earns which star level, and what a council result
(mean total, mean points per criterion, mandatory criteria) earns."""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import floor

# (stars, lowest score, highest score); 1★ and 2★ are not certified.
STAR_BANDS = ((5, 90, 100), (4, 70, 89), (3, 50, 69))


def stars_for_score(score: int) -> int | None:
    """The certified star level a total score earns, or None below 50."""
    for stars, low, high in STAR_BANDS:
        if low <= score <= high:
            return stars
    return None


def score_matches_stars(stars: int, score: int) -> bool:
    return stars_for_score(score) == stars


def issuer_for_stars(stars: int) -> str:
    """Since 07/2025 the province certifies 3★ and 4★, the ministry 5★."""
    return "ministry" if stars == 5 else "province"


# ---------------------------------------------------------------- council result


@dataclass(frozen=True)
class MandatoryRule:
    """A criterion required from ``from_stars`` up, with the points it needs at least."""

    code: str
    from_stars: int
    min_points: int


@dataclass(frozen=True)
class Outcome:
    """What a council result earns.

    ``score``: the mean total rounded *down* to a whole point (69.75 is 69: a product never
    gets a band it did not reach); ``band_stars``: the level that score alone earns;
    ``stars``: the highest level at or below it whose mandatory criteria are all met
    (None: not certified); ``failed``: level → codes of the mandatory criteria it failed.
    """

    score: int
    band_stars: int | None
    stars: int | None
    failed: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def needs_ministry(self) -> bool:
        """5★ is decided by the ministry (Bộ Nông nghiệp và Môi trường), not the province."""
        return self.stars == 5


def evaluate(total: Fraction | int, points: dict[str, Fraction | int],
             rules: list[MandatoryRule], *, cap: int = 5) -> Outcome:
    """The level a (mean) total and (mean) points per criterion code earn.

    A failed mandatory criterion for a level rules that level out, whatever the score;
    a lower level may still apply if the score reaches its band and its own mandatory
    criteria are met. ``cap`` limits the levels tried (4 after the ministry declines 5★).
    """
    score = floor(Fraction(total))
    band = stars_for_score(score)
    failed: dict[int, tuple[str, ...]] = {}
    stars = None
    if band is not None:
        for level in range(min(band, cap), 2, -1):
            missing = tuple(rule.code for rule in rules if level >= rule.from_stars
                            and Fraction(points.get(rule.code, 0)) < rule.min_points)
            if missing:
                failed[level] = missing
                continue
            stars = level
            break
    return Outcome(score=score, band_stars=band, stars=stars, failed=failed)
