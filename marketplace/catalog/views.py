"""Storefront pages of the catalogue: home, listings, the product page and media files.

Views stay thin: parse the query string, call one listing or catalogue service,
render. Shared presentation helpers (query-string links, pagination window, the
text for a bad filter) live here and are exposed to every template. User-visible
strings are Vietnamese msgids for Flask-Babel: ``_l`` (lazy, rendered in the visitor's
language) in module constants, ``_`` inside functions.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from urllib.parse import quote, urlencode

from flask import (abort, current_app, g, has_request_context, redirect, render_template,
                   request, send_from_directory, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from .. import units
from ..formatting import localized
from ..i18n import current_language
from ..clock import today
from ..ocop import services as ocop_services  # module, not names: ocop imports catalog too
from ..ocop.models import Certification, CertificationStatus
from . import bp, cache, images
from .exceptions import InvalidFilter
from .filters import LISTING_PARAMS, ProductFilters, parse_filters
from .groups import OCOP_GROUPS
from .home import CategoryInfo, CategoryRef, category_info, home_page, producer_cards
from .listing import list_products
from .models import Product
from .pages import query_key, render_hole, render_page
from .services import get_listed_product, live_listed_product

# Demo drawings are not content-hashed (products/<slug>.jpg), so a day, not a year.
MEDIA_MAX_AGE = 86400
HASHED_MEDIA_MAX_AGE = 365 * 86400
HOME_PROVINCE = "19"  # Tỉnh Thái Nguyên (GSO), the store's home province

SORT_LABELS = {
    "stars": _l("Hạng sao cao nhất"),
    "newest": _l("Mới nhất"),
    "price_asc": _l("Giá tăng dần"),
    "price_desc": _l("Giá giảm dần"),
}
# Short names for the header navigation; the full names of Decision 148 are on the pages.
GROUP_SHORT = {
    "thuc-pham": _l("Thực phẩm"),
    "do-uong": _l("Đồ uống"),
    "duoc-lieu": _l("Dược liệu"),
    "thu-cong-my-nghe": _l("Thủ công mỹ nghệ"),
    "sinh-vat-canh": _l("Sinh vật cảnh"),
    "du-lich": _l("Du lịch"),
}
NAV_GROUPS = [(slug, GROUP_SHORT.get(slug, name)) for slug, name, _en, _c in OCOP_GROUPS]
GROUP_SLUG_BY_NAME = {name: slug for slug, name, _en, _c in OCOP_GROUPS}
CATEGORY_NAMES = {ref.slug: ref for group_slug_, name, name_en, children in OCOP_GROUPS
                  for ref in [CategoryRef(group_slug_, name, name_en),
                              *(CategoryRef(*child) for child in children)]}
FIELD_LABELS = {
    "stars": _l("Hạng sao"), "page": _l("Trang"), "per_page": _l("Số sản phẩm mỗi trang"),
    "min_price": _l("Giá từ"), "max_price": _l("Giá đến"), "sort": _l("Sắp xếp"),
    "in_stock": _l("Còn hàng"), "is_gift": _l("Quà tặng"), "category": _l("Nhóm sản phẩm"),
    "province": _l("Tỉnh/thành"), "commune": _l("Xã/phường"),
}
ERROR_TITLES = {
    400: _l("Yêu cầu không hợp lệ"),
    404: _l("Không tìm thấy trang"),
    405: _l("Phương thức không được hỗ trợ"),
    413: _l("Dữ liệu gửi lên quá lớn"),
}
ERROR_TEXTS = {
    400: _l("Máy chủ không hiểu yêu cầu này. Vui lòng kiểm tra lại đường dẫn."),
    404: _l("Trang bạn tìm không tồn tại hoặc đã được chuyển đi."),
    405: _l("Trang này không nhận loại yêu cầu vừa gửi."),
    413: _l("Tệp hoặc biểu mẫu gửi lên vượt quá dung lượng cho phép."),
}


# ---------------------------------------------------------------- template helpers
_LINKS: dict[tuple[str, str], dict] = {}


@bp.app_context_processor
def _layout_context() -> dict:
    """What base.html needs on every page; no database, so error pages always render."""
    return {"nav_groups": NAV_GROUPS, "current_year": today().year}


class _Links:
    """``links.products``, ``links.category ~ slug``...: a global, so imported macros see it too."""

    def __getattr__(self, name: str):
        try:
            return _layout_links()[name]
        except KeyError:
            raise AttributeError(name) from None


bp.add_app_template_global(_Links(), "links")
bp.add_app_template_global(localized, "localized")


def _layout_links() -> dict:
    """URLs every page repeats (menu, footer, assets), built once per script root, not per page."""
    root = request.script_root if has_request_context() else ""
    key = (root, current_language())  # the labels are in the visitor's language
    links = _LINKS.get(key)
    if links is None and has_request_context():
        links = _LINKS[key] = {
            "home": url_for("catalog.home"),
            "products": url_for("catalog.products"),
            "stats": url_for("ocop.stats"),
            "css": url_for("static", filename="css/site.css"),
            "js": url_for("static", filename="js/site.js"),
            "category": url_for("catalog.category", slug="_")[:-1],
            "product": url_for("catalog.product", slug="_")[:-1],
            "media": url_for("catalog.media", path="_")[:-1],
            "groups": [(slug, label, url_for("catalog.category", slug=slug))
                       for slug, label in NAV_GROUPS],
            "search_js": url_for("static", filename="js/search.js"),
            "suggest": url_for("api.suggest"),
            "cart": url_for("cart.show"),
            "orders": url_for("orders.index"),
            "sell": url_for("dashboard.register"),
            "login": url_for("accounts.login"),
            "register": url_for("accounts.register"),
            "profile": url_for("accounts.profile"),
            "outlets": url_for("outlets.directory_page"),
        }
    return links or {}


@bp.app_template_global()
def url_with(_path: str | None = None, **changes) -> str:
    """The current URL with some query parameters changed (None drops one); resets the page."""
    args = request.args.to_dict(flat=False)
    args.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    query = urlencode([(k, v) for k, values in args.items() for v in values if v != ""])
    path = _path or request.path
    return f"{path}?{query}" if query else path


@bp.app_template_filter("num")
def format_count(value: int | None) -> str:
    """A count grouped as the language writes it: 20000 → "20.000", "20,000" in English
    (Babel is slow per call)."""
    grouped = f"{int(value or 0):,}"
    return grouped if current_language() == "en" else grouped.replace(",", ".")


@bp.app_template_global()
def page_window(page: int, pages: int, radius: int = 2) -> list[int | None]:
    """Page numbers to link around the current one; None marks a gap ("…")."""
    shown = {1, pages, *range(max(1, page - radius), min(pages, page + radius) + 1)}
    window: list[int | None] = []
    for number in sorted(shown):
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window


@bp.app_template_global()
def media_url(path: str | None, external: bool = False) -> str | None:
    """The URL of a file under MEDIA_DIR; the route prefix is built once per request."""
    if not path:
        return None
    if external:
        return url_for("catalog.media", path=path, _external=True)
    return _layout_links()["media"] + quote(path)


@bp.app_template_global()
def options(name: str, selected) -> Markup:
    """<option>s of a filter select, escaped once per process; marks the selected value."""
    chosen = "" if selected is None else str(selected)
    return Markup("".join(
        f'<option value="{value}" selected>{label}</option>' if value == chosen
        else f'<option value="{value}">{label}</option>'
        for value, label in _choices(name, current_language())
    ))


@lru_cache(maxsize=None)
def _choices(name: str, _language: str) -> tuple[tuple[str, str], ...]:
    """Per language: the labels are translated when the tuple is built."""
    raw = {
        "category": lambda: [(slug, label) for slug, label in NAV_GROUPS],
        "stars": lambda: [(s, _("%(stars)s sao", stars=s)) for s in ("5", "4", "3")],
        "province": lambda: [(p.code, p.short) for p in units.provinces()],
        "commune": lambda: [(c.code, c.name) for c in units.communes_of(HOME_PROVINCE)],
        "sort": lambda: list(SORT_LABELS.items()),
        "search_sort": lambda: [("relevance", _("Phù hợp nhất")), *SORT_LABELS.items()],
    }[name]()
    return tuple((str(escape(value)), str(escape(label))) for value, label in raw)


@bp.app_template_global()
def cards_html(cards, heading: str = "h3", show_producer: bool = True) -> Markup:
    """The grid items of ``cards``, each rendered once by the ``card`` macro and memoised.

    A card's HTML is a pure function of its (frozen) ProductCard, so the memo can never
    be stale: a changed price, stock or badge is a different key.
    """
    macro = current_app.jinja_env.get_template("macros.html").module.card
    root = request.script_root
    language = current_language()
    return Markup("".join(_card_html(macro, card, heading, show_producer, root, language)
                          for card in cards))


@lru_cache(maxsize=8192)
def _card_html(macro, card, heading: str, show_producer: bool, _root: str,
               _language: str) -> str:
    return f"<li>{macro(card, heading, show_producer)}</li>"


@bp.app_template_global()
def fragment(name: str, *, caller, by_page: bool = False) -> Markup:
    """``{% call fragment("x") %}…{% endcall %}``: the block's HTML cached per catalogue
    revision and per URL, without its page number (what facets and forms depend on)
    unless ``by_page``.

    Only for blocks that look the same to every shopper (no account, cart or CSRF
    token inside); ``cache.shared`` adds the language to the key.
    """
    if not g.get("page_cacheable", True):  # a query string the page does not read
        return Markup(caller())
    # The site root too: canonical and Open Graph URLs are absolute.
    args = query_key(request.args, leave_out=("lang",) if by_page else ("lang", "page"))
    key = ("fragment", name, request.url_root, request.path, args)
    return Markup(cache.shared(key, caller))


@bp.app_template_global()
def facet_links(values, param: str, selected, kind: str = "") -> list[tuple]:
    """(facet value, href, active) for a sidebar facet; one URL build per value, no url_for."""
    current = request.args.to_dict(flat=False)
    # A price band ("100000-199999", "500000-") is the min_price/max_price pair.
    for key in ("page", param, *(("min_price", "max_price") if kind == "price" else ())):
        current.pop(key, None)
    rest = [(k, v) for k, vs in current.items() for v in vs if v != ""]
    chosen = "" if selected is None else str(selected)
    links = _layout_links()
    result = []
    for value in values:
        key = str(value.key)
        active = key == chosen
        if kind == "category":  # groups are pages of their own: /categories/<slug>
            path = links["products"] if active else links["category"] + quote(key)
            query = rest
        elif kind == "price":
            low, _dash, high = key.partition("-")
            band = [(name, bound) for name, bound in (("min_price", low), ("max_price", high))
                    if bound and bound != "0"]
            path, query = request.path, rest if active else [*rest, *band]
        else:
            path, query = request.path, rest if active else [*rest, (param, key)]
        result.append((value, f"{path}?{urlencode(query)}" if query else path, active))
    return result


@bp.app_template_global()
def group_slug(name: str) -> str:
    """The OCOP group slug of a group name (cards carry the name), for colours and icons."""
    return GROUP_SLUG_BY_NAME.get(name, "thuc-pham")


@bp.app_template_global()
def error_title(error) -> str:
    return str(ERROR_TITLES.get(getattr(error, "code", 0) or 0, _("Đã có lỗi xảy ra")))


@bp.app_template_global()
def error_text(error) -> str:
    """Our own description when a view gave one; otherwise a Vietnamese default per status."""
    description = getattr(error, "description", "") or ""
    default = getattr(type(error), "description", None)
    if isinstance(error, HTTPException) and description and description != default:
        return description
    return str(ERROR_TEXTS.get(getattr(error, "code", 0) or 0, _("Vui lòng thử lại sau.")))


FILTER_MESSAGES = {
    "not_integer": _l("«%(field)s» phải là một số nguyên."),
    "out_of_range": _l("«%(field)s» phải nằm trong khoảng từ %(low)s đến %(high)s."),
    "not_flag": _l("«%(field)s» chỉ nhận giá trị 0 hoặc 1."),
    "unknown_sort": _l("Cách sắp xếp không hợp lệ."),
    "price_range": _l("«Giá từ» không được lớn hơn «Giá đến»."),
    "unknown_value": _l("Không tìm thấy %(field)s «%(value)s»."),
    "unknown_value:category": _l("Không có nhóm sản phẩm «%(value)s»."),
    "unknown_value:province": _l("Không có tỉnh/thành «%(value)s»."),
    "unknown_value:commune": _l("Không có xã/phường «%(value)s» trong tỉnh/thành đã chọn."),
    "commune_needs_province": _l("Hãy chọn tỉnh/thành khi lọc theo tên xã/phường."),
}


def filter_message(error: InvalidFilter) -> str:
    """A sentence for the shopper about a bad listing parameter, in their language."""
    values = {key: format_count(v) if isinstance(v, int) else v for key, v in error.params.items()}
    message = FILTER_MESSAGES.get(f"{error.code}:{error.field}", FILTER_MESSAGES[error.code])
    return message % {"field": FIELD_LABELS.get(error.field, error.field), **values}


def listing_args(*drop: str):
    """The query string minus what a page fixes itself (search text belongs to /search)."""
    args = request.args.copy()
    for key in ("q", *drop):
        args.poplist(key)
    return args


def listing_params(*drop: str) -> frozenset[str]:
    """The query parameters a listing page reads, those ``listing_args(*drop)`` keeps."""
    return LISTING_PARAMS.difference(("q", *drop))


# ---------------------------------------------------------------- pages
@bp.get("/")
def home():
    """Trang chủ: highlights, the six groups, communes, key figures (one cached aggregate)."""
    return render_page("catalog/home.html", home=home_page())


@bp.get("/products")
def products():
    """Every listed product, filtered, sorted and paginated, with facet counts."""
    return _listing(None)


@bp.get("/categories/<slug>")
def category(slug: str):
    """The same listing restricted to one OCOP group (or sub-group)."""
    group = category_info(slug)
    if group is None:
        abort(404, description=_("Không tìm thấy nhóm sản phẩm này."))
    return _listing(group)


def _listing(group: CategoryInfo | None):
    fixed = ("category",) if group else ()
    try:
        filters = parse_filters(listing_args(*fixed))
    except InvalidFilter as error:
        return render_template("catalog/listing.html", group=group, page=None,
                               filters=ProductFilters(), error=filter_message(error)), 400
    if group is not None:
        filters = replace(filters, category_ids=group.ids, category=group.slug)
    # Loaded only when the page's cached fragments must be rendered again.
    page = cache.Deferred(value=lambda: list_products(filters, with_facets=True))
    chips = cache.Deferred(value=lambda: _active_filters(filters, group))
    return render_page("catalog/listing.html", params=listing_params(*fixed), group=group,
                       page=page, filters=filters, error=None, chips=chips)


def _active_filters(f: ProductFilters, group: CategoryInfo | None) -> list[tuple[str, str]]:
    """(label, link that removes it) for each filter in force."""
    chips = []
    if group is not None:
        chips.append((localized(group), url_with(_layout_links()["products"])))
    elif f.category:
        ref = CATEGORY_NAMES.get(f.category)
        chips.append((localized(ref) if ref else f.category, url_with(category=None)))
    if f.stars:
        chips.append((_("OCOP %(stars)s sao", stars=f.stars), url_with(stars=None)))
    if f.province:
        chips.append((getattr(units.province(f.province), "short", f.province),
                      url_with(province=None, commune=None)))
    if f.commune:
        chips.append((getattr(units.commune(f.commune), "name", f.commune), url_with(commune=None)))
    if f.min_price is not None:
        chips.append((_("Từ %(price)s", price=_vnd(f.min_price)), url_with(min_price=None)))
    if f.max_price is not None:
        chips.append((_("Đến %(price)s", price=_vnd(f.max_price)), url_with(max_price=None)))
    if f.in_stock:
        chips.append((_("Còn hàng"), url_with(in_stock=None)))
    return chips


def _vnd(amount: int) -> str:
    return current_app.jinja_env.filters["vnd"](amount)


@bp.get("/products/<slug>")
def product(slug: str):
    """Trang sản phẩm: certificate in force, provenance, producer and history, with JSON-LD.

    Everything but the stock and the add-to-cart form (the hole "buy") is shared by
    anonymous visitors and built from fragments cached per revision and URL; the product
    and what surrounds it are loaded only when a fragment has to be rendered again."""
    live = live_listed_product(slug)
    if live is None:
        abort(404, description=_("Không tìm thấy sản phẩm này, hoặc sản phẩm đã ngừng bán."))
    if live.gift_set:  # a gift set has its own page (outlets)
        return redirect(url_for("outlets.gift_set_page", slug=slug), 301)
    return render_page("catalog/product.html", holes={"buy": lambda: render_hole(
        "catalog/_buy_box.html", key=live, product=live)},
        page=cache.Deferred(value=lambda: _product_page(slug)))


def _product_page(slug: str) -> dict:
    """What the cached parts of a product page show."""
    from ..reviews import services as reviews_services  # reviews build on the catalogue

    item = get_listed_product(slug)
    day = today()
    certificate = ocop_services.current_certification(item, day)
    canonical = url_for("catalog.product", slug=item.slug, _external=True)
    info = category_info(item.category.slug)
    reviews = reviews_services.product_summary(item.id)
    return dict(
        product=item, producer=item.producer, category=info,
        certificate=certificate, canonical=canonical, reviews=reviews,
        history=[(c, _certificate_state(c, day)) for c in item.certifications],
        jsonld=product_jsonld(item, certificate, canonical, localized(info.group), reviews),
        related=[card for card in producer_cards(item.producer_id) if card.id != item.id][:4],
    )


def _certificate_state(certificate: Certification, day: date) -> tuple[str, str]:
    """(css modifier, label) of one certificate in the history table."""
    if certificate.status == CertificationStatus.REVOKED:
        return "revoked", _("Đã thu hồi")
    if certificate.is_current(day):
        return "active", _("Còn hiệu lực")
    return "expired", _("Hết hiệu lực")


def product_jsonld(item: Product, certificate: Certification | None, url: str,
                   group_name: str, reviews=None) -> dict:
    """schema.org Product for search engines; rendered with |tojson, never by hand.

    ``reviews`` is the product's review summary (``reviews.services.Summary``): its
    aggregateRating counts visible reviews only and is left out when there are none.
    """
    producer = item.producer
    shop_url = url_for("shops.shop", slug=producer.slug, _external=True)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": localized(item),
        "url": url,
        "sku": item.slug,
        "description": localized(item, "description") or localized(item),
        "category": group_name,
        "brand": {"@type": "Brand", "name": producer.name},
        "manufacturer": {"@type": "Organization", "name": producer.name, "url": shop_url},
        "offers": {
            "@type": "Offer",
            "price": item.price_vnd,
            "priceCurrency": "VND",
            "availability": "https://schema.org/" + ("InStock" if item.stock > 0 else "OutOfStock"),
            "itemCondition": "https://schema.org/NewCondition",
            "url": url,
            "seller": {"@type": "Organization", "name": producer.name, "url": shop_url},
        },
    }
    images = [media_url(image.path, external=True) for image in item.images]
    if images:
        data["image"] = images
    if item.gtin:
        data["gtin"] = item.gtin
    if reviews is not None and reviews.count:
        data["aggregateRating"] = {"@type": "AggregateRating", "ratingValue": reviews.average,
                                   "reviewCount": reviews.count, "bestRating": 5,
                                   "worstRating": 1}
    if certificate is not None:
        data["award"] = _("OCOP %(stars)s sao", stars=certificate.stars)
        data["additionalProperty"] = [
            {"@type": "PropertyValue", "name": _("Hạng sao OCOP"), "value": certificate.stars,
             "minValue": 3, "maxValue": 5},
            {"@type": "PropertyValue", "name": _("Số giấy chứng nhận OCOP"),
             "value": certificate.certificate_no},
            {"@type": "PropertyValue", "name": _("Hiệu lực chứng nhận"),
             "value": f"{certificate.certified_on.isoformat()}/{certificate.expires_on.isoformat()}"},
        ]
    return data


@bp.app_template_global()
def catalog_breadcrumbs(category: CategoryInfo | None, item: Product | None = None) -> dict:
    """schema.org BreadcrumbList of a category or product page: the trail the page shows."""
    trail = [(_("Trang chủ"), url_for("catalog.home", _external=True))]
    if item is None:
        trail.append((pgettext("navigation", "Sản phẩm"),
                      url_for("catalog.products", _external=True)))
    if category is not None:
        trail += [(localized(ref), url_for("catalog.category", slug=ref.slug, _external=True))
                  for ref in (category.parent, category) if ref is not None]
    if item is not None:
        trail.append((localized(item), url_for("catalog.product", slug=item.slug, _external=True)))
    return {"@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": n, "name": name, "item": url}
                                for n, (name, url) in enumerate(trail, 1)]}


@bp.get("/media/<path:path>")
def media(path: str):
    """Uploaded images from MEDIA_DIR; send_from_directory refuses paths that leave it.

    Uploads are stored under content-hashed names (``catalog/images.py``): a new picture
    is a new name, so those are cached for a year and marked immutable.
    """
    if images.is_hashed(path):
        response = send_from_directory(current_app.config["MEDIA_DIR"], path,
                                       max_age=HASHED_MEDIA_MAX_AGE)
        response.cache_control.immutable = True
        response.cache_control.public = True
        return response
    return send_from_directory(current_app.config["MEDIA_DIR"], path, max_age=MEDIA_MAX_AGE)


@bp.app_template_filter("variant")
def image_variant(path: str | None, size: str) -> str | None:
    """Another size (thumb, card, full) of an uploaded image; other paths unchanged."""
    return images.variant_path(path, size)
