"""Vietnamese text analysis: NFC first, folding with đ, words, query words."""
import unicodedata

import pytest

from marketplace.search.text import (
    MAX_QUERY_WORDS, analyze, fold, has_marks, normalize, pairs, query_words,
)


def test_decomposed_input_is_one_word_after_nfc():
    # Given "Bánh" as a Mac or phone sends it: B a COMBINING-ACUTE n h
    nfd = unicodedata.normalize("NFD", "Bánh chưng")
    assert len(nfd) > len("Bánh chưng")

    # When
    exact, folded = analyze(nfd)

    # Then
    assert exact == ["bánh", "chưng"]
    assert folded == ["banh", "chung"]


@pytest.mark.parametrize("text", ["Chè Tân Cương", "CHÈ TÂN CƯƠNG", "che tan cuong",
                                  unicodedata.normalize("NFD", "chè tân cương")])
def test_every_spelling_folds_to_the_same_key(text):
    assert fold(normalize(text)) == "che tan cuong"


def test_d_with_stroke_folds_to_d_in_both_cases():
    assert analyze("Đinh đỏ") == (["đinh", "đỏ"], ["dinh", "do"])


def test_normalize_drops_control_and_format_characters():
    assert normalize("chè\x00 tân\u202e\u200b cương\x1b") == "chè tân cương"


def test_query_words_ignore_syntax_and_operators():
    exact, folded = query_words('"chè AND (tân) OR cương* NOT title:x')
    assert exact == ["chè", "tân", "cương", "title", "x"]
    assert folded == ["che", "tan", "cuong", "title", "x"]


def test_query_words_are_bounded():
    assert query_words("a" * 10_000) == ([], [])
    assert len(query_words(" ".join(["chè"] * 100))[0]) == MAX_QUERY_WORDS


def test_other_scripts_stay_words():
    assert query_words("茶 Чай شاي")[0] == ["茶", "чай", "شاي"]


def test_pairs_and_marks():
    assert pairs(["che", "tan", "cuong"]) == ["che_tan", "tan_cuong"]
    assert has_marks("chè") and has_marks("đi") and not has_marks("che")
