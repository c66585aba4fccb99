"""Page weight (issue 10): the home page and a product page, with every same-origin stylesheet
and script they reference, weigh at most 100 KB gzip-compressed (level 6, each file on its own,
as a server would send them), and nothing in <link>, <script> or <img> comes from another host:
a shopper on a slow 3G line in the hills waits for no third party before the page renders.

No browser: the pages come from the demo store's app through the Flask test client.
"""
from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.slow  # the demo store's server
BUDGET_BYTES = 100 * 1024
ORIGIN = "http://localhost"
PAGES = {"home": "/", "product": "/products/che-dinh-tan-cuong"}


class References(HTMLParser):
    """Every URL a page's <link>, <script> and <img> elements would fetch."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []  # (kind, absolute URL)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            rel = (attrs.get("rel") or "").lower()
            self._add("css" if "stylesheet" in rel else "link", attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self._add("js", attrs["src"])
        elif tag == "img":
            for url in [attrs.get("src")] + _srcset(attrs.get("srcset")):
                if url:
                    self._add("img", url)

    def _add(self, kind: str, url: str) -> None:
        self.urls.append((kind, urljoin(ORIGIN + "/", url)))


def _srcset(value: str | None) -> list[str]:
    return [part.strip().split()[0] for part in (value or "").split(",") if part.strip()]


def _same_origin(url: str) -> bool:
    return urlsplit(url)._replace(path="", query="", fragment="").geturl() == ORIGIN


def _gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


@pytest.fixture(scope="module")
def client(demo_store):
    app, _ = demo_store
    return app.test_client()


def _get(client, url: str) -> bytes:
    response = client.get(urlsplit(url)._replace(scheme="", netloc="").geturl())
    assert response.status_code == 200, url
    return response.get_data()


@pytest.mark.parametrize("name", PAGES)
def test_page_with_its_css_and_js_fits_in_100_kb_gzipped(client, name):
    html = _get(client, ORIGIN + PAGES[name])
    refs = References()
    refs.feed(html.decode())
    assets = sorted({url for kind, url in refs.urls if kind in ("css", "js")})
    assert {urlsplit(url).path.rsplit(".", 1)[-1] for url in assets} == {"css", "js"}

    sizes = {PAGES[name]: (len(html), _gzipped(html))}
    for url in assets:
        body = _get(client, url)
        sizes[urlsplit(url).path] = (len(body), _gzipped(body))
    total = sum(zipped for _, zipped in sizes.values())

    print(f"\n{name}: {total / 1024:.1f} KB gzipped of {BUDGET_BYTES // 1024} KB")
    for path, (raw, zipped) in sizes.items():
        print(f"  {zipped:>7} B gzip  {raw:>7} B raw  {path}")
    assert total <= BUDGET_BYTES


@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_fetched_from_another_host(client, name):
    refs = References()
    refs.feed(_get(client, ORIGIN + PAGES[name]).decode())

    foreign = [(kind, url) for kind, url in refs.urls if not _same_origin(url)]
    assert refs.urls and foreign == []


@pytest.mark.parametrize("name", PAGES)
def test_stylesheets_import_nothing_from_another_host(client, name):
    """A third-party @import or url() (web fonts, say) would block rendering just the same."""
    refs = References()
    refs.feed(_get(client, ORIGIN + PAGES[name]).decode())
    stylesheets = [url for kind, url in refs.urls if kind == "css"]

    for url in stylesheets:
        css = _get(client, url).decode()
        imported = re.findall(r"""@import\s+(?:url\()?["']?([^"')\s;]+)""", css)
        linked = re.findall(r"""url\(\s*["']?([^"')]+)""", css)
        foreign = [ref for ref in imported + linked
                   if not ref.startswith("data:") and not _same_origin(urljoin(url, ref))]
        assert foreign == [], url
    assert stylesheets
