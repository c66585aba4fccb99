"""Errors the catalogue services raise; views turn them into messages or 400s."""
from typing import NamedTuple


class InvalidFilter(ValueError):
    """A listing parameter that cannot be understood (bad number, unknown category...).

    ``code`` and ``params`` let a page say it in the shopper's language; ``str()`` is
    the English message the API returns.
    """

    MESSAGES = {
        "not_integer": "'{field}' must be a whole number",
        "out_of_range": "'{field}' must be between {low} and {high}",
        "not_flag": "'{field}' must be 0 or 1",
        "unknown_sort": "'sort' must be one of {choices}",
        "price_range": "'min_price' must not exceed 'max_price'",
        "unknown_value": "unknown {field} '{value}'",
        "commune_needs_province": "a commune name needs 'province' too (or give its code)",
    }

    def __init__(self, code: str, field: str, **params) -> None:
        self.code, self.field, self.params = code, field, params
        super().__init__(self.MESSAGES[code].format(field=field, **params))


class RowError(NamedTuple):
    """One bad row of an import: its physical CSV line (header = 1; 0 = the whole file)."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class ImportFailed(Exception):
    """A catalogue file that cannot be imported; ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = sorted(errors)
        super().__init__(f"{len(self.errors)} error(s); nothing was imported")


class ProductInvalid(ValueError):
    """A product form (or action) that breaks a rule; ``errors`` maps each field to its message.

    The messages are Vietnamese sentences fit to show the producer next to the field.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class ImageRejected(ValueError):
    """An upload that is not an image we accept (type, size, pixels, damaged file)."""


class StockRefused(ValueError):
    """A stock change that would take the stock below zero (or lost a race); nothing changed."""
