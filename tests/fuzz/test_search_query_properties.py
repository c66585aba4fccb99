"""Properties of the search query parser (``search.text``) and of the /search page.

Any text parses (bounded, no operators); a query typed with or without Vietnamese
diacritics, composed or decomposed, gives the same folded terms; the page answers any
query and filters with 200 or 400, never an error page.
"""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace import search
from marketplace.search.text import (
    MAX_QUERY_WORDS, MAX_WORD_CHARS, has_marks, normalize, query_words,
)
from tests.factories import make_product

PAGE_FUZZ = settings(max_examples=60, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture,
                                            HealthCheck.too_slow])
OPERATORS = {"AND", "OR", "NOT"}
SYNTAX = ['"', "'", "(", ")", "*", "?", ":", "^", "~", "-", "+", "&", "|", "!", "\\", "%",
          "AND", "OR", "NOT", "title:", "[1 TO 9]", "<->", " ", "\t", "\n", "\x00", "\u200b",
          "\u202e", "\ufeff", "\u0301"]
QUERIES = st.one_of(
    st.text(),
    st.lists(st.sampled_from(SYNTAX + list("chè tân cương ĐẶC SẢN")), max_size=200).map("".join),
    st.text(min_size=1000, max_size=6000),
    st.lists(st.sampled_from(SYNTAX + ["chè", "Tân", "CƯƠNG", "x" * 60]), max_size=40).map(
        " ".join),
)

# Vietnamese letters, lower and upper case, and the same without their marks.
VOWELS = "aăâeêioôơuưy"
TONED = [unicodedata.normalize("NFC", v + tone) for v in VOWELS
         for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")]
LETTERS = TONED + list("bcdđghklmnpqrstvx")
VIETNAMESE_WORDS = st.text(st.sampled_from(LETTERS + [c.upper() for c in LETTERS]),
                           min_size=1, max_size=MAX_WORD_CHARS + 5)
SEPARATORS = st.sampled_from([" ", "  ", ", ", "-", " AND ", ' "', "\" ", " (", ") ", "\n"])


@st.composite
def vietnamese_queries(draw) -> str:
    words = draw(st.lists(VIETNAMESE_WORDS, min_size=1, max_size=MAX_QUERY_WORDS + 4))
    return "".join(word + draw(SEPARATORS) for word in words)


def without_marks(text: str) -> str:
    """The text as typed on a keyboard without Vietnamese input: marks dropped, đ → d."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


@given(QUERIES)
def test_any_text_parses_into_bounded_words_without_operators(q):
    exact, folded = query_words(q)

    assert len(exact) == len(folded) <= MAX_QUERY_WORDS
    assert all(0 < len(word) <= MAX_WORD_CHARS for word in exact)
    assert not OPERATORS & set(exact) and all(word == word.lower() for word in exact)
    assert all(not has_marks(word) for word in folded)
    assert "\x00" not in normalize(q)


@given(vietnamese_queries())
def test_diacritics_do_not_change_the_terms(q):
    assert query_words(without_marks(q))[1] == query_words(q)[1]


@given(vietnamese_queries())
def test_decomposed_input_gives_the_same_terms_as_composed(q):
    composed = unicodedata.normalize("NFC", q)

    assert query_words(unicodedata.normalize("NFD", q)) == query_words(composed)


# --- the page ------------------------------------------------------------------------------

@pytest.fixture
def indexed(db):
    make_product("Chè Tân Cương", stars=4, price_vnd=250_000)
    make_product("Trà hoa vàng", stars=3, price_vnd=90_000, is_gift=True)
    search.rebuild()


NUMBERS = st.one_of(st.integers(-10, 10**13).map(str), st.sampled_from(
    ["", " 3 ", "1e3", "0x10", "١٢", "1_000", "9" * 5000, "NaN", "-0"]))
FILTER_VALUES = {
    "category": st.one_of(st.text(), st.sampled_from(["che-ca-phe", "Thực phẩm", "THỰC PHẨM"])),
    "stars": NUMBERS, "page": NUMBERS, "per_page": NUMBERS, "min_price": NUMBERS,
    "max_price": NUMBERS,
    "province": st.one_of(st.text(), st.sampled_from(["19", "Thái Nguyên", "Tỉnh Thái Nguyên"])),
    "commune": st.one_of(st.text(), st.sampled_from(["05503", "Tân Cương", "Xã Tân Cương"])),
    "in_stock": st.one_of(st.text(max_size=5), st.sampled_from(["1", "on", "false"])),
    "is_gift": st.one_of(st.text(max_size=5), st.sampled_from(["0", "yes"])),
    "sort": st.one_of(st.text(max_size=10), st.sampled_from(
        ["relevance", "price_asc", "price_desc", "stars", "newest"])),
}
FILTERS = st.fixed_dictionaries({}, optional=FILTER_VALUES)


@PAGE_FUZZ
@given(q=QUERIES, filters=FILTERS)
def test_the_search_page_answers_any_query_and_filters(client, indexed, q, filters):
    response = client.get("/search", query_string={"q": q, **filters})

    assert response.status_code in (200, 400), (q, filters)
    assert response.mimetype == "text/html"
