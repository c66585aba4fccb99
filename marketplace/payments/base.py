"""The payment interface every method implements, and the registry checkout reads.

A method is a small object registered under its code (``cod``, ``vietqr``, and ``card``:
Stripe Checkout, ``stripe_method.py``, offered only when the Stripe keys are set). Checkout calls, in the order's own transaction:

1. ``start(order)``: create the order's ``Payment`` (flush only). A method that holds stock
   while it waits for the money sets ``expires_at``.

and, after the commit:

2. ``next_url(order)``: where to send the shopper; None means the order page. A hosted
   gateway (Stripe Checkout) returns its payment page here; it runs after the commit, so a
   gateway failure never loses the order (the order page offers to try again).

The order page shows ``instructions_template`` (with ``instructions(order)`` as context)
while the payment is unpaid, and the order-placed mail includes ``mail_instructions(order)``.
"""
from __future__ import annotations

from datetime import timedelta

from ..models_base import utcnow
from ..orders.states import PaymentStatus
from .models import Payment


class PaymentMethod:
    """Base class: a method that is always available and waits for no money (override)."""

    code: str = ""
    position: int = 100  # order on the checkout page: cod 10, vietqr 20, card after them
    label: str = ""
    description: str = ""
    instructions_template: str | None = None

    def is_available(self, config) -> bool:
        return True

    def hold_hours(self, config) -> int | None:
        """How long an unpaid order keeps its stock; None: until the order ends."""
        return None

    def start(self, order, config) -> Payment:
        """Create the order's payment record in the caller's transaction (flush only)."""
        hours = self.hold_hours(config)
        payment = Payment(
            order=order, method=self.code, status=PaymentStatus.UNPAID,
            amount_vnd=order.total_vnd,
            expires_at=utcnow() + timedelta(hours=hours) if hours else None,
        )
        from ..extensions import db

        db.session.add(payment)
        db.session.flush()
        return payment

    def next_url(self, order) -> str | None:
        return None

    def instructions(self, order) -> dict:
        return {}

    def mail_instructions(self, order) -> str:
        return ""


_REGISTRY: dict[str, PaymentMethod] = {}


def register(method: PaymentMethod) -> PaymentMethod:
    """Add a method under its code (the last registration of a code wins)."""
    _REGISTRY[method.code] = method
    return method


def get_method(code: str | None) -> PaymentMethod | None:
    _load_builtin()
    return _REGISTRY.get(code or "")


def available_methods(config) -> list[PaymentMethod]:
    """The methods a shopper may choose now, by ``position``."""
    _load_builtin()
    return sorted((m for m in _REGISTRY.values() if m.is_available(config)),
                  key=lambda m: (m.position, m.code))


def _load_builtin() -> None:
    from . import cod, vietqr  # noqa: F401  (each registers itself)
    from .stripe_method import CARD

    # Always known (an order paid by card stays readable), offered only when the Stripe
    # keys are set (``CardPayment.is_available``); a test's own "card" is not replaced.
    _REGISTRY.setdefault(CARD.code, CARD)
