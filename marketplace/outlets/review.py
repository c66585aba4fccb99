"""Đăng ký và duyệt điểm bán: an operator registers a sales point; the office approves it.

Like producers (shops/review.py): a table of allowed transitions and one function that
applies one with a conditional UPDATE on the status read (two office members deciding at
once: one wins, the other is told), every decision recorded with its reason and mailed.
Approval and suspension change the public directory and the OCOP figures, so they bump
the catalogue revision in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..accounts import validation
from ..accounts.models import Role, User
from ..extensions import db
from ..formatting import slugify
from ..models_base import utcnow
from . import mails
from .exceptions import InvalidOutletTransition, OutletInvalid
from .models import STATUS_LABELS, Outlet, OutletLevel, OutletStatus, OutletStatusEvent

S = OutletStatus
TRANSITIONS = {
    S.PENDING: {S.APPROVED, S.SUSPENDED},
    S.APPROVED: {S.SUSPENDED},
    S.SUSPENDED: {S.APPROVED},
}
NEEDS_REASON = {S.SUSPENDED}
LIMITS = {"name": 200, "street": 300, "opening_hours": 200, "email": 200}


def allowed(current, target) -> bool:
    return S(target) in TRANSITIONS.get(S(current), set())


@dataclass
class OutletData:
    """What the outlet form says (text as typed)."""

    name: str = ""
    level: str = OutletLevel.COMMUNE.value
    province_code: str = "19"
    commune_code: str = ""
    street: str = ""
    opening_hours: str = ""
    phone: str = ""
    email: str = ""
    lat: str = ""
    lng: str = ""


def _coordinate(errors: dict, field: str, text: str, low: float, high: float) -> float | None:
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        errors[field] = _("Toạ độ không hợp lệ (độ thập phân, ví dụ 21.5942).")
        return None
    return value


def check_outlet(data: OutletData) -> dict:
    """Cleaned values, or OutletInvalid naming every bad field."""
    errors: dict[str, str] = {}
    values = {k: " ".join((getattr(data, k) or "").split()) for k in LIMITS}
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = _("Tối đa %(n)s ký tự.", n=limit)
    if not values["name"]:
        errors["name"] = _("Vui lòng nhập tên điểm bán.")
    if not values["street"]:
        errors["street"] = _("Vui lòng nhập địa chỉ (số nhà, đường, chợ, thôn...).")
    try:
        values["level"] = OutletLevel(data.level)
    except ValueError:
        errors["level"] = _("Vui lòng chọn loại điểm bán.")
    try:
        values["province_code"], values["commune_code"] = validation.check_units(
            data.province_code, data.commune_code)
    except validation.UnitError as exc:
        errors[exc.field] = str(exc)
    try:
        values["phone"] = validation.normalise_vn_phone(data.phone)
    except ValueError as exc:
        errors["phone"] = str(exc)
    if values["email"]:
        try:
            values["email"] = validation.check_email(values["email"])
        except ValueError as exc:
            errors["email"] = str(exc)
    values["email"] = values["email"] or None
    values["lat"] = _coordinate(errors, "lat", data.lat, 8.0, 24.0)
    values["lng"] = _coordinate(errors, "lng", data.lng, 102.0, 110.0)
    if errors:
        raise OutletInvalid(errors)
    return values


def _unique_slug(name: str) -> str:
    base = slugify(name)
    taken = set(db.session.scalars(select(Outlet.slug).where(Outlet.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(outlet: Outlet, values: dict) -> None:
    for name, value in values.items():
        setattr(outlet, name, value)
    if outlet.lat is None or outlet.lng is None:  # no pin given: the commune's centre
        commune = outlet.commune
        outlet.lat, outlet.lng = getattr(commune, "lat", None), getattr(commune, "lng", None)


def register_outlet(user: User, data: OutletData) -> Outlet:
    """A logged-in shopper registers the sales point they run: a pending outlet, and the
    account becomes its operator. The office is mailed. Commits."""
    if user.role != Role.SHOPPER:
        raise OutletInvalid({"account": _("Tài khoản này đã gắn với một cơ sở hoặc vai trò khác.")})
    values = check_outlet(data)
    outlet = Outlet(slug=_unique_slug(values["name"]), status=S.PENDING)
    _apply(outlet, values)
    db.session.add(outlet)
    try:
        db.session.flush()
        user.role, user.outlet_id = Role.OUTLET, outlet.id
        db.session.add(OutletStatusEvent(outlet_id=outlet.id, to_status=S.PENDING,
                                         reason="Đăng ký điểm bán", actor_id=user.id))
        _notify_office(outlet)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise OutletInvalid({"name": _("Tên điểm bán vừa được đăng ký; vui lòng kiểm tra lại.")})
    except Exception:
        db.session.rollback()
        raise
    return outlet


def _notify_office(outlet: Outlet) -> None:
    from flask import render_template

    from ..notifications.services import queue_mail
    from ..notifications.services import mail_url
    from ..shops.mails import office_recipients

    url = mail_url("outlets.office_outlet", outlet_id=outlet.id)
    for email in office_recipients():
        queue_mail(email, _("Chợ OCOP: điểm bán mới chờ duyệt – %(name)s", name=outlet.name),
                   render_template("outlets/mail/office_review.txt", outlet=outlet, url=url))


def update_outlet(outlet: Outlet, data: OutletData) -> Outlet:
    """The operator (or the office) edits the outlet's details; commits."""
    values = check_outlet(data)
    _apply(outlet, values)
    _directory_changed()
    db.session.commit()
    return outlet


def _directory_changed() -> None:
    from ..catalog import cache

    cache.bump_revision()  # the home page counts outlets; listings cache per revision


def decide(outlet: Outlet, target: OutletStatus, *, reason: str = "",
           actor_id: int | None) -> None:
    """The office approves, suspends or reinstates an outlet; operators are mailed. Commits."""
    current, target = S(outlet.status), S(target)
    reason = " ".join((reason or "").split())
    if target in NEEDS_REASON and not reason:
        raise OutletInvalid({"reason": _("Vui lòng ghi lý do để gửi cho điểm bán.")})
    if len(reason) > 500:
        raise OutletInvalid({"reason": _("Lý do dài tối đa 500 ký tự.")})
    if not allowed(current, target):
        raise InvalidOutletTransition(_("Không thể chuyển điểm bán từ «%(current)s» sang "
                                        "«%(target)s».", current=STATUS_LABELS[current],
                                        target=STATUS_LABELS[target]))
    try:
        result = db.session.execute(
            update(Outlet).where(Outlet.id == outlet.id, Outlet.status == current)
            .values(status=target).execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise InvalidOutletTransition(
                _("Điểm bán vừa được người khác xử lý; vui lòng tải lại."))
        db.session.expire(outlet, ["status"])
        db.session.add(OutletStatusEvent(outlet_id=outlet.id, from_status=current,
                                         to_status=target, reason=reason, actor_id=actor_id))
        outlet.status_reason = reason if target in NEEDS_REASON else ""
        if target == S.APPROVED:
            outlet.approved_at = outlet.approved_at or utcnow()
        _directory_changed()
        decision = ("reinstated" if current == S.SUSPENDED and target == S.APPROVED
                    else str(target))
        mails.outlet_decided(outlet, decision, reason)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def events_of(outlet: Outlet) -> list[OutletStatusEvent]:
    return list(db.session.scalars(select(OutletStatusEvent).where(
        OutletStatusEvent.outlet_id == outlet.id).order_by(OutletStatusEvent.id.desc())))
