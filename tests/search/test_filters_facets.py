"""Filters, facets, sorts and pages from search agree with the database's own listing."""
from dataclasses import replace
from datetime import timedelta

import pytest

from marketplace.catalog import cache, listing
from marketplace.catalog.filters import ProductFilters
from marketplace.catalog.groups import OCOP_GROUPS
from marketplace.catalog.models import ProductStatus
from marketplace.clock import today
from marketplace.search.base import PRICE_BANDS, price_band_key
from marketplace.shops.models import ProducerStatus
from tests.factories import category, make_producer, make_product
from tests.search.helpers import find

CASES = [
    dict(q="chè"),
    dict(q="che", stars=4),
    dict(q="mật ong", province="19"),
    dict(q="tra", commune="05503", in_stock=True),
    dict(q="", min_price=100_000, max_price=400_000),
    dict(q="", is_gift=True),
    dict(q="che", group="thuc-pham"),
]


@pytest.fixture
def shelf(searching):
    """A small catalogue across groups, stars, places, prices, stock and gifts, indexed."""
    tan_cuong = make_producer("HTX chè Tân Cương", commune_code="05503")
    la_bang = make_producer("HTX chè La Bằng", commune_code="05764")
    bees = make_producer("HTX nuôi ong Phúc Thành", commune_code="05503")
    mien = make_producer("HTX miến dong Tài Hoan", commune_code="01957")
    made = [
        make_product("Chè búp Tân Cương", producer=tan_cuong, stars=4, price_vnd=180_000),
        make_product("Trà móc câu Tân Cương", producer=tan_cuong, stars=5, price_vnd=450_000,
                     is_gift=True),
        make_product("Chè tôm nõn La Bằng", producer=la_bang, stars=3, price_vnd=350_000,
                     stock=0),
        make_product("Trà xanh túi lọc La Bằng", producer=la_bang, price_vnd=45_000),
        make_product("Mật ong hoa rừng", producer=bees, stars=3, price_vnd=250_000,
                     category_slug="nong-san-so-che"),
        make_product("Mật ong chè", producer=bees, stars=4, price_vnd=90_000,
                     category_slug="nong-san-so-che", is_gift=True),
        make_product("Miến dong Tài Hoan", producer=mien, stars=4, price_vnd=60_000,
                     category_slug="thuc-pham-che-bien"),
        make_product("Rượu men lá", producer=mien, stars=3, price_vnd=700_000,
                     category_slug="do-uong-co-con"),
    ]
    searching.rebuild()
    return made


def _database(f: ProductFilters, q_ids: list[int]) -> tuple[list[int], dict]:
    """What catalog.listing computes in SQL for the same filters over the same hits."""
    ids = listing.matching_ids(replace(f, q=""), q_ids)
    return ids, listing.facets(replace(f, q=""), q_ids)


@pytest.mark.parametrize("case", CASES, ids=[str(c) for c in CASES])
def test_facet_counts_equal_the_database_counts(shelf, case):
    # Given the filters and the products the query matches (all of them, no filter)
    case = dict(case)
    if "group" in case:
        group = category(case.pop("group"))
        case["category_ids"] = (group.id, *(c.id for c in group.children))
    f = ProductFilters(**case)
    matched = [c.id for c in find(f.q, per_page=1000).items] if f.q else None

    # When
    page = find(**case)

    # Then: hits, their count and every facet are the database's
    ids, facets = _database(f, matched)
    assert sorted(c.id for c in page.items) == sorted(ids)
    assert page.total == len(ids)
    for name in ("category", "stars", "province", "commune"):
        assert page.facets[name] == facets[name], name


def test_price_bands_count_without_the_price_filter(shelf):
    page = find("", min_price=100_000, max_price=200_000)

    bands = {v.key: v.count for v in page.facets["price"]}
    assert page.total == 1  # Chè búp Tân Cương
    expected = {0: 1, 1: 2, 2: 1, 3: 3, 4: 1}  # 45k | 60k 90k | 180k | 250k 350k 450k | 700k
    assert bands == {price_band_key(PRICE_BANDS[i]): n for i, n in expected.items()}


def test_category_facet_lists_the_ocop_groups_in_order(shelf):
    keys = [v.key for v in find("").facets["category"]]
    order = [slug for slug, _, _, _ in OCOP_GROUPS]
    assert keys == sorted(keys, key=order.index)


@pytest.mark.parametrize("sort", ["price_asc", "price_desc", "stars", "newest"])
def test_sorts_without_a_query_follow_the_listing(shelf, sort):
    f = ProductFilters(sort=sort, per_page=100)
    assert [c.id for c in find("", sort=sort).items] == listing.matching_ids(f)


@pytest.mark.parametrize("sort,key", [("price_asc", lambda c: c.price_vnd),
                                      ("price_desc", lambda c: -c.price_vnd)])
def test_sorts_with_a_query_order_the_hits(shelf, sort, key):
    cards = find("chè", sort=sort).items
    assert len(cards) >= 3
    assert [key(c) for c in cards] == sorted(key(c) for c in cards)


def test_pages_split_the_hits_without_overlap(shelf):
    everything = [c.id for c in find("", per_page=100).items]
    pages = [find("", per_page=3, page=n) for n in (1, 2, 3, 4)]

    assert [c.id for p in pages for c in p.items] == everything
    assert all(p.total == len(everything) for p in pages)
    assert pages[-1].items == []


def test_in_stock_and_gift_filters(shelf):
    assert "Chè tôm nõn La Bằng" not in [c.name for c in find("che", in_stock=True).items]
    assert {c.name for c in find("", is_gift=True).items} == {"Trà móc câu Tân Cương",
                                                             "Mật ong chè"}


def test_only_listed_products_are_found(searching):
    hidden = make_producer("HTX chè chờ duyệt", status=ProducerStatus.PENDING)
    make_product("Chè chờ duyệt", producer=hidden)
    make_product("Chè nháp", status=ProductStatus.DRAFT)
    make_product("Chè đang bán")
    searching.rebuild()

    assert [c.name for c in find("che").items] == ["Chè đang bán"]


def test_a_certificate_counts_through_its_expiry_day_and_not_after(searching):
    # Given two 4★ products, one expiring today and one yesterday, indexed before
    make_product("Chè hết hạn hôm nay", stars=4, expires_on=today(),
                 certified_on=today() - timedelta(days=1000))
    make_product("Chè hết hạn hôm qua", stars=4, expires_on=today() - timedelta(days=1),
                 certified_on=today() - timedelta(days=1000))
    searching.rebuild()

    # Then the star filter and facet follow the rule on the day of the query
    page = find("che", stars=4)
    assert [c.name for c in page.items] == ["Chè hết hạn hôm nay"]
    assert {v.key: v.count for v in page.facets["stars"]} == {"4": 1}


def test_facet_labels_survive_the_per_worker_cache_across_sessions(app, db, shelf):
    app.config["CATALOG_CACHE_SECONDS"] = 30
    try:
        first = find("").facets["category"]
        db.session.commit()
        db.session.remove()  # the next request has a new session

        assert find("").facets["category"] == first != []
    finally:
        app.config["CATALOG_CACHE_SECONDS"] = 0
        cache.clear()
