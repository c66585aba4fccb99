"""Câu chuyện gian hàng: the shop story as safe rich text.

A producer may type plain text (blank lines make paragraphs) or a few HTML tags. HTML
goes through nh3 (the Ammonia sanitiser) with an allow-list: no scripts, no event
handlers, no styles, no images, links only to http(s), mailto and tel, and every link
marked ``nofollow ugc`` and ``noopener``. The story is cleaned when it is saved and
again when it is shown, so text that reached the database another way (imports, old
rows) is shown just as safely.
"""
from __future__ import annotations

import html
import re

import nh3
from markupsafe import Markup, escape

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4",
                "blockquote", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_LENGTH = 10_000
_TAG = re.compile(r"</?[a-zA-Z!]")


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text or ""))


def clean(text: str) -> str:
    """The text as it will be stored: sanitised HTML, or trimmed plain text."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not looks_like_html(text):
        return text
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="nofollow ugc noopener noreferrer",
                     strip_comments=True).strip()


def render(text: str | None) -> Markup:
    """HTML to show: the sanitised HTML, or the plain text escaped in paragraphs."""
    text = (text or "").strip()
    if not text:
        return Markup("")
    if looks_like_html(text):
        return Markup(clean(text))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return Markup("".join(
        "<p>" + str(escape(p)).replace("\n", "<br>") + "</p>" for p in paragraphs))


def plain(text: str | None) -> str:
    """The story without tags (meta descriptions, mails)."""
    return " ".join(html.unescape(nh3.clean(text or "", tags=set())).split())
