"""Bộ tiêu chí: the office edits scorecards as data, per product group.

A scorecard version that any dossier uses is locked (its points would change meaning);
the office copies it to a new version, edits that, and activates it once its parts add
up to Decision 148's maxima (A 40, B 25, C 35). Each public service commits once.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from ..catalog.models import Category
from ..extensions import db
from .dossier_models import Criterion, Dossier, Scorecard
from .exceptions import DossierInvalid, ScorecardLocked
from .models import PART_MAXIMA

CODE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.")


@dataclass
class CriterionData:
    part: str = ""
    code: str = ""
    title: str = ""
    max_points: str = ""
    mandatory_from_stars: str = ""  # "", "3", "4" or "5"
    min_points: str = "0"
    guidance: str = ""


def all_scorecards() -> list[Scorecard]:
    return list(db.session.scalars(select(Scorecard).order_by(Scorecard.category_id,
                                                              Scorecard.version.desc())))


def is_locked(scorecard: Scorecard) -> bool:
    return bool(db.session.scalar(select(Dossier.id).where(
        Dossier.scorecard_id == scorecard.id).limit(1)))


def part_totals(scorecard: Scorecard) -> dict[str, int]:
    return {part: sum(c.max_points for c in scorecard.criteria if c.part == part)
            for part in PART_MAXIMA}


def _check(scorecard: Scorecard, data: CriterionData, criterion: Criterion | None) -> dict:
    errors: dict[str, str] = {}
    part = (data.part or "").strip().upper()
    if part not in PART_MAXIMA:
        errors["part"] = _("Phần A, B hoặc C.")
    code = (data.code or "").strip().upper()
    if not code or len(code) > 10 or not set(code) <= CODE_CHARS:
        errors["code"] = _("Mã tiêu chí gồm chữ in và số (ví dụ A4), tối đa 10 ký tự.")
    elif any(c.code == code and c is not criterion for c in scorecard.criteria):
        errors["code"] = _("Đã có tiêu chí %(code)s.", code=code)
    title = (data.title or "").strip()
    if not title or len(title) > 300:
        errors["title"] = _("Tên tiêu chí 1–300 ký tự.")
    text = (data.max_points or "").strip()
    top = int(text) if text.isdigit() and len(text) < 4 else 0
    if not 1 <= top <= PART_MAXIMA.get(part, 40):
        errors["max_points"] = _("Điểm tối đa từ 1 đến %(top)s.", top=PART_MAXIMA.get(part, 40))
    mandatory_text = (data.mandatory_from_stars or "").strip()
    mandatory = int(mandatory_text) if mandatory_text in ("3", "4", "5") else None
    if mandatory_text and mandatory is None:
        errors["mandatory_from_stars"] = _("Bắt buộc từ hạng 3, 4 hoặc 5 sao (hoặc để trống).")
    minimum_text = (data.min_points or "0").strip()
    minimum = int(minimum_text) if minimum_text.isdigit() and len(minimum_text) < 4 else -1
    if mandatory is None:
        minimum = 0 if minimum_text in ("", "0") else minimum
        if minimum != 0:
            errors["min_points"] = _("Điểm tối thiểu chỉ dùng cho tiêu chí bắt buộc.")
    elif not 1 <= minimum <= top:
        errors["min_points"] = _("Tiêu chí bắt buộc cần điểm tối thiểu từ 1 đến điểm tối đa.")
    if errors:
        raise DossierInvalid(errors)
    return {"part": part, "code": code, "title": title, "max_points": top,
            "mandatory_from_stars": mandatory, "min_points": minimum,
            "guidance": (data.guidance or "").strip()[:5000]}


def _require_unlocked(scorecard: Scorecard) -> None:
    if is_locked(scorecard):
        raise ScorecardLocked()


def add_criterion(scorecard: Scorecard, data: CriterionData) -> Criterion:
    _require_unlocked(scorecard)
    values = _check(scorecard, data, None)
    position = max((c.position for c in scorecard.criteria), default=-1) + 1
    criterion = Criterion(scorecard_id=scorecard.id, position=position, **values)
    db.session.add(criterion)
    db.session.commit()
    db.session.expire(scorecard, ["criteria"])
    return criterion


def update_criterion(criterion: Criterion, data: CriterionData) -> Criterion:
    scorecard = criterion.scorecard
    _require_unlocked(scorecard)
    for name, value in _check(scorecard, data, criterion).items():
        setattr(criterion, name, value)
    db.session.commit()
    return criterion


def delete_criterion(criterion: Criterion) -> None:
    scorecard = criterion.scorecard
    _require_unlocked(scorecard)
    if scorecard.is_active:
        raise DossierInvalid({"criterion": _("Không xoá tiêu chí của bộ đang áp dụng; hãy tạo "
                                             "phiên bản mới.")})
    db.session.delete(criterion)
    db.session.commit()


def new_version(scorecard: Scorecard) -> Scorecard:
    """A copy of ``scorecard`` as the group's next version (inactive, editable)."""
    version = (db.session.scalar(select(func.max(Scorecard.version)).where(
        Scorecard.category_id == scorecard.category_id)) or 0) + 1
    copy = Scorecard(category_id=scorecard.category_id, version=version, name=scorecard.name,
                     is_active=False)
    db.session.add(copy)
    db.session.flush()
    for c in scorecard.criteria:
        db.session.add(Criterion(scorecard_id=copy.id, part=c.part, code=c.code, title=c.title,
                                 guidance=c.guidance, max_points=c.max_points,
                                 mandatory_from_stars=c.mandatory_from_stars,
                                 min_points=c.min_points, position=c.position))
    db.session.commit()
    return copy


def create_scorecard(category: Category, name: str) -> Scorecard:
    """An empty scorecard for a product group (top-level groups only)."""
    if category.parent_id is not None:
        raise DossierInvalid({"category": _("Bộ tiêu chí thuộc một trong sáu nhóm sản phẩm.")})
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise DossierInvalid({"name": _("Tên bộ tiêu chí 1–200 ký tự.")})
    version = (db.session.scalar(select(func.max(Scorecard.version)).where(
        Scorecard.category_id == category.id)) or 0) + 1
    scorecard = Scorecard(category_id=category.id, version=version, name=name)
    db.session.add(scorecard)
    db.session.commit()
    return scorecard


def activate(scorecard: Scorecard) -> None:
    """Make this version the one new dossiers of its group use."""
    totals = part_totals(scorecard)
    wrong = [_("phần %(part)s: %(total)s/%(top)s", part=p, total=totals[p],
               top=PART_MAXIMA[p]) for p in PART_MAXIMA if totals[p] != PART_MAXIMA[p]]
    if wrong:
        raise DossierInvalid({"scorecard": _("Tổng điểm tối đa từng phần phải là A 40, B 25, "
                                             "C 35 (%(wrong)s).", wrong="; ".join(wrong))})
    db.session.execute(update(Scorecard).where(Scorecard.category_id == scorecard.category_id,
                                               Scorecard.id != scorecard.id)
                       .values(is_active=False))
    db.session.flush()
    scorecard.is_active = True
    db.session.commit()
