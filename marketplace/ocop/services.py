"""OCOP certificates: issue, expire, revoke, and the programme statistics."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, select, update

from .. import units
from ..catalog import cache
from ..catalog.models import Category, Product
from ..clock import add_months, today
from ..models_base import utcnow
from ..extensions import db
from ..formatting import localized
from ..outlets.models import Outlet, OutletStatus
from ..shops.models import Producer, ProducerStatus
from .models import CERTIFICATE_LABELS, Certification, CertificationStatus, IssuerLevel
from .rules import issuer_for_stars


def current_certification(product: Product, day: date | None = None) -> Certification | None:
    """The product's certificate in force today, if any (the one rule)."""
    day = day or today()
    return next((c for c in product.certifications if c.is_current(day)), None)


def default_expiry(certified_on: date) -> date:
    return add_months(certified_on, current_app.config["CERTIFICATE_VALID_MONTHS"])


def issue_certification(product: Product, *, stars: int, certified_on: date,
                        score: int | None = None, expires_on: date | None = None,
                        certificate_no: str = "", decision_no: str = "", issuer: str = "",
                        issuer_level: str | None = None,
                        parts: tuple[int, int, int] | None = None) -> Certification:
    """Record a star decision; an earlier active certificate of the product is superseded.

    Flushes only: the caller's service commits.
    """
    db.session.execute(
        update(Certification)
        .where(Certification.product_id == product.id,
               Certification.status == CertificationStatus.ACTIVE)
        .values(status=CertificationStatus.EXPIRED)
    )
    score_a, score_b, score_c = parts or (None, None, None)
    certification = Certification(
        product=product, stars=stars, score=score, score_a=score_a, score_b=score_b,
        score_c=score_c, certificate_no=certificate_no, decision_no=decision_no,
        issuer=issuer, issuer_level=IssuerLevel(issuer_level or issuer_for_stars(stars)),
        certified_on=certified_on, expires_on=expires_on or default_expiry(certified_on),
    )
    db.session.add(certification)
    db.session.flush()
    db.session.expire(product, ["certifications"])
    _badges_changed([product.id])
    return certification


def expire_certifications(day: date | None = None) -> int:
    """Mark active certificates past their date as expired; returns how many."""
    day = day or today()
    expired = db.session.scalars(
        update(Certification)
        .where(Certification.status == CertificationStatus.ACTIVE, Certification.expires_on < day)
        .values(status=CertificationStatus.EXPIRED)
        .returning(Certification.product_id)
    ).all()
    if expired:
        _badges_changed(expired)
    db.session.commit()
    return len(expired)


# A certificate's own state machine: only an active one expires or is revoked.
CERTIFICATE_TRANSITIONS = {
    CertificationStatus.ACTIVE: frozenset({CertificationStatus.EXPIRED,
                                           CertificationStatus.REVOKED}),
    CertificationStatus.EXPIRED: frozenset(),
    CertificationStatus.REVOKED: frozenset(),
}


class InvalidCertificateTransition(ValueError):
    """A certificate change its table does not allow (revoking an expired one...)."""


def apply_certificate_transition(certification: Certification,
                                 target: CertificationStatus, **values) -> None:
    """Move a certificate to ``target`` (conditional on the status we saw) or raise.
    Flushes only."""
    current = CertificationStatus(certification.status)
    if target not in CERTIFICATE_TRANSITIONS[current]:
        raise InvalidCertificateTransition(_(
            "Không thể chuyển giấy chứng nhận từ «%(current)s» sang «%(target)s».",
            current=CERTIFICATE_LABELS[current], target=CERTIFICATE_LABELS[target]))
    result = db.session.execute(
        update(Certification).where(Certification.id == certification.id,
                                    Certification.status == current)
        .values(status=target, **values).execution_options(synchronize_session=False))
    db.session.expire(certification)
    if result.rowcount != 1:
        raise InvalidCertificateTransition(_("Giấy chứng nhận vừa được thay đổi; hãy tải lại."))
    db.session.flush()


