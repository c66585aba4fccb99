"""The host's page cache: a fragment rendered by one worker is read, not rendered, by the
others; a catalogue change (a new revision) renders it again."""
from flask import g

from marketplace.catalog import cache


def test_a_fragment_rendered_by_one_worker_is_read_by_another(app, db):
    app.config["CATALOG_CACHE_SECONDS"] = 60
    renders = []

    def render(html):
        return lambda: renders.append(html) or html

    try:
        with app.test_request_context("/"):
            assert cache.shared("box", render("<p>một</p>")) == "<p>một</p>"
            cache.clear(disk=False)  # another worker of the host: its memory is empty
            assert cache.shared("box", render("<p>hai</p>")) == "<p>một</p>"
            assert renders == ["<p>một</p>"]

            cache.bump_revision()
            db.session.commit()
            g.pop("catalog_revision", None)
            cache.clear(disk=False)
            assert cache.shared("box", render("<p>ba</p>")) == "<p>ba</p>"
    finally:
        app.config["CATALOG_CACHE_SECONDS"] = 0
        cache.clear()


def test_with_the_cache_off_every_call_renders(app, db):
    renders = []
    with app.test_request_context("/"):
        for _ in range(2):
            cache.shared("box", lambda: renders.append(1) or "<p>x</p>")
    assert renders == [1, 1]


def test_a_broken_disk_cache_only_costs_a_render(app, db, monkeypatch, caplog):
    import diskcache

    def fail(*_args, **_kwargs):
        raise diskcache.Timeout("locked")

    app.config["CATALOG_CACHE_SECONDS"] = 60
    try:
        with app.test_request_context("/"):
            monkeypatch.setattr(diskcache.Cache, "get", fail)
            assert cache.shared("box", lambda: "<p>vẫn hiện</p>") == "<p>vẫn hiện</p>"
        assert "page cache unreadable" in caplog.text
    finally:
        app.config["CATALOG_CACHE_SECONDS"] = 0
        monkeypatch.undo()
        cache.clear()
