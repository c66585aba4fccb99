"""The restock order's state machine: a table of allowed transitions and one function.

placed → accepted | refused | cancelled; accepted → shipped | cancelled; shipped → received.
``apply_transition`` writes the new status with a conditional UPDATE on the status read,
so two concurrent changes (a double-clicked "received", the producer refusing while the
outlet cancels) cannot both win; each change is recorded as a ``RestockEvent``.
"""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models_base import utcnow
from ..orders.states import StateMachine
from .exceptions import InvalidRestockTransition
from .restock_models import RestockEvent, RestockOrder, RestockStatus

R = RestockStatus

RESTOCK_MACHINE = StateMachine("restock", {
    R.PLACED: frozenset({R.ACCEPTED, R.REFUSED, R.CANCELLED}),
    R.ACCEPTED: frozenset({R.SHIPPED, R.CANCELLED}),
    R.SHIPPED: frozenset({R.RECEIVED}),
    R.REFUSED: frozenset(),
    R.RECEIVED: frozenset(),
    R.CANCELLED: frozenset(),
})

# Who may make which move: the producer answers and ships, the outlet cancels and receives.
PRODUCER_MOVES = frozenset({R.ACCEPTED, R.REFUSED, R.SHIPPED})
OUTLET_MOVES = frozenset({R.CANCELLED, R.RECEIVED})
OPEN = frozenset({R.PLACED, R.ACCEPTED, R.SHIPPED})  # units on their way to the outlet

STATUS_LABELS = {
    R.PLACED: _l("Chờ cơ sở xác nhận"), R.ACCEPTED: _l("Cơ sở đã nhận đơn"),
    R.REFUSED: _l("Cơ sở từ chối"), R.SHIPPED: _l("Đang giao đến điểm bán"),
    R.RECEIVED: _l("Điểm bán đã nhận hàng"), R.CANCELLED: _l("Đã huỷ"),
}


def apply_transition(order: RestockOrder, target, *, note: str = "",
                     actor_id: int | None = None) -> RestockStatus:
    """Move ``order`` to ``target`` or raise InvalidRestockTransition; flushes only.
    Returns the status it left."""
    current, target = R(order.status), R(target)
    if not RESTOCK_MACHINE.allows(current, target):
        raise InvalidRestockTransition(current, target)
    result = db.session.execute(
        update(RestockOrder).where(RestockOrder.id == order.id, RestockOrder.status == current)
        .values(status=target, updated_at=utcnow()).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.expire(order, ["status"])
        raise InvalidRestockTransition(current, target, _(
            "Đơn nhập hàng vừa được thay đổi bởi một thao tác khác; vui lòng tải lại."))
    set_committed_value(order, "status", target)
    db.session.add(RestockEvent(order_id=order.id, from_status=str(current),
                                to_status=str(target), note=note[:300], actor_id=actor_id))
    db.session.flush()
    return current
