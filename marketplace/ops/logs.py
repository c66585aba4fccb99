"""Filled in by the hardening work (issue 9)."""


def init_app(app) -> None:
    """Nothing to register yet."""
