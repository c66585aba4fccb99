"""Mixed load at national scale on PostgreSQL: browse 70%, search 20%, cart and checkout 10%.

    python bench/load.py [--database-url URL] [--products 20000] [--orders 200000]
                         [--seconds 60] [--bare-seconds 15] [--concurrency 8] [--keep]

Makes a fresh database on the PostgreSQL server of --database-url (BENCH_DATABASE_URL,
default the local server), migrates it, loads the catalogue with bench/_data.py and the
orders (shoppers, orders, shop orders, lines, payments) with COPY, serves the store and
the bare Flask + Jinja page (bench/_bare.py) with the repo's gunicorn.conf.py, and drives
both with the same Python client. Prints ONE JSON object on stdout (progress on stderr);
exit status 1 when any request failed. Everything is stopped and dropped at the end.
"""
from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import queue
import random
import signal
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _servers import Database, clean_up

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(BENCH_DIR)]

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "mat-khau-nguoi-mua-bench"
GROUP_SHARE = {"browse": 70, "search": 20, "cart": 10}  # % of requests
CART_REQUESTS = 3  # add to cart, checkout page, checkout submit
BROWSE_SHARE = {"home": 10, "listing": 20, "category": 15, "product": 40, "shop": 15}
SEARCH_TERMS = [  # (with diacritics, without): what shoppers type both ways
    ("chè", "che"), ("mật ong", "mat ong"), ("gạo nếp", "gao nep"), ("nước mắm", "nuoc mam"),
    ("rượu nếp", "ruou nep"), ("trà shan tuyết", "tra shan tuyet"), ("miến dong", "mien dong"),
    ("cà phê", "ca phe"), ("tinh dầu sả", "tinh dau sa"), ("bưởi", "buoi"), ("giỏ mây", "gio may"),
    ("hạt điều", "hat dieu"), ("khô bò", "kho bo"), ("gốm", "gom"), ("Thái Nguyên", "thai nguyen"),
]
DELIVERY = {"address_id": "new", "recipient_name": "Người mua thử tải", "phone": "0912345678",
            "province_code": "19", "commune_code": "05503", "street": "Xóm Nam Đồng",
            "payment_method": "cod"}


def log(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                                 DEFAULT_SERVER),
                        help="PostgreSQL server to create the fresh database on")
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=60.0, help="measured mixed load")
    parser.add_argument("--bare-seconds", type=float, default=15.0, help="measured bare page (half before, half after)")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=8, help="client processes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def prepare(tmp: Path, database: Database) -> dict[str, str]:
    """Environment of this process and the servers, set before the app is imported."""
    env = {
        "INSTANCE_DIR": str(tmp / "instance"), "DATABASE_URL": database.url,
        "MEDIA_DIR": str(tmp / "media"), "SEARCH_BACKEND": "postgres",
        "SECRET_KEY": uuid.uuid4().hex, "MAIL_DELIVER_INLINE": "0",
        # Rate limits off: every request comes from one loopback address standing in for
        # many shoppers, and a bench shopper checks out every few seconds.
        "RATELIMIT_ENABLED": "0",
        # Shoppers log in once each, before the measurement: cheap hashes save set-up time.
        "PASSWORD_HASH_TIME_COST": "1", "PASSWORD_HASH_MEMORY_KIB": "1024",
        "PASSWORD_HASH_PARALLELISM": "1", "PYTHONDONTWRITEBYTECODE": "1",
    }
    os.environ.update(env)
    servers = {**os.environ}
    # The bulk load in this process runs statements longer than the servers may.
    os.environ["DB_STATEMENT_TIMEOUT_MS"] = "0"
    return servers


def migrate(env: dict[str, str]) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "marketplace", "db", "upgrade", "heads"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


# --- data: the catalogue with bench/_data.py, the orders with COPY -----------------------

def _catalogue(connection) -> tuple[dict[int, list[tuple]], dict[int, tuple]]:
    """Listed products by producer (the line snapshot fields) and producers (name, province)."""
    from sqlalchemy import text

    products: dict[int, list[tuple]] = defaultdict(list)
    for row in connection.execute(text(
            "SELECT p.id, p.producer_id, p.name, p.slug, p.unit, p.price_vnd, p.weight_grams, "
            "c.stars, c.certificate_no FROM product p LEFT JOIN certification c "
            "ON c.product_id = p.id AND c.status = 'active' WHERE p.status = 'active'")):
        products[row[1]].append(tuple(row))
    producers = {r[0]: (r[1], r[2]) for r in connection.execute(
        text("SELECT id, name, province_code FROM producer"))}
    return products, producers


