"""kill -9 of a gunicorn worker in the middle of a transaction (issue 9).

The store is served by gunicorn (one sync worker) with ``FAULT_PAUSES`` set, so the
checkout and the Stripe webhook sleep after their writes are flushed and before the
commit; the worker appends ``<point> <pid>`` to ``FAULT_PAUSE_MARKER`` first. The test
waits for that line, kills that pid (a child of our own gunicorn master, checked), then
checks that nothing of the transaction is left, that the master started a new worker, and
that the same request sent again succeeds exactly once. On SQLite (the fixture's file)
and on PostgreSQL when TEST_DATABASE_URL is set.
"""
from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from config import fault_pauses
from marketplace.cart.models import CartLine
from marketplace.catalog.models import Product
from marketplace.ops import dbtools, faults
from marketplace.orders.models import Order, OrderEvent, OrderLine, ShopOrder
from marketplace.orders.states import PaymentStatus
from marketplace.payments.models import Payment
from marketplace.payments.stripe_models import CardCheckout, StripeEvent
from marketplace.settlement.models import EntryKind, LedgerEntry
from tests.factories import DEFAULT_PASSWORD, make_cart, make_product, make_user
from tests.payments.fake_stripe import signature_header
from tests.payments.stripe_support import card_order, completed, deliver

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from _servers import Gunicorn, _children as worker_pids  # noqa: E402
from checkout_race import Buyer  # noqa: E402

PAUSE_SECONDS = 5  # long enough to kill in, short enough for the retry to wait it out


# ---------------------------------------------------------------- the hook itself

def test_fault_pauses_are_read_from_the_environment_format():
    assert fault_pauses("") == {}
    assert fault_pauses("checkout:5, webhook:0.5") == {"checkout": 5.0, "webhook": 0.5}
    with pytest.raises(ValueError, match="FAULT_PAUSES: expected point:seconds, got 'checkout'"):
        fault_pauses("checkout")


def test_pause_sleeps_only_at_a_configured_point_and_marks_it_first(tmp_path):
    marker = tmp_path / "paused"
    app = Flask(__name__)
    app.config.update(FAULT_PAUSES={"checkout": 0.2}, FAULT_PAUSE_MARKER=str(marker))
    with app.app_context():
        started = time.monotonic()
        faults.pause("webhook")
        assert time.monotonic() - started < 0.1 and not marker.exists()
        faults.pause("checkout")
        assert time.monotonic() - started >= 0.2
    assert marker.read_text() == f"checkout {os.getpid()}\n"


# ---------------------------------------------------------------- gunicorn and its worker

