"""Reading what a page's <head> says: canonical links, meta tags and JSON-LD blocks."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Head:
    canonical: list[str] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)  # name or property -> contents
    jsonld: list[dict] = field(default_factory=list)

    def one(self, key: str) -> str:
        """The content of the one meta tag called ``key`` (fails on none or several)."""
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.head, self._in_head, self._script = Head(), False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.head.canonical.append(attrs["href"])
        elif tag == "meta" and self._in_head and (attrs.get("name") or attrs.get("property")):
            key = attrs.get("property") or attrs["name"]
            self.head.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._script is not None:
            self.head.jsonld.append(json.loads("".join(self._script)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


def head_of(response) -> Head:
    """The SEO-relevant tags of a page (every canonical link counts, wherever it is)."""
    assert response.status_code in (200, 400), response.status_code
    parser = _HeadParser()
    parser.feed(response.get_data(as_text=True))
    return parser.head


def jsonld_of(response, kind: str) -> dict:
    """The one JSON-LD block of this @type."""
    found = [block for block in head_of(response).jsonld if block.get("@type") == kind]
    assert len(found) == 1, [block.get("@type") for block in head_of(response).jsonld]
    return found[0]


def sitemap_urls(response) -> dict[str, str | None]:
    """{loc: lastmod} of a sitemap file, parsed as XML (so malformed output fails)."""
    assert response.status_code == 200
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{SITEMAP_NS}urlset"
    return {url.findtext(f"{SITEMAP_NS}loc"): url.findtext(f"{SITEMAP_NS}lastmod")
            for url in root.findall(f"{SITEMAP_NS}url")}


def sitemap_files(response) -> list[str]:
    assert response.status_code == 200
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    return [entry.findtext(f"{SITEMAP_NS}loc") for entry in root.findall(f"{SITEMAP_NS}sitemap")]
