"""``GET /search`` with products of its own: escaping around the marks, and an index
that is gone or cannot answer (rebuilt, or a 503 page, never a 500)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from marketplace import search
from tests.factories import make_product
from tests.search.test_page import result_names


def test_names_and_descriptions_are_escaped_around_the_marks(client, searching):
    make_product('<script>alert("chè")</script> Chè <b>xanh</b>',
                 description='Chè <img src=x onerror=alert(1)> & "trà"')
    searching.rebuild()

    html = client.get("/search?q=che").get_data(as_text=True)

    assert "<script>alert" not in html and "<img src=x" not in html and "<b>xanh" not in html
    assert "&lt;script&gt;alert(&#34;<mark>chè</mark>&#34;)&lt;/script&gt; <mark>Chè</mark>" in html
    assert "<mark>Chè</mark> &lt;img src=x onerror=alert(1)&gt; &amp; &#34;trà&#34;" in html


def test_an_index_that_cannot_answer_gives_a_503_page(client, searching, monkeypatch):
    def unavailable(*args, **kwargs):
        raise search.SearchUnavailable("search index is being rebuilt")

    monkeypatch.setattr(search.backend(), "search", unavailable)

    response = client.get("/search?q=che")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    html = response.get_data(as_text=True)
    assert "Tìm kiếm tạm thời gián đoạn" in html and "«che»" in html


def test_a_missing_whoosh_index_is_rebuilt_and_answers(client, searching, search_backend, app):
    if search_backend != "whoosh":
        pytest.skip("a Whoosh directory")
    make_product("Chè Tân Cương")
    shutil.rmtree(Path(app.config["SEARCH_INDEX_DIR"]).resolve())

    response = client.get("/search?q=tan+cuong")

    assert response.status_code == 200
    assert "Chè Tân Cương" in result_names(response.get_data(as_text=True))