class Served:
    """Our gunicorn (one worker) and the marker file its pauses write to."""

    def __init__(self, server: Gunicorn, marker: Path) -> None:
        self.server, self.marker = server, marker
        self.base = f"http://127.0.0.1:{server.port}"

    def wait_for_pause(self, point: str, seen: int, timeout: float = 60) -> int:
        """The pid of the worker that entered pause ``point`` (the marker's line ``seen``+1)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = self.marker.read_text().splitlines() if self.marker.exists() else []
            if len(lines) > seen:
                found, pid = lines[seen].split()
                assert found == point
                return int(pid)
            time.sleep(0.02)
        raise AssertionError(f"no worker paused at {point!r}; log:\n{self.server.tail()}")

    def marks(self) -> int:
        return len(self.marker.read_text().splitlines()) if self.marker.exists() else 0

    def kill_worker(self, pid: int) -> None:
        """SIGKILL one of our own master's workers, never any other process."""
        assert pid in worker_pids(self.server.process.pid), f"{pid} is not our worker"
        os.kill(pid, signal.SIGKILL)

    def wait_for_new_worker(self, killed: int, timeout: float = 60) -> None:
        """Until the master has forked a replacement and it answers a request."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = worker_pids(self.server.process.pid)
            if pids and killed not in pids:
                try:
                    with urllib.request.urlopen(f"{self.base}/cart", timeout=30) as response:
                        if response.status == 200:
                            return
                except OSError:
                    pass
            time.sleep(0.1)
        raise AssertionError(f"no new worker after killing {killed}:\n{self.server.tail()}")


@pytest.fixture
def served(app, db, fake_stripe, tmp_path):
    """gunicorn serving ``wsgi:app`` on the test database, pausing at checkout and webhook."""
    marker = tmp_path / "paused"
    env = {
        **os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "INSTANCE_DIR": str(tmp_path), "MEDIA_DIR": app.config["MEDIA_DIR"],
        "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
        "DOSSIER_DIR": app.config["DOSSIER_DIR"], "SECRET_KEY": uuid.uuid4().hex * 2,
        "RATELIMIT_ENABLED": "0", "MAIL_DELIVER_INLINE": "0",
        "STRIPE_SECRET_KEY": fake_stripe.api_key,
        "STRIPE_WEBHOOK_SECRET": fake_stripe.webhook_secret,
        "STRIPE_API_BASE": fake_stripe.url, "STRIPE_MAX_NETWORK_RETRIES": "0",
        "FAULT_PAUSES": f"checkout:{PAUSE_SECONDS},webhook:{PAUSE_SECONDS}",
        "FAULT_PAUSE_MARKER": str(marker), "PYTHONDONTWRITEBYTECODE": "1",
    }
    server = Gunicorn("wsgi:app", cwd=ROOT, env=env, log=tmp_path / "gunicorn.log", workers=1)
    server.start(probe="/cart")
    try:
        yield Served(server, marker)
    finally:
        server.stop()


def in_thread(call) -> tuple[threading.Thread, list]:
    """Run ``call`` in a thread; the list receives its result or the exception it raised."""
    outcome: list = []

    def run():
        try:
            outcome.append(call())
        except Exception as error:  # noqa: BLE001 — the killed request's failure is the point
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def count(db, model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# ---------------------------------------------------------------- checkout

def checkout_form(base: str, email: str) -> tuple[Buyer, dict]:
    """Log in through /login, open /checkout, fill the form as a browser would (COD)."""
    buyer = Buyer(base, email)
    _, _, page = buyer.request("/login")
    status, _, _ = buyer.request("/login", {"email": email, "password": DEFAULT_PASSWORD,
                                            "csrf_token": buyer.field(page, "csrf_token")})
    assert status == 302
    _, _, page = buyer.request("/checkout")
    return buyer, {"csrf_token": buyer.field(page, "csrf_token"),
                   "idempotency_key": buyer.field(page, "idempotency_key"),
                   "address_id": "new", "recipient_name": "Nguyễn Văn An",
                   "phone": "0912345678", "province_code": "19", "commune_code": "05503",
                   "street": "Xóm Nam Đồng", "payment_method": "cod"}


def test_a_checkout_killed_before_its_commit_leaves_nothing_and_its_retry_buys_once(
        served, db):
    product = make_product(stock=5, price_vnd=150_000)
    shopper = make_user()
    make_cart(shopper, items=[(product, 2)])
    buyer, form = checkout_form(served.base, shopper.email)

    thread, outcome = in_thread(lambda: buyer.request("/checkout", form))
    pid = served.wait_for_pause("checkout", seen=0)
    served.kill_worker(pid)
    thread.join(30)

    assert isinstance(outcome[0], OSError), outcome  # the connection died, no answer
    db.session.expire_all()
    assert [count(db, m) for m in (Order, ShopOrder, OrderLine, Payment)] == [0, 0, 0, 0]
    assert db.session.get(Product, product.id).stock == 5
    assert count(db, CartLine) == 1  # the cart is emptied only by a committed order
    assert dbtools.check_invariants() == []

    served.wait_for_new_worker(pid)
    status, location, _ = buyer.request("/checkout", form)  # the browser sends it again

    assert (status, "/orders/OCOP-" in location) == (303, True)
    assert served.marks() == 2  # the retry went through the pause too, and committed
    db.session.expire_all()
    assert count(db, Order) == 1 and count(db, CartLine) == 0
    assert db.session.get(Product, product.id).stock == 3
    assert dbtools.check_invariants() == []


# ---------------------------------------------------------------- Stripe webhook

def post_webhook(base: str, event: dict, secret: str) -> tuple[int, dict]:
    """Deliver ``event`` signed as Stripe signs it (now), waiting out a paused worker."""
    payload = json.dumps(event)
    request = urllib.request.Request(
        f"{base}/payments/stripe/webhook", data=payload.encode(), method="POST",
        headers={"Content-Type": "application/json",
                 "Stripe-Signature": signature_header(payload, secret)})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_webhook_killed_before_its_commit_is_applied_once_on_redelivery(
        served, fake_stripe, db):
    product = make_product(stock=5, price_vnd=200_000)
    order, checkout = card_order(items=[(product, 1)])
    parcel = order.shop_orders[0]
    deliver(parcel)  # delivered before the money arrived: paying it also credits the ledger
    event = completed(fake_stripe, checkout)
    secret = fake_stripe.webhook_secret

    thread, outcome = in_thread(lambda: post_webhook(served.base, event, secret))
    pid = served.wait_for_pause("webhook", seen=0)
    served.kill_worker(pid)
    thread.join(30)

    assert isinstance(outcome[0], OSError), outcome
    db.session.expire_all()
    assert db.session.get(Payment, order.payment.id).status == PaymentStatus.UNPAID
    assert db.session.get(CardCheckout, checkout.id).paid_vnd == 0
    assert count(db, StripeEvent) == 0 and count(db, LedgerEntry) == 0
    assert dbtools.check_invariants() == []

    served.wait_for_new_worker(pid)
    first = post_webhook(served.base, event, secret)  # Stripe retries the same event
    again = post_webhook(served.base, event, secret)

    assert first == (200, {"status": "applied", "outcome": "paid"})
    assert again == (200, {"status": "duplicate", "outcome": "already recorded"})
    db.session.expire_all()
    payment = db.session.get(Payment, order.payment.id)
    assert (payment.status, payment.received_vnd) == (PaymentStatus.PAID, order.total_vnd)
    assert count(db, StripeEvent) == 1
    assert count(db, OrderEvent, OrderEvent.machine == "payment") == 1
    assert count(db, LedgerEntry, LedgerEntry.kind == EntryKind.SALE,
                 LedgerEntry.shop_order_id == parcel.id) == 1
    assert dbtools.check_invariants() == []
