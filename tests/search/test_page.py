"""``GET /search``: results with the listing's sidebar, highlights, did-you-mean, empty state.

Read-only, on the indexed demo catalogue (module fixture); the checks that need their
own products are in test_page_safety.py (a module may not mix the two: the ``db``
fixture empties the database the demo catalogue lives in).
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from marketplace import search
from marketplace.catalog.filters import ProductFilters
from tests.search.test_hostile_input import HOSTILE


@pytest.fixture
def page(app, demo):
    """GET a URL on the demo catalogue; returns (status, html)."""
    client = app.test_client()

    def get(url: str, status: int = 200) -> str:
        response = client.get(url)
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        return response.get_data(as_text=True)

    return get


def result_names(html: str) -> list[str]:
    titles = re.findall(r'<h3 class="card__title"><a href="[^"]+">(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def test_results_show_count_highlights_and_snippets(page):
    html = page("/search?q=che+tan+cuong")

    count = int(re.search(r'id="result-count"[^>]*>([\d.]+) sản phẩm', html).group(1)
                .replace(".", ""))
    assert count == search.search_products(ProductFilters(q="che tan cuong")).total > 0
    assert "Chè Đinh Tân Cương" in result_names(html)[:3]
    assert "<mark>Chè</mark> Đinh <mark>Tân</mark> <mark>Cương</mark>" in html
    assert re.search(r'<p class="card__snippet">[^<]*(<mark>[^<]+</mark>[^<]*)+', html)


def test_the_sidebar_keeps_the_query_and_has_price_bands(page):
    html = page("/search?q=mien")

    assert 'action="/search"' in html and '<input type="hidden" name="q" value="mien">' in html
    assert 'id="facet-price"' in html and 'id="facet-category"' in html
    band = re.search(r'href="(/search\?q=mien&amp;min_price=\d+&amp;max_price=\d+)"', html)
    assert band, "a price band links to min_price/max_price"
    low, high = map(int, re.search(r"min_price=(\d+)&amp;max_price=(\d+)", band.group(1)).groups())

    filtered = page(band.group(1).replace("&amp;", "&"))
    assert 'class="facet__link is-active"' in filtered
    prices = [int(p.replace(".", "")) for p in re.findall(r'card__price">([\d.]+)', filtered)]
    assert prices and all(low <= p <= high for p in prices)


def test_group_facet_stays_on_the_search_page(page):
    html = page("/search?q=mat+ong")

    assert re.search(r'href="/search\?q=mat\+ong&amp;category=[a-z-]+"', html)
    assert 'href="/categories/' not in html.split('id="facet-category"')[1].split("</section>")[0]


def test_a_typo_offers_did_you_mean_with_diacritics(page):
    html = page("/search?q=tra+tan+cuog")

    link = re.search(r'<a href="([^"]+)">trà tân cương</a>', html)
    assert link and "q=tr%C3%A0+t%C3%A2n+c%C6%B0%C6%A1ng" in link.group(1)
    assert "Trà" in " ".join(result_names(page(link.group(1).replace("&amp;", "&"))))
    # nothing was found, so the first hits of the suggestion are shown right away
    instead = html.split('id="instead-title"')[1]
    assert "Kết quả cho «trà tân cương»" in html
    assert any("Tân Cương" in name for name in result_names(instead))


def test_nothing_found_offers_groups_and_completions(page):
    html = page("/search?q=banh+chun")  # "chun" is no word, but it begins "chưng"

    assert 'id="search-empty"' in html
    assert "Không tìm thấy sản phẩm nào cho «banh chun»" in html
    empty = html.split('id="search-empty"')[1]
    assert ">bánh chưng</a>" in empty  # did you mean
    assert re.search(r'<a class="chip" href="/products/[^"]+">Bánh chưng', empty)  # completions
    assert 'id="groups-title"' in html and 'href="/categories/thuc-pham"' in html


def test_relevance_is_the_default_sort_and_offered(page):
    html = page("/search?q=che")

    assert '<option value="relevance" selected>Phù hợp nhất</option>' in html
    assert '<option value="price_asc">' in html


def test_the_header_box_shows_the_query_and_loads_the_autocomplete(page):
    html = page("/search?q=ch%C3%A8")

    assert re.search(r'<input id="site-search"[^>]*data-suggest-url="/api/v1/suggest"'
                     r'[^>]*value="chè"', html)
    assert re.search(r'<script src="/static/js/search.js\?v=[0-9a-f]{12}" defer></script>', html)
    assert "<script>" not in html  # no inline script: the page works without JS


def test_a_bad_filter_is_a_400_page_not_an_error(page):
    html = page("/search?q=che&stars=9", status=400)
    assert "Hạng sao" in html and 'role="alert"' in html


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_answer_with_a_page_or_400(app, demo, q):
    # A lone surrogate travels as the bytes it would be (invalid UTF-8), as from a browser.
    query = urlencode({"q": q, "page": "2"}, errors="surrogatepass")
    response = app.test_client().get(f"/search?{query}")
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("query", [
    "page=0", "page=99999999", "per_page=1000", "sort=DROP", "min_price=-1",
    "min_price=9&max_price=1", "province=%00", "commune=x", "category=%3Cscript%3E",
    "q=%FF%FE", "in_stock=maybe", "q=a&q=b", "q=" + "%E1%BA%A1" * 4000,
])
def test_hostile_parameters_answer_with_a_page_or_400(app, demo, query):
    assert app.test_client().get(f"/search?{query}").status_code in (200, 400)
