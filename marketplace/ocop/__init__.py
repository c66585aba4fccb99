"""OCOP programme (Chương trình Mỗi xã một sản phẩm): evaluation dossiers (hồ sơ) scored on
scorecards (bộ tiêu chí) by the provincial council, certificates (giấy chứng nhận) and their
stars, expiry notices, statistics and the export for the national OCOP database."""
from flask import Blueprint

bp = Blueprint("ocop", __name__)

from . import views  # noqa: E402,F401
