"""Factories that return saved objects with sensible defaults."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from marketplace.catalog.models import Category, Product, ProductStatus
from marketplace.clock import today
from marketplace.extensions import db
from marketplace.ocop.models import Certification
from marketplace.ocop.services import issue_certification
from marketplace.shops.models import Producer, ProducerKind, ProducerStatus

_seq = itertools.count(1)
SCORE_FOR_STARS = {3: 60, 4: 78, 5: 92}


def category(slug: str = "thuc-pham") -> Category:
    return db.session.scalar(select(Category).where(Category.slug == slug))


def make_producer(name: str | None = None, *, commune_code: str = "05503",
                  status: ProducerStatus = ProducerStatus.APPROVED, **fields) -> Producer:
    n = next(_seq)
    name = name or f"HTX thử nghiệm {n}"
    producer = Producer(
        slug=fields.pop("slug", f"htx-thu-nghiem-{n}"), name=name,
        kind=fields.pop("kind", ProducerKind.COOPERATIVE), province_code="19",
        commune_code=commune_code, status=status, **fields,
    )
    db.session.add(producer)
    db.session.commit()
    return producer


def make_product(name: str | None = None, *, producer: Producer | None = None,
                 stars: int | None = None, price_vnd: int = 125_000, stock: int = 10,
                 category_slug: str = "che-ca-phe", certified_on: date | None = None,
                 expires_on: date | None = None,
                 status: ProductStatus = ProductStatus.ACTIVE, **fields) -> Product:
    n = next(_seq)
    product = Product(
        producer=producer or make_producer(), slug=fields.pop("slug", f"san-pham-{n}"),
        name=name or f"Sản phẩm {n}", category=category(category_slug),
        price_vnd=price_vnd, stock=stock, status=status, **fields,
    )
    db.session.add(product)
    db.session.flush()
    if stock:  # the stock is the sum of its movements: start the ledger
        from marketplace.catalog import stock as stock_ledger
        from marketplace.catalog.models import StockReason

        stock_ledger.record(product.id, stock, stock, StockReason.INITIAL)
    if stars:
        make_certification(product, stars=stars, certified_on=certified_on,
                           expires_on=expires_on)
    db.session.commit()
    return product


def make_certification(product: Product, *, stars: int = 4, certified_on: date | None = None,
                       expires_on: date | None = None, score: int | None = None) -> Certification:
    certified_on = certified_on or today() - timedelta(days=100)
    certification = issue_certification(
        product, stars=stars, score=score or SCORE_FOR_STARS[stars], certified_on=certified_on,
        expires_on=expires_on, certificate_no=f"GCN-{next(_seq):05d}",
        decision_no=f"{next(_seq)}/QĐ-UBND", issuer="UBND tỉnh Thái Nguyên",
    )
    db.session.commit()
    return certification


# --- accounts (make_user, make_outlet, make_address) -------------------------------------

DEFAULT_PASSWORD = "mat-khau-thu-nghiem"


def make_outlet(name: str | None = None, *, commune_code: str = "05503", **fields):
    """An approved outlet (điểm bán) in Thái Nguyên."""
    from marketplace.outlets.models import Outlet, OutletStatus

    n = next(_seq)
    outlet = Outlet(
        slug=fields.pop("slug", f"diem-ban-{n}"), name=name or f"Điểm bán OCOP {n}",
        province_code="19", commune_code=commune_code,
        status=fields.pop("status", OutletStatus.APPROVED), **fields,
    )
    db.session.add(outlet)
    db.session.commit()
    return outlet


def make_user(email: str | None = None, *, role: str = "shopper",
              password: str = DEFAULT_PASSWORD, producer: Producer | None = None,
              producer_role: str = "owner", outlet=None, is_active: bool = True,
              name: str | None = None, **fields):
    """A saved account; producer and outlet accounts get a new producer/outlet if none given."""
    from marketplace.accounts.models import ProducerRole, Role, User
    from marketplace.accounts.passwords import hash_password

    n = next(_seq)
    role = Role(role)
    if role == Role.PRODUCER and producer is None:
        producer = make_producer()
    if role == Role.OUTLET and outlet is None:
        outlet = make_outlet()
    user = User(
        email=email or f"nguoi-dung-{n}@example.vn", password_hash=hash_password(password),
        name=name if name is not None else f"Người dùng {n}", role=role,
        producer=producer if role == Role.PRODUCER else None,
        producer_role=ProducerRole(producer_role) if role == Role.PRODUCER else None,
        outlet=outlet if role == Role.OUTLET else None, is_active=is_active, **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_address(user, **fields):
    """A saved delivery address in xã Tân Cương, Thái Nguyên."""
    from marketplace.accounts.models import Address

    address = Address(
        user_id=user.id, recipient_name=fields.pop("recipient_name", "Nguyễn Văn An"),
        phone=fields.pop("phone", "0912345678"), province_code=fields.pop("province_code", "19"),
        commune_code=fields.pop("commune_code", "05503"),
        street=fields.pop("street", "Xóm Nam Đồng"), is_default=fields.pop("is_default", False),
        **fields,
    )
    db.session.add(address)
    db.session.commit()
    return address


# --- cart and orders (make_cart, make_order) ---------------------------------------------

def make_cart(user=None, *, token: str | None = None, items=()):
    """A cart of ``user`` (or a guest ``token``) holding ``items``: (product, quantity) pairs,
    each at the product's current price."""
    from marketplace.cart.models import Cart, CartLine

    cart = Cart(user_id=user.id if user else None,
                token=None if user else (token or f"guest-token-{next(_seq)}"))
    db.session.add(cart)
    db.session.flush()
    for product, quantity in items:
        db.session.add(CartLine(cart_id=cart.id, product_id=product.id, quantity=quantity,
                                price_seen_vnd=product.price_vnd))
    db.session.commit()
    return cart


