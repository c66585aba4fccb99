"""2025 administrative units: lookups by name or GSO code, always inside a province."""
from marketplace import units


def test_thai_nguyen_has_92_communes_and_wards():
    assert len(units.communes_of("19")) == 92
    assert len(units.provinces()) == 34


def test_province_by_name_with_or_without_prefix_or_code():
    for text in ("Thái Nguyên", "Tỉnh Thái Nguyên", "tỉnh thái nguyên", "19"):
        assert units.resolve_province(text).code == "19"
    assert units.resolve_province("Hà Nội").name == "Thành phố Hà Nội"
    assert units.resolve_province("Atlantis") is None


def test_commune_by_name_or_code_inside_its_province():
    assert units.resolve_commune("19", "Tân Cương").code == "05503"
    assert units.resolve_commune("19", "Xã Tân Cương").code == "05503"
    assert units.resolve_commune("19", "05503").name == "Xã Tân Cương"
    assert units.resolve_commune("01", "05503") is None  # a Thái Nguyên code, not Hà Nội's


def test_decomposed_unicode_names_resolve():
    import unicodedata

    assert units.resolve_commune("19", unicodedata.normalize("NFD", "Tân Cương")).code == "05503"


def test_fold_removes_diacritics_and_d_stroke():
    assert units.fold("Đồng Hỷ") == "dong hy"
