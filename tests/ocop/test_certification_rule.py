"""The one rule for "certified now", and certificate history."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.catalog.filters import ProductFilters
from marketplace.catalog.listing import list_products
from marketplace.clock import add_months, today
from marketplace.ocop.models import Certification, CertificationStatus
from marketplace.ocop.services import (
    current_certification, expire_certifications, ocop_stats, revoke_certification,
)
from tests.factories import make_certification, make_product


def test_certificate_expiring_today_is_still_current(db):
    product = make_product(stars=4, expires_on=today())

    assert current_certification(product).stars == 4
    assert list_products(ProductFilters(stars=4)).total == 1


def test_certificate_expired_yesterday_hides_badge_filters_and_stats(db):
    product = make_product(stars=4, certified_on=today() - timedelta(days=1100),
                           expires_on=today() - timedelta(days=1))

    assert current_certification(product) is None
    assert list_products(ProductFilters(stars=4)).total == 0
    assert list_products(ProductFilters()).items[0].stars is None
    assert ocop_stats().products_certified == 0


def test_revoked_certificate_is_not_current(db):
    product = make_product(stars=5)
    revoke_certification(product.certifications[0], "Vi phạm an toàn thực phẩm")

    assert current_certification(product) is None
    assert ocop_stats().by_stars == {"3": 0, "4": 0, "5": 0}


def test_revocation_needs_a_reason(db):
    product = make_product(stars=3)
    with pytest.raises(ValueError):
        revoke_certification(product.certifications[0], "  ")


def test_new_decision_supersedes_and_history_is_kept(db):
    product = make_product(stars=3, certified_on=date(2023, 1, 10))
    make_certification(product, stars=4, certified_on=today() - timedelta(days=5))

    history = db.session.scalars(select(Certification).where(
        Certification.product_id == product.id).order_by(Certification.certified_on)).all()
    assert [(c.stars, c.status) for c in history] == [
        (3, CertificationStatus.EXPIRED), (4, CertificationStatus.ACTIVE)]
    assert current_certification(product).stars == 4


def test_two_active_certificates_for_one_product_are_refused(db):
    product = make_product(stars=3)
    db.session.add(Certification(product=product, stars=4, certified_on=today(),
                                 expires_on=today() + timedelta(days=30)))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_default_validity_is_36_months(db):
    product = make_product(stars=3, certified_on=date(2024, 2, 29))

    assert product.certifications[0].expires_on == date(2027, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_expire_command_marks_past_certificates(db, runner):
    make_product(stars=3, certified_on=date(2020, 1, 1), expires_on=date(2023, 1, 1))
    make_product(stars=4)

    result = runner.invoke(args=["ocop", "expire"])

    assert result.exit_code == 0 and "1 certificate(s) expired" in result.output
    statuses = sorted(db.session.scalars(select(Certification.status)))
    assert statuses == ["active", "expired"]
    assert expire_certifications() == 0
