"""A fake Stripe API on 127.0.0.1 for the tests: no test touches the network.

It implements what the store calls, with JSON shaped like Stripe's (API 2025+):

- ``POST /v1/checkout/sessions`` (form-encoded, bracket notation, as the SDK sends it),
  ``GET /v1/checkout/sessions/{id}``, ``POST /v1/checkout/sessions/{id}/expire``;
- ``POST /v1/refunds`` (``payment_intent``, ``amount``; refuses more than is left).

Idempotency works as Stripe's: the same ``Idempotency-Key`` with the same parameters
replays the first answer; with other parameters it is an ``idempotency_error``. Every
request is recorded (``requests``: method, path, parsed params, headers), so tests assert
amounts in VND, keys and metadata. ``fail_next`` makes the next matching call fail.

Test-side helpers play the shopper and Stripe's webhooks: ``pay`` / ``expire`` a session,
build an ``event``, and ``deliver`` it to the app signed exactly as Stripe signs:
``Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>``.
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest

API_VERSION = "2026-10-29.clover"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{next(_ids):06d}{'x' * 8}"


def parse_form(body: str) -> dict:
    """``a[b][0][c]=1`` → ``{"a": {"b": [{"c": "1"}]}}`` (the SDK's encoding, inverted)."""
    root: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root)


def _listify(node):
    if not isinstance(node, dict):
        return node
    node = {k: _listify(v) for k, v in node.items()}
    if node and all(k.isdigit() for k in node):
        return [node[k] for k in sorted(node, key=int)]
    return node


