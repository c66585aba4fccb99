"""Any query is safe: results or an empty page, never an exception."""
import pytest

from marketplace.catalog.filters import ProductFilters
from tests.factories import make_product

HOSTILE = [
    'title:(chè OR trà)^2 AND NOT "unbalanced',
    '"""', "'", "(((", "chè*", "?è", "~2", "\\", "/", "a:b:c", "[1 TO 9]", "{x}",
    "AND", "OR NOT AND", "chè AND", "NOT chè", "chè & trà | !x <-> y:*A",
    "%", "_", "%_%", "'; DROP TABLE product; --", "1=1 OR ''='",
    "x" * 10_000, "chè " * 3_000,
    "chè\x00trà", "\x1b[31mchè", "\u202echè", "\ud800chè", "\ufeff\u200b",
    "茶 お茶", "شاي", "чай", "🍵🍯", "ᏣᎳᎩ", "\u0301\u0300",
]


@pytest.fixture
def stocked(searching):
    make_product("Chè Tân Cương")
    make_product("Trà hoa vàng")
    searching.rebuild()
    return searching


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_answer_with_a_page(stocked, q):
    page = stocked.search_products(ProductFilters(q=q, sort="relevance"))

    assert page.total >= 0
    assert len(page.items) <= page.filters.per_page


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_prefixes_answer_with_suggestions(stocked, q):
    assert len(stocked.suggest(q)) <= 10


def test_syntax_characters_are_ignored_around_words(stocked):
    plain = stocked.search_products(ProductFilters(q="chè tân cương", sort="relevance"))
    noisy = stocked.search_products(ProductFilters(q='"chè" (tân) AND cương!', sort="relevance"))
    assert [c.id for c in noisy.items] == [c.id for c in plain.items] != []


def test_a_query_of_only_punctuation_finds_nothing(stocked):
    assert stocked.search_products(ProductFilters(q="!!! ???")).total == 0
