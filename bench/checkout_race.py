"""Checkout race: many buyers, few units, real HTTP against gunicorn; never oversold.

    python bench/checkout_race.py [--database-url URL] [--buyers 50] [--stock 10] [--workers 4]

1. Makes a temporary directory with a fresh SQLite database (or, with `--database-url
   postgresql+psycopg://...`, a fresh database `bench_race_*` on that server, dropped at
   the end) and runs `flask --app marketplace db upgrade`.
2. Creates one approved producer, one product with `--stock` units and `--buyers` shopper
   accounts (cheap argon2 parameters: the race is about checkout, not password hashing).
3. Serves the store (`wsgi:app`) with gunicorn, `--workers` sync workers, on a free
   loopback port (rate limits off, mail left in the outbox).
4. Each buyer, in its own thread with its own cookies, logs in through /login, adds one unit
   through /cart/add and opens /checkout (CSRF tokens and the idempotency token read from
   the pages, as a browser would); then all buyers submit the checkout form at once.
5. Counts from the database and prints one JSON object:
   `{"backend", "stock", "buyers", "orders_placed", "units_sold", "stock_left", "oversold",
   ...}`. Exit status 1 when `oversold` is not 0 or `units_sold + stock_left != stock`.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from _servers import Database, clean_up

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(BENCH_DIR)]

PASSWORD = "mat-khau-cua-nguoi-mua"
PRODUCT_SLUG = "che-tom-non-dua-mua"


def log(message: str) -> None:
    print(f"[race] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL server to create a fresh database on (default: SQLite)")
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--stock", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def environment(tmp: Path, database: Database) -> dict[str, str]:
    """Settings for this process and the servers, set before the app is imported."""
    env = {
        "INSTANCE_DIR": str(tmp / "instance"), "DATABASE_URL": database.url,
        "MEDIA_DIR": str(tmp / "media"), "SEARCH_INDEX_DIR": str(tmp / "search-index"),
        "SECRET_KEY": uuid.uuid4().hex, "RATELIMIT_ENABLED": "0", "MAIL_DELIVER_INLINE": "0",
        "PASSWORD_HASH_TIME_COST": "1", "PASSWORD_HASH_MEMORY_KIB": "1024",
        "PASSWORD_HASH_PARALLELISM": "1", "PYTHONDONTWRITEBYTECODE": "1",
    }
    os.environ.update(env)
    return {**os.environ}


def migrate(env: dict[str, str]) -> None:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "flask", "--app", "marketplace", "db", "upgrade"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


def seed(app, stock: int, buyers: int) -> list[str]:
    """One approved producer, one product of ``stock`` units, ``buyers`` shopper accounts."""
    from marketplace.accounts.models import Role, User
    from marketplace.accounts.passwords import hash_password
    from marketplace.catalog.models import Category, Product, ProductStatus
    from marketplace.extensions import db
    from marketplace.shops.models import Producer, ProducerStatus

    with app.app_context():
        producer = Producer(slug="htx-dua-mua", name="HTX đua mua", province_code="19",
                            commune_code="05503", status=ProducerStatus.APPROVED)
        category = db.session.scalar(db.select(Category).where(Category.parent_id.is_(None)))
        db.session.add(Product(producer=producer, slug=PRODUCT_SLUG, name="Chè tôm nõn",
                               category=category, price_vnd=250_000, stock=stock,
                               status=ProductStatus.ACTIVE))
        password_hash = hash_password(PASSWORD)
        emails = [f"nguoi-mua-{i:03d}@example.vn" for i in range(buyers)]
        db.session.add_all(User(email=email, password_hash=password_hash, name=f"Người mua {i}",
                                role=Role.SHOPPER) for i, email in enumerate(emails))
        db.session.commit()
        return emails


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Buyer:
    """One browser: its own cookies; reads CSRF and idempotency tokens from the pages."""

    def __init__(self, base: str, email: str) -> None:
        self.base, self.email = base, email
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=120) as response:
                return response.status, response.headers.get("Location", ""), \
                    response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()

    @staticmethod
    def field(html: str, name: str) -> str:
        found = re.search(rf'name="{name}"(?: type="hidden")? value="([^"]+)"', html)
        if not found:
            raise RuntimeError(f"no {name} in the page")
        return found.group(1)

    def prepare(self) -> dict:
        """Log in, put one unit in the cart, open checkout; returns the form to submit."""
        _, _, page = self.request("/login")
        status, _, _ = self.request("/login", {"email": self.email, "password": PASSWORD,
                                               "csrf_token": self.field(page, "csrf_token")})
        if status != 302:
            raise RuntimeError(f"login of {self.email} answered {status}")
        _, _, page = self.request(f"/products/{PRODUCT_SLUG}")
        status, _, _ = self.request("/cart/add", {
            "product_id": self.field(page, "product_id"), "quantity": "1",
            "csrf_token": self.field(page, "csrf_token")})
        if status != 303:
            raise RuntimeError(f"add to cart answered {status}")
        _, _, page = self.request("/checkout")
        return {"csrf_token": self.field(page, "csrf_token"),
                "idempotency_key": self.field(page, "idempotency_key"),
                "address_id": "new", "recipient_name": "Người mua", "phone": "0912345678",
                "province_code": "19", "commune_code": "05503", "street": "Xóm Nam Đồng",
                "payment_method": "cod"}


def race(base: str, emails: list[str]) -> dict[str, int]:
    """Every buyer prepares, waits at the barrier, then all submit checkout at once."""
    barrier = threading.Barrier(len(emails))
    outcomes: dict[str, int] = {"placed": 0, "refused": 0, "errors": 0}
    lock = threading.Lock()

    def run(email: str) -> None:
        buyer = Buyer(base, email)
        try:
            form = buyer.prepare()
        except Exception as exc:  # noqa: BLE001 — counted; the barrier must not hang
            log(f"{email}: {exc}")
            barrier.abort()
            with lock:
                outcomes["errors"] += 1
            return
        try:
            barrier.wait(timeout=300)
        except threading.BrokenBarrierError:
            pass
        status, location, _ = buyer.request("/checkout", form)
        kind = ("placed" if status == 303 and "/orders/OCOP-" in location
                else "refused" if status == 303 and location.endswith("/cart") else "errors")
        with lock:
            outcomes[kind] += 1

    threads = [threading.Thread(target=run, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def count(app) -> tuple[int, int, int]:
    from sqlalchemy import func, select

    from marketplace.catalog.models import Product
    from marketplace.extensions import db
    from marketplace.orders.models import Order, OrderLine

    with app.app_context():
        product_id, left = db.session.execute(
            select(Product.id, Product.stock).where(Product.slug == PRODUCT_SLUG)).one()
        sold = db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0))
                                 .where(OrderLine.product_id == product_id))
        orders = db.session.scalar(select(func.count()).select_from(Order))
        db.session.remove()
        db.engine.dispose()
    return orders, sold, left


def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="ocop-race-"))
    database = Database(args.database_url, tmp, "race")
    server = None
    try:
        database.create()
        env = environment(tmp, database)
        log(f"migrating a fresh {database.backend} database")
        migrate(env)
        from _servers import Gunicorn
        from marketplace import create_app

        app = create_app()
        emails = seed(app, args.stock, args.buyers)
        with app.app_context():
            from marketplace.extensions import db

            db.engine.dispose()
        server = Gunicorn("wsgi:app", cwd=ROOT, env=env, log=tmp / "gunicorn.log",
                          workers=args.workers).start(probe="/cart")
        log(f"{args.buyers} buyers, {args.stock} units, gunicorn with {args.workers} workers "
            f"on port {server.port}")
        started = time.monotonic()
        outcomes = race(f"http://127.0.0.1:{server.port}", emails)
        seconds = round(time.monotonic() - started, 2)
        server.stop()
        orders, sold, left = count(app)
        return {
            "backend": database.backend, "stock": args.stock, "buyers": args.buyers,
            "orders_placed": orders, "units_sold": sold, "stock_left": left,
            "oversold": max(0, sold - args.stock),
            "invariant_holds": sold + left == args.stock and left >= 0,
            "http": outcomes, "workers": args.workers, "seconds": seconds,
        }
    finally:
        clean_up([server], database, tmp, keep=args.keep, log=log)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run(args)
    print(json.dumps(result, ensure_ascii=False))
    return 0 if result["oversold"] == 0 and result["invariant_holds"] else 1


if __name__ == "__main__":
    sys.exit(main())
