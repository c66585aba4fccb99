"""The demo's B2B side (issue 7): wholesale terms, outlet shelves with a month of counter
sales, gift sets, and upcoming fairs with their exhibitors.

Idempotent like the rest of the demo: terms, shelf items and gift sets are created once
and left alone afterwards (a re-load does not undo what operators and producers did);
the fairs keep their place relative to the day of loading. Runs inside ``load_demo``'s
transaction (flushes only), after producers, products and outlets exist.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ..catalog.models import Product, ProductImage, ProductStatus
from ..extensions import db
from ..formatting import slugify
from ..models_base import utcnow
from ..outlets import giftset_compose, giftsets
from ..outlets.event_models import (
    ApplicationStatus, EventApplication, EventApplicationProduct, EventKind, EventStatus,
    TradeEvent,
)
from ..outlets.giftset_models import GiftSet, Occasion
from ..outlets.models import Outlet, OutletLevel, OutletMovement, OutletReason, OutletStock
from ..outlets.restock_models import WholesaleTerms, WholesaleTier
from ..shops.models import Producer
from . import images

# (producer, product, MOQ, lead time in days): the products producers sell to outlets.
WHOLESALE = [
    ("HTX chè Hảo Đạt", "Chè tôm nõn", 5, 3), ("HTX chè Hảo Đạt", "Chè Đinh Tân Cương", 3, 3),
    ("HTX miến Việt Cường", "Miến Việt Cường", 10, 4),
    ("Công ty TNHH Công nghệ sinh học Phú Gia", "Nấm hương", 10, 5),
    ("HTX Nông sản Phú Lương", "Trà tôm nõn hương quê", 5, 3),
    ("HTX Nông sản Phú Lương", "Trà móc câu hương quê", 5, 3),
    ("HTX chè sạch Đạt Phát", "Trà đinh Đạt Phát", 5, 4),
    ("HTX trà Sơn Dung", "Độc đáo trà ướp hoa", 5, 4),
    ("HTX chè Công Tâm Minh Đức", "Trà móc câu Minh Đức", 5, 3),
    ("HTX chè Nguyên Việt", "Trà xanh túi lọc Nguyên Việt", 10, 3),
    ("HTX nuôi ong Phúc Thành", "Mật ong Phúc Thành", 6, 4),
    ("HTX nông lâm sản MTQ", "Măng khô lục trúc MTQ", 10, 6),
    ("HTX chế biến nông sản ATK Định Hóa", "Bún ngũ sắc gạo Bao Thai", 10, 5),
    ("HTX chế biến nông sản ATK Định Hóa", "Cơm cháy nếp Thầu Dầu", 10, 5),
    ("HTX Tài Hoan", "Miến dong Tài Hoan", 20, 7),
    ("Công ty TNHH Hà Diệp", "Trà hoa vàng", 3, 5),
    ("HTX rượu men lá Bằng Phúc", "Rượu men lá Bằng Phúc", 6, 5),
]
# (name, occasion, price, [(producer, product, quantity)], description)
GIFT_SETS = [
    ("Hộp quà Tết Tân Cương", Occasion.TET, 590_000,
     [("HTX chè Hảo Đạt", "Chè tôm nõn", 1), ("HTX nuôi ong Phúc Thành", "Mật ong Phúc Thành", 1)],
     "Chè tôm nõn Hảo Đạt và mật ong hoa rừng Phúc Thành trong hộp giấy kraft, kèm thiệp "
     "chúc Tết."),
    ("Quà biếu Đặc sản Thái Nguyên", Occasion.VISIT, 520_000,
     [("HTX chè Hảo Đạt", "Chè Đinh Tân Cương", 1),
      ("Công ty TNHH Công nghệ sinh học Phú Gia", "Nấm hương", 1),
      ("HTX miến Việt Cường", "Miến Việt Cường", 1)],
     "Ba đặc sản OCOP của Thái Nguyên: chè, nấm hương và miến dong."),
    ("Quà hội nghị Trà Thái Nguyên", Occasion.CONFERENCE, 240_000,
     [("HTX Nông sản Phú Lương", "Trà tôm nõn hương quê", 1),
      ("HTX chè Nguyên Việt", "Trà xanh túi lọc Nguyên Việt", 2)],
     "Bộ quà nhỏ gọn cho đại biểu hội nghị: một hộp trà tôm nõn và hai hộp trà túi lọc."),
]
# (title, kind, starts in days, lasts days, venue, commune (old ward, old district), text)
EVENTS = [
    ("Tuần hàng OCOP và đặc sản Thái Nguyên", EventKind.OCOP_WEEK, 21, 5,
     "Quảng trường Võ Nguyên Giáp", "Phan Đình Phùng",
     "Hơn 100 gian hàng của các chủ thể OCOP trong tỉnh: chè, miến dong, mật ong, dược liệu "
     "và hàng thủ công; trình diễn pha trà và giới thiệu quy trình làm miến."),
    ("Hội chợ Xúc tiến thương mại Chè Tân Cương", EventKind.FAIR, 45, 3,
     "Nhà văn hoá xã Tân Cương", "Tân Cương",
     "Hội chợ chè đầu vụ xuân: thử chè, kết nối cơ sở với điểm bán OCOP và doanh nghiệp."),
]
SHELF_OUTLETS = 12


@dataclass(frozen=True)
class TradeSummary:
    wholesale: int
    outlets_stocked: int
    shelf_items: int
    gift_sets: int
    events: int


def load_trade(day, draw, operator_outlet: Outlet) -> TradeSummary:
    """Write the B2B demo; flushes only. ``draw(relative path, render)`` draws an image
    once (the loader's) and returns its size."""
    products = _products()
    for producer_name, name, moq, lead in WHOLESALE:
        product = products.get((producer_name, name))
        if product is not None and db.session.get(WholesaleTerms, product.id) is None:
            price = product.price_vnd
            tiers = [(1, _round(price * 0.82)), (moq * 2, _round(price * 0.78)),
                     (moq * 6, _round(price * 0.74))]
            db.session.add(WholesaleTerms(product_id=product.id, offered=True, min_order_qty=moq,
                                          lead_time_days=lead, tiers=[
                WholesaleTier(min_qty=q, unit_price_vnd=p) for q, p in tiers]))
    db.session.flush()
    outlets = _shelf_outlets(operator_outlet)
    offered = [products[(p, n)] for p, n, _m, _l in WHOLESALE if (p, n) in products]
    for index, outlet in enumerate(outlets):
        # Seeded by the outlet and the product: a re-load picks the same, whatever exists.
        carried = offered if index == 0 else random.Random(outlet.slug).sample(offered, 8)
        for position, product in enumerate(carried):
            _stock_item(outlet, product, random.Random(f"{outlet.slug}/{product.slug}"),
                        low=(index == 0 and position % 4 == 0))
    sets = [_gift_set(spec, products, draw, operator_outlet if i == 2 else None)
            for i, spec in enumerate(GIFT_SETS)]
    events = [_event(spec, day, products, draw) for spec in EVENTS]
    db.session.flush()
    giftsets.refresh_stock([s.id for s in sets if s is not None])
    shelf_items = db.session.scalar(select(db.func.count()).select_from(OutletStock)) or 0
    return TradeSummary(wholesale=len(offered), outlets_stocked=len(outlets),
                        shelf_items=shelf_items, gift_sets=len([s for s in sets if s]),
                        events=len(events))


def _round(amount: float) -> int:
    return int(round(amount / 1000.0)) * 1000


def _products() -> dict[tuple[str, str], Product]:
    rows = db.session.execute(select(Producer.name, Product).join(
        Product, Product.producer_id == Producer.id))
    return {(producer, product.name): product for producer, product in rows}


def _shelf_outlets(operator_outlet: Outlet) -> list[Outlet]:
    """The operator's outlet first, then the other provincial points and some communes."""
    others = list(db.session.scalars(select(Outlet).where(Outlet.id != operator_outlet.id)
                                     .order_by(Outlet.slug)))
    special = [o for o in others if o.level != OutletLevel.COMMUNE
               and o.level != OutletLevel.DISTRICT]
    communes = [o for o in others if o.level == OutletLevel.COMMUNE]
    picked = [operator_outlet] + special
    picked += communes[::max(1, len(communes) // (SHELF_OUTLETS - len(picked)))]
    return picked[:SHELF_OUTLETS]


def _stock_item(outlet: Outlet, product: Product, rng: random.Random, *, low: bool) -> None:
    """A shelf item with an opening quantity and a month of counter sales (created once)."""
    exists = db.session.scalar(select(OutletStock.id).where(
        OutletStock.outlet_id == outlet.id, OutletStock.product_id == product.id))
    if exists is not None:
        return
    reorder, target = rng.choice([(4, 16), (5, 20), (6, 24)])
    opening = target + rng.randint(5, 15)
    sales = [rng.randint(1, 3) for _ in range(rng.randint(4, 9))]
    left = opening - sum(sales)
    if low:  # the operator's warning list: a few items have sold down to the reorder point
        extra = left - rng.randint(1, reorder)
        if extra > 0:
            sales.append(extra)
        left = opening - sum(sales)
    now = utcnow()
    db.session.add(OutletStock(outlet_id=outlet.id, product_id=product.id, on_hand=left,
                               reorder_point=reorder, target_level=target))
    on_hand = opening
    db.session.add(OutletMovement(outlet_id=outlet.id, product_id=product.id, delta=opening,
                                  on_hand_after=opening, reason=OutletReason.OPENING,
                                  created_at=now - timedelta(days=35),
                                  note="tồn đầu (dữ liệu mẫu)"))
    for n, quantity in enumerate(sales):
        on_hand -= quantity
        db.session.add(OutletMovement(
            outlet_id=outlet.id, product_id=product.id, delta=-quantity, on_hand_after=on_hand,
            reason=OutletReason.COUNTER_SALE, note="bán tại quầy (dữ liệu mẫu)",
            created_at=now - timedelta(days=28 - n * 3, hours=rng.randint(0, 8))))


def _gift_set(spec, products, draw, outlet: Outlet | None):
    name, occasion, price, parts, description = spec
    house = giftsets.house_producer()
    if not house.logo_path:
        house.logo_path = f"producers/{house.slug}.{images.SUFFIX}"
        draw(house.logo_path, lambda: images.render_logo("Quà tặng OCOP", "Bộ quà tặng"))
    product = db.session.scalar(select(Product).where(Product.producer_id == house.id,
                                                      Product.name == name))
    components = [(products[(p, n)], q) for p, n, q in parts if (p, n) in products]
    if len(components) != len(parts):
        return None
    if product is None:
        product = Product(producer_id=house.id, name=name, price_vnd=price, stock=0,
                          slug=giftset_compose.unique_slug(slugify(f"bo-qua {name}")),
                          status=ProductStatus.ACTIVE, images=[],
                          category_id=components[0][0].category_id)
        db.session.add(product)
        db.session.flush()
        gift = GiftSet(product_id=product.id, occasion=occasion, components=[],
                       outlet_id=outlet.id if outlet else None)
        db.session.add(gift)
        giftset_compose.apply_values(product, gift, {
            "name": name, "description": description, "price_vnd": price, "occasion": occasion,
            "components": components})
        db.session.flush()
    path = f"products/{product.slug}.{images.SUFFIX}"
    width, height = draw(path, lambda: images.render_card(name, "thuc-pham", "Bộ quà tặng OCOP"))
    if not product.images:
        product.images.append(ProductImage(path=path, alt=name, position=0, width=width,
                                           height=height))
    return product


def _event(spec, day, products, draw) -> TradeEvent:
    from .. import units

    title, kind, starts_in, days, venue, commune_name, description = spec
    commune = units.resolve_commune("19", commune_name)
    event = db.session.scalar(select(TradeEvent).where(TradeEvent.title == title))
    if event is None:
        event = TradeEvent(slug=slugify(title), title=title, applications=[])
        db.session.add(event)
    event.kind, event.venue, event.description = kind, venue, description
    event.starts_on = day + timedelta(days=starts_in)
    event.ends_on = event.starts_on + timedelta(days=days - 1)
    event.province_code, event.commune_code = "19", commune.code
    event.status = EventStatus.PUBLISHED
    path = f"events/{event.slug}.{images.SUFFIX}"
    draw(path, lambda: images.render_card(title, "thuc-pham", venue))
    event.photo_path = path
    db.session.flush()
    if not event.applications:  # exhibitors accepted once; the office's later choices stand
        for producer_name, name, _moq, _lead in WHOLESALE[:6]:
            product = products.get((producer_name, name))
            if product is None:
                continue
            mine = next((a for a in event.applications if a.producer_id == product.producer_id),
                        None)
            if mine is None:
                mine = EventApplication(producer_id=product.producer_id,
                                        status=ApplicationStatus.ACCEPTED, decided_at=utcnow(),
                                        products=[])
                event.applications.append(mine)
            mine.products.append(EventApplicationProduct(product_id=product.id))
    return event
