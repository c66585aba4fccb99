"""Public pages: the outlet directory, an outlet, gift sets, fairs and events."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import units
from ..catalog import cache
from ..catalog.models import Product, ProductStatus
from ..clock import today
from ..extensions import db
from . import bp, directory, events, giftsets, shelf
from .exceptions import OutletInvalid
from .giftset_models import OCCASION_LABELS
from .models import LEVEL_LABELS, OutletStock

TOURISM_GROUP = "du-lich"


@bp.get("/outlets")
def directory_page():
    """Điểm bán OCOP: filter by commune, level and product carried; nearest first on request."""
    error = None
    try:
        query = directory.parse_query(request.args)
    except OutletInvalid as exc:
        query, error = directory.OutletQuery(), _("Bộ lọc không hợp lệ: %(error)s", error=exc)
    page = directory.find_outlets(query)
    carried = db.session.execute(
        select(Product.slug, Product.name).join(OutletStock, OutletStock.product_id == Product.id)
        .where(OutletStock.on_hand > 0, Product.status == ProductStatus.ACTIVE)
        .distinct().order_by(Product.name)).all()
    return render_template("outlets/directory.html", page=page, query=query, error=error,
                           communes=directory.communes_with_outlets(), levels=LEVEL_LABELS,
                           carried=carried), 400 if error else 200


@bp.get("/outlets/<slug>")
def outlet_page(slug: str):
    outlet = directory.listed_outlet(slug)
    if outlet is None:
        abort(404, description=_("Không tìm thấy điểm bán này."))
    return render_template(
        "outlets/outlet.html", outlet=outlet, stock=directory.carried_products(outlet.id),
        gift_sets=[(g, n) for g, n in shelf.gift_sets_here(outlet.id) if n > 0],
        events=events.near(outlet.lat, outlet.lng))


@bp.get("/gift-sets")
def gift_sets_page():
    occasion = request.args.get("occasion")
    return render_template("outlets/gift_sets.html",
                           sets=giftsets.gift_sets(listed_only=True, occasion=occasion),
                           occasion=occasion if occasion in OCCASION_LABELS else None,
                           occasions=OCCASION_LABELS)


@bp.get("/gift-sets/<slug>")
def gift_set_page(slug: str):
    """Trang bộ quà: its parts (each with its producer), set price, what it saves, stock."""
    gift = giftsets.by_slug(slug)
    if gift is None or gift.product.status != ProductStatus.ACTIVE:
        abort(404, description=_("Không tìm thấy bộ quà này, hoặc bộ quà đã ngừng bán."))
    return render_template("outlets/gift_set.html", gift=gift, product=gift.product,
                           retail=giftsets.retail_value(gift))


@bp.get("/events")
def events_page():
    day = today()
    every = events.all_events()
    return render_template("outlets/events.html", day=day,
                           upcoming=[e for e in every if e.ends_on >= day][::-1],
                           past=[e for e in every if e.ends_on < day][:12])


@bp.get("/events/<slug>")
def event_page(slug: str):
    event = events.by_slug(slug)
    if event is None:
        abort(404, description=_("Không tìm thấy sự kiện này."))
    commune = event.commune
    return render_template("outlets/event.html", event=event,
                           exhibitors=events.exhibitors(event),
                           outlets=directory.nearby(getattr(commune, "lat", None),
                                                    getattr(commune, "lng", None), limit=6),
                           open=events.open_for_applications(event))


# ---------------------------------------------------------------- helpers for other pages

@bp.app_template_global()
def upcoming_events(limit: int = 3):
    """The home page's "upcoming fairs" section (cached per catalogue revision and day)."""
    return cache.cached(("upcoming-events", limit), lambda: [
        {"title": e.title, "url": url_for("outlets.event_page", slug=e.slug),
         "kind": e.kind_label, "starts_on": e.starts_on, "ends_on": e.ends_on,
         "place": e.place_line} for e in events.upcoming(limit)])


@bp.app_template_global()
def outlet_links(product):
    """What the product page shows from this domain: where to buy it in person, and, for a
    tourism product (group 6), the outlets and upcoming events near it."""
    carried = db.session.scalar(
        select(db.func.count()).select_from(OutletStock)
        .where(OutletStock.product_id == product.id, OutletStock.on_hand > 0)) or 0
    links = {"carried": carried, "outlets": [], "events": [],
             "directory": url_for("outlets.directory_page", product=product.slug)}
    group = product.category.group if product.category else None
    if group is not None and group.slug == TOURISM_GROUP:
        links["outlets"], links["events"] = cache.cached(
            ("near-commune", product.producer.commune_code),
            lambda: _near_commune(product.producer.commune_code))
    return links


@dataclass(frozen=True)
class NearbyRef:
    """What the product page links to near a place: kept across requests, so no ORM rows."""

    slug: str
    name: str
    starts_on: date | None = None

    @property
    def title(self) -> str:
        return self.name


def _near_commune(commune_code: str) -> tuple[list, list]:
    """(outlets, upcoming events) near a commune, with their distances in km."""
    commune = units.commune(commune_code)
    lat, lng = getattr(commune, "lat", None), getattr(commune, "lng", None)
    outlets = [(NearbyRef(o.slug, o.name), km) for o, km in directory.nearby(lat, lng, limit=4)]
    nearby_events = [(NearbyRef(e.slug, e.title, e.starts_on), km)
                     for e, km in events.near(lat, lng)]
    return outlets, nearby_events


@bp.app_template_global()
def outlet_jsonld(outlet) -> dict:
    """schema.org Store of an outlet's page: where it is, how to reach it."""
    data: dict = {
        "@context": "https://schema.org", "@type": "Store", "name": outlet.name,
        "url": url_for("outlets.outlet_page", slug=outlet.slug, _external=True),
        "address": {"@type": "PostalAddress", "streetAddress": outlet.street,
                    "addressLocality": getattr(outlet.commune, "name", ""),
                    "addressRegion": getattr(outlet.province, "name", ""),
                    "addressCountry": "VN"},
    }
    if outlet.lat is not None and outlet.lng is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": outlet.lat, "longitude": outlet.lng}
    data.update((key, value) for key, value in (("telephone", outlet.phone),
                                                ("email", outlet.email)) if value)
    return data


@bp.app_template_global()
def ol_provinces():
    """(code, name) of the 34 provinces, for the address selects of the outlet forms."""
    return [(p.code, p.short) for p in units.provinces()]


@bp.app_template_global()
def ol_communes(province_code: str):
    return [(c.code, c.name) for c in units.communes_of(province_code or "19")]
