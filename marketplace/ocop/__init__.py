"""OCOP programme (Chương trình Mỗi xã một sản phẩm): certificates, stars and statistics."""
from flask import Blueprint

bp = Blueprint("ocop", __name__)

from . import views  # noqa: E402,F401
