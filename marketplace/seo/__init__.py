"""Tối ưu tìm kiếm và chia sẻ (SEO): the sitemap, robots.txt, and what each storefront
page says about itself to search engines and link previews (canonical URL, robots,
Open Graph and Twitter cards; see ``meta.py``)."""
from flask import Blueprint

bp = Blueprint("seo", __name__)

from . import views  # noqa: E402,F401
