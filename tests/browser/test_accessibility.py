"""Accessibility (issue 10, item 5): axe-core on every storefront and shopper page of the demo
store, at desktop and phone width, finds no violation of impact "serious" or "critical".

axe-core comes from npm (package.json, pinned in package-lock.json; ``make test`` runs
``npm ci``) and is injected with Playwright. The per-page summary that the issue quotes is
written to test-artifacts/axe-summary.json: ``{width: {page: {"url", "counts": {impact: n},
"rules": [rule ids]}}}``.
"""
from __future__ import annotations

import fcntl
import json
import re
from collections import Counter

import pytest

from tests.browser.support import (
    DESKTOP, PHONE, ROOT, SHOPPERS, log_in, new_page, shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SUMMARY = ROOT / "test-artifacts" / "axe-summary.json"
BLOCKING = {"serious", "critical"}
PRODUCT = "/products/che-dinh-tan-cuong"
# (name, path) of the pages a guest sees; a (page, prefix) pair stands for the first link
# to that prefix in that page's <main> (a real category, shop, outlet, gift set, fair).
GUEST_PAGES = [
    ("home", "/"), ("listing", "/products"), ("category", ("/products", "/categories/")),
    ("product", PRODUCT), ("shop", (PRODUCT, "/shops/")),
    ("search", "/search?q=che+tan+cuong"), ("search-empty", "/search?q=khong+co+gi+xyz"),
    ("login", "/login"), ("register", "/register"), ("outlets", "/outlets"),
    ("outlet", ("/outlets", "/outlets/")), ("gift-sets", "/gift-sets"),
    ("gift-set", ("/gift-sets", "/gift-sets/")), ("events", "/events"),
    ("event", ("/events", "/events/")), ("statistics", "/ocop/stats"),
    ("not-found", "/products/khong-ton-tai"),
]
SHOPPER_PAGES = [("cart", "/cart"), ("checkout", "/checkout"), ("order", "order"),
                 ("my-orders", "/orders")]


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
    }""")


def visit(page, base: str, name: str, path) -> str:
    if isinstance(path, tuple):
        start, prefix = path
        page.goto(base + start)
        path = page.eval_on_selector(f"main a[href^='{prefix}']", "a => a.getAttribute('href')")
    response = page.goto(base + path)
    assert response.status == (404 if name == "not-found" else 200), path
    return path


def record(width: str, summary: dict) -> None:
    """Merge this width's summary into the shared file (the widths may run in parallel)."""
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    with open(SUMMARY.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(SUMMARY.read_text())
        except (FileNotFoundError, ValueError):
            data = {}
        data[width] = summary
        SUMMARY.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_no_serious_or_critical_violations_on_any_page(demo_store, browser, width):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does)")
    app, base = demo_store
    errors: list[str] = []
    # The pages' CSP allows no inline script; axe is injected as one.
    context, page = new_page(browser, errors, PHONE if width == "phone" else DESKTOP,
                             bypass_csp=True)
    summary: dict[str, dict] = {}
    failures: list[str] = []

    def check(name: str, path: str) -> None:
        violations = run_axe(page)
        summary[name] = {"url": path, "counts": dict(Counter(v["impact"] for v in violations)),
                         "rules": sorted(v["id"] for v in violations)}
        failures.extend(f"{name} ({path}): [{v['impact']}] {v['id']}: {v['help']} {v['nodes']}"
                        for v in violations if v["impact"] in BLOCKING)

    for name, path in GUEST_PAGES:
        check(name, visit(page, base, name, path))

    log_in(page, base, SHOPPERS["axe"])
    page.goto(base + "/products/che-tom-non")
    page.click("#add-to-cart")
    page.wait_for_url(re.compile(r"/cart$"))
    for name, path in SHOPPER_PAGES:
        path = "/orders/" + app.config["DEMO_ORDER"] if path == "order" else path
        check(name, visit(page, base, name, path))
    page.goto(base + "/checkout")
    page.click("#place-order")  # nothing filled in: the form comes back with its errors
    page.wait_for_load_state()
    assert page.locator(".form-field__error").count() > 0
    check("checkout-errors", "/checkout (POST)")
    shot(page, f"axe-{width}-checkout-errors")
    context.close()

    record(width, summary)
    assert failures == [], "\n".join(failures)
    assert errors == []
