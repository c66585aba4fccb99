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
    OrderStatus: {O.PLACED: "Đã đặt hàng", O.CONFIRMED: "Đang xử lý", O.COMPLETED: "Hoàn tất",
                  O.CANCELLED: "Đã huỷ"},
    ShopOrderStatus: {S.PENDING: "Chờ xác nhận", S.CONFIRMED: "Đã xác nhận",
                      S.PACKED: "Đã đóng gói", S.SHIPPED: "Đang giao", S.DELIVERED: "Đã giao",
                      S.CANCELLED: "Đã huỷ", S.DELIVERY_FAILED: "Giao không thành công"},
    PaymentStatus: {P.UNPAID: "Chưa thanh toán", P.PAID: "Đã thanh toán",
                    P.REFUNDED: "Đã hoàn tiền", P.EXPIRED: "Hết hạn thanh toán"},
}


def status_label(status) -> str:
    """The Vietnamese label of a status (of its own machine when it is an enum member)."""
    labels = STATUS_LABELS.get(type(status))
    if labels is not None:
        return labels[status]
    for labels in STATUS_LABELS.values():
        if status in labels:
            return labels[status]
    return str(status)


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
                                    "Trạng thái vừa được thay đổi bởi một thao tác khác; "
                                    "vui lòng tải lại trang.")
        set_committed_value(record, "status", target)
    db.session.add(OrderEvent(
        order_id=record.order_ref_id, machine=machine.name, record_id=record.id,
        from_status=str(current), to_status=str(target), note=note[:300], actor_id=actor_id,
    ))
    db.session.flush()
