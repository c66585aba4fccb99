"""What a storefront page tells search engines and link previews about itself.

Each page template builds one ``PageMeta`` through the builders below (exposed to
templates as ``seo_meta``) and sets it as ``seo``; ``base.html`` renders it with the one
macro in ``templates/seo/_meta.html``: canonical link, robots, Open Graph and Twitter card.

Canonical URLs of listings (the catalogue, a category, a shop, the outlet directory):
only the category (as its own path, ``/categories/<slug>``) and the page number define
the content. Page 2, 3... of an unfiltered listing is its own page (self-canonical, and
indexable, so crawlers reach every product through it). Any other parameter (stars,
province, commune, price, stock, sort, per_page, occasion...) narrows or reorders the
same products: such a URL points at the first page of its unfiltered listing. Listings
that show nothing (a bad parameter, no result, past the last page) are ``noindex``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..formatting import localized
from ..i18n import current_language
from ..shops import richtext

SITE_NAME = _l("Chợ OCOP Thái Nguyên")
LOCALES = {"vi": "vi_VN", "en": "en_US"}  # og:locale of each language
SITE_DESCRIPTION = _l("Sản phẩm OCOP của Thái Nguyên, mua trực tiếp từ hợp tác xã, doanh nghiệp "
                      "và hộ sản xuất: chè, miến, mật ong, nấm, dược liệu, thủ công mỹ nghệ.")
DESCRIPTION_LENGTH = 200
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PageMeta:
    """One page's canonical URL, robots rule and link-preview card (no title: no card)."""

    url: str
    title: str = ""
    description: str = ""
    type: str = "website"  # og:type: website, product or profile
    image: str | None = None  # absolute URL
    image_alt: str = ""
    image_size: tuple[int, int] | None = None
    noindex: bool = False
    extra: tuple[tuple[str, str], ...] = ()  # further og properties (product:price:amount...)

    @property
    def site_name(self) -> str:
        return str(SITE_NAME)

    @property
    def locale(self) -> str:
        """og:locale: the language the page was rendered in."""
        return LOCALES[current_language()]


def summary(text: str | None, limit: int = DESCRIPTION_LENGTH) -> str:
    """Plain text on one line, cut at a word boundary with "…" past ``limit`` characters."""
    text = _SPACES.sub(" ", text or "").strip()
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:–-") + "…"


def _media(path: str | None) -> str | None:
    return url_for("catalog.media", path=path, _external=True) if path else None


def _only_params(*allowed: str) -> bool:
    """True when the query string carries nothing but ``allowed`` keys (empty values aside)."""
    return all(key in allowed for key, value in request.args.items(multi=True) if value != "")


def _paged(url: str, page: int, *allowed: str) -> str:
    """``url`` plus the page number, unless other parameters make this a variant."""
    if page > 1 and _only_params("page", *allowed):
        return f"{url}?page={page}"
    return url


def _cover(item) -> dict:
    """The og:image fields of a product's first photo; nothing without one."""
    if not item.images:
        return {}
    cover = item.images[0]
    return {"image": _media(cover.path), "image_alt": cover.alt,
            "image_size": (cover.width, cover.height) if cover.width and cover.height else None}


def _price(item) -> tuple[tuple[str, str], ...]:
    return (("product:price:amount", str(item.price_vnd)), ("product:price:currency", "VND"))


def _empty(page) -> bool:
    """A listing page worth no index entry: an error, no result, or past the last page."""
    return page is None or page.total == 0 or page.filters.page > page.pages


# ---------------------------------------------------------------- builders, one per page kind
def home() -> PageMeta:
    return PageMeta(url_for("catalog.home", _external=True),
                    title=_("Chợ OCOP Thái Nguyên – Đặc sản đạt chứng nhận OCOP"),
                    description=str(SITE_DESCRIPTION))


def listing(group, page) -> PageMeta:
    """The catalogue or one category (``group``: CategoryInfo or None); ``page``: ProductPage."""
    slug = group.slug if group else (page.filters.category if page else None)
    if slug:
        url = url_for("catalog.category", slug=slug, _external=True)
    else:
        url = url_for("catalog.products", _external=True)
    number = page.filters.page if page else 1
    return PageMeta(_paged(url, number, "category"), noindex=_empty(page))


def product(item, url: str) -> PageMeta:
    """A product page: its name, description, cover photo and price."""
    name = localized(item)
    return PageMeta(
        url, title=name, type="product", extra=_price(item), **_cover(item),
        description=summary(localized(item, "description")) or f"{name} – {item.producer.name}",
    )


def shop(producer, page) -> PageMeta:
    """A shop page (gian hàng): the producer's story and logo; its listing pages canonicalise."""
    url = url_for("shops.shop", slug=producer.slug, _external=True)
    number = page.filters.page if page else 1
    return PageMeta(
        _paged(url, number), title=producer.name, type="profile",
        description=(summary(richtext.plain(producer.story))
                     or _("Gian hàng OCOP của %(name)s", name=producer.name)),
        image=_media(producer.logo_path), image_alt=producer.name,
        noindex=page is None or number > page.pages,
    )


def gift_set(gift) -> PageMeta:
    """A gift set's page: sold like a product, so previewed like one."""
    item = gift.product
    return PageMeta(
        url_for("outlets.gift_set_page", slug=item.slug, _external=True), title=item.name,
        type="product", extra=_price(item), **_cover(item),
        description=summary(item.description or f"{gift.occasion_label}: {item.net_quantity}"),
    )


def outlet(place) -> PageMeta:
    """An outlet's page (điểm bán): where it is and what it sells."""
    return PageMeta(url_for("outlets.outlet_page", slug=place.slug, _external=True),
                    title=place.name,
                    description=summary(_("Điểm bán sản phẩm OCOP: %(address)s.",
                                          address=place.address_line)))


def event(fair) -> PageMeta:
    return PageMeta(url_for("outlets.event_page", slug=fair.slug, _external=True),
                    title=fair.title, description=summary(fair.description),
                    image=_media(fair.photo_path), image_alt=fair.title)


def page(endpoint: str, *, number: int = 1, noindex: bool = False, **values) -> PageMeta:
    """Any other storefront page (statistics, directories): canonical URL and robots only."""
    return PageMeta(_paged(url_for(endpoint, _external=True, **values), number), noindex=noindex)


BUILDERS = SimpleNamespace(home=home, listing=listing, product=product, shop=shop,
                           gift_set=gift_set, outlet=outlet, event=event, page=page)
