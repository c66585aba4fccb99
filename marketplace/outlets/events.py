"""Xúc tiến thương mại: the office publishes fairs, producers apply, the office accepts.

An event is a draft until the office publishes it; a published event is public, appears
on the home page until it ends, and takes applications until it starts. Each public
service commits once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts import validation
from ..catalog.models import Product, ProductStatus
from ..clock import today
from ..extensions import db
from ..formatting import slugify
from ..models_base import utcnow
from ..shops.models import Producer
from . import mails
from .event_models import (
    ApplicationStatus, EventApplication, EventApplicationProduct, EventKind, EventStatus,
    TradeEvent,
)
from .exceptions import OutletInvalid

MAX_PRODUCTS = 20


def _catalogue_changed() -> None:
    from ..catalog import cache

    cache.bump_revision()  # the home page lists upcoming events


@dataclass
class EventData:
    title: str = ""
    kind: str = EventKind.FAIR.value
    starts_on: str = ""
    ends_on: str = ""
    venue: str = ""
    province_code: str = "19"
    commune_code: str = ""
    description: str = ""


def _day(errors: dict, name: str, text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        errors[name] = _("Ngày theo dạng YYYY-MM-DD.")
        return None


def check_event(data: EventData) -> dict:
    errors: dict[str, str] = {}
    title = " ".join((data.title or "").split())
    venue = " ".join((data.venue or "").split())
    if not title or len(title) > 200:
        errors["title"] = _("Tên sự kiện: 1 đến 200 ký tự.")
    if not venue or len(venue) > 300:
        errors["venue"] = _("Địa điểm: 1 đến 300 ký tự.")
    try:
        kind = EventKind(data.kind)
    except ValueError:
        errors["kind"] = _("Vui lòng chọn loại sự kiện.")
        kind = None
    starts, ends = _day(errors, "starts_on", data.starts_on), _day(errors, "ends_on", data.ends_on)
    if starts and ends and ends < starts:
        errors["ends_on"] = _("Ngày kết thúc không trước ngày bắt đầu.")
    try:
        province_code, commune_code = validation.check_units(data.province_code, data.commune_code)
    except validation.UnitError as exc:
        errors[exc.field] = str(exc)
        province_code = commune_code = None
    description = (data.description or "").replace("\r\n", "\n").strip()
    if len(description) > 10_000:
        errors["description"] = _("Mô tả dài tối đa 10.000 ký tự.")
    if errors:
        raise OutletInvalid(errors)
    return {"title": title, "kind": kind, "starts_on": starts, "ends_on": ends, "venue": venue,
            "province_code": province_code, "commune_code": commune_code,
            "description": description}


def _unique_slug(title: str, starts: date) -> str:
    base = slugify(f"{title} {starts.year}")
    taken = set(db.session.scalars(select(TradeEvent.slug).where(TradeEvent.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_event(data: EventData, *, actor_id: int | None, publish: bool = False) -> TradeEvent:
    values = check_event(data)
    event = TradeEvent(slug=_unique_slug(values["title"], values["starts_on"]),
                       status=EventStatus.PUBLISHED if publish else EventStatus.DRAFT,
                       created_by_id=actor_id, **values)
    db.session.add(event)
    _catalogue_changed()
    db.session.commit()
    return event


def update_event(event: TradeEvent, data: EventData) -> TradeEvent:
    for name, value in check_event(data).items():
        setattr(event, name, value)
    _catalogue_changed()
    db.session.commit()
    return event


def set_status(event: TradeEvent, target: EventStatus) -> None:
    """Publish a draft, cancel a published event (or publish it again)."""
    allowed = {EventStatus.DRAFT: {EventStatus.PUBLISHED, EventStatus.CANCELLED},
               EventStatus.PUBLISHED: {EventStatus.CANCELLED},
               EventStatus.CANCELLED: {EventStatus.PUBLISHED}}
    if EventStatus(target) not in allowed[EventStatus(event.status)]:
        raise OutletInvalid({"status": _("Không thể đổi trạng thái sự kiện như vậy.")})
    event.status = EventStatus(target)
    _catalogue_changed()
    db.session.commit()


def set_photo(event: TradeEvent, data: bytes) -> None:
    """Store the event's photo (checked and re-encoded like product photos); commits."""
    from ..catalog.images import store

    event.photo_path = store(data).path
    _catalogue_changed()
    db.session.commit()


def upcoming(limit: int = 4, day: date | None = None) -> list[TradeEvent]:
    """Published events that have not ended, soonest first."""
    return list(db.session.scalars(
        select(TradeEvent).where(TradeEvent.status == EventStatus.PUBLISHED,
                                 TradeEvent.ends_on >= (day or today()))
        .order_by(TradeEvent.starts_on, TradeEvent.id).limit(limit)))


def all_events(*, published_only: bool = True) -> list[TradeEvent]:
    query = select(TradeEvent).order_by(TradeEvent.starts_on.desc(), TradeEvent.id.desc())
    if published_only:
        query = query.where(TradeEvent.status == EventStatus.PUBLISHED)
    return list(db.session.scalars(query))


def by_slug(slug: str, *, published_only: bool = True) -> TradeEvent | None:
    query = select(TradeEvent).where(TradeEvent.slug == slug[:160])
    if published_only:
        query = query.where(TradeEvent.status == EventStatus.PUBLISHED)
    return db.session.scalar(query)


