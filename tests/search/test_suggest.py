"""Autocomplete: product and producer names completing what was typed, at most ten."""
from marketplace.search.text import fold
from tests.factories import make_producer, make_product


def _catalogue(searching):
    hao_dat = make_producer("HTX chè Hảo Đạt", slug="htx-che-hao-dat")
    make_product("Chè tôm nõn", producer=hao_dat, stars=5, slug="che-tom-non")
    make_product("Chè Đinh Tân Cương", producer=hao_dat, stars=5)
    for n in range(14):
        make_product(f"Trà móc câu số {n}", stars=3)
    make_product("Mật ong Phúc Thành", stars=3)
    searching.rebuild()


def test_the_last_word_is_a_prefix_and_diacritics_do_not_matter(searching):
    _catalogue(searching)

    found = searching.suggest("che tom n")

    assert [(s.text, s.kind, s.slug) for s in found][0] == ("Chè tôm nõn", "product",
                                                            "che-tom-non")


def test_at_most_ten_and_names_that_begin_with_the_text_first(searching):
    _catalogue(searching)

    found = searching.suggest("tra m")

    assert len(found) == 10
    assert all(fold(s.text).startswith("tra moc") for s in found)


def test_producers_are_suggested_beside_products(searching):
    _catalogue(searching)

    found = searching.suggest("hao")

    assert ("HTX chè Hảo Đạt", "producer", "htx-che-hao-dat") in [
        (s.text, s.kind, s.slug) for s in found]


def test_nothing_typed_or_nothing_known_suggests_nothing(searching):
    _catalogue(searching)

    assert searching.suggest("") == []
    assert searching.suggest("   ") == []
    assert searching.suggest("zzzz") == []


def test_each_name_is_suggested_once(searching):
    make_product("Miến dong", producer=make_producer("HTX miến A"))
    make_product("Miến dong", producer=make_producer("HTX miến B"))
    searching.rebuild()

    assert [s.text for s in searching.suggest("mien") if s.kind == "product"] == ["Miến dong"]
