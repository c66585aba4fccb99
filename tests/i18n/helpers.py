"""Checks for the English pages: what is left in Vietnamese once the data is ASCII.

The test data of the language tests is written without diacritics, so any word with a
Vietnamese letter on an English page is interface text that was not translated.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Letters English never uses and Vietnamese does (with every tone mark), either case.
VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]")
WORD = re.compile(r"\S+")
VISIBLE_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "value", "content")


class _Text(HTMLParser):
    """The text a visitor reads or hears: content and labelling attributes, not scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attributes = dict(attrs)
        if tag == "meta" and attributes.get("name") not in ("description",) and \
                not (attributes.get("property") or "").startswith("og:"):
            return
        if tag == "input" and attributes.get("type") == "hidden":
            return
        self.parts += [attributes[name] or "" for name in VISIBLE_ATTRIBUTES if name in attributes]

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def vietnamese_left(html: str, allowed: tuple[str, ...] = ("Tiếng Việt",)) -> list[str]:
    """Words of the page with a Vietnamese letter, apart from ``allowed`` phrases (the
    language switch names Vietnamese in Vietnamese)."""
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.parts)
    for phrase in allowed:
        text = text.replace(phrase, " ")
    return sorted({word for word in WORD.findall(text) if VIETNAMESE.search(word)})