def _shipping(rng: random.Random, same_province: bool, grams: int) -> tuple[str, int]:
    """The README's fee table: first kg by zone, then each further started 500 g."""
    zone = "local" if same_province else rng.choice(("near", "far"))
    first, step = {"local": (20_000, 2_500), "near": (30_000, 4_000), "far": (40_000, 5_000)}[zone]
    return zone, first + step * math.ceil(max(0, grams - 1000) / 500)


def order_rows(n_orders: int, n_shoppers: int, products, producers, seed: int = 200):
    """Rows for user_account, orders, shop_order, order_line and payment, as tuples."""
    from marketplace import units
    from marketplace.accounts.passwords import hash_password

    rng = random.Random(seed)
    now = datetime.now(timezone.utc)
    password_hash = hash_password(PASSWORD)
    places = [(c.province_code, c.code) for p in units.provinces() for c in units.communes_of(p.code)]
    sellers = [pid for pid, items in products.items() if items]
    rows = {name: [] for name in ("user_account", "orders", "shop_order", "order_line", "payment")}
    for uid in range(1, n_shoppers + 1):
        rows["user_account"].append((uid, f"nguoi-mua-{uid:05d}@bench.example.vn", password_hash,
                                     f"Người mua {uid}", "shopper", True, now - timedelta(days=800)))
    for oid in range(1, n_orders + 1):
        placed = now - timedelta(seconds=rng.randrange(2 * 365 * 86_400))
        roll = rng.random()
        status, shop_status, paid = (("completed", "delivered", True) if roll < 0.72 else
                                     ("cancelled", "cancelled", False) if roll < 0.84 else
                                     ("confirmed", "shipped", False) if roll < 0.92 else
                                     ("placed", "pending", False))
        method = "cod" if status == "placed" else rng.choices(("cod", "vietqr", "stripe"),
                                                              (65, 25, 10))[0]
        province, commune = rng.choice(places)
        subtotal = shipping = 0
        for producer_id in rng.sample(sellers, rng.choices((1, 2, 3), (75, 20, 5))[0]):
            so_id = len(rows["shop_order"]) + 1
            so_subtotal = grams = 0
            for item in rng.sample(products[producer_id], min(len(products[producer_id]),
                                                              rng.choices((1, 2, 3), (60, 30, 10))[0])):
                pid, _, name, slug, unit, price, weight, stars, cert_no = item
                quantity = rng.choices((1, 2, 3, 5), (70, 20, 7, 3))[0]
                rows["order_line"].append((len(rows["order_line"]) + 1, so_id, pid, name, slug,
                                           unit, producers[producer_id][0], stars, cert_no or "",
                                           price, quantity, weight))
                so_subtotal += price * quantity
                grams += weight * quantity
            zone, fee = _shipping(rng, producers[producer_id][1] == province, grams)
            shipped = placed + timedelta(days=1) if shop_status in ("shipped", "delivered") else None
            delivered = placed + timedelta(days=3) if shop_status == "delivered" else None
            rows["shop_order"].append((
                so_id, oid, producer_id, producers[producer_id][0], shop_status, so_subtotal, fee,
                zone, grams, "GHN" if shipped else "", f"GHN{so_id:09d}" if shipped else "",
                status == "cancelled", "Người mua huỷ" if status == "cancelled" else "",
                placed, delivered or placed, shipped, delivered,
                delivered if method == "cod" else None))
            subtotal, shipping = subtotal + so_subtotal, shipping + fee
        total = subtotal + shipping
        rows["orders"].append((
            oid, f"OCOP-{placed.year}-{oid:06d}", rng.randrange(1, n_shoppers + 1),
            f"bench-{oid}", status, method, f"Người mua {oid}", "0912345678", province, commune,
            f"Số {rng.randint(1, 200)}", "", False, "", subtotal, shipping, total, placed, placed))
        rows["payment"].append((
            oid, oid, method, "paid" if paid else "expired" if status == "cancelled" else "unpaid",
            total, total if paid else None, 0, "", None, placed + timedelta(days=3) if paid else None,
            placed, placed))
    return rows


