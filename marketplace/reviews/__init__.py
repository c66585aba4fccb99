"""Đánh giá sản phẩm (product reviews): verified purchases only.

A shopper whose shop order was delivered rates each line once (1 to 5 stars, optional
plain text); the producer (chủ thể OCOP: owner or staff) replies once per review; the
OCOP office hides abusive reviews with a reason (and may show them again). Hidden
reviews neither show nor count. The product page reads ``services.product_summary``.
"""
from flask import Blueprint

bp = Blueprint("reviews", __name__)

from ..cart import limit_form_size  # noqa: E402

limit_form_size(bp)

from . import views  # noqa: E402,F401
