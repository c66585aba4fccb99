"""Errors the catalogue services raise; views turn them into messages or 400s."""
from typing import NamedTuple


class InvalidFilter(ValueError):
    """A listing parameter that cannot be understood (bad number, unknown category...)."""


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