def checkout_details(method: str = "cod", **fields):
    """Delivery details for xã Tân Cương, Thái Nguyên (checkout's dataclass)."""
    from marketplace.orders.services import CheckoutDetails

    data = {"recipient_name": "Nguyễn Văn An", "phone": "0912 345 678", "province_code": "19",
            "commune_code": "05503", "street": "Xóm Nam Đồng", **fields}
    return CheckoutDetails(payment_method=method, **data)


def make_order(user=None, items=None, *, method: str = "cod", key: str | None = None, **fields):
    """An order placed through the real service from a fresh cart of ``items``."""
    from marketplace.orders.services import place_order

    user = user or make_user()
    items = items if items is not None else [(make_product(), 1)]
    make_cart(user, items=items)
    return place_order(user, checkout_details(method, **fields),
                       key or f"test-order-key-{next(_seq):08d}")


# --- OCOP workflow and traceability (issue 8) ---------------------------------------------

TINY_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def food_scorecard():
    """The seeded food-group scorecard (created on first use)."""
    from marketplace.ocop.dossier_models import Scorecard
    from marketplace.ocop.seed import ensure_scorecards

    ensure_scorecards()
    db.session.commit()
    return db.session.scalar(select(Scorecard).where(Scorecard.is_active.is_(True)))


def make_council(count: int = 3):
    """``count`` office accounts that are council members."""
    from marketplace.ocop.council import add_council_member

    members = []
    for _ in range(count):
        user = make_user(role="office")
        add_council_member(user, "Thành viên")
        members.append(user)
    return members


def points_for_total(scorecard, total: int, *, overrides: dict[str, int] | None = None):
    """Points per criterion id adding up to ``total``: every mandatory criterion at least
    its minimum, the rest spread in order; ``overrides`` (code → points) are applied first."""
    overrides = overrides or {}
    criteria = scorecard.criteria
    points = {c.id: overrides.get(c.code, c.min_points if c.mandatory_from_stars else 0)
              for c in criteria}
    left = total - sum(points.values())
    assert left >= 0, "overrides exceed the total"
    for c in criteria:
        if c.code in overrides or left <= 0:
            continue
        extra = min(c.max_points - points[c.id], left)
        points[c.id] += extra
        left -= extra
    assert left == 0, f"cannot reach {total}"
    return points


