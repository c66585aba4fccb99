"""The baseline: a bare Flask + Jinja page of 24 product cards, served by gunicorn like the store.

``/`` renders the cards from an in-memory list (the floor a storefront page is compared
with). ``/db`` renders the same page from 24 rows read with plain ``sqlite3`` from the
benchmark database (``BENCH_BARE_SQLITE``), for context only. The templates copy the
store's markup (templates/base.html and the ``card`` macro of templates/macros.html):
header with search and group menu, footer, and a card per product with image, stock
flag, star badge, linked name, producer, place and price. Links are written as plain
paths, as a bare page would (and as the store's own ``links`` prefixes do): with
``url_for`` for each of its ~60 links this page is about 40% slower, which would lower
the bar. What the templates leave out is what the store adds on top: filters, facets,
breadcrumbs, cart, request globals.
"""
from __future__ import annotations

import os
import sqlite3

from flask import Flask, render_template
from jinja2 import DictLoader

N_CARDS = 24

BASE = """<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{% block title %}Chợ OCOP{% endblock %}</title>
  <meta name="description" content="Sản phẩm OCOP, mua trực tiếp từ hợp tác xã, doanh nghiệp và hộ sản xuất.">
  <link rel="stylesheet" href="/static/css/site.css">
  <script src="/static/js/site.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#main">Bỏ qua, đến nội dung chính</a>
  <header class="site-header">
    <div class="wrap site-header__bar">
      <a class="brand" href="/">
        <svg class="brand__mark" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true"><circle cx="20" cy="20" r="19" fill="#14532d"/></svg>
        <span class="brand__text"><span class="brand__name">Chợ OCOP</span></span>
      </a>
      <form class="search" role="search" action="/search" method="get">
        <label class="visually-hidden" for="site-search">Tìm sản phẩm OCOP</label>
        <input id="site-search" type="search" name="q" placeholder="Tìm chè, miến, mật ong…" autocomplete="off">
        <button type="submit">Tìm kiếm</button>
      </form>
    </div>
    <nav class="site-nav" aria-label="Danh mục">
      <ul class="wrap">
        <li><a href="/products">Tất cả sản phẩm</a></li>
        {% for slug, label in groups %}
        <li><a href="/categories/{{ slug }}">{{ label }}</a></li>
        {% endfor %}
      </ul>
    </nav>
  </header>
  <main id="main" tabindex="-1">
  {% block main %}{% endblock %}
  </main>
  <footer class="site-footer">
    <div class="wrap site-footer__grid">
      <p>Sàn giới thiệu và bán sản phẩm của Chương trình Mỗi xã một sản phẩm (OCOP).</p>
      <ul>
        {% for slug, label in groups %}
        <li><a href="/categories/{{ slug }}">{{ label }}</a></li>
        {% endfor %}
      </ul>
    </div>
  </footer>
</body>
</html>
"""

# The same card as the store's macros.html: media, stock flag, badge, title, producer, place, price.
CARD = """{% macro badge(stars) -%}
{% if stars %}<span class="badge badge--{{ stars }}" title="Sản phẩm OCOP đạt {{ stars }} sao"><span class="badge__stars" aria-hidden="true">{{ "★" * stars }}</span> OCOP {{ stars }} sao</span>{% endif %}
{%- endmacro %}

{% macro card(c) -%}
<article class="card">
  <div class="card__media">
    {% if c.image %}
    <img src="/media/{{ c.image }}" alt="{{ c.name }}" loading="lazy" decoding="async" width="400" height="300">
    {% else %}
    <span class="placeholder" role="img" aria-label="Chưa có ảnh sản phẩm"><span class="placeholder__text">{{ c.category }}</span></span>
    {% endif %}
    {% if c.stock <= 0 %}<span class="card__flag">Hết hàng</span>{% endif %}
  </div>
  <div class="card__body">
    {{ badge(c.stars) }}
    <h3 class="card__title"><a href="/products/{{ c.slug }}">{{ c.name }}</a></h3>
    <p class="card__producer">{{ c.producer_name }}</p>
    {% if c.commune %}<p class="card__place">{{ c.commune }}{% if c.province %}, {{ c.province }}{% endif %}</p>{% endif %}
    <p class="card__price">{{ c.price_vnd|vnd }}</p>
  </div>
</article>
{%- endmacro %}

{% macro card_grid(cards) -%}
<ul class="grid" role="list">
  {% for c in cards %}
  <li>{{ card(c) }}</li>
  {% endfor %}
</ul>
{%- endmacro %}
"""

