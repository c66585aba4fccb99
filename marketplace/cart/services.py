"""Cart rules: add, change, remove, accept changes, merge a guest cart at login.

Each public service commits once. A cart belongs to an account (``user_id``) or to a
browser (``token``, kept in the signed session cookie); ``Owner`` names one of the two.
Quantities are whole numbers from 1 to ``CART_MAX_QUANTITY`` and never more than the
stock; anything else is refused and changes nothing.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ..catalog.models import Product, ProductStatus
from ..extensions import db
from ..shops.models import Producer, ProducerStatus
from .exceptions import BadQuantity, CartFull, LineNotFound, NotEnoughStock, ProductUnavailable
from .models import Cart, CartLine

_DIGITS = re.compile(r"[0-9]{1,9}")  # ASCII only: int() would accept "２"


@dataclass(frozen=True)
class Owner:
    """Whose cart: an account (``user_id``) or a guest browser (``token``)."""

    user_id: int | None = None
    token: str | None = None

    def clause(self):
        if self.user_id is not None:
            return Cart.user_id == self.user_id
        if self.token:
            return Cart.token == self.token
        return None


def new_guest_token() -> str:
    return secrets.token_urlsafe(24)


def max_quantity() -> int:
    return current_app.config["CART_MAX_QUANTITY"]


def parse_quantity(raw) -> int:
    """A quantity typed or tampered with: whole number 1..CART_MAX_QUANTITY, else BadQuantity."""
    text = str(raw if raw is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        raise BadQuantity(max_quantity())
    value = int(text)
    if not 1 <= value <= max_quantity():
        raise BadQuantity(max_quantity())
    return value


def parse_id(raw) -> int:
    """A record id from a form; anything but a plain positive number is an unknown product."""
    text = str(raw if raw is not None else "").strip()
    if not _DIGITS.fullmatch(text) or int(text) == 0:
        raise ProductUnavailable()
    return int(text)


def find_cart(owner: Owner) -> Cart | None:
    clause = owner.clause()
    return db.session.scalar(select(Cart).where(clause)) if clause is not None else None


def _cart_for(owner: Owner) -> Cart:
    cart = find_cart(owner)
    if cart is None:
        cart = Cart(user_id=owner.user_id, token=None if owner.user_id else owner.token)
        db.session.add(cart)
        db.session.flush()
    return cart


def listed_product(product_id: int) -> Product:
    """An active product of an approved producer, or ProductUnavailable."""
    product = db.session.scalar(
        select(Product).join(Producer, Producer.id == Product.producer_id)
        .where(Product.id == product_id)
    )
    if product is None:
        raise ProductUnavailable()
    if product.status != ProductStatus.ACTIVE or product.producer.status != ProducerStatus.APPROVED:
        raise ProductUnavailable(product.name)
    return product


def item_count(owner: Owner) -> int:
    """Units in the owner's cart (for the header link); no cart is 0."""
    clause = owner.clause()
    if clause is None:
        return 0
    return db.session.scalar(
        select(func.coalesce(func.sum(CartLine.quantity), 0))
        .join(Cart, Cart.id == CartLine.cart_id).where(clause)
    ) or 0


def _retry_once(action):
    """Run ``action`` again after a unique-key race (two tabs creating the same cart row)."""
    try:
        return action()
    except IntegrityError:
        db.session.rollback()
        return action()


def add_item(owner: Owner, product_id, quantity) -> CartLine:
    """Put ``quantity`` more of a listed product in the cart (a new line keeps today's price)."""
    product_id, quantity = parse_id(product_id), parse_quantity(quantity)

    def action() -> CartLine:
        product = listed_product(product_id)
        cart = _cart_for(owner)
        line = db.session.scalar(select(CartLine).where(CartLine.cart_id == cart.id,
                                                        CartLine.product_id == product.id))
        wanted = quantity + (line.quantity if line else 0)
        if wanted > max_quantity():
            raise BadQuantity(max_quantity())
        if wanted > product.stock:
            raise NotEnoughStock(product.name, product.stock, wanted)
        if line is None:
            lines = db.session.scalar(select(func.count()).where(CartLine.cart_id == cart.id))
            if lines >= current_app.config["CART_MAX_LINES"]:
                raise CartFull(current_app.config["CART_MAX_LINES"])
            line = CartLine(cart_id=cart.id, product_id=product.id, quantity=wanted,
                            price_seen_vnd=product.price_vnd)
            db.session.add(line)
        else:
            line.quantity = wanted
        db.session.commit()
        return line

    try:
        return _retry_once(action)
    except Exception:
        db.session.rollback()
        raise