def make_dossier(product=None, *, state: str = "draft", producer_user=None):
    """A dossier moved through the real services up to ``state`` (draft, submitted,
    council_scoring)."""
    from marketplace.ocop import council, dossiers

    scorecard = food_scorecard()
    product = product or make_product(category_slug="che-ca-phe")
    dossier = dossiers.start_dossier(product)
    if state == "draft":
        return dossier
    for kind in dossiers.required_documents(dossier.kind):
        dossiers.add_document(dossier, kind, f"{kind}.pdf", TINY_PDF)
    dossiers.save_self_assessment(dossier, points_for_total(scorecard, 75), "Giới thiệu")
    dossiers.submit(dossier)
    if state == "submitted":
        return dossier
    council.commune_review(dossier, passed=True, note="Đạt")
    assert state == "council_scoring", state
    return dossier


def score_dossier(dossier, totals, overrides=None):
    """Each council member (made here) submits a sheet with the given total."""
    from marketplace.ocop import council

    members = make_council(len(totals))
    for member, total in zip(members, totals):
        council.save_council_sheet(dossier, member, points_for_total(
            dossier.scorecard, total, overrides=overrides), final=True)
    return members


def make_batch(product=None, *, code: str = "LO-2026-01", produced_on: date | None = None,
               **fields):
    """A batch (with its commissioning event) through the real service."""
    from marketplace.trace.services import BatchData, create_batch

    product = product or make_product()
    data = BatchData(code=code, produced_on=(produced_on or today()).isoformat(),
                     **{k: str(v) for k, v in fields.items()})
    return create_batch(product, data, actor_name="Nguyễn Thị Hoa")


# --- outlets: wholesale terms, shelf stock, gift sets, restock orders (issue 7) ----------

def make_wholesale(product, tiers=((1, 100_000),), *, moq: int = 1, lead_time_days: int = 3,
                   offered: bool = True):
    """Wholesale terms for ``product``: ``tiers`` as (minimum quantity, unit price)."""
    from marketplace.outlets import wholesale

    terms = wholesale.Terms(offered, moq, lead_time_days,
                            tuple(wholesale.Tier(q, p) for q, p in tiers))
    return wholesale.save_terms(product, terms)


def make_outlet_stock(outlet, product, *, on_hand: int = 0, reorder_point: int = 5,
                      target_level: int = 20):
    """The outlet carries ``product`` with ``on_hand`` units (one opening movement)."""
    from marketplace.outlets import shelf

    return shelf.add_item(outlet, product.id, str(on_hand),
                          shelf.Levels(reorder_point, target_level), actor_id=None)


def make_gift_set(components, *, name: str | None = None, price_vnd: int = 300_000,
                  occasion: str = "tet", outlet=None):
    """A gift set of ``components``: (product, quantity) pairs, composed through the service."""
    from marketplace.outlets import giftsets

    data = giftsets.GiftSetData(
        name=name or f"Bộ quà thử nghiệm {next(_seq)}", occasion=occasion,
        price_vnd=str(price_vnd),
        components=[(str(p.id), str(q)) for p, q in components])
    return giftsets.create_gift_set(data, actor_id=None,
                                    outlet_id=outlet.id if outlet is not None else None)


def make_restock(outlet, items, *, payment_terms: str = "on_delivery", key: str | None = None):
    """Restock orders placed through the real service: ``items`` as (product, quantity)."""
    from marketplace.outlets import restock

    for product, quantity in items:
        restock.add_to_draft(outlet, product.id, str(quantity))
    return restock.place(outlet, payment_terms=payment_terms, note="",
                         request_key=key or f"restock-key-{next(_seq):08d}", actor_id=None)