def signature_header(payload: str, secret: str, timestamp: int | None = None) -> str:
    """Stripe's scheme, computed here independently of the SDK."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


@dataclass
class Recorded:
    method: str
    path: str
    params: dict
    headers: dict

    @property
    def idempotency_key(self) -> str | None:
        return self.headers.get("Idempotency-Key")


@dataclass
class FakeStripe:
    api_key: str = "sk_test_fake_ocop"
    webhook_secret: str = "whsec_test_fake_ocop"
    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    sessions: dict = field(default_factory=dict)
    intents: dict = field(default_factory=dict)
    refunds: dict = field(default_factory=dict)
    refund_status: str = "succeeded"
    _idempotent: dict = field(default_factory=dict)
    _failures: list = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # ------------------------------------------------------------ server life

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                fake._handle(self, "GET")

            def do_POST(self):  # noqa: N802
                fake._handle(self, "POST")

            def log_message(self, *_args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.sessions.clear()
            self.intents.clear()
            self.refunds.clear()
            self._idempotent.clear()
            self._failures.clear()
            self.refund_status = "succeeded"

    def fail_next(self, method: str, path_prefix: str, status: int = 500,
                  error_type: str = "api_error", message: str = "Fake outage",
                  times: int = 1) -> None:
        """The next ``times`` calls to ``method path_prefix...`` answer ``status``."""
        for _ in range(times):
            self._failures.append((method, path_prefix, status, error_type, message))

    def calls(self, method: str, path_prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_prefix)]

    # ------------------------------------------------------------ HTTP

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length).decode() if length else ""
        path = handler.path.split("?")[0]
        params = parse_form(body) if method == "POST" else parse_form(
            handler.path.partition("?")[2])
        headers = {k: v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append(Recorded(method, path, params, headers))
            status, payload, extra = self._route(method, path, params, headers)
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("Request-Id", new_id("req"))
        handler.send_header("Stripe-Version", API_VERSION)
        for key, value in extra.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _route(self, method, path, params, headers):
        if not headers.get("Authorization", "").endswith(self.api_key):
            return _error(401, "invalid_request_error", "Invalid API Key provided")
        for failure in self._failures:
            if failure[0] == method and path.startswith(failure[1]):
                self._failures.remove(failure)
                return _error(failure[2], failure[3], failure[4])
        key = headers.get("Idempotency-Key") if method == "POST" else None
        if key and key in self._idempotent:
            seen_path, seen_params, status, payload = self._idempotent[key]
            if (seen_path, seen_params) != (path, params):
                return _error(400, "idempotency_error",
                              "Keys for idempotent requests can only be used with the same "
                              "parameters they were first used with.")
            return status, payload, {"Idempotent-Replayed": "true"}
        status, payload = self._dispatch(method, path, params)
        if key and status < 500:
            self._idempotent[key] = (path, params, status, payload)
        return status, payload, {}

    def _dispatch(self, method, path, params):
        if method == "POST" and path == "/v1/checkout/sessions":
            return 200, self._create_session(params)
        found = re.fullmatch(r"/v1/checkout/sessions/([^/]+)(/expire)?", path)
        if found:
            session = self.sessions.get(found.group(1))
            if session is None:
                return _error(404, "invalid_request_error",
                              f"No such checkout.session: '{found.group(1)}'",
                              code="resource_missing")[:2]
            if method == "POST" and found.group(2):
                if session["status"] != "open":
                    return _error(400, "invalid_request_error",
                                  "Only Checkout Sessions with a status in [\"open\"] can be "
                                  "expired.")[:2]
                session["status"] = "expired"
            return 200, dict(session)
        if method == "POST" and path == "/v1/refunds":
            return self._create_refund(params)
        return _error(404, "invalid_request_error", f"Unrecognized request URL ({path})")[:2]

    def _create_session(self, params: dict) -> dict:
        lines = params.get("line_items", [])
        currencies = {line["price_data"]["currency"] for line in lines}
        total = sum(int(line["quantity"]) * int(line["price_data"]["unit_amount"])
                    for line in lines)
        now = int(time.time())
        session_id = new_id("cs")
        session = {
            "id": session_id, "object": "checkout.session", "after_expiration": None,
            "allow_promotion_codes": None, "amount_subtotal": total, "amount_total": total,
            "billing_address_collection": None, "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"), "created": now,
            "currency": currencies.pop() if len(currencies) == 1 else None,
            "customer": None, "customer_email": params.get("customer_email"),
            "customer_details": None, "expires_at": int(params.get("expires_at") or now + 86400),
            "livemode": False, "locale": params.get("locale"),
            "metadata": params.get("metadata", {}), "mode": params.get("mode"),
            "payment_intent": None, "payment_method_types": params.get("payment_method_types", []),
            "payment_status": "unpaid", "status": "open",
            "success_url": params.get("success_url"),
            "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            "url": f"https://checkout.stripe.com/c/pay/{session_id}#fake",
        }
        self.sessions[session_id] = session
        return dict(session)

    def _create_refund(self, params: dict):
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return _error(400, "invalid_request_error", "No such payment_intent",
                          code="resource_missing")[:2]
        left = intent["amount"] - intent["amount_refunded"]
        amount = int(params.get("amount") or left)
        if left <= 0:
            return _error(400, "invalid_request_error", "Charge has already been refunded.",
                          code="charge_already_refunded")[:2]
        if amount > left:
            return _error(400, "invalid_request_error",
                          f"Refund amount ({amount}) is greater than unrefunded amount "
                          f"on charge ({left})", code="amount_too_large")[:2]
        refund = {
            "id": new_id("re"), "object": "refund", "amount": amount,
            "balance_transaction": new_id("txn"), "charge": intent["charge"],
            "created": int(time.time()), "currency": intent["currency"],
            "metadata": params.get("metadata", {}), "payment_intent": intent["id"],
            "reason": params.get("reason"), "receipt_number": None,
            "source_transfer_reversal": None, "status": self.refund_status,
            "transfer_reversal": None,
        }
        intent["amount_refunded"] += amount
        self.refunds[refund["id"]] = refund
        return 200, dict(refund)

    # ------------------------------------------------------------ playing Stripe

    def session_for(self, order_number: str) -> dict:
        """The latest session created for an order."""
        found = [s for s in self.sessions.values() if s["client_reference_id"] == order_number]
        assert found, f"no Checkout Session for {order_number}"
        return found[-1]

    def pay(self, session_id: str, *, payment_status: str = "paid") -> dict:
        """The shopper pays on Stripe's page: the session completes with a PaymentIntent."""
        with self._lock:
            session = self.sessions[session_id]
            intent_id = new_id("pi")
            self.intents[intent_id] = {"id": intent_id, "amount": session["amount_total"],
                                       "amount_refunded": 0, "charge": new_id("ch"),
                                       "currency": session["currency"]}
            session.update(status="complete", payment_status=payment_status,
                           payment_intent=intent_id,
                           customer_details={"email": session["customer_email"],
                                             "name": "Jane Tourist", "address": {"country": "AU"}})
            return dict(session)

    def settle_async(self, session_id: str, *, succeeded: bool) -> dict:
        with self._lock:
            session = self.sessions[session_id]
            session["payment_status"] = "paid" if succeeded else "unpaid"
            return dict(session)

    def expire(self, session_id: str) -> dict:
        with self._lock:
            self.sessions[session_id]["status"] = "expired"
            return dict(self.sessions[session_id])

    def charge(self, intent_id: str, *, with_refunds: bool = True) -> dict:
        """The Charge of a paid PaymentIntent, as ``charge.refunded`` carries it."""
        intent = self.intents[intent_id]
        refunds = [r for r in self.refunds.values() if r["payment_intent"] == intent_id]
        charge = {
            "id": intent["charge"], "object": "charge", "amount": intent["amount"],
            "amount_captured": intent["amount"], "amount_refunded": intent["amount_refunded"],
            "captured": True, "currency": intent["currency"], "paid": True,
            "payment_intent": intent_id, "refunded": intent["amount_refunded"] >= intent["amount"],
            "status": "succeeded",
        }
        if with_refunds:
            charge["refunds"] = {"object": "list", "data": refunds, "has_more": False,
                                 "total_count": len(refunds),
                                 "url": f"/v1/charges/{intent['charge']}/refunds"}
        return charge

    def refund_outside(self, intent_id: str, amount: int) -> dict:
        """A refund made on Stripe's dashboard, not through the store."""
        with self._lock:
            status, refund = self._create_refund({"payment_intent": intent_id,
                                                  "amount": str(amount)})
            assert status == 200, refund
            return refund

    def event(self, type_: str, obj: dict, *, created: int | None = None) -> dict:
        return {
            "id": new_id("evt"), "object": "event", "api_version": API_VERSION,
            "created": created or int(time.time()), "data": {"object": dict(obj)},
            "livemode": False, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}, "type": type_,
        }

    def deliver(self, to, event: dict | str | bytes, *, secret: str | None = None,
                timestamp: int | None = None, signature: str | None = None,
                body: str | bytes | None = None):
        """POST ``event`` to the app's webhook, signed as Stripe signs it.

        ``to`` is a Flask test client or a base URL. ``signature`` replaces the header
        (``""`` sends none); ``body`` sends other bytes than those signed (tampering).
        """
        payload = event if isinstance(event, (str, bytes)) else json.dumps(event, indent=2)
        payload = payload.decode() if isinstance(payload, bytes) else payload
        header = signature if signature is not None else signature_header(
            payload, secret or self.webhook_secret, timestamp)
        data = body if body is not None else payload
        data = data.encode() if isinstance(data, str) else data
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}
        if header:
            headers["Stripe-Signature"] = header
        if isinstance(to, str):
            request = urllib.request.Request(f"{to}/payments/stripe/webhook", data=data,
                                             headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status, json.loads(response.read())
            except urllib.error.HTTPError as error:
                return error.code, json.loads(error.read())
        return to.post("/payments/stripe/webhook", data=data, headers=headers)


def _error(status: int, type_: str, message: str, code: str | None = None):
    error = {"type": type_, "message": message}
    if code:
        error["code"] = code
    return status, {"error": error}, {}


@pytest.fixture(scope="session")
def fake_stripe_server():
    server = FakeStripe()
    server.start()
    yield server
    server.stop()


STRIPE_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE",
                   "STRIPE_MAX_NETWORK_RETRIES", "STRIPE_TIMEOUT_SECONDS")


def point_at(app, fake: FakeStripe) -> dict:
    saved = {key: app.config.get(key) for key in STRIPE_SETTINGS}
    app.config.update(STRIPE_SECRET_KEY=fake.api_key, STRIPE_WEBHOOK_SECRET=fake.webhook_secret,
                      STRIPE_API_BASE=fake.url, STRIPE_MAX_NETWORK_RETRIES=0,
                      STRIPE_TIMEOUT_SECONDS=5)
    return saved


@pytest.fixture
def fake_stripe(fake_stripe_server, app, db):
    """The fake, emptied, with the app's Stripe settings pointing at it for this test."""
    fake_stripe_server.reset()
    saved = point_at(app, fake_stripe_server)
    yield fake_stripe_server
    app.config.update(saved)
