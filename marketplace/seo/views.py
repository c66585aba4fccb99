"""/sitemap.xml, its files and /robots.txt; the page-meta builders for the templates."""
from __future__ import annotations

from flask import abort, make_response, render_template, request

from . import bp, meta, sitemap

SITEMAP_MAX_AGE = 3600
XML = "application/xml; charset=utf-8"
KIND_RULE = "any(" + ", ".join(f"'{kind}'" for kind in sitemap.FILES) + ")"

bp.add_app_template_global(meta.BUILDERS, "seo_meta")


def _xml(body: str):
    response = make_response(body)
    response.content_type = XML
    response.cache_control.public = True
    response.cache_control.max_age = SITEMAP_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/sitemap.xml")
def sitemap_index():
    """The sitemap index: one entry per file of each kind."""
    return _xml(sitemap.render_index())


@bp.get(f"/sitemap-<{KIND_RULE}:kind>-<int:number>.xml")
def sitemap_file(kind: str, number: int):
    """One file of the index: a kind's URLs, URLS_PER_FILE at most."""
    body = sitemap.render_file(kind, number)
    if body is None:
        abort(404, description="Không có tệp sitemap này.")
    return _xml(body)


@bp.get("/robots.txt")
def robots():
    """Crawl the storefront; keep out of carts, accounts, dashboards, the API and search."""
    response = make_response(render_template("seo/robots.txt"))
    response.content_type = "text/plain; charset=utf-8"
    response.cache_control.public = True
    response.cache_control.max_age = SITEMAP_MAX_AGE
    return response
