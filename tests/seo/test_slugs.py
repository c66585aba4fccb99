"""Readable Vietnamese slugs (che-tan-cuong-hao-dat) for every public page, never twice."""
from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest

from marketplace.catalog import manage
from marketplace.catalog.importer import import_catalogue
from marketplace.clock import today
from marketplace.formatting import slugify
from marketplace.outlets import events
from marketplace.outlets.review import OutletData, register_outlet
from marketplace.shops.services import AccountData, ProfileData, register_producer
from tests.catalog.test_import import good_row, write_csv
from tests.factories import make_gift_set, make_producer, make_product, make_user


@pytest.mark.parametrize("text, slug", [
    ("Chè Tân Cương Hảo Đạt", "che-tan-cuong-hao-dat"),
    ("ĐẶC SẢN ĐỒNG HỶ", "dac-san-dong-hy"),
    ("đ Đ", "d-d"),
    ("Ươm tơ ở Ơn Hừng", "uom-to-o-on-hung"),
    ("Bưởi Đoan Hùng, Mỳ Chũ", "buoi-doan-hung-my-chu"),
    ("Ðặc sản", "dac-san"),  # Ð (Latin Eth), the look-alike old keyboards type for Đ
    ("Cà phê 100% & “Tân Cương”", "ca-phe-100-tan-cuong"),
    ("  Miến\tdong –– Na Rì  ", "mien-dong-na-ri"),
    ("!!!", "item"),
])
def test_slugs_fold_vietnamese_to_readable_ascii(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["Chè Tân Cương Hảo Đạt", "Ươm tơ Ơn Hừng", "Đặc sản ĐỒNG HỶ"])
def test_combining_marks_fold_like_precomposed_letters(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text

    assert slugify(decomposed) == slugify(text)


def test_a_long_name_makes_a_slug_that_fits_with_its_suffix():
    slug = slugify("Chè đặc sản Tân Cương " * 20)

    assert len(slug) <= 120 and not slug.endswith("-")


def test_products_with_colliding_slugs_get_numeric_suffixes(db):
    # Producer names differing only in their tones fold to the same text.
    makers = [make_producer(name) for name in ("HTX Hảo Đạt", "HTX Hào Đạt", "HTX Hạo Đat")]

    slugs = [manage.create_product(maker, manage.ProductData(
        name="Chè Tân Cương", category="che-ca-phe", price_vnd="120000"), actor_id=None).slug
        for maker in makers]

    assert slugs == ["che-tan-cuong-htx-hao-dat", "che-tan-cuong-htx-hao-dat-2",
                     "che-tan-cuong-htx-hao-dat-3"]


def test_a_suffix_already_taken_by_another_name_is_skipped(db):
    maker = make_producer("HTX Hảo Đạt")
    make_product("Chè 2", slug="che-tan-cuong-htx-hao-dat-2", producer=maker)
    make_product("Chè", slug="che-tan-cuong-htx-hao-dat", producer=maker)

    created = manage.create_product(make_producer("HTX Hào Đạt"), manage.ProductData(
        name="Chè Tân Cương", category="che-ca-phe", price_vnd="120000"), actor_id=None)

    assert created.slug == "che-tan-cuong-htx-hao-dat-3"


def test_producers_registering_folding_names_get_numeric_suffixes(db):
    def register(name: str, email: str) -> str:
        _user, producer = register_producer(
            ProfileData(name=name, province_code="19", commune_code="05503", street="Xóm 1",
                        phone="0912345678", email=email),
            account=AccountData("Nguyễn Thị Hoa", email, "mat-khau-dai-du"))
        return producer.slug

    assert register("HTX chè Đồng Hỷ", "a@example.vn") == "htx-che-dong-hy"
    assert register("HTX chè Đông Hy", "b@example.vn") == "htx-che-dong-hy-2"


def test_imported_producers_and_products_get_numeric_suffixes(db, tmp_path):
    make_producer("Cơ sở khác", slug="htx-che-hao-dat")
    make_product("Chè khác", slug="che-dinh-tan-cuong-htx-che-hao-dat")

    import_catalogue(write_csv(tmp_path, [good_row()]))

    from marketplace.catalog.services import get_listed_product

    product = get_listed_product("che-dinh-tan-cuong-htx-che-hao-dat-2")
    assert product is not None and product.producer.slug == "htx-che-hao-dat-2"


def test_outlets_gift_sets_and_events_get_numeric_suffixes(db):
    def outlet(name: str) -> str:
        return register_outlet(make_user(), OutletData(name=name, commune_code="05503",
                                                       street="Chợ Đán", phone="0912 345 678")).slug

    tea = make_product("Chè Đinh")
    start = today() + timedelta(days=30)

    def fair(title: str) -> str:
        return events.create_event(events.EventData(
            title=title, kind="fair", starts_on=start.isoformat(), ends_on=start.isoformat(),
            venue="Quảng trường",
            province_code="19", commune_code="05443"), actor_id=None).slug

    assert [outlet("Điểm bán Đồng Hỷ"), outlet("Điểm bán Đông Hy")] == [
        "diem-ban-dong-hy", "diem-ban-dong-hy-2"]
    assert [make_gift_set([(tea, 2)], name=name).slug for name in ("Quà Tết Ươm", "Quà Tết Ưỡm")
            ] == ["bo-qua-qua-tet-uom", "bo-qua-qua-tet-uom-2"]
    assert [fair("Hội chợ Đặc sản"), fair("Hội chợ đặc sản")] == [
        f"hoi-cho-dac-san-{start.year}", f"hoi-cho-dac-san-{start.year}-2"]
