"""Văn phòng điều phối OCOP: the office dashboard (role ``office``).

A shell that later issues extend (dossiers and scorecards, certificates, outlets,
statistics): each section is one entry of ``SECTIONS`` plus its own views. It calls
the domains' services and is imported by none of them.
"""
from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import views  # noqa: E402,F401
from . import ocop  # noqa: E402,F401  (OCOP dossiers, certificates, statistics, export)