COLUMNS = {
    "user_account": "id, email, password_hash, name, role, is_active, created_at",
    "orders": "id, number, user_id, idempotency_key, status, payment_method, recipient_name, "
              "phone, province_code, commune_code, street, note, is_gift, gift_message, "
              "subtotal_vnd, shipping_vnd, total_vnd, placed_at, updated_at",
    "shop_order": "id, order_id, producer_id, producer_name, status, subtotal_vnd, shipping_vnd, "
                  "shipping_zone, weight_grams, carrier, tracking_code, stock_released, "
                  "cancel_reason, created_at, updated_at, shipped_at, delivered_at, cod_collected_at",
    "order_line": "id, shop_order_id, product_id, product_name, product_slug, unit, producer_name, "
                  "stars_at_purchase, certificate_no, unit_price_vnd, quantity, weight_grams",
    "payment": "id, order_id, method, status, amount_vnd, received_vnd, refund_due_vnd, reference, "
               "expires_at, paid_at, created_at, updated_at",
}


def load_orders(app, n_orders: int) -> dict[str, int]:
    """Shoppers and their orders, written with COPY in one transaction; returns row counts."""
    from sqlalchemy import text

    from marketplace.extensions import db

    with app.app_context(), db.engine.begin() as connection:
        products, producers = _catalogue(connection)
        rows = order_rows(n_orders, max(1000, n_orders // 20), products, producers)
        if connection.scalar(text("SELECT current_setting('is_superuser')")) == "on":
            # The rows reference each other correctly by construction: skipping the
            # foreign-key triggers makes the load about 2.5 times faster (superuser only).
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        with connection.connection.driver_connection.cursor() as cursor:
            for table, columns in COLUMNS.items():  # parents before children
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
        for table in COLUMNS:  # explicit ids leave the sequences behind
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT coalesce(max(id), 1) FROM {table}))"))
    with app.app_context(), db.engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    return {table: len(table_rows) for table, table_rows in rows.items()}