def _own_line(owner: Owner, line_id) -> CartLine:
    try:
        line_id = parse_id(line_id)
    except ProductUnavailable:
        raise LineNotFound() from None
    clause = owner.clause()
    line = None if clause is None else db.session.scalar(
        select(CartLine).join(Cart, Cart.id == CartLine.cart_id)
        .where(CartLine.id == line_id, clause)
    )
    if line is None:
        raise LineNotFound()
    return line


def set_quantity(owner: Owner, line_id, quantity) -> CartLine:
    """Change one line's quantity (1..max, at most the stock); the seen price is kept."""
    quantity = parse_quantity(quantity)
    line = _own_line(owner, line_id)
    if quantity > line.product.stock:
        raise NotEnoughStock(line.product.name, line.product.stock, quantity)
    line.quantity = quantity
    db.session.commit()
    return line


def remove_line(owner: Owner, line_id) -> str:
    """Take a line out of the cart; returns the product name for the message."""
    line = _own_line(owner, line_id)
    name = line.product.name
    db.session.delete(line)
    db.session.commit()
    return name


def accept_changes(owner: Owner) -> list[str]:
    """The shopper accepts what changed: today's prices, quantities cut to the stock,
    and lines no longer on sale or out of stock removed. Returns one note per change."""
    cart = find_cart(owner)
    notes: list[str] = []
    if cart is None:
        return notes
    for line in list(cart.lines):
        product = line.product
        listed = (product.status == ProductStatus.ACTIVE
                  and product.producer.status == ProducerStatus.APPROVED)
        if not listed or product.stock <= 0:
            notes.append(_("Đã bỏ «%(name)s» khỏi giỏ (không còn hàng để bán).", name=product.name))
            db.session.delete(line)
            continue
        if line.quantity > product.stock:
            notes.append(_("Đã giảm «%(name)s» xuống %(stock)s (số còn lại).",
                           name=product.name, stock=product.stock))
            line.quantity = product.stock
        if line.price_seen_vnd != product.price_vnd:
            line.price_seen_vnd = product.price_vnd
            notes.append(_("Đã cập nhật giá mới của «%(name)s».", name=product.name))
    db.session.commit()
    return notes


def merge_guest_cart(token: str, user_id: int) -> list[str]:
    """At login: move a guest cart into the account's cart, then delete the guest cart.

    Quantities of the same product add up, capped by the stock (and the per-line
    maximum); a product with no stock left keeps the account's line, flagged on the
    cart page. The price seen is the older line's, so a change since then stays flagged.
    Returns a note for each quantity that had to be capped.
    """
    guest = find_cart(Owner(token=token)) if token else None
    if guest is None or guest.user_id is not None:
        return []
    notes: list[str] = []

    def action() -> None:
        target = _cart_for(Owner(user_id=user_id))
        existing = {line.product_id: line for line in target.lines}
        for line in list(guest.lines):
            product = line.product
            mine = existing.get(line.product_id)
            if mine is None:
                db.session.add(CartLine(cart_id=target.id, product_id=line.product_id,
                                        quantity=line.quantity,
                                        price_seen_vnd=line.price_seen_vnd,
                                        added_at=line.added_at))
                continue
            wanted = mine.quantity + line.quantity
            cap = min(max_quantity(), product.stock)
            if wanted > cap and cap >= mine.quantity:
                notes.append(_("«%(name)s»: giỏ hàng chỉ giữ %(cap)s sản phẩm "
                               "(bạn đã chọn tổng cộng %(wanted)s).",
                               name=product.name, cap=cap, wanted=wanted))
                mine.quantity = max(cap, 1)
            elif wanted <= cap:
                mine.quantity = wanted
            if line.added_at < mine.added_at:
                mine.price_seen_vnd, mine.added_at = line.price_seen_vnd, line.added_at
        db.session.flush()
        db.session.execute(delete(CartLine).where(CartLine.cart_id == guest.id))
        db.session.execute(delete(Cart).where(Cart.id == guest.id))
        db.session.commit()

    try:
        action()
    except IntegrityError:
        db.session.rollback()
        return []
    return notes


def clear_lines(cart_id: int, product_ids: list[int]) -> None:
    """Remove the ordered lines from a cart. Flush only: checkout commits."""
    db.session.execute(delete(CartLine).where(CartLine.cart_id == cart_id,
                                              CartLine.product_id.in_(product_ids)))
