"""Static files: URLs carry a content fingerprint, fingerprinted responses are immutable."""
import hashlib
import re
from pathlib import Path

from flask import url_for

STATIC = Path(__file__).resolve().parents[2] / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


def md5_12(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()[:12]


def static_url_of(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def test_static_urls_carry_the_md5_of_the_file(app):
    expected = f"/static/js/search.js?v={md5_12(STATIC / 'js/search.js')}"

    assert static_url_of(app, "js/search.js") == expected


def test_the_layout_links_fingerprinted_css_and_scripts(client):
    html = client.get("/").get_data(as_text=True)

    for name in ("css/site.css", "js/site.js", "js/search.js"):
        assert f"/static/{name}?v={md5_12(STATIC / name)}" in html, name
    assert not re.search(r'/static/[^"?]+"', html)  # no static URL without a fingerprint


def test_a_fingerprinted_file_is_cached_for_a_year(client, app):
    response = client.get(static_url_of(app, "css/site.css"))

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE


def test_a_file_without_or_with_a_stale_fingerprint_is_cached_briefly(client):
    for url in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=300", url


def test_a_missing_file_is_a_404_without_fingerprint_or_long_cache(client, app):
    assert static_url_of(app, "css/khong-co.css") == "/static/css/khong-co.css"
    response = client.get("/static/css/khong-co.css?v=abc")

    assert response.status_code == 404
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_changing_a_file_changes_its_url(app_variant, tmp_path):
    (tmp_path / "app.css").write_text("body { color: green; }")
    before = app_variant()
    before.static_folder = str(tmp_path)
    old_url = static_url_of(before, "app.css")

    (tmp_path / "app.css").write_text("body { color: red; }")  # a deploy, then a HUP reload
    after = app_variant()
    after.static_folder = str(tmp_path)
    new_url = static_url_of(after, "app.css")

    assert old_url != new_url
    assert new_url == f"/static/app.css?v={md5_12(tmp_path / 'app.css')}"
    assert after.test_client().get(new_url).headers["Cache-Control"] == IMMUTABLE
    # A page still holding the old URL gets the new content, cached only briefly.
    assert after.test_client().get(old_url).headers["Cache-Control"] == "public, max-age=300"


def test_the_fingerprint_is_computed_once_per_process(app_variant, tmp_path):
    (tmp_path / "app.js").write_text("console.log(1);")
    variant = app_variant()
    variant.static_folder = str(tmp_path)
    first = static_url_of(variant, "app.js")

    (tmp_path / "app.js").write_text("console.log(2);")

    assert static_url_of(variant, "app.js") == first  # no disk read per URL
