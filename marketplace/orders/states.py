"""The three state machines of an order, each a table of allowed transitions.

One function, ``apply_transition``, changes any of them: it checks the table, then
writes the new status with a conditional UPDATE (``WHERE status = <the status we saw>``)
so two concurrent changes of one record cannot both win (two cancellations would
otherwise release the same stock twice). Every change is recorded as an ``OrderEvent``.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models_base import utcnow
from .exceptions import InvalidTransition


class OrderStatus(StrEnum):
    PLACED = "placed"  # đã đặt
    CONFIRMED = "confirmed"  # đã xác nhận (a producer took its part)
    COMPLETED = "completed"  # hoàn tất
    CANCELLED = "cancelled"  # đã huỷ


class ShopOrderStatus(StrEnum):
    PENDING = "pending"  # chờ xác nhận
    CONFIRMED = "confirmed"  # đã xác nhận
    PACKED = "packed"  # đã đóng gói
    SHIPPED = "shipped"  # đang giao
    DELIVERED = "delivered"  # đã giao
    CANCELLED = "cancelled"  # đã huỷ
    DELIVERY_FAILED = "delivery_failed"  # giao không thành công (e.g. COD refused)


class PaymentStatus(StrEnum):
    UNPAID = "unpaid"  # chưa thanh toán
    PAID = "paid"  # đã thanh toán
    REFUNDED = "refunded"  # đã hoàn tiền
    EXPIRED = "expired"  # hết hạn / không còn phải trả


@dataclass(frozen=True)
class StateMachine:
    """A named table: status → the statuses it may move to."""

    name: str
    transitions: Mapping[StrEnum, frozenset]

    def allows(self, current, target) -> bool:
        return target in self.transitions.get(current, frozenset())

    def check(self, current, target) -> None:
        if not self.allows(current, target):
            raise InvalidTransition(self.name, current, target)

    def is_final(self, status) -> bool:
        return not self.transitions.get(status)


O, S, P = OrderStatus, ShopOrderStatus, PaymentStatus

ORDER_MACHINE = StateMachine("order", {
    O.PLACED: frozenset({O.CONFIRMED, O.CANCELLED}),
    O.CONFIRMED: frozenset({O.COMPLETED, O.CANCELLED}),
    O.COMPLETED: frozenset(),
    O.CANCELLED: frozenset(),
})

SHOP_ORDER_MACHINE = StateMachine("shop_order", {
    S.PENDING: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.PACKED, S.CANCELLED}),
    S.PACKED: frozenset({S.SHIPPED, S.CANCELLED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.DELIVERY_FAILED}),
    S.DELIVERED: frozenset(),
    S.CANCELLED: frozenset(),
    S.DELIVERY_FAILED: frozenset(),
})

PAYMENT_MACHINE = StateMachine("payment", {
    P.UNPAID: frozenset({P.PAID, P.EXPIRED}),
    P.PAID: frozenset({P.REFUNDED}),
    P.REFUNDED: frozenset(),
    P.EXPIRED: frozenset(),
})

# Shop orders a shopper may still cancel: nothing has left the producer yet.
CANCELLABLE = frozenset({S.PENDING, S.CONFIRMED, S.PACKED})
# Shop orders whose units went back to stock (or never left it for good).
RELEASES_STOCK = frozenset({S.CANCELLED, S.DELIVERY_FAILED})

# Labels per machine: "confirmed" reads differently for an order and a shop order.
STATUS_LABELS = {
    OrderStatus: {O.PLACED: _l("Đã đặt hàng"), O.CONFIRMED: _l("Đang xử lý"),
                  O.COMPLETED: _l("Hoàn tất"), O.CANCELLED: _l("Đã huỷ")},
    ShopOrderStatus: {S.PENDING: _l("Chờ xác nhận"), S.CONFIRMED: _l("Đã xác nhận"),
                      S.PACKED: _l("Đã đóng gói"), S.SHIPPED: _l("Đang giao"),
                      S.DELIVERED: _l("Đã giao"), S.CANCELLED: _l("Đã huỷ"),
                      S.DELIVERY_FAILED: _l("Giao không thành công")},
    PaymentStatus: {P.UNPAID: _l("Chưa thanh toán"), P.PAID: _l("Đã thanh toán"),
                    P.REFUNDED: _l("Đã hoàn tiền"), P.EXPIRED: _l("Hết hạn thanh toán")},
}


def status_label(status) -> str:
    """The label of a status (of its own machine when it is an enum member), lazy: it
    reads in the visitor's language wherever it is shown."""
    labels = STATUS_LABELS.get(type(status))
    if labels is not None:
        return labels[status]
    for labels in STATUS_LABELS.values():
        if status in labels:
            return labels[status]
    return str(status)


def N_(message: str) -> str:
    """Mark a message that is stored as data (a default cancel reason) for extraction; it
    is translated where it is shown (``translated_reason``)."""
    return message


def translated_reason(reason: str) -> str:
    """A stored reason in the visitor's language when it is one of ours (``N_``), else as
    it was typed. ``gettext`` without variables never %-formats the stored text."""
    return _(reason) if reason else ""


def apply_transition(record, target, *, note: str = "", actor_id: int | None = None) -> None:
    """Move ``record`` (an Order, ShopOrder or Payment) to ``target`` or raise InvalidTransition.

    Flushes only. The write is conditional on the status read earlier, so a change made
    meanwhile by another transaction makes this one fail instead of applying twice.
    """
    from .models import OrderEvent

    machine: StateMachine = type(record).state_machine
    current = record.status
    target = type(current)(target)
    machine.check(current, target)
    model = type(record)
    if record.id is None:
        record.status = target
    else:
        result = db.session.execute(
            update(model).where(model.id == record.id, model.status == current)
            .values(status=target, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            db.session.expire(record, ["status"])
            raise InvalidTransition(machine.name, current, target,
                                    _("Trạng thái vừa được thay đổi bởi một thao tác khác; "
                                      "vui lòng tải lại trang."))
        set_committed_value(record, "status", target)
    db.session.add(OrderEvent(
        order_id=record.order_ref_id, machine=machine.name, record_id=record.id,
        from_status=str(current), to_status=str(target), note=note[:300], actor_id=actor_id,
    ))
    db.session.flush()
