"""Production settings: chosen by APP_ENV, refused when unsafe, cookies locked down."""
from __future__ import annotations

from pathlib import Path

import pytest

from config import DEV_SECRET_KEY, Config, ProductionConfig, config_from_env
from marketplace import create_app
from marketplace.extensions import db as _db
from tests.conftest import csrf_token_of
from tests.factories import DEFAULT_PASSWORD, make_user

GOOD_KEY = "k" * 32


def production(tmp_path, **overrides) -> type[ProductionConfig]:
    """ProductionConfig on a throwaway SQLite file and directories."""
    attrs = {
        "SECRET_KEY": GOOD_KEY,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}",
        "MEDIA_DIR": str(tmp_path / "media"),
        "SEARCH_INDEX_DIR": str(tmp_path / "search-index"),
        "DOSSIER_DIR": str(tmp_path / "dossiers"),
        "RATELIMIT_STORAGE_URI": "memory://",
        **overrides,
    }
    return type("ProductionTestConfig", (ProductionConfig,), attrs)


@pytest.mark.parametrize("environ, chosen", [
    ({}, Config),
    ({"APP_ENV": "development"}, Config),
    ({"APP_ENV": "production"}, ProductionConfig),
    ({"APP_ENV": " Production "}, ProductionConfig),
    ({"FLASK_ENV": "production"}, ProductionConfig),
])
def test_app_env_selects_the_configuration(environ, chosen):
    assert config_from_env(environ) is chosen


def test_production_has_no_default_secret_and_secure_cookies():
    assert ProductionConfig.APP_ENV == "production"
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True
    assert ProductionConfig.SECRET_KEY != DEV_SECRET_KEY


@pytest.mark.parametrize("key, reason", [
    ("", "SECRET_KEY is not set"),
    (None, "SECRET_KEY is not set"),
    (DEV_SECRET_KEY, "development default"),
    ("s" * 31, "only 31 characters"),
])
def test_production_refuses_a_weak_secret_key(tmp_path, key, reason):
    with pytest.raises(RuntimeError, match=reason):
        create_app(production(tmp_path, SECRET_KEY=key))


def test_production_refuses_debug_from_the_config(tmp_path):
    with pytest.raises(RuntimeError, match="DEBUG on"):
        create_app(production(tmp_path, DEBUG=True))


def test_production_refuses_debug_from_flask_debug(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")  # what `flask run --debug` sets

    with pytest.raises(RuntimeError, match="DEBUG on"):
        create_app(production(tmp_path))


def test_production_starts_with_a_real_key_and_no_debug(tmp_path):
    app = create_app(production(tmp_path))

    assert app.config["SESSION_COOKIE_SECURE"] and not app.debug


def test_development_starts_with_the_default_key(tmp_path):
    attrs = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'dev.db'}",
             "MEDIA_DIR": str(tmp_path / "media"), "APP_ENV": "development"}
    app = create_app(type("DevConfig", (Config,), attrs))

    assert app.config["SECRET_KEY"] == DEV_SECRET_KEY


def cookie_flags(response, name: str) -> set[str]:
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}="))
    return {part.strip().split("=")[0].lower() if not part.strip().lower().startswith("samesite")
            else part.strip().lower() for part in header.split(";")[1:]}


def log_in_remembered(app, base_url: str):
    client = app.test_client()
    token = csrf_token_of(client.get("/login", base_url=base_url).data)
    # Over HTTPS Flask-WTF also wants a same-origin Referer, as a browser sends.
    return client.post("/login", base_url=base_url, headers={"Referer": f"{base_url}/login"},
                       data={"email": "an@example.vn", "password": DEFAULT_PASSWORD,
                             "remember": "y", "csrf_token": token})


def test_production_cookies_are_secure_httponly_and_lax(app, db):
    make_user("an@example.vn")
    prod = create_app(production(
        Path(app.config["MEDIA_DIR"]).parent,  # the test app's database and directories
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        PASSWORD_HASH_TIME_COST=1, PASSWORD_HASH_MEMORY_KIB=1024, PASSWORD_HASH_PARALLELISM=1))

    response = log_in_remembered(prod, "https://cho-ocop.example")

    assert response.status_code == 302
    for name in ("session", "remember_token"):
        assert {"secure", "httponly", "samesite=lax"} <= cookie_flags(response, name), name
    with prod.app_context():
        _db.engine.dispose()


def test_development_cookies_are_httponly_and_lax_but_not_secure(client):
    make_user("an@example.vn")

    response = client.post("/login", data={"email": "an@example.vn",
                                           "password": DEFAULT_PASSWORD, "remember": "y"})

    for name in ("session", "remember_token"):
        flags = cookie_flags(response, name)
        assert {"httponly", "samesite=lax"} <= flags and "secure" not in flags, name
