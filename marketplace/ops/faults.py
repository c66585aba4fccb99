"""Fault injection for the reliability tests (issue 9): hold a request inside its transaction.

``pause(point)`` sleeps for the seconds ``FAULT_PAUSES`` gives that point (env
``FAULT_PAUSES="checkout:5,webhook:5"``), so a test can ``kill -9`` the worker while its
writes are flushed but not committed. The setting is empty unless set, so a real deployment
never pauses. With ``FAULT_PAUSE_MARKER`` set, the worker first appends ``<point> <pid>``
to that file: the test waits for the line instead of guessing a delay, and learns which
worker to kill.

Points: ``checkout`` (``orders.services.place_order``, after stock is taken, before the
commit) and ``webhook`` (``payments.webhooks.apply_event``, after the handler ran).
"""
from __future__ import annotations

import os
import time

from flask import current_app


def pause(point: str) -> None:
    """Sleep here if the configuration asks for a pause at ``point``; else return at once."""
    seconds = (current_app.config.get("FAULT_PAUSES") or {}).get(point, 0)
    if seconds <= 0:
        return
    marker = current_app.config.get("FAULT_PAUSE_MARKER")
    if marker:
        with open(marker, "a", encoding="utf-8") as file:
            file.write(f"{point} {os.getpid()}\n")
    time.sleep(seconds)
