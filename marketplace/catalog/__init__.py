"""Catalogue (danh mục sản phẩm): OCOP groups, products, images and the storefront listings."""
from flask import Blueprint

bp = Blueprint("catalog", __name__)

from . import views  # noqa: E402,F401
