"""``flask demo load``: the Thái Nguyên demo catalogue reproduces the provincial figures."""
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace import units
from marketplace.catalog.models import Category, Product, ProductImage
from marketplace.clock import today
from marketplace.demo.generate import build_catalogue, gtin13
from marketplace.ocop.models import PART_MAXIMA, Certification, CertificationStatus, IssuerLevel
from marketplace.ocop.rules import score_matches_stars
from marketplace.ocop.services import current_certification, ocop_stats
from marketplace.outlets.models import Outlet, OutletLevel, OutletStatus
from marketplace.shops.models import Producer

COUNTED = [Producer, Product, ProductImage, Certification, Outlet, Category]


def _load(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    return result.output


def _counts(db) -> dict[str, int]:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in COUNTED}


def _product(db, name: str) -> Product:
    return db.session.scalars(select(Product).where(Product.name == name)).one()


def test_demo_load_builds_the_thai_nguyen_catalogue(app, db, runner):
    """One load (it takes seconds), then every property of the catalogue in turn."""
    # When
    output = _load(runner)

    # Then
    assert "240 certified" in output and output.count("\n") == 1
    _figures_match_the_province(db)
    _producers_sit_in_real_communes_of_the_province(db)
    _certificates_are_consistent_and_history_is_kept(db)
    _products_are_complete_with_images_on_disk(app, db)
    _outlets_are_approved_and_placed(db)


def _figures_match_the_province(db):
    """240 products in force, 149 ★★★, 89 ★★★★, 2 ★★★★★, in all six groups."""
    stats = ocop_stats()
    assert stats.products_certified == 240
    assert stats.by_stars == {"3": 149, "4": 89, "5": 2}
    assert all(count > 0 for _, _, count in stats.by_group), stats.by_group
    assert 10 <= len(stats.expiring) <= 20
    assert stats.outlets >= 150
    by_group = {slug: n for slug, _, n in stats.by_group}
    assert by_group["thuc-pham"] > sum(n for slug, n in by_group.items() if slug != "thuc-pham")

    # the only two 5★ are the teas of HTX chè Hảo Đạt
    five = db.session.scalars(
        select(Product.name).join(Certification)
        .where(Certification.current_clause(today()), Certification.stars == 5)).all()
    assert sorted(five) == ["Chè tôm nõn", "Chè Đinh Tân Cương"]


def _producers_sit_in_real_communes_of_the_province(db):
    """About 100 producers, placed by their legacy address in 2025 communes of province 19."""
    producers = db.session.scalars(select(Producer)).all()
    communes = {c.code for c in units.communes_of("19")}
    assert 90 <= len(producers) <= 110
    assert {p.province_code for p in producers} == {"19"}
    assert {p.commune_code for p in producers} <= communes
    assert len({p.commune_code for p in producers}) >= 30
    for producer in producers:
        assert producer.legacy_address.endswith(("tỉnh Thái Nguyên", "tỉnh Bắc Kạn"))
        assert "huyện" in producer.legacy_address or "TP." in producer.legacy_address
        assert producer.phone and producer.story and producer.street
    assert {p.name.split()[0] for p in producers} >= {"HTX", "Công", "Hộ"}

    def commune_of(product_name):
        return _product(db, product_name).producer.commune_code

    assert commune_of("Chè tôm nõn") == "05503"  # Tân Cương
    assert commune_of("Miến Việt Cường") == "05692"  # Hóa Thượng → xã Đồng Hỷ
    assert commune_of("Nõn chè xanh Trại Cài") == "05692"  # Minh Lập → xã Đồng Hỷ
    assert commune_of("Miến dong Tài Hoan") == "02185"  # Côn Minh (Bắc Kạn cũ)
    assert commune_of("Bánh chưng Bờ Đậu") == "05641"  # Cổ Lũng → xã Vô Tranh


