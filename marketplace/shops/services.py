"""Shop rules: a producer registers, keeps its profile, and waits for the OCOP office.

Each public service commits once (helpers only flush) and raises ``ShopInvalid`` with
messages by field, in the visitor's language; nothing here flashes or aborts. A change
that shows on the storefront (name, logo, story) bumps the catalogue revision and marks
the producer's products for the search index in the same transaction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from ..accounts import validation
from ..accounts.models import ProducerRole, Role, User
from ..accounts.passwords import hash_password
from ..extensions import db
from ..formatting import slugify
from ..models_base import utcnow
from . import mails, richtext
from .exceptions import ShopInvalid
from .models import Producer, ProducerKind, ProducerStatus, ProducerStatusEvent

TAX_CODE = re.compile(r"[0-9]{10}(-[0-9]{3})?")
LIMITS = {"name": 200, "contact_name": 120, "street": 300, "legacy_address": 300,
          "opening_hours": 200, "website": 300, "email": 200}


@dataclass
class ProfileData:
    """What the shop profile form says (all text as typed)."""

    name: str = ""
    kind: str = ProducerKind.COOPERATIVE.value
    tax_code: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    province_code: str = ""
    commune_code: str = ""
    street: str = ""
    legacy_address: str = ""
    opening_hours: str = ""
    story: str = ""

    @classmethod
    def of(cls, producer: Producer) -> ProfileData:
        values = {f.name: getattr(producer, f.name) or "" for f in fields(cls)}
        values["kind"] = str(producer.kind)
        return cls(**values)


@dataclass
class AccountData:
    """A new owner's account, when registering without being logged in."""

    name: str
    email: str
    password: str


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def check_profile(data: ProfileData, producer: Producer | None = None) -> dict:
    """The profile's values, cleaned, or ShopInvalid naming every bad field."""
    errors: dict[str, str] = {}
    values = {name: _one_line(getattr(data, name)) for name in
              ("name", "contact_name", "street", "legacy_address", "opening_hours", "website",
               "email", "tax_code")}
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            errors[name] = _("Tối đa %(n)s ký tự.", n=limit)
    if not values["name"]:
        errors["name"] = _("Vui lòng nhập tên cơ sở (HTX, doanh nghiệp, hộ kinh doanh).")
    elif "name" not in errors and _name_taken(values["name"], producer):
        errors["name"] = _("Tên này đã có gian hàng trên Chợ OCOP.")
    try:
        values["kind"] = ProducerKind(data.kind)
    except ValueError:
        errors["kind"] = _("Vui lòng chọn loại hình.")
    if values["tax_code"] and not TAX_CODE.fullmatch(values["tax_code"]):
        errors["tax_code"] = _("Mã số thuế gồm 10 chữ số, hoặc 13 (0101234567-001).")
    try:
        values["phone"] = validation.normalise_vn_phone(data.phone)
    except ValueError as exc:
        errors["phone"] = str(exc)
    if values["email"] and "email" not in errors:
        try:
            values["email"] = validation.check_email(values["email"])
        except ValueError as exc:
            errors["email"] = str(exc)
    if values["website"] and "website" not in errors:
        from .views import website_href

        if website_href(values["website"]) is None:
            errors["website"] = _("Địa chỉ website phải bắt đầu bằng http:// hoặc https://.")
    try:
        values["province_code"], values["commune_code"] = validation.check_units(
            data.province_code, data.commune_code)
    except validation.UnitError as exc:
        errors[exc.field] = str(exc)
    if not values["street"]:
        errors["street"] = _("Vui lòng nhập số nhà, đường, thôn/xóm.")
    story = richtext.clean(data.story)
    if len(story) > richtext.MAX_LENGTH:
        errors["story"] = _("Câu chuyện dài tối đa %(n)s ký tự.", n=richtext.MAX_LENGTH)
    values["story"] = story
    if errors:
        raise ShopInvalid(errors)
    return values


def _name_taken(name: str, producer: Producer | None) -> bool:
    query = select(Producer.id).where(func.lower(Producer.name) == name.lower())
    if producer is not None and producer.id is not None:
        query = query.where(Producer.id != producer.id)
    return db.session.scalar(query.limit(1)) is not None


