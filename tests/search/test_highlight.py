"""Highlighted names and snippets: query words marked whatever their diacritics, HTML escaped."""
from marketplace.search import highlight, price_band_bounds, snippet


def test_words_are_marked_whatever_their_diacritics():
    assert highlight("Chè Tân Cương", ["che", "cuong"]) == (
        "<mark>Chè</mark> Tân <mark>Cương</mark>")


def test_the_rest_is_escaped():
    assert highlight("<b>Trà</b> & mật", ["tra"]) == "&lt;b&gt;<mark>Trà</mark>&lt;/b&gt; &amp; mật"


def test_a_snippet_centres_on_the_matches():
    text = "Lá chè non. " * 20 + "Mật ong hoa rừng Võ Nhai, quay đúng vụ. " + "Chè xanh. " * 20

    cut = snippet(text, ["mat", "ong"], width=80)

    assert "<mark>Mật</mark> <mark>ong</mark>" in cut
    assert cut.startswith("… ") and cut.endswith(" …")
    assert len(cut.striptags()) < 100


def test_a_short_text_is_whole():
    assert snippet("Miến dong", ["mien"]) == "<mark>Miến</mark> dong"


def test_price_band_bounds():
    assert price_band_bounds("500000-") == (500_000, None)
    assert price_band_bounds("0-49999") == (0, 49_999)