def _certificates_are_consistent_and_history_is_kept(db):
    """Scores match stars and parts; lapsed and uncertified products carry no badge."""
    day = today()

    certificates = db.session.scalars(select(Certification)).all()
    for c in certificates:
        assert score_matches_stars(c.stars, c.score), (c.certificate_no, c.stars, c.score)
        assert c.score_a + c.score_b + c.score_c == c.score
        assert 0 <= c.score_a <= PART_MAXIMA["A"]
        assert 0 <= c.score_b <= PART_MAXIMA["B"]
        assert 0 <= c.score_c <= PART_MAXIMA["C"]
        assert c.certificate_no and c.decision_no.split("/")[0].isdigit() and c.issuer
        assert (c.issuer_level == IssuerLevel.MINISTRY) == (c.stars == 5)
    current = [c for c in certificates if c.is_current(day)]
    assert len(current) == 240
    assert all(day - timedelta(days=1100) < c.certified_on <= day for c in current)
    assert any(c.issuer_level == IssuerLevel.DISTRICT for c in certificates)
    assert sum(c.status == CertificationStatus.EXPIRED for c in certificates) >= 20

    # a product whose only certificate lapsed shows no badge and is not counted
    products = db.session.scalars(select(Product)).all()
    lapsed = [p for p in products if p.certifications and current_certification(p) is None]
    assert 3 <= len(lapsed) <= 10
    assert all(c.expires_on < day for p in lapsed for c in p.certifications)
    never = [p for p in products if not p.certifications]
    assert "Bánh chưng Bờ Đậu" in {p.name for p in never}
    assert len(products) == 240 + len(lapsed) + len(never)


def _products_are_complete_with_images_on_disk(app, db):
    media = app.config["MEDIA_DIR"]

    products = db.session.scalars(select(Product)).all()
    for product in products:
        assert product.price_vnd > 0 and product.price_vnd % 1000 == 0
        assert product.unit and product.net_quantity and product.description and product.origin
        if product.gtin:
            assert product.gtin.startswith("893") and product.gtin == gtin13(product.gtin[:12])
        (cover,) = product.images
        assert cover.path.startswith("products/") and cover.alt
        with Image.open(f"{media}/{cover.path}") as image:
            assert image.size == (cover.width, cover.height) == (800, 800)
    assert sum(p.is_gift for p in products) >= 10
    assert sum(p.gtin is not None for p in products) >= 10
    tea = [p for p in products if p.category.slug == "che-ca-phe" and p.unit == "hộp"
           and p.net_quantity.startswith("Hộp 200 g")]
    assert tea and all(150_000 <= p.price_vnd <= 1_200_000 for p in tea)
    for producer in db.session.scalars(select(Producer)):
        with Image.open(f"{media}/{producer.logo_path}") as logo:
            logo.verify()


def _outlets_are_approved_and_placed(db):
    outlets = db.session.scalars(select(Outlet)).all()
    communes = {c.code for c in units.communes_of("19")}
    assert sum(o.status == OutletStatus.APPROVED for o in outlets) >= 150
    assert all(o.commune_code in communes and o.lat and o.lng for o in outlets)
    levels = {o.level for o in outlets}
    assert levels == set(OutletLevel)
    assert any("Hải Đăng" in o.name for o in outlets if o.level == OutletLevel.REST_STOP)


def test_loading_twice_changes_nothing(app, db, runner):
    _load(runner)
    before = _counts(db)
    stars = ocop_stats().by_stars

    _load(runner)

    assert _counts(db) == before
    assert ocop_stats().by_stars == stars == {"3": 149, "4": 89, "5": 2}


@pytest.mark.parametrize("day", [date(2026, 11, 29), date(2027, 2, 28), date(2028, 2, 29),
                                 date(2028, 3, 31), date(2031, 7, 1)])
def test_figures_hold_whatever_the_day_of_loading(day):
    # build_catalogue checks its own totals and raises if they do not hold
    catalogue = build_catalogue(day)

    current = [c for p in catalogue.products for c in p.certifications
               if c.status == CertificationStatus.ACTIVE and c.expires_on >= day]
    assert len(current) == 240
    assert all(c.certified_on <= day for p in catalogue.products for c in p.certifications)
