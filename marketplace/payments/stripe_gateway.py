"""The one door to Stripe: every call the marketplace makes, and webhook verification.

Only this module imports ``stripe`` (STYLE.md). It speaks plain dicts in and out, so the
rest of the payments package never holds an SDK object, and it turns the SDK's errors
into ``GatewayError`` (a call that failed: retry later) or ``InvalidSignature`` (a
webhook to refuse with 400).

The client is the official SDK's ``StripeClient``; ``STRIPE_API_BASE`` points it at
another host (the tests' fake on 127.0.0.1). Amounts are VND, a zero-decimal currency
for Stripe: 125.000 ₫ is ``125000``, never ×100 (``to_stripe_amount``).
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import stripe
from flask import current_app

CURRENCY = "vnd"
# Stripe's zero-decimal currencies we may meet: the amount is in the main unit.
ZERO_DECIMAL = frozenset({"vnd", "jpy", "krw", "clp", "pyg", "xof", "xaf", "ugx", "rwf"})
WEBHOOK_TOLERANCE_SECONDS = 300  # Stripe's default: 5 minutes


class GatewayError(Exception):
    """A Stripe call failed. ``retryable``: a network or server problem, try again later
    (with the same idempotency key); otherwise Stripe refused the request as such."""

    def __init__(self, message: str, *, retryable: bool, code: str = "") -> None:
        super().__init__(message)
        self.retryable, self.code = retryable, code


class InvalidSignature(Exception):
    """A webhook body that is unsigned, badly signed, stale or not a Stripe event."""


def to_stripe_amount(amount_vnd: int, currency: str = CURRENCY) -> int:
    """The integer Stripe expects for ``amount_vnd`` đồng: the same number (zero-decimal)."""
    if currency.lower() not in ZERO_DECIMAL:
        raise ValueError(f"{currency} is not a zero-decimal currency; amounts here are VND")
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or amount_vnd < 0:
        raise ValueError("an amount is a whole, non-negative number of đồng")
    return amount_vnd


def from_stripe_amount(amount: int | None, currency: str = CURRENCY) -> int:
    """Đồng from a Stripe amount (zero-decimal: unchanged); refuses another currency."""
    if currency.lower() != CURRENCY:
        raise ValueError(f"unexpected currency {currency!r}: the store is paid in VND")
    return int(amount or 0)


@lru_cache(maxsize=8)
def _client(api_key: str, api_base: str, timeout: float, retries: int) -> stripe.StripeClient:
    base = {"api": api_base.rstrip("/")} if api_base else None
    return stripe.StripeClient(
        api_key, base_addresses=base, max_network_retries=retries,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def client() -> stripe.StripeClient:
    """The SDK client for the current app's keys (cached per key and host)."""
    config = current_app.config
    if not config.get("STRIPE_SECRET_KEY"):
        raise GatewayError("STRIPE_SECRET_KEY is not set", retryable=False, code="not_configured")
    return _client(config["STRIPE_SECRET_KEY"], config.get("STRIPE_API_BASE") or "",
                   float(config.get("STRIPE_TIMEOUT_SECONDS", 20)),
                   int(config.get("STRIPE_MAX_NETWORK_RETRIES", 2)))


def _plain(obj) -> dict[str, Any]:
    return obj.to_dict(recursive=True) if hasattr(obj, "to_dict") else dict(obj)


def _call(action):
    try:
        return _plain(action())
    except stripe.StripeError as error:
        retryable = isinstance(error, (stripe.APIConnectionError, stripe.RateLimitError)) or (
            isinstance(error, stripe.APIError)
            and not isinstance(error, stripe.InvalidRequestError))
        status = getattr(error, "http_status", None) or 0
        retryable = retryable or status >= 500 or status == 409
        message = getattr(error, "user_message", None) or str(error) or type(error).__name__
        raise GatewayError(message[:300], retryable=retryable,
                           code=getattr(error, "code", None) or "") from error


def create_checkout_session(params: dict, *, idempotency_key: str) -> dict:
    """POST /v1/checkout/sessions; the same key within 24 h returns the same session."""
    return _call(lambda: client().v1.checkout.sessions.create(
        params=params, options={"idempotency_key": idempotency_key}))


def retrieve_checkout_session(session_id: str) -> dict:
    """GET /v1/checkout/sessions/{id}: the session as Stripe sees it now."""
    return _call(lambda: client().v1.checkout.sessions.retrieve(session_id))


def expire_checkout_session(session_id: str) -> dict:
    """POST /v1/checkout/sessions/{id}/expire: nobody can pay this session any more."""
    return _call(lambda: client().v1.checkout.sessions.expire(session_id))


def create_refund(params: dict, *, idempotency_key: str) -> dict:
    """POST /v1/refunds (``payment_intent``, ``amount`` in đồng, ``metadata``)."""
    return _call(lambda: client().v1.refunds.create(
        params=params, options={"idempotency_key": idempotency_key}))


def verify_webhook(payload: bytes, signature_header: str | None, secret: str,
                   tolerance: int = WEBHOOK_TOLERANCE_SECONDS) -> dict:
    """The event in a webhook body, after checking ``Stripe-Signature`` over the raw bytes.

    Raises InvalidSignature for a missing or malformed header, a wrong secret, a body
    changed after signing, a timestamp older than ``tolerance`` seconds, or a body that
    is not a Stripe event object.
    """
    if not secret:
        raise InvalidSignature("webhook secret not configured")
    try:
        stripe.WebhookSignature.verify_header(payload, signature_header, secret, tolerance)
    except stripe.SignatureVerificationError as error:
        raise InvalidSignature(str(error).split(".")[0]) from None
    except (UnicodeDecodeError, ValueError):
        raise InvalidSignature("body is not UTF-8 text") from None
    try:
        event = json.loads(payload)
    except ValueError:
        raise InvalidSignature("body is not JSON") from None
    if (not isinstance(event, dict) or event.get("object") != "event"
            or not isinstance(event.get("id"), str) or not event["id"]
            or not isinstance(event.get("type"), str)
            or not isinstance((event.get("data") or {}).get("object"), dict)):
        raise InvalidSignature("body is not a Stripe event")
    return event
