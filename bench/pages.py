"""Storefront pages under gunicorn against a bare Flask + Jinja page, at national scale.

    python bench/pages.py [--products 20000] [--seconds 5] [--database-url URL]

Builds a fresh database in a temporary directory (or a fresh PostgreSQL database
next to the one URL names), migrates it, loads N generated products in bulk, serves
the store and the bare baseline (bench/_bare.py) with the same gunicorn settings,
requests each page's URLs once, measures each page on loopback and prints ONE JSON
object on stdout (progress goes to stderr). SQL statements per page are counted in-process on the same database.
Everything started is stopped and removed again, also on Ctrl-C.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

from _servers import Database, clean_up

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(BENCH_DIR)]

TARGET_RATIO = 0.5
CATEGORY = "thuc-pham"
SAMPLE = 200


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="measured time per page")
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL server to create a fresh database on (default: SQLite)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of each page (in-process) to stderr")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def prepare(args, tmp: Path, database: Database) -> dict[str, str]:
    """Environment for every process of the run, set here before the app is imported."""
    env = {
        "INSTANCE_DIR": str(tmp / "instance"), "DATABASE_URL": database.url,
        "MEDIA_DIR": str(tmp / "media"), "SEARCH_INDEX_DIR": str(tmp / "search-index"),
        # The bare page's /db reads the same SQLite file as the store.
        "BENCH_BARE_SQLITE": database.url.removeprefix("sqlite:///"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    os.environ.update(env)
    return {**os.environ}


def migrate(env: dict[str, str]) -> None:
    import subprocess

    # "heads": also when two branches being merged each add a revision of their own.
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "marketplace", "db", "upgrade", "heads"],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


def load_data(app, n: int) -> tuple[dict, list[str], list[str]]:
    """Generate the catalogue; return row counts and samples of product and shop slugs."""
    from sqlalchemy import select

    from _data import generate
    from marketplace.catalog.models import Product
    from marketplace.extensions import db
    from marketplace.shops.models import Producer

    with app.app_context():
        started = time.perf_counter()
        counts = generate(n)
        log(f"generated {counts} in {time.perf_counter() - started:.1f}s")
        rng = random.Random(919)
        products = list(db.session.scalars(select(Product.slug)))
        producers = list(db.session.scalars(select(Producer.slug)))
        db.session.remove()
    return (counts, rng.sample(products, min(SAMPLE, len(products))),
            rng.sample(producers, min(SAMPLE, len(producers))))


def page_paths(products: list[str], shops: list[str]) -> dict[str, list[str]]:
    return {
        "home": ["/"],
        "listing": ["/products"],
        "listing_filtered": ["/products?stars=4&sort=price_asc&page=3"],
        "category": [f"/categories/{CATEGORY}"],
        "product": [f"/products/{slug}" for slug in products],
        "shop": [f"/shops/{slug}" for slug in shops],
    }


def query_pages(products: list[str], shops: list[str]) -> dict[str, str]:
    return {
        "home": "/",
        "listing_per_page_12": "/products?per_page=12",
        "listing_per_page_48": "/products?per_page=48",
        "listing_filtered": "/products?stars=4&sort=price_asc&page=3",
        "category_per_page_12": f"/categories/{CATEGORY}?per_page=12",
        "category_per_page_48": f"/categories/{CATEGORY}?per_page=48",
        "product": f"/products/{products[0]}",
        "shop": f"/shops/{shops[0]}",
    }


def prime(port: int, urls: list[str]) -> None:
    """Request every URL once before the timed run, so that it measures pages as most
    visits find them: rendered once on this host. What a first visit costs is reported
    apart, as in_process_ms.<page>.first_visit_ms."""
    from urllib.request import urlopen

    from _servers import HOST

    for url in urls:
        with urlopen(f"http://{HOST}:{port}{url}", timeout=30) as response:
            response.read()


def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    database = Database(args.database_url, tmp, "pages")
    servers = []
    try:
        database.create()
        env = prepare(args, tmp, database)
        log(f"{database.backend} database, temp dir {tmp}")
        migrate(env)

        from _load import measure
        from _queries import breakdown, count_queries, profile
        from _servers import HOST, Gunicorn
        from marketplace import create_app

        app = create_app()
        counts, product_slugs, shop_slugs = load_data(app, args.products)
        paths = page_paths(product_slugs, shop_slugs)

        queries, constant = count_queries(
            app, query_pages(product_slugs, shop_slugs), paths["product"][:5], paths["shop"][:5])
        log(f"SQL statements per page: {json.dumps(queries)}")
        from _bare import app as bare_app

        in_process = breakdown(app, paths, bare=bare_app)
        log(f"in-process ms per request: {json.dumps(in_process)}")
        if args.profile:
            print(profile(app, paths), file=sys.stderr)
        with app.app_context():
            from marketplace.extensions import db
            db.engine.dispose()  # the servers get the database to themselves

        store = Gunicorn("wsgi:app", cwd=ROOT, env=env, log=tmp / "store.log")
        bare = Gunicorn("_bare:app", cwd=ROOT, env=env, log=tmp / "bare.log",
                        pythonpath=str(BENCH_DIR))
        servers += [store, bare]
        store.start(probe="/products")
        bare.start()
        log(f"store on :{store.port}, bare on :{bare.port}")

        def bench(server, urls: list[str], label: str) -> dict:
            prime(server.port, urls)
            result = measure(HOST, server.port, urls, seconds=args.seconds,
                             concurrency=args.concurrency, client=args.client,
                             server_cpu=server.cpu_seconds)
            log(f"{label:<17} {result['rps']:>8.1f} req/s  p95 {result['p95_ms']:>7.2f} ms  "
                f"server cpu {result['server_cpu_ms']:>6.2f} ms/req  "
                f"non-200 {result['status_errors']}  client cpu {result['client_cpu_share']:.0%}")
            return result

        # The bare page is measured before the first page, between pages and after the last,
        # and each page is compared with the bare runs on either side of it: on a shared
        # 2-core machine the background load drifts, and this keeps each ratio local.
        bare_runs = [bench(bare, ["/"], "bare")]
        measured = {}
        for name, urls in paths.items():
            measured[name] = bench(store, urls, name)
            bare_runs.append(bench(bare, ["/"], "bare"))
        bare_db = bench(bare, ["/db"], "bare + sqlite") if database.backend == "sqlite" else None
        if store.process.poll() is not None:
            raise RuntimeError(f"the store's gunicorn died:\n{store.tail()}")
        return report(args, database, counts, bare_runs, bare_db, measured, queries, constant,
                      in_process, store.tail(10))
    finally:
        clean_up(servers, database, tmp, keep=args.keep, log=log)


def report(args, database, counts, bare_runs, bare_db, measured, queries, constant,
           in_process, server_log) -> dict:
    bare_rps = sum(r["rps"] for r in bare_runs) / len(bare_runs)
    bare_p95 = sum(r["p95_ms"] for r in bare_runs) / len(bare_runs)
    neighbours = [(a["rps"] + b["rps"]) / 2 for a, b in zip(bare_runs, bare_runs[1:])]
    bare_cpu = sorted(r["server_cpu_ms"] for r in bare_runs)[len(bare_runs) // 2]  # median
    pages = {
        name: {
            "rps": r["rps"], "p95_ms": r["p95_ms"],
            "ratio_vs_bare": round(r["rps"] / local, 3) if local else 0.0,
            "bare_rps_around": round(local, 1),
            "status_errors": r["status_errors"], "socket_errors": r["socket_errors"],
            "p50_ms": r["p50_ms"], "requests": r["requests"],
            "bytes_per_response": r["bytes_per_response"],
            "server_cpu_ms": r["server_cpu_ms"],
            "cpu_ratio_vs_bare": (round(bare_cpu / r["server_cpu_ms"], 3)
                                  if r["server_cpu_ms"] else None),
        }
        for (name, r), local in zip(measured.items(), neighbours)
    }
    clean = all(p["status_errors"] == 0 and p["socket_errors"] == 0 for p in pages.values())
    result = {
        "products": args.products,
        "backend": database.backend,
        "cpu_count": os.cpu_count(),
        "seconds_per_page": args.seconds,
        "concurrency": args.concurrency,
        "client": bare_runs[0]["client"],
        "gunicorn": "--workers 2 --worker-class sync",
        "catalog_cache_seconds": int(os.environ.get("CATALOG_CACHE_SECONDS", "30")),
        "loadavg_at_start": args.loadavg,
        "rows": counts,
        "bare": {"rps": round(bare_rps, 1), "p95_ms": round(bare_p95, 2),
                 "runs_rps": [r["rps"] for r in bare_runs],
                 "bytes_per_response": bare_runs[0]["bytes_per_response"],
                 "server_cpu_ms": bare_cpu,
                 "client_cpu_share": bare_runs[0]["client_cpu_share"]},
        "bare_sqlite_24_rows": ({"rps": bare_db["rps"], "p95_ms": bare_db["p95_ms"],
                                 "status_errors": bare_db["status_errors"]}
                                if bare_db else None),
        "pages": pages,
        "in_process_ms": in_process,
        "sql_queries": queries,
        "queries_constant": constant,
        "target_ratio": TARGET_RATIO,
        "all_pages_meet_target": clean and all(
            p["ratio_vs_bare"] >= TARGET_RATIO for p in pages.values()),
    }
    if server_log.strip():
        result["server_log_tail"] = server_log.splitlines()[-10:]
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.loadavg = [round(x, 2) for x in os.getloadavg()]  # other work on the machine skews rps
    # SIGTERM unwinds like Ctrl-C, so the finally blocks stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run(args)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
