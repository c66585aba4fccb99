"""Shops: producers (chủ thể OCOP) and their public shop pages."""
from flask import Blueprint

bp = Blueprint("shops", __name__)

from . import views  # noqa: E402,F401