def load_data(app, args) -> tuple[dict, dict]:
    """Catalogue, search documents and orders; returns row counts and seconds per step."""
    from _data import generate
    from marketplace import search
    from marketplace.extensions import db

    seconds, started = {}, time.perf_counter()
    with app.app_context():
        counts = generate(args.products)
        seconds["catalogue"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        counts["search_documents"] = search.rebuild()
        seconds["search_index"] = round(time.perf_counter() - started, 1)
        db.session.remove()
    started = time.perf_counter()
    counts.update(load_orders(app, args.orders))
    seconds["orders"] = round(time.perf_counter() - started, 1)
    log(f"rows {counts} in {seconds} s")
    return counts, seconds


def plan(app, concurrency: int) -> dict:
    """What the clients request: sampled slugs, search terms, cart products, shopper e-mails."""
    from sqlalchemy import text

    from marketplace.extensions import db

    rng = random.Random(70)
    with app.app_context(), db.engine.connect() as connection:
        def column(sql: str) -> list:
            return [r[0] for r in connection.execute(text(sql))]
        products = column("SELECT slug FROM product WHERE status = 'active'")
        shops = column("SELECT slug FROM producer WHERE status = 'approved'")
        groups = column("SELECT slug FROM category")
        # Plenty of stock, so the run's own checkouts never empty a product.
        in_stock = column("SELECT id FROM product WHERE status = 'active' AND stock >= 300")
        emails = column(f"SELECT email FROM user_account WHERE role = 'shopper' "
                        f"ORDER BY id LIMIT {concurrency}")
    listing = ["/products", "/products?sort=price_asc", "/products?stars=4",
               *(f"/products?page={n}" for n in range(2, 40))]
    return {
        "browse": {"home": ["/"], "listing": listing,
                   "category": [f"/categories/{slug}" for slug in groups],
                   "product": [f"/products/{s}" for s in rng.sample(products, min(500, len(products)))],
                   "shop": [f"/shops/{s}" for s in rng.sample(shops, min(200, len(shops)))]},
        "search": {"search_diacritics": [f"/search?q={a}" for a, _ in SEARCH_TERMS],
                   "search_plain": [f"/search?q={b}" for _, b in SEARCH_TERMS]},
        "cart_products": rng.sample(in_stock, min(200, len(in_stock))),
        "emails": emails,
    }


# --- the client: one process per shopper, a closed loop of real requests -----------------

def _choose(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def _client(base: str, email: str | None, work: dict, seed: int, start_at: float,
            measure_from: float, stop_at: float, results) -> None:
    """Log in (unmeasured), then request by the shares until ``stop_at``; report timings.

    urllib closes every connection (one TCP connection per request, like _load.py).
    """
    from urllib.parse import quote

    from checkout_race import Buyer

    rng = random.Random(seed)
    browser = Buyer(base, email or "")
    latencies, errors, samples = defaultdict(list), Counter(), []
    csrf = ""
    if email:
        _, _, page = browser.request("/login")
        browser.request("/login", {"email": email, "password": PASSWORD,
                                   "csrf_token": Buyer.field(page, "csrf_token")})
        csrf = Buyer.field(browser.request("/cart")[2], "csrf_token")
    # Requests share: browse 70, search 20, cart 10, where one cart round is three requests.
    actions = {g: s / (CART_REQUESTS if g == "cart" else 1) for g, s in work["shares"].items()}

    def call(route: str, path: str, data: dict | None, ok) -> tuple[bool, str]:
        started = time.monotonic()
        try:
            status, location, body = browser.request(path, data)
            good = ok(status, location)
        except OSError as error:
            status, location, body, good = 0, str(error), "", False
        finished = time.monotonic()
        if started >= measure_from and finished <= stop_at:
            latencies[route].append((finished - started) * 1000)
            if not good:
                errors[route] += 1
                if len(samples) < 5:
                    samples.append(f"{route} {path} -> {status} {location}")
        return good, body

    page_ok = lambda status, _location: status == 200  # noqa: E731
    time.sleep(max(0.0, start_at - time.monotonic()))
    cpu_from = time.process_time()
    while time.monotonic() < stop_at:
        group = _choose(rng, actions)
        if group == "cart":
            product_id = rng.choice(work["cart_products"])
            added, _ = call("cart_add", "/cart/add", {"product_id": product_id, "quantity": "1",
                                                      "csrf_token": csrf},
                            lambda status, _l: status == 303)
            if not added:
                continue
            shown, page = call("checkout_page", "/checkout", None, page_ok)
            if not shown:
                continue
            call("checkout_submit", "/checkout",
                 {**DELIVERY, "csrf_token": csrf,
                  "idempotency_key": Buyer.field(page, "idempotency_key")},
                 lambda status, location: status == 303 and "/orders/OCOP-" in location)
            continue
        route = _choose(rng, work["routes"][group])
        path = rng.choice(work[group][route])
        call(route, quote(path, safe="/?=&"), None, page_ok)
    results.put((dict(latencies), dict(errors), samples, time.process_time() - cpu_from))


def drive(base: str, work: dict, *, emails: list[str | None], seconds: float,
          warmup: float, server_cpu) -> dict:
    """Run one client process per e-mail against ``base``; returns the merged measurements."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    start_at = time.monotonic() + 3.0  # spawning and logging in happen before this
    measure_from, stop_at = start_at + warmup, start_at + warmup + seconds
    procs = [ctx.Process(target=_client, args=(base, email, work, n, start_at, measure_from,
                                               stop_at, results), daemon=True)
             for n, email in enumerate(emails)]
    for proc in procs:
        proc.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    cpu_before = server_cpu()
    time.sleep(max(0.0, stop_at - time.monotonic()))
    cpu = server_cpu() - cpu_before
    collected = []
    while len(collected) < len(procs):
        try:
            collected.append(results.get(timeout=60))
        except queue.Empty:
            for proc in procs:
                proc.kill()
            raise RuntimeError("the load client processes did not report") from None
    for proc in procs:
        proc.join(10)
    latencies, errors, samples = defaultdict(list), Counter(), []
    for chunk, errs, sample, _cpu in collected:
        for route, values in chunk.items():
            latencies[route].extend(values)
        errors.update(errs)
        samples.extend(sample)
    requests = sum(map(len, latencies.values()))
    return {"latencies": latencies, "errors": errors, "samples": samples[:10],
            "requests": requests, "seconds": seconds,
            "client_cpu": sum(c[3] for c in collected), "server_cpu": cpu}


def pooled(first: dict, second: dict) -> dict:
    """Two runs of the same client as one (latencies, errors, time and CPU added up)."""
    latencies = defaultdict(list)
    for run_ in (first, second):
        for route, values in run_["latencies"].items():
            latencies[route].extend(values)
    return {"latencies": latencies, "errors": first["errors"] + second["errors"],
            "samples": first["samples"] + second["samples"],
            **{k: first[k] + second[k] for k in ("requests", "seconds", "client_cpu", "server_cpu")}}


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)], 2)
    return {"p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99)} if ordered else {}


def summarise(run: dict, groups: dict[str, str]) -> dict:
    seconds, requests = run["seconds"], run["requests"]
    routes = {route: {"requests": len(values), "rps": round(len(values) / seconds, 1),
                      **_percentiles(values), "errors": run["errors"].get(route, 0)}
              for route, values in sorted(run["latencies"].items())}
    by_group = Counter()
    for route, values in run["latencies"].items():
        by_group[groups[route]] += len(values)
    return {
        "rps": round(requests / seconds, 1), "requests": requests,
        "errors": sum(run["errors"].values()),
        "groups": {g: {"rps": round(n / seconds, 1), "share": round(n / requests, 3)}
                   for g, n in sorted(by_group.items())} if requests else {},
        "routes": routes,
        "server_cpu_ms_per_request": round(run["server_cpu"] * 1000 / requests, 2) if requests else None,
        "client_cpu_share": round(run["client_cpu"] / (seconds * (os.cpu_count() or 1)), 3),
    }


def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    database = Database(args.database_url, tmp, "load")
    if database.backend != "postgresql":
        raise SystemExit("bench/load.py runs on PostgreSQL: give --database-url or BENCH_DATABASE_URL")
    servers = []
    try:
        database.create()
        env = prepare(tmp, database)
        log(f"fresh database {database.name}; migrating")
        migrate(env)
        from _servers import Gunicorn, _children
        from marketplace import create_app

        app = create_app()
        counts, load_seconds = load_data(app, args)
        work = plan(app, args.concurrency)
        with app.app_context():
            from marketplace.extensions import db
            db.engine.dispose()  # the servers get the database to themselves

        config = ROOT / "gunicorn.conf.py"
        store = Gunicorn("wsgi:app", cwd=ROOT, env=env, log=tmp / "store.log", config=config)
        bare = Gunicorn("_bare:app", cwd=ROOT, env=env, log=tmp / "bare.log", config=config,
                        pythonpath=str(BENCH_DIR))
        servers += [store, bare]
        store.start(probe="/products")
        bare.start()
        workers = len(_children(store.process.pid))
        log(f"store on :{store.port} ({workers} workers), bare on :{bare.port}")

        groups = {route: group for group in ("browse", "search") for route in work[group]}
        groups.update(cart_add="cart", checkout_page="cart", checkout_submit="cart", bare="bare")
        work.update(shares=GROUP_SHARE, routes={"browse": BROWSE_SHARE, "search": {
            "search_diacritics": 1, "search_plain": 1}})
        bare_work = {**work, "shares": {"browse": 1}, "routes": {"browse": {"bare": 1}},
                     "browse": {"bare": ["/"]}}

        def measure_bare() -> dict:
            measured = drive(f"http://127.0.0.1:{bare.port}", bare_work,
                             emails=[None] * args.concurrency, seconds=args.bare_seconds / 2,
                             warmup=args.warmup, server_cpu=bare.cpu_seconds)
            log(f"bare: {measured['requests'] / measured['seconds']:.1f} req/s")
            return measured

        # The bare page is measured before and after the store and the two runs are pooled:
        # on a shared 2-core machine the background load drifts during the run.
        bare_before = measure_bare()
        mixed = drive(f"http://127.0.0.1:{store.port}", work, emails=work["emails"],
                      seconds=args.seconds, warmup=args.warmup, server_cpu=store.cpu_seconds)
        store_summary = summarise(mixed, groups)
        log(f"store: {store_summary['rps']} req/s, {store_summary['errors']} errors")
        bare_run = summarise(pooled(bare_before, measure_bare()), groups)
        for server in servers:
            if server.process.poll() is not None:
                raise RuntimeError(f"gunicorn {server.app} died:\n{server.tail()}")
        return {
            "backend": "postgresql", "rows": counts, "load_seconds": load_seconds,
            "cpu_count": os.cpu_count(), "loadavg_at_start": args.loadavg,
            "gunicorn": {"config": "gunicorn.conf.py", "worker_class": "gthread",
                         "workers": workers, "threads": int(os.environ.get("GUNICORN_THREADS", "2"))},
            "client": (f"python: {args.concurrency} processes, one logged-in session each "
                       "(urllib, cookies, CSRF from the pages), one connection per request"),
            "concurrency": args.concurrency, "seconds": args.seconds,
            "shares_target": GROUP_SHARE,
            "store": {**store_summary, "error_samples": mixed["samples"]},
            "bare": {k: bare_run[k] for k in ("rps", "requests", "errors",
                                              "server_cpu_ms_per_request")}
            | bare_run["routes"].get("bare", {}),
            "store_rps_vs_bare": round(store_summary["rps"] / bare_run["rps"], 3)
            if bare_run["rps"] else None,
            "errors": store_summary["errors"] + bare_run["errors"],
        }
    finally:
        clean_up(servers, database, tmp, keep=args.keep, log=log)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.loadavg = [round(x, 2) for x in os.getloadavg()]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run(args)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