def revoke_certification(certification: Certification, reason: str) -> None:
    """Withdraw (thu hồi) a certificate at once, with its reason; the badge disappears
    everywhere. Raises ValueError without a reason, InvalidCertificateTransition unless
    the certificate is active."""
    if not reason.strip():
        raise ValueError("a revocation needs a reason")
    product_id = certification.product_id
    apply_certificate_transition(certification, CertificationStatus.REVOKED,
                                 revoked_reason=reason.strip()[:500], revoked_at=utcnow())
    _badges_changed([product_id])
    db.session.commit()


def certification_on(product: Product, day: date) -> Certification | None:
    """The certificate as it stood on ``day`` (history, not today's rule): the latest
    decision in force that day, a revoked one counting until its revocation."""
    valid = [c for c in product.certifications if c.was_valid_on(day)]
    return max(valid, key=lambda c: (c.certified_on, c.id), default=None)


def _badges_changed(product_ids) -> None:
    """Listings and search show the badge: bump the revision, mark the products for the
    index (written when the caller's transaction commits)."""
    from .. import search  # search reads certificates: import it late

    cache.bump_revision()
    search.mark_products(product_ids)


@dataclass(frozen=True)
class ExpiringCertificate:
    product_slug: str
    product_name: str
    producer_name: str
    stars: int
    certificate_no: str
    expires_on: date


@dataclass(frozen=True)
class OcopStats:
    """Programme figures counting certificates in force only."""

    products_certified: int
    by_stars: dict[str, int]
    by_group: list[tuple[str, str, int]]  # (slug, name, count)
    by_commune: list[tuple[str, str, int]]  # (GSO code, name, count)
    producers: int
    outlets: int
    expiring: list[ExpiringCertificate]

    def as_json(self) -> dict:
        return {
            "products_certified": self.products_certified,
            "by_stars": self.by_stars,
            "by_group": {name: n for _, name, n in self.by_group},
            "producers": self.producers,
            "outlets": self.outlets,
            "expiring_within_90_days": len(self.expiring),
        }


def ocop_stats(day: date | None = None) -> OcopStats:
    """Counts by stars, group and commune, and certificates expiring within 90 days."""
    day = day or today()
    return cache.cached(("ocop-stats", day), lambda: _compute_stats(day))


def _compute_stats(day: date) -> OcopStats:
    current = (
        select(Certification.stars, Product.category_id, Producer.commune_code)
        .join(Product, Product.id == Certification.product_id)
        .join(Producer, Producer.id == Product.producer_id)
        .where(Certification.current_clause(day))
        .subquery()
    )
    by_stars = dict(db.session.execute(
        select(current.c.stars, func.count()).group_by(current.c.stars)).all())
    group_id = func.coalesce(Category.parent_id, Category.id)
    by_group_id = dict(db.session.execute(
        select(group_id, func.count()).select_from(current)
        .join(Category, Category.id == current.c.category_id).group_by(group_id)).all())
    by_commune = db.session.execute(
        select(current.c.commune_code, func.count()).group_by(current.c.commune_code)
        .order_by(func.count().desc())).all()
    groups = db.session.scalars(
        select(Category).where(Category.parent_id.is_(None)).order_by(Category.position)).all()
    return OcopStats(
        products_certified=sum(by_stars.values()),
        by_stars={str(s): by_stars.get(s, 0) for s in (3, 4, 5)},
        by_group=[(g.slug, localized(g), by_group_id.get(g.id, 0)) for g in groups],
        by_commune=[(code, getattr(units.commune(code), "short", code), n)
                    for code, n in by_commune],
        producers=db.session.scalar(select(func.count(Producer.id)).where(
            Producer.status == ProducerStatus.APPROVED)) or 0,
        outlets=db.session.scalar(select(func.count(Outlet.id)).where(
            Outlet.status == OutletStatus.APPROVED)) or 0,
        expiring=_expiring(day, day + timedelta(days=90)),
    )


def _expiring(day: date, until: date) -> list[ExpiringCertificate]:
    rows = db.session.execute(
        select(Product.slug, Product.name, Producer.name, Certification.stars,
               Certification.certificate_no, Certification.expires_on)
        .join(Product, Product.id == Certification.product_id)
        .join(Producer, Producer.id == Product.producer_id)
        .where(and_(Certification.current_clause(day), Certification.expires_on <= until))
        .order_by(Certification.expires_on, Product.name)
    )
    return [ExpiringCertificate(*row) for row in rows]
