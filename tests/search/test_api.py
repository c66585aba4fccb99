"""The JSON API over search: ``/api/v1/products?q=`` and ``/api/v1/suggest``, per DESIGN.md."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from marketplace import search
from tests.api import assert_matches_schema
from tests.factories import make_producer, make_product
from tests.search.test_hostile_input import HOSTILE

API = "/api/v1"


@pytest.fixture
def teas(searching):
    producer = make_producer("HTX chè Hảo Đạt", slug="hao-dat")
    make_product("Chè Đinh Tân Cương", slug="che-dinh", producer=producer, stars=5,
                 price_vnd=450_000)
    make_product("Chè búp Tân Cương", slug="che-bup", producer=producer, stars=3,
                 price_vnd=120_000)
    make_product("Trà hoa vàng", slug="tra-hoa-vang", price_vnd=40_000,
                 category_slug="do-uong-khong-con",
                 producer=make_producer("HTX trà hoa vàng", commune_code="05809"))
    make_product("Miến dong Tài Hoan", slug="mien", category_slug="gia-vi",
                 producer=make_producer(commune_code="05809"))
    searching.rebuild()
    return searching


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    return response.get_json()


def test_products_with_q_are_ranked_by_search_with_facets(client, teas):
    data = get_json(client, f"{API}/products?q=ch%C3%A8+t%C3%A2n+c%C6%B0%C6%A1ng")

    assert_matches_schema(data, "ProductList")
    assert [item["slug"] for item in data["items"]] == ["che-dinh", "che-bup"]
    assert data["facets"]["stars"] == {"3": 1, "4": 0, "5": 1}
    assert data["facets"]["price"] == {"100000-199999": 1, "200000-499999": 1}
    assert data["suggestion"] is None


def test_a_price_band_key_reads_as_min_and_max_price(client, teas):
    band = "100000-199999"
    low, high = search.price_band_bounds(band)

    data = get_json(client, f"{API}/products?q=tan+cuong&min_price={low}&max_price={high}")

    assert [item["slug"] for item in data["items"]] == ["che-bup"]
    assert data["facets"]["price"][band] == 1  # the price facet ignores its own filter
    assert data["facets"]["price"]["200000-499999"] == 1


def test_products_with_a_typo_suggest_the_query_with_diacritics(client, teas):
    data = get_json(client, f"{API}/products?q=che+tan+cuog")

    assert data["total"] == 0
    assert data["suggestion"] == "chè tân cương"


def test_without_q_the_listing_answers_and_has_no_price_facet(client, teas):
    data = get_json(client, f"{API}/products?sort=price_asc")

    assert [item["slug"] for item in data["items"]][:2] == ["tra-hoa-vang", "che-bup"]
    assert "price" not in data["facets"]


def test_suggest_completes_product_then_producer_names(client, teas):
    data = get_json(client, f"{API}/suggest?q=+CHE++")

    assert_matches_schema(data, "Suggestions")
    assert data["query"] == "CHE"
    texts = [(item["text"], item["kind"]) for item in data["items"]]
    assert texts[:2] == [("Chè Đinh Tân Cương", "product"), ("Chè búp Tân Cương", "product")]
    assert data["items"][0]["url"].endswith("/products/che-dinh")
    producer = get_json(client, f"{API}/suggest?q=htx+che+h")["items"]
    assert producer == [{"text": "HTX chè Hảo Đạt", "kind": "producer",
                         "url": "http://localhost/shops/hao-dat"}]


def test_suggest_gives_at_most_ten(client, searching):
    producer = make_producer()
    for n in range(14):
        make_product(f"Chè xanh số {n}", producer=producer)
    searching.rebuild()

    assert len(get_json(client, f"{API}/suggest?q=ch%C3%A8")["items"]) == 10


def test_suggest_without_words_is_empty(client, teas):
    assert get_json(client, f"{API}/suggest") == {"query": "", "items": []}
    assert get_json(client, f"{API}/suggest?q=+++")["items"] == []


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_is_an_answer_or_400(client, teas, q):
    for path in ("products", "suggest"):
        response = client.get(f"{API}/{path}?{urlencode({'q': q}, errors='surrogatepass')}")
        assert response.status_code in (200, 400), (path, response.status_code)
        if response.status_code == 400:
            assert "error" in response.get_json()


def test_search_unavailable_is_a_503_json_error(client, teas, monkeypatch):
    def unavailable(*args, **kwargs):
        raise search.SearchUnavailable("search index is being rebuilt")

    monkeypatch.setattr(search.backend(), "search", unavailable)
    monkeypatch.setattr(search.backend(), "suggest", unavailable)

    for url in (f"{API}/products?q=che", f"{API}/suggest?q=che"):
        response = client.get(url)
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "30"
        assert "unavailable" in response.get_json()["error"]
    assert client.get(f"{API}/products").status_code == 200  # no query: no search needed