def _unique_slug(name: str) -> str:
    base = slugify(name)
    taken = set(db.session.scalars(select(Producer.slug).where(
        or_(Producer.slug == base, Producer.slug.like(f"{base}-%")))))
    number, slug = 1, base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _apply(producer: Producer, values: dict) -> None:
    for name, value in values.items():
        setattr(producer, name, value if value != "" or name not in ("email", "website", "phone")
                else None)


def record_status(producer: Producer, from_status: str, to_status: str, reason: str = "",
                  actor_id: int | None = None) -> None:
    db.session.add(ProducerStatusEvent(producer_id=producer.id, from_status=str(from_status or ""),
                                       to_status=str(to_status), reason=reason[:500],
                                       actor_id=actor_id))


def register_producer(data: ProfileData, *, user: User | None = None,
                      account: AccountData | None = None) -> tuple[User, Producer]:
    """Đăng ký bán hàng: a new producer (pending) and its owner, in one transaction.

    Either ``user`` (a logged-in shopper, who becomes the owner and keeps their orders)
    or ``account`` (a new account) is given. The office and the producer are mailed.
    """
    errors: dict[str, str] = {}
    try:
        values = check_profile(data)
    except ShopInvalid as exc:
        errors.update(exc.errors)
        values = {}
    if user is not None:
        if user.role != Role.SHOPPER:
            errors["account"] = _("Tài khoản này đã gắn với một cơ sở hoặc vai trò khác.")
    else:
        account = account or AccountData("", "", "")
        if not _one_line(account.name):
            errors["account_name"] = _("Vui lòng nhập họ tên người đại diện.")
        try:
            account.email = validation.check_email(account.email)
        except ValueError as exc:
            errors["account_email"] = str(exc)
        else:
            if db.session.scalar(select(User.id).where(User.email == account.email)):
                errors["account_email"] = _("Email này đã có tài khoản: hãy đăng nhập rồi "
                                            "đăng ký bán hàng.")
        try:
            validation.check_password(account.password)
        except ValueError as exc:
            errors["account_password"] = str(exc)
    if errors:
        raise ShopInvalid(errors)
    producer = Producer(slug=_unique_slug(values["name"]), status=ProducerStatus.PENDING,
                        submitted_at=utcnow())
    _apply(producer, values)
    if user is None:
        user = User(email=account.email, password_hash=hash_password(account.password),
                    name=_one_line(account.name), role=Role.PRODUCER)
        db.session.add(user)
    user.role, user.producer, user.producer_role = Role.PRODUCER, producer, ProducerRole.OWNER
    db.session.add(producer)
    try:
        db.session.flush()
        record_status(producer, "", ProducerStatus.PENDING, "Đăng ký bán hàng", user.id)
        mails.producer_submitted(producer)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a twin registration a moment ago: same name or e-mail
        raise ShopInvalid({"name": _("Tên cơ sở hoặc email vừa được đăng ký; vui lòng kiểm tra lại.")})
    except Exception:
        db.session.rollback()
        raise
    return user, producer


def storefront_changed(producer: Producer) -> None:
    """The shop's public face changed: caches and the search index must follow (flush-only)."""
    from .. import search
    from ..catalog import cache

    cache.bump_revision()
    search.mark_producers([producer.id])


def update_profile(producer: Producer, data: ProfileData) -> Producer:
    """Save the shop profile. The slug (the public URL) stays, so links keep working."""
    values = check_profile(data, producer)
    _apply(producer, values)
    try:
        storefront_changed(producer)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ShopInvalid({"name": _("Tên này đã có gian hàng trên Chợ OCOP.")})
    return producer


def set_shop_image(producer: Producer, which: str, path: str | None) -> None:
    """Set (or clear, with None) the logo or the banner to an image already stored."""
    if which not in ("logo", "banner"):
        raise ValueError(which)
    setattr(producer, f"{which}_path", path)
    storefront_changed(producer)
    db.session.commit()


def resubmit(producer: Producer, *, actor_id: int | None) -> None:
    """After the office asked for changes: send the profile back for review."""
    from .review import apply_status

    try:
        apply_status(producer, ProducerStatus.PENDING, "Gửi lại hồ sơ", actor_id)
        producer.submitted_at = utcnow()
        mails.producer_submitted(producer, resubmitted=True)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
