"""Operations: health checks, structured logs, database backup and invariant checks.

Each module exposes ``init_app(app)``; this package wires them into the app factory.
"""
from flask import Flask


def init_app(app: Flask) -> None:
    from . import dbtools, health, logs

    for module in (logs, health, dbtools):
        module.init_app(app)
