"""Errors the catalogue services raise; views turn them into messages or 400s."""


class InvalidFilter(ValueError):
    """A listing parameter that cannot be understood (bad number, unknown category...)."""
