"""Shop pages (gian hàng): a producer's story, contact, address and its listed products."""
from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import gettext as _

from ..catalog.exceptions import InvalidFilter
from ..catalog.filters import parse_filters
from ..catalog.listing import list_products
from ..catalog.cache import Deferred
from ..catalog.pages import render_page
from ..catalog.services import listed_producer_id
from ..extensions import db
from .models import Producer
from ..catalog import views as storefront  # module: catalog imports shops too
from . import bp, richtext

SHOP_PAGE_SIZE = 12


@bp.app_template_filter("website_href")
def website_href(website: str | None) -> str | None:
    """A link target for the producer's website: http(s) only, never ``javascript:``."""
    value = (website or "").strip()
    if not value or any(ch.isspace() for ch in value):
        return None
    lowered = value.lower()
    if lowered.startswith(("http://", "https://")):
        return value
    if ":" in value.split("/", 1)[0] or value.startswith("/"):
        return None  # another scheme, or a path: not something to send shoppers to
    return "https://" + value


@bp.get("/shops/<slug>")
def shop(slug: str):
    """Gian hàng: the producer profile and its products as listing cards, paginated.

    The page's parts are fragments cached per revision and URL; the producer and its
    cards are loaded only when a fragment has to be rendered again."""
    producer_id = listed_producer_id(slug)
    if producer_id is None:
        abort(404, description=_("Không tìm thấy gian hàng này."))
    producer = Deferred(value=lambda: db.session.get(Producer, producer_id))
    fixed = ("category", "province", "commune")
    try:
        filters = parse_filters(storefront.listing_args(*fixed),
                                producer_id=producer_id, per_page=SHOP_PAGE_SIZE)
    except InvalidFilter as error:
        return render_template("shops/shop.html", shop=producer, page=None,
                               error=storefront.filter_message(error)), 400
    return render_page("shops/shop.html", params=storefront.listing_params(*fixed),
                       shop=producer, error=None,
                       page=Deferred(value=lambda: list_products(filters)))


@bp.app_template_global()
def shop_jsonld(producer) -> dict:
    """schema.org Organization of a shop page; a LocalBusiness when it opens to visitors."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness" if producer.opening_hours else "Organization",
        "name": producer.name,
        "url": url_for("shops.shop", slug=producer.slug, _external=True),
        "address": {
            "@type": "PostalAddress", "streetAddress": producer.street,
            "addressLocality": getattr(producer.commune, "name", ""),
            "addressRegion": getattr(producer.province, "name", ""), "addressCountry": "VN",
        },
    }
    optional = {
        "description": richtext.plain(producer.story), "telephone": producer.phone,
        "email": producer.email, "taxID": producer.tax_code,
        "logo": storefront.media_url(producer.logo_path, external=True),
        "sameAs": website_href(producer.website),
    }
    data.update((key, value) for key, value in optional.items() if value)
    return data


@bp.app_template_filter("rich_text")
def rich_text_filter(text: str | None):
    """The shop story as safe HTML (see ``richtext.py``)."""
    return richtext.render(text)


@bp.app_template_filter("story_text")
def story_text_filter(text: str | None) -> str:
    """The shop story without markup (meta descriptions)."""
    return richtext.plain(text)
