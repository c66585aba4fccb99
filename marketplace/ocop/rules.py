"""Decision 148 thresholds: which score earns which star level."""

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
