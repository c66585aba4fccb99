"""Lập đơn nhập hàng: the operator's list being built, and its prices at the tiers.

One list per outlet (``RestockDraftLine``), filled from the suggestions, from "repeat last
order" or by hand (a gift set adds its parts), and priced live at the producers' wholesale
tiers, grouped per producer, each line with its MOQ or availability problem in one
sentence. ``restock.place`` turns it into orders. Each public service commits once.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..catalog.models import Product, ProductStatus
from ..extensions import db
from ..shops.models import Producer, ProducerStatus
from . import shelf
from .exceptions import BelowMinimumOrder, NotOffered, OutletInvalid
from .models import Outlet
from .restock_models import RestockDraftLine, RestockLine, RestockOrder
from .wholesale import next_tier, price_line, terms_for

MAX_DRAFT_LINES = 100
MAX_LINE_QTY = 100_000


def draft_lines(outlet_id: int) -> list[RestockDraftLine]:
    return list(db.session.scalars(
        select(RestockDraftLine).where(RestockDraftLine.outlet_id == outlet_id)
        .order_by(RestockDraftLine.id)
        .options(selectinload(RestockDraftLine.product).selectinload(Product.producer))))


def _put(outlet_id: int, product_id: int, quantity: int, *, add: bool) -> None:
    line = db.session.scalar(select(RestockDraftLine).where(
        RestockDraftLine.outlet_id == outlet_id, RestockDraftLine.product_id == product_id))
    if line is None:
        count = db.session.scalar(select(db.func.count()).select_from(RestockDraftLine).where(
            RestockDraftLine.outlet_id == outlet_id))
        if count >= MAX_DRAFT_LINES:
            raise OutletInvalid({"quantity": _("Một đơn nhập có tối đa %(n)s dòng.",
                                               n=MAX_DRAFT_LINES)})
        db.session.add(RestockDraftLine(outlet_id=outlet_id, product_id=product_id,
                                        quantity=min(quantity, MAX_LINE_QTY)))
    else:
        line.quantity = min((line.quantity + quantity) if add else quantity, MAX_LINE_QTY)


def _commit(action):
    try:
        result = action()
        db.session.commit()
        return result
    except IntegrityError:
        db.session.rollback()
        raise OutletInvalid({"quantity": _("Danh sách vừa được sửa ở nơi khác; vui lòng thử "
                                           "lại.")}) from None
    except Exception:
        db.session.rollback()
        raise


def add_to_draft(outlet: Outlet, product_id: int, quantity_text) -> Product:
    """Add units of a product offered to outlets (or of a gift set: its parts) by hand."""
    quantity = shelf.parse_count(quantity_text, "quantity", _("Số lượng"), low=1,
                                 high=MAX_LINE_QTY)
    product = db.session.get(Product, product_id)
    if product is None:
        raise OutletInvalid({"product_id": _("Vui lòng chọn sản phẩm.")})

    def action():
        if product.gift_set is not None:  # a set is restocked as its parts
            for component in product.gift_set.components:
                _put(outlet.id, component.product_id, component.quantity * quantity, add=True)
        else:
            terms = terms_for([product.id]).get(product.id)
            if terms is None or not terms.offered:
                raise NotOffered(product.name)
            _put(outlet.id, product.id, quantity, add=True)
        return product

    return _commit(action)


def set_draft_quantities(outlet: Outlet, quantities: dict[int, str]) -> None:
    """The list's quantity boxes: a number sets it, 0 removes the line."""
    label = _("Số lượng")
    parsed = {line_id: shelf.parse_count(text, f"qty-{line_id}", label, high=MAX_LINE_QTY)
              for line_id, text in quantities.items()}

    def action():
        for line in draft_lines(outlet.id):
            if line.id in parsed:
                if parsed[line.id] == 0:
                    db.session.delete(line)
                else:
                    line.quantity = parsed[line.id]

    _commit(action)


def remove_from_draft(outlet: Outlet, line_id: int) -> None:
    db.session.execute(delete(RestockDraftLine).where(RestockDraftLine.id == line_id,
                                                      RestockDraftLine.outlet_id == outlet.id))
    db.session.commit()


