"""JSON API, version 1 (read side): products, producers, OCOP statistics, OpenAPI."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from . import outlets, views  # noqa: E402,F401  (outlets: GET /outlets, issue 7)
