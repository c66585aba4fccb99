"""Languages: Vietnamese by default, English on request (Flask-Babel).

Messages are written in Vietnamese in the code and the templates and marked with
``_()`` (``lazy_gettext`` as ``_l`` for module-level constants); ``translations/en``
holds their English. The visitor's choice comes from ``?lang=`` (any page), then the
``lang`` cookie the switch sets; nothing else, so a page is Vietnamese unless asked.

Everything cached per page or card carries the locale in its key (``catalog/cache.py``).
The ``.po`` files are compiled to ``.mo`` at install (``make install``) and, when a
``.po`` is newer than its ``.mo``, again when the app starts (a checkout without make).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Blueprint, Flask, current_app, has_request_context, redirect, request
from flask.globals import _cv_request
from flask_babel import Babel, get_locale, refresh

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT = "vi"
COOKIE = "lang"

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """``?lang=`` of this request, else the ``lang`` cookie, else Vietnamese."""
    if not has_request_context():
        return DEFAULT
    for choice in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if choice in LANGUAGES:
            return choice
    return DEFAULT


def current_language() -> str:
    """The language of this request ("vi" or "en"), worked out once per request: cache
    keys, links and every translated template string ask for it."""
    context = _cv_request.get(None)  # the context variable itself: no proxy, no lookup
    if context is None:
        return DEFAULT
    language = getattr(context, "ocop_language", None)
    if language is None:
        language = context.ocop_language = str(get_locale() or DEFAULT)
    return language


_catalogs: dict[str, NullTranslations] = {}


def translations() -> NullTranslations:
    """This request's message catalogue, loaded once per process and language.

    The templates call it for each of their dozens of strings; Flask-Babel's own lookup
    goes through several context proxies a call, which showed on every page's CPU time.
    """
    language = current_language()
    catalog = _catalogs.get(language)
    if catalog is None:
        catalog = _catalogs[language] = Translations.load(str(TRANSLATIONS), [language])
    return catalog


def _safe_next(target: str | None) -> str:
    """A path on this site to go back to (never another host)."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not (target or "/").startswith("/"):
        return "/"
    return target or "/"


@bp.get("/lang/<code>")
def switch(code: str):
    """Đổi ngôn ngữ: remember the choice for a year and go back to the same page."""
    response = redirect(_safe_next(request.args.get("next")), 303)
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=365 * 86400, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
                            httponly=True)
    return response


def compile_stale_catalogs(directory: Path = TRANSLATIONS) -> list[Path]:
    """Write ``messages.mo`` next to every ``messages.po`` that is newer; returns those."""
    written = []
    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        handle, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog)
        os.replace(temporary, mo_path)  # other workers never read half a file
        written.append(mo_path)
    return written


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Ho_Chi_Minh")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    compile_stale_catalogs()
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: translations().ugettext(string),
        ngettext=lambda singular, plural, n: translations().ungettext(singular, plural, n),
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: translations().unpgettext(
            context, singular, plural, n),
        newstyle=True)
    # Flask-Babel keeps the locale on ``g``, which outlives a request when an app context
    # was already pushed (CLI tasks, tests): choose it again for every request.
    app.before_request_funcs.setdefault(None, []).insert(0, refresh)
    app.register_blueprint(bp)
    app.add_template_global(current_language)
    app.add_template_global(LANGUAGES, "languages")