def clear_draft(outlet: Outlet) -> None:
    db.session.execute(delete(RestockDraftLine).where(RestockDraftLine.outlet_id == outlet.id))
    db.session.commit()


def draft_from_suggestions(outlet: Outlet) -> int:
    """Put every suggested quantity in the list (replacing those products' quantities)."""
    from .suggestions import suggestions

    picked = [s for s in suggestions(outlet.id) if s.quantity > 0]

    def action():
        for suggestion in picked:
            _put(outlet.id, suggestion.stock.product_id, suggestion.quantity, add=False)
        return len(picked)

    return _commit(action)


def last_order_lines(outlet_id: int) -> list[RestockLine]:
    """The lines of the outlet's last placed request (all its producers' orders)."""
    last = db.session.scalar(select(RestockOrder).where(RestockOrder.outlet_id == outlet_id)
                             .order_by(RestockOrder.placed_at.desc(), RestockOrder.id.desc())
                             .limit(1))
    if last is None:
        return []
    return list(db.session.scalars(
        select(RestockLine).join(RestockOrder, RestockOrder.id == RestockLine.order_id)
        .where(RestockOrder.outlet_id == outlet_id,
               RestockOrder.request_key == last.request_key).order_by(RestockLine.id)))


def draft_from_last_order(outlet: Outlet) -> int:
    """Đặt lại đơn trước: the last request's products and quantities, into the list."""
    lines = [line for line in last_order_lines(outlet.id) if line.product_id is not None]
    if not lines:
        raise OutletInvalid({"repeat": _("Điểm bán chưa có đơn nhập nào để đặt lại.")})

    def action():
        for line in lines:
            _put(outlet.id, line.product_id, line.quantity, add=False)
        return len(lines)

    return _commit(action)


# ---------------------------------------------------------------- pricing the list

@dataclass
class PricedLine:
    line_id: int | None
    product: Product
    quantity: int
    unit_price_vnd: int | None = None
    problem: str | None = None
    hint: str | None = None  # "from 50 units: 95.000 ₫ each"

    @property
    def line_total_vnd(self) -> int:
        return (self.unit_price_vnd or 0) * self.quantity


@dataclass
class ProducerGroup:
    producer: Producer
    lines: list[PricedLine] = field(default_factory=list)

    @property
    def subtotal_vnd(self) -> int:
        return sum(line.line_total_vnd for line in self.lines)


@dataclass
class Preview:
    groups: list[ProducerGroup]

    @property
    def problems(self) -> list[str]:
        return [line.problem for g in self.groups for line in g.lines if line.problem]

    @property
    def total_vnd(self) -> int:
        return sum(g.subtotal_vnd for g in self.groups)

    @property
    def is_empty(self) -> bool:
        return not self.groups


def price_lines(pairs: list[tuple[int | None, Product, int]]) -> Preview:
    """Price (line id, product, quantity) at the tiers in force, grouped per producer, with
    the MOQ or availability problem of each line in one sentence."""
    from ..formatting import format_vnd
    from ..i18n import current_language

    terms = terms_for(p.id for _line, p, _qty in pairs)
    groups: dict[int, ProducerGroup] = {}
    for line_id, product, quantity in pairs:
        priced = PricedLine(line_id, product, quantity)
        term = terms.get(product.id)
        try:
            if product.status != ProductStatus.ACTIVE or \
                    product.producer.status != ProducerStatus.APPROVED:
                raise NotOffered(product.name)
            priced.unit_price_vnd = price_line(product, term, quantity)
            better = next_tier(term.tiers, quantity)
            if better is not None:
                priced.hint = _("Từ %(qty)s %(unit)s: %(price)s mỗi %(unit)s.",
                                qty=better.min_qty, unit=product.unit,
                                price=format_vnd(better.unit_price_vnd, current_language()))
        except (NotOffered, BelowMinimumOrder) as error:
            priced.problem = str(error)
        groups.setdefault(product.producer_id, ProducerGroup(product.producer)).lines.append(priced)
    return Preview(sorted(groups.values(), key=lambda g: g.producer.name))


def preview(outlet_id: int) -> Preview:
    return price_lines([(line.id, line.product, line.quantity) for line in draft_lines(outlet_id)])


