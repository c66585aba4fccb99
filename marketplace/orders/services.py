"""Order rules: place an order from the cart, then move its parts through their lives.

Every public service here commits exactly once; the steps it calls (``operations.py``,
``mails.py``, a payment method's ``start``) only flush. So a checkout writes the order,
its shop orders and lines, the stock it took, the payment record, the emptied cart and
the mails in one transaction: a worker killed half-way leaves nothing behind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts import validation
from ..accounts.models import Address, User
from ..cart import services as cart_services
from ..cart.models import Cart
from ..cart.pricing import load_lines, summarize
from ..catalog.models import Product
from ..clock import now, today
from ..extensions import db
from ..models_base import utcnow
from ..ocop.models import Certification
from ..ops import faults
from ..outlets import giftsets
from . import mails
from .exceptions import (
    CartNeedsReview, CheckoutInvalid, EmptyCart, InvalidTransition, OrderNotFound, OutOfStock,
)
from .models import Order, OrderEvent, OrderLine, ShopOrder, order_number
from .operations import (
    cancel_open_parts, end_shop_order, sync_order_status, take_stock,
)
from .states import CANCELLABLE, N_, OrderStatus, ShopOrderStatus, apply_transition

NOTE_MAX = 500
GIFT_MESSAGE_MAX = 300
_KEY = re.compile(r"[A-Za-z0-9_\-]{16,64}")


@dataclass
class CheckoutDetails:
    """What the checkout form says about delivery and payment (nothing about money)."""

    payment_method: str
    address_id: int | None = None
    recipient_name: str = ""
    phone: str = ""
    province_code: str = ""
    commune_code: str = ""
    street: str = ""
    note: str = ""
    is_gift: bool = False
    gift_message: str = ""


@dataclass(frozen=True)
class Delivery:
    recipient_name: str
    phone: str
    province_code: str
    commune_code: str
    street: str


def resolve_delivery(user: User, details: CheckoutDetails) -> Delivery:
    """A saved address of the user's, or a new one checked like the address book's."""
    errors: dict[str, str] = {}
    if details.address_id is not None:
        address = db.session.scalar(select(Address).where(Address.id == details.address_id,
                                                          Address.user_id == user.id))
        if address is None:
            raise CheckoutInvalid({"address_id": _("Không tìm thấy địa chỉ đã lưu này.")})
        return Delivery(address.recipient_name, address.phone, address.province_code,
                        address.commune_code, address.street)
    name = " ".join((details.recipient_name or "").split())
    street = " ".join((details.street or "").split())
    if not name:
        errors["recipient_name"] = _("Vui lòng nhập tên người nhận.")
    elif len(name) > 120:
        errors["recipient_name"] = _("Tên người nhận dài tối đa %(n)s ký tự.", n=120)
    if not street:
        errors["street"] = _("Vui lòng nhập số nhà, đường, thôn/xóm.")
    elif len(street) > 300:
        errors["street"] = _("Địa chỉ dài tối đa %(n)s ký tự.", n=300)
    phone = codes = None
    try:
        phone = validation.normalise_vn_phone(details.phone)
    except ValueError as exc:
        errors["phone"] = str(exc)
    try:
        codes = validation.check_units(details.province_code, details.commune_code)
    except validation.UnitError as exc:
        errors[exc.field] = str(exc)
    if errors:
        raise CheckoutInvalid(errors)
    return Delivery(name, phone, codes[0], codes[1], street)


def _check_extras(details: CheckoutDetails) -> tuple[str, str]:
    errors = {}
    note = (details.note or "").strip()
    gift = (details.gift_message or "").strip() if details.is_gift else ""
    if len(note) > NOTE_MAX:
        errors["note"] = _("Ghi chú dài tối đa %(n)s ký tự.", n=NOTE_MAX)
    if len(gift) > GIFT_MESSAGE_MAX:
        errors["gift_message"] = _("Lời chúc dài tối đa %(n)s ký tự.", n=GIFT_MESSAGE_MAX)
    if errors:
        raise CheckoutInvalid(errors)
    return note, gift


def find_by_key(user_id: int, key: str) -> Order | None:
    return db.session.scalar(select(Order).where(Order.user_id == user_id,
                                                 Order.idempotency_key == key))


def _stars_now(product_ids: list[int]) -> dict[int, tuple[int, str]]:
    rows = db.session.execute(
        select(Certification.product_id, Certification.stars, Certification.certificate_no)
        .where(Certification.product_id.in_(product_ids), Certification.current_clause(today()))
    )
    return {pid: (stars, number) for pid, stars, number in rows}


def place_order(user: User, details: CheckoutDetails, idempotency_key: str) -> Order:
    """Turn the user's cart into an order, in one transaction, or change nothing.

    The same ``idempotency_key`` (the checkout form's token) returns the order it already
    made instead of making another: a double-clicked button or a resubmitted form buys
    once. Prices and shipping come from the database (``summarize``); any difference from
    what the cart showed (price, stock, a product withdrawn) stops the checkout with the
    item named. Stock is taken by one conditional UPDATE per line, in product-id order
    (so two orders never wait on each other's rows); the first that fails rolls back all.
    """
    from ..payments.base import get_method

    if not _KEY.fullmatch(idempotency_key or ""):
        raise CheckoutInvalid({"idempotency_key": _(
            "Phiên đặt hàng không hợp lệ; vui lòng tải lại trang thanh toán.")})
    existing = find_by_key(user.id, idempotency_key)
    if existing is not None:
        return existing
    method = get_method(details.payment_method)
    config = current_app.config
    errors = {}
    if method is None or not method.is_available(config):
        errors["payment_method"] = _("Vui lòng chọn một cách thanh toán có trong danh sách.")
    try:
        delivery = resolve_delivery(user, details)
    except CheckoutInvalid as exc:
        errors.update(exc.errors)
    try:
        note, gift_message = _check_extras(details)
    except CheckoutInvalid as exc:
        errors.update(exc.errors)
    if errors:
        raise CheckoutInvalid(errors)

    for attempt in (1, 2):
        cart = cart_services.find_cart(cart_services.Owner(user_id=user.id))
        lines = load_lines(cart.id if cart else None)
        if not lines:
            raise EmptyCart()
        summary = summarize(lines, delivery.province_code)
        if summary.problems:
            short = any(line.out_of_stock or line.short_of_stock for line in summary.lines)
            if attempt == 1 and short and _expire_overdue_holds():
                continue
            raise CartNeedsReview(list(summary.problems))
        try:
            return _write_order(user, cart, summary, delivery, details, note, gift_message,
                                idempotency_key, method)
        except IntegrityError:
            # The same token committed by a concurrent submit a moment ago: that order stands.
            db.session.rollback()
            existing = find_by_key(user.id, idempotency_key)
            if existing is None:
                raise
            return existing
        except OutOfStock:
            db.session.rollback()
            # Lazily end transfer orders whose hold has run out: their units may be enough.
            if attempt == 1 and _expire_overdue_holds():
                continue
            raise
        except Exception:
            db.session.rollback()
            raise
    raise AssertionError("unreachable")


def _expire_overdue_holds() -> int:
    from ..payments.services import expire_unpaid

    return len(expire_unpaid())


def _write_order(user, cart: Cart, summary, delivery: Delivery, details: CheckoutDetails,
                 note: str, gift_message: str, key: str, method) -> Order:
    config = current_app.config
    order = Order(
        user_id=user.id, idempotency_key=key, status=OrderStatus.PLACED,
        payment_method=method.code, recipient_name=delivery.recipient_name,
        phone=delivery.phone, province_code=delivery.province_code,
        commune_code=delivery.commune_code, street=delivery.street, note=note,
        is_gift=bool(details.is_gift), gift_message=gift_message,
        subtotal_vnd=summary.subtotal_vnd, shipping_vnd=summary.shipping_vnd,
        total_vnd=summary.total_vnd,
    )
    db.session.add(order)
    db.session.flush()  # the idempotency key's unique index speaks here, before any stock moves
    order.number = order_number(now().year, order.id)
    stars = _stars_now([line.product_id for line in summary.lines])
    for group in summary.groups:
        shop_order = ShopOrder(
            order=order, producer_id=group.producer_id, producer_name=group.producer_name,
            status=ShopOrderStatus.PENDING, subtotal_vnd=group.subtotal_vnd,
            shipping_vnd=group.shipping_vnd, shipping_zone=group.quote.zone,
            weight_grams=group.quote.weight_grams,
        )
        for line in group.lines:
            star, certificate_no = stars.get(line.product_id, (None, ""))
            shop_order.lines.append(OrderLine(
                product_id=line.product_id, product_name=line.name, product_slug=line.slug,
                unit=line.unit, producer_name=group.producer_name, stars_at_purchase=star,
                certificate_no=certificate_no or "", unit_price_vnd=line.unit_price_vnd,
                quantity=line.quantity, weight_grams=line.weight_grams,
            ))
        db.session.add(shop_order)
    db.session.flush()  # shop order ids, for the sale's stock movements
    parcel_of = {line.product_id: shop_order.id for shop_order in order.shop_orders
                 for line in shop_order.lines}
    # A gift set (outlets, issue 7) takes its components' stock: every take of the order,
    # plain lines and sets' parts alike, runs in product-id order.
    takes, sets = giftsets.stock_plan(summary.lines)
    for take in takes:
        line = take.line
        if take.unit_price_vnd is not None:
            taken = take_stock(take.product_id, take.quantity, take.unit_price_vnd,
                               shop_order_id=parcel_of.get(line.product_id), actor_id=user.id)
        else:
            taken = giftsets.take_component(
                take.product_id, take.quantity, set_name=line.name, order_number=order.number,
                shop_order_id=parcel_of.get(line.product_id), actor_id=user.id)
        if not taken:
            _refuse(line)
    for set_id in sets:
        line = next(l for l in summary.lines if l.product_id == set_id)
        if not giftsets.set_still_on_sale(set_id, line.unit_price_vnd):
            _refuse(line)
    giftsets.record_sales(order, sets)
    db.session.add(OrderEvent(order_id=order.id, machine="order", record_id=order.id,
                              from_status="", to_status=OrderStatus.PLACED, actor_id=user.id))
    method.start(order, config)
    cart_services.clear_lines(cart.id, [line.product_id for line in summary.lines])
    db.session.flush()
    mails.order_placed(order, method.mail_instructions(order))
    for shop_order in order.shop_orders:
        mails.new_shop_order(shop_order)
    faults.pause("checkout")  # the kill -9 tests' hook (issue 9); never pauses in production
    db.session.commit()
    return order


def _refuse(line) -> None:
    """Say why a line's stock could not be taken (read after the failed UPDATE)."""
    db.session.rollback()
    product = db.session.get(Product, line.product_id)
    if product is None:
        raise CartNeedsReview([_("«%(name)s» hiện không còn bán.", name=line.name)])
    db.session.refresh(product)
    if product.price_vnd != line.unit_price_vnd:
        raise CartNeedsReview([_("Giá «%(name)s» vừa thay đổi; vui lòng xem lại giỏ hàng.",
                                 name=product.name)])
    available = (giftsets.derived_stock([product.id])[product.id]
                 if product.gift_set is not None else product.stock)
    if available < line.quantity:
        raise OutOfStock(product.name, available)
    raise CartNeedsReview([_("«%(name)s» hiện không còn bán.", name=product.name)])


# ---------------------------------------------------------------- reading

def get_order(number: str) -> Order:
    order = db.session.scalar(select(Order).where(Order.number == number))
    if order is None:
        raise OrderNotFound()
    return order


def orders_of(user_id: int, limit: int = 100) -> list[Order]:
    return list(db.session.scalars(
        select(Order).where(Order.user_id == user_id)
        .order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)
        .options(selectinload(Order.shop_orders), selectinload(Order.payment))
    ))


# ---------------------------------------------------------------- after placing

def _commit_or_rollback(action):
    try:
        result = action()
        db.session.commit()
        return result
    except Exception:
        db.session.rollback()
        raise


def cancel_order(order: Order, *, actor_id: int | None, reason: str = "") -> list[ShopOrder]:
    """Cancel the whole order while none of its parcels has shipped; stock goes back."""
    reason = reason or N_("Người mua huỷ đơn")

    def action():
        if not order.can_cancel:
            raise InvalidTransition("order", order.status, OrderStatus.CANCELLED,
                                    _("Đơn hàng đã có kiện được gửi đi hoặc đã kết thúc, "
                                      "không thể huỷ cả đơn."))
        cancelled = cancel_open_parts(order, reason, actor_id)
        _refund_cancelled(cancelled, actor_id)
        sync_order_status(order, actor_id)
        mails.order_cancelled(order, cancelled, reason)
        return cancelled

    cancelled = _commit_or_rollback(action)
    _send_refunds(order)
    return cancelled


def cancel_shop_order(shop_order: ShopOrder, *, actor_id: int | None,
                      reason: str = "") -> None:
    """Cancel one producer's parcel before it ships; its stock goes back."""
    reason = reason or N_("Người mua huỷ phần đơn này")

    def action():
        if shop_order.status not in CANCELLABLE:
            raise InvalidTransition("shop_order", shop_order.status, ShopOrderStatus.CANCELLED,
                                    _("Kiện hàng này đã được gửi đi hoặc đã kết thúc, "
                                      "không thể huỷ."))
        end_shop_order(shop_order, ShopOrderStatus.CANCELLED, reason=reason, actor_id=actor_id)
        _refund_cancelled([shop_order], actor_id)
        sync_order_status(shop_order.order, actor_id)
        mails.shop_order_changed(shop_order, "cancelled")

    _commit_or_rollback(action)
    _send_refunds(shop_order.order)


def _refund_cancelled(shop_orders, actor_id: int | None) -> None:
    """The refund hook: a cancelled parcel that was paid by card gets its share back. The
    refund is recorded in this transaction (never lost); Stripe is asked after the commit."""
    from ..payments.refunds import refund_shop_order

    for shop_order in shop_orders:
        refund_shop_order(shop_order, actor_id=actor_id)


def _send_refunds(order: Order) -> None:
    """After the commit: send the recorded refunds (a failure stays recorded and retried)."""
    from ..payments.refunds import submit_pending

    if order.payment is not None:
        submit_pending(payment_id=order.payment.id)


def _advance(shop_order: ShopOrder, target: ShopOrderStatus, actor_id: int | None,
             note: str = "", mail: str | None = None, then=None, **fields) -> None:
    def action():
        apply_transition(shop_order, target, note=note, actor_id=actor_id)
        for name, value in fields.items():
            setattr(shop_order, name, value)
        sync_order_status(shop_order.order, actor_id)
        if then is not None:
            then(shop_order)
        if mail:
            mails.shop_order_changed(shop_order, mail)

    _commit_or_rollback(action)


def confirm_shop_order(shop_order: ShopOrder, *, actor_id: int | None = None) -> None:
    """The producer accepts its part of the order; the shopper is told."""
    _advance(shop_order, ShopOrderStatus.CONFIRMED, actor_id, mail="confirmed")


def pack_shop_order(shop_order: ShopOrder, *, actor_id: int | None = None) -> None:
    """The parcel is packed and waits for the courier; the shopper is told."""
    _advance(shop_order, ShopOrderStatus.PACKED, actor_id, mail="packed")


def ship_shop_order(shop_order: ShopOrder, *, carrier: str, tracking_code: str,
                    actor_id: int | None = None) -> None:
    """Hand the parcel to a courier; the shopper is mailed the carrier and tracking code."""
    carrier, tracking_code = carrier.strip()[:80], tracking_code.strip()[:80]
    if not carrier or not tracking_code:
        raise CheckoutInvalid({"tracking_code": _("Cần tên đơn vị vận chuyển và mã vận đơn.")})
    _advance(shop_order, ShopOrderStatus.SHIPPED, actor_id, mail="shipped", carrier=carrier,
             tracking_code=tracking_code, shipped_at=utcnow(), then=_trace_shipped)


def deliver_shop_order(shop_order: ShopOrder, *, actor_id: int | None = None) -> None:
    _advance(shop_order, ShopOrderStatus.DELIVERED, actor_id, mail="delivered",
             delivered_at=utcnow(), then=_delivered)


def _trace_shipped(shop_order: ShopOrder) -> None:
    """Traceability: an EPCIS ``shipping`` event on each known batch of the parcel."""
    from ..trace.chain import record_parcel_shipped

    record_parcel_shipped(shop_order)


def _delivered(shop_order: ShopOrder) -> None:
    """Settlement credit, and an EPCIS ``receiving`` event on each known batch."""
    from ..trace.chain import record_parcel_delivered

    _credit_producer(shop_order)
    record_parcel_delivered(shop_order)


def _credit_producer(shop_order: ShopOrder) -> None:
    """Settlement: a delivered parcel whose money the platform holds (paid by card or
    transfer; COD once collected) is credited to its producer in this same transaction."""
    from ..settlement.services import credit_delivery

    credit_delivery(shop_order)


def fail_delivery(shop_order: ShopOrder, *, reason: str, actor_id: int | None = None) -> None:
    """The parcel came back (a COD parcel refused at the door): its units return to stock."""
    def action():
        end_shop_order(shop_order, ShopOrderStatus.DELIVERY_FAILED,
                       reason=reason or N_("Giao hàng không thành công"), actor_id=actor_id)
        sync_order_status(shop_order.order, actor_id)
        mails.shop_order_changed(shop_order, "delivery_failed")

    _commit_or_rollback(action)


def collect_cod(shop_order: ShopOrder, *, actor_id: int | None = None) -> None:
    """Record that the courier handed over the cash of a delivered COD parcel (once).

    Not a status of its own: the parcel stays ``delivered``; the moment is kept on the
    parcel and in the order's event trail, and the shopper gets a receipt.
    """
    def action():
        if shop_order.order.payment_method != "cod":
            raise InvalidTransition("shop_order", shop_order.status, shop_order.status,
                                    _("Đơn này không thanh toán khi nhận hàng (COD)."))
        if shop_order.status != ShopOrderStatus.DELIVERED:
            raise InvalidTransition("shop_order", shop_order.status, shop_order.status,
                                    _("Chỉ ghi nhận đã thu tiền COD sau khi kiện hàng đã "
                                      "giao."))
        claimed = db.session.execute(
            update(ShopOrder).where(ShopOrder.id == shop_order.id,
                                    ShopOrder.cod_collected_at.is_(None))
            .values(cod_collected_at=utcnow()).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            raise InvalidTransition("shop_order", shop_order.status, shop_order.status,
                                    _("Tiền COD của kiện này đã được ghi nhận."))
        db.session.expire(shop_order, ["cod_collected_at"])
        db.session.add(OrderEvent(
            order_id=shop_order.order_id, machine="shop_order", record_id=shop_order.id,
            from_status=str(shop_order.status), to_status=str(shop_order.status),
            note=f"Đã thu tiền COD {shop_order.total_vnd} đ", actor_id=actor_id))
        mails.shop_order_changed(shop_order, "cod_collected")
        _credit_producer(shop_order)  # settlement: the cash is collected

    _commit_or_rollback(action)
