"""In-process checks on the same database: SQL statements per page and where the time goes.

Statements are counted with a ``before_cursor_execute`` listener, once with the
catalogue cache empty ("cold": what the first request after a catalogue change pays)
and once right after ("warm": what most requests pay). A listing must issue the same
number of statements for 12 cards as for 48.
"""
from __future__ import annotations

import cProfile
import io
import pstats
import time
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, before_render_template, template_rendered
from sqlalchemy import event


class Probe:
    """Counts statements and adds up SQL and template time while attached."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.sql_s = 0.0
        self.template_s = 0.0
        self._sql_started: list[float] = []
        self._template_started: list[float] = []

    def reset(self) -> None:
        self.statements.clear()
        self.sql_s = self.template_s = 0.0

    def before_sql(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)
        self._sql_started.append(time.perf_counter())

    def after_sql(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self._sql_started:
            self.sql_s += time.perf_counter() - self._sql_started.pop()

    def before_template(self, sender, template, context, **extra) -> None:
        self._template_started.append(time.perf_counter())

    def after_template(self, sender, template, context, **extra) -> None:
        if self._template_started:
            self.template_s += time.perf_counter() - self._template_started.pop()


@contextmanager
def attached(app: Flask):
    """A Probe listening to the app's engine and template signals."""
    from marketplace.extensions import db

    probe = Probe()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", probe.before_sql)
    event.listen(engine, "after_cursor_execute", probe.after_sql)
    before_render_template.connect(probe.before_template, app)
    template_rendered.connect(probe.after_template, app)
    try:
        yield probe
    finally:
        event.remove(engine, "before_cursor_execute", probe.before_sql)
        event.remove(engine, "after_cursor_execute", probe.after_sql)
        before_render_template.disconnect(probe.before_template, app)
        template_rendered.disconnect(probe.after_template, app)


def _status(client, path: str) -> int:
    try:
        return client.get(path).status_code
    except Exception:  # noqa: BLE001 - a page that raises is reported as a 500
        return 500


def _get(client, probe: Probe, path: str) -> tuple[int, int]:
    probe.reset()
    status = _status(client, path)
    return status, len(probe.statements)


def count_queries(app: Flask, pages: dict[str, str], product_paths: list[str],
                  shop_paths: list[str]) -> tuple[dict, bool]:
    """Statements per page (cold and warm) and whether they stay flat with page size."""
    from marketplace.catalog import cache

    client = app.test_client()
    result: dict[str, dict] = {}
    with attached(app) as probe:
        for name, path in pages.items():
            cache.clear()
            status, cold = _get(client, probe, path)
            _, warm = _get(client, probe, path)
            result[name] = {"path": path, "status": status, "cold": cold, "warm": warm}
        for name, paths in (("product", product_paths), ("shop", shop_paths)):
            warm_counts, statuses = [], set()
            for path in paths:
                status, _ = _get(client, probe, path)
                statuses.add(status)
                warm_counts.append(_get(client, probe, path)[1])
            result[f"{name}_across_{len(paths)}_samples"] = {
                "statuses": sorted(statuses), "warm_min": min(warm_counts),
                "warm_max": max(warm_counts)}
    constant = all(
        result[f"{kind}_per_page_12"][temp] == result[f"{kind}_per_page_48"][temp]
        for kind in ("listing", "category") for temp in ("cold", "warm")
    ) and all(v["warm_min"] == v["warm_max"] for k, v in result.items() if "_across_" in k)
    return result, constant


def breakdown(app: Flask, pages: dict[str, list[str]], bare: Flask | None = None,
              requests: int = 40) -> dict:
    """Mean in-process time per request, split into SQL, template and the rest (warm cache),
    and the time of one request right after the catalogue cache was emptied ("cold_ms":
    what each worker pays again every CATALOG_CACHE_SECONDS and after every catalogue write).
    Pages with many URLs (product, shop) also get "first_visit_ms": the mean of each URL's
    first request, what the long tail of a 20,000-product catalogue mostly costs.
    """
    from marketplace.catalog import cache

    client = app.test_client()
    out = {}
    if bare is not None:
        bare_client = bare.test_client()
        for _ in range(20):
            bare_client.get("/")
        started = time.perf_counter()
        for _ in range(requests * 5):
            bare_client.get("/")
        out["bare"] = {"total_ms": round((time.perf_counter() - started) / requests / 5 * 1000, 2)}
    with attached(app) as probe:
        for name, paths in pages.items():
            cache.clear()
            started = time.perf_counter()
            statuses = {_status(client, paths[0])}
            cold = time.perf_counter() - started
            sample = paths[1:requests + 1] or paths
            started = time.perf_counter()
            statuses |= {_status(client, path) for path in sample}  # also warms the caches
            first_visit = (time.perf_counter() - started) / len(sample)
            if statuses != {200}:
                out[name] = {"statuses": sorted(statuses)}
                continue
            probe.reset()
            started = time.perf_counter()
            for i in range(requests):
                client.get(sample[i % len(sample)])
            total = (time.perf_counter() - started) / requests
            out[name] = {
                "total_ms": round(total * 1000, 2),
                "sql_ms": round(probe.sql_s / requests * 1000, 2),
                "template_ms": round(probe.template_s / requests * 1000, 2),
                "statements": round(len(probe.statements) / requests, 1),
                "cold_ms": round(cold * 1000, 1),
            }
            if len(paths) > 1:
                out[name]["first_visit_ms"] = round(first_visit * 1000, 2)
    return out


def profile(app: Flask, pages: dict[str, list[str]], requests: int = 200, top: int = 25) -> str:
    """cProfile of warm requests per page through the test client, as text.

    Per page: the SQL statements of one warm request, the store's own functions and
    templates by cumulative time, and every function by its own time.
    """
    client = app.test_client()
    report = io.StringIO()
    own = str(Path(app.root_path).parent).replace("\\", "/") + "/(marketplace|templates)/"
    for name, paths in pages.items():
        if {_status(client, path) for path in paths[:3]} != {200}:
            report.write(f"\n===== {name}: not 200, not profiled =====\n")
            continue
        with attached(app) as probe:
            client.get(paths[0])
            statements = list(probe.statements)
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(requests):
            client.get(paths[i % len(paths)])
        profiler.disable()
        report.write(f"\n===== {name} ({requests} requests, {paths[0]}) =====\n")
        report.write(f"{len(statements)} SQL statements in a warm request:\n")
        for statement in statements:
            report.write("  " + " ".join(statement.split())[:300] + "\n")
        stats = pstats.Stats(profiler, stream=report)
        report.write("-- the store's own code, by cumulative time --\n")
        stats.sort_stats("cumulative").print_stats(own, top)
        report.write("-- everything, by own time --\n")
        stats.sort_stats("tottime").print_stats(top)
    return report.getvalue()