PAGE = """{% extends "base.html" %}
{% from "card.html" import card_grid %}
{% block title %}Sản phẩm OCOP – Chợ OCOP{% endblock %}
{% block main %}
<div class="wrap">
  <div class="page-head">
    <h1>Sản phẩm OCOP</h1>
    <p class="page-head__meta" id="result-count" role="status">{{ total }} sản phẩm</p>
  </div>
  {{ card_grid(products) }}
  <nav class="pagination" aria-label="Phân trang">
    <ul>
    {% for n in range(1, 6) %}
      <li><a href="/products?page={{ n }}" aria-label="Trang {{ n }}">{{ n }}</a></li>
    {% endfor %}
    </ul>
  </nav>
</div>
{% endblock %}
"""

GROUPS = [("thuc-pham", "Thực phẩm"), ("do-uong", "Đồ uống"), ("duoc-lieu", "Dược liệu"),
          ("thu-cong-my-nghe", "Thủ công mỹ nghệ"), ("sinh-vat-canh", "Sinh vật cảnh"),
          ("du-lich", "Du lịch")]

PRODUCTS = [
    {"slug": f"che-bup-tan-cuong-loai-dac-biet-{i}", "name": f"Chè búp Tân Cương loại đặc biệt {i}",
     "producer_slug": f"htx-che-tan-cuong-{i}", "producer_name": f"HTX Chè Tân Cương {i}",
     "commune": "Tân Cương", "province": "Thái Nguyên", "category": "Thực phẩm",
     "price_vnd": 125_000 + 1000 * i, "stars": (3, 4, 3, 4)[i % 4] if i % 5 < 3 else None,
     "stock": i % 7, "is_gift": i % 5 == 0, "image": f"products/{i}/0.jpg"}
    for i in range(N_CARDS)
]

SQL = """
SELECT p.slug, p.name, pr.slug, pr.name, pr.commune_code, pr.province_code, c.name,
       p.price_vnd, p.stock, p.is_gift
FROM product p JOIN producer pr ON pr.id = p.producer_id JOIN category c ON c.id = p.category_id
ORDER BY p.id LIMIT ?
"""


def vnd(amount: int) -> str:
    """Plain grouping, as a bare page would do it: 125000 → "125.000 ₫"."""
    return f"{amount:,}".replace(",", ".") + " ₫"


_conn: sqlite3.Connection | None = None


def _connection() -> sqlite3.Connection:
    """One connection per worker process, as a pool would keep it."""
    global _conn
    if _conn is None:
        _conn = sqlite3.connect(os.environ["BENCH_BARE_SQLITE"])
    return _conn


app = Flask(__name__)
app.jinja_env.loader = DictLoader({"base.html": BASE, "card.html": CARD, "page.html": PAGE})
app.jinja_env.filters["vnd"] = vnd
app.jinja_env.trim_blocks = True
app.jinja_env.lstrip_blocks = True


@app.get("/")
def home():
    return render_template("page.html", products=PRODUCTS, groups=GROUPS, total=20000)


@app.get("/db")
def page_from_db():
    rows = _connection().execute(SQL, (N_CARDS,)).fetchall()
    products = [
        {"slug": r[0], "name": r[1], "producer_slug": r[2], "producer_name": r[3],
         "commune": r[4], "province": r[5], "category": r[6], "price_vnd": r[7], "stock": r[8],
         "is_gift": r[9], "stars": None, "image": None}
        for r in rows
    ]
    return render_template("page.html", products=products, groups=GROUPS, total=20000)