def exhibitors(event: TradeEvent) -> list[EventApplication]:
    """Accepted applications, with their producers and the products they bring."""
    return list(db.session.scalars(
        select(EventApplication).where(EventApplication.event_id == event.id,
                                       EventApplication.status == ApplicationStatus.ACCEPTED)
        .join(Producer, Producer.id == EventApplication.producer_id).order_by(Producer.name)
        .options(selectinload(EventApplication.producer),
                 selectinload(EventApplication.products)
                 .selectinload(EventApplicationProduct.product).selectinload(Product.images))))


def open_for_applications(event: TradeEvent, day: date | None = None) -> bool:
    return event.status == EventStatus.PUBLISHED and event.starts_on > (day or today())


@dataclass
class ApplicationData:
    product_ids: list[int] = field(default_factory=list)
    note: str = ""


def apply(event: TradeEvent, producer: Producer, data: ApplicationData) -> EventApplication:
    """A producer asks to exhibit, naming the products it brings (its own, on sale). A
    pending application is updated; a decided one cannot be changed. Commits."""
    if not open_for_applications(event):
        raise OutletInvalid({"event": _("Sự kiện đã bắt đầu hoặc không còn nhận đăng ký.")})
    note = " ".join((data.note or "").split())
    if len(note) > 500:
        raise OutletInvalid({"note": _("Ghi chú dài tối đa 500 ký tự.")})
    wanted = list(dict.fromkeys(data.product_ids))[:MAX_PRODUCTS + 1]
    own = set(db.session.scalars(select(Product.id).where(
        Product.id.in_(wanted), Product.producer_id == producer.id,
        Product.status == ProductStatus.ACTIVE))) if wanted else set()
    if not wanted:
        raise OutletInvalid({"products": _("Chọn ít nhất một sản phẩm mang đến sự kiện.")})
    if len(wanted) > MAX_PRODUCTS:
        raise OutletInvalid({"products": _("Tối đa %(n)s sản phẩm.", n=MAX_PRODUCTS)})
    if own != set(wanted):
        raise OutletInvalid({"products": _("Chỉ chọn sản phẩm đang bán của cơ sở.")})
    application = db.session.scalar(select(EventApplication).where(
        EventApplication.event_id == event.id, EventApplication.producer_id == producer.id))
    try:
        if application is None:
            application = EventApplication(event_id=event.id, producer_id=producer.id, products=[])
            db.session.add(application)
        elif application.status not in (ApplicationStatus.PENDING, ApplicationStatus.WITHDRAWN):
            raise OutletInvalid({"event": _("Đăng ký đã được Văn phòng xét, không sửa được nữa.")})
        application.status = ApplicationStatus.PENDING
        application.note = note
        application.products.clear()
        db.session.flush()
        application.products.extend(EventApplicationProduct(product_id=pid) for pid in wanted)
        db.session.commit()
        return application
    except IntegrityError:
        db.session.rollback()
        raise OutletInvalid({"event": _("Cơ sở vừa gửi đăng ký này; vui lòng tải lại.")}) from None
    except Exception:
        db.session.rollback()
        raise


def withdraw(application: EventApplication) -> None:
    if application.status != ApplicationStatus.PENDING:
        raise OutletInvalid({"event": _("Chỉ rút được đăng ký đang chờ duyệt.")})
    application.status = ApplicationStatus.WITHDRAWN
    db.session.commit()


def decide(application: EventApplication, accept: bool, *, reason: str = "") -> None:
    """The office accepts or refuses an application (once: a conditional UPDATE on the
    pending status); the producer is mailed. Commits."""
    reason = " ".join((reason or "").split())[:300]
    target = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.REFUSED
    try:
        result = db.session.execute(
            update(EventApplication).where(EventApplication.id == application.id,
                                           EventApplication.status == ApplicationStatus.PENDING)
            .values(status=target, decided_reason=reason, decided_at=utcnow())
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise OutletInvalid({"status": _("Đăng ký đã được xử lý hoặc đã rút.")})
        db.session.expire(application)
        mails.application_decided(application)
        _catalogue_changed()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def applications_of(event: TradeEvent) -> list[EventApplication]:
    return list(db.session.scalars(
        select(EventApplication).where(EventApplication.event_id == event.id)
        .order_by(EventApplication.status, EventApplication.id)
        .options(selectinload(EventApplication.producer),
                 selectinload(EventApplication.products)
                 .selectinload(EventApplicationProduct.product))))


def applications_of_producer(producer_id: int) -> dict[int, EventApplication]:
    return {a.event_id: a for a in db.session.scalars(
        select(EventApplication).where(EventApplication.producer_id == producer_id))}


def near(lat: float | None, lng: float | None, *, radius_km: float = 40.0,
         limit: int = 3) -> list[tuple[TradeEvent, float]]:
    """Upcoming published events whose venue commune lies within ``radius_km``."""
    from .directory import distance_km

    if lat is None or lng is None:
        return []
    found = []
    for event in upcoming(limit=50):
        commune = event.commune
        km = distance_km((lat, lng), (getattr(commune, "lat", None), getattr(commune, "lng", None)))
        if km <= radius_km:
            found.append((event, km))
    return sorted(found, key=lambda pair: (pair[0].starts_on, pair[1]))[:limit]
