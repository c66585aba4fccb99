"""Hồ sơ đánh giá OCOP: scorecards (bộ tiêu chí) per product group, dossiers, their
documents and score sheets, the council's members, and every transition of a dossier."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models_base import created_column, enum_column, utcnow

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..catalog.models import Category, Product
    from ..shops.models import Producer
    from .models import Certification


class Scorecard(db.Model):
    """Bộ tiêu chí: the criteria of one product group, as one numbered version.

    A version that a dossier uses is never edited (its scores would change meaning);
    the office copies it into a new version, edits that, and activates it. At most one
    version per group is active: new dossiers use it.
    """

    __tablename__ = "ocop_scorecard"
    __table_args__ = (
        UniqueConstraint("category_id", "version", name="uq_ocop_scorecard_category_version"),
        Index("uq_ocop_scorecard_active_category", "category_id", unique=True,
              sqlite_where=text("is_active"), postgresql_where=text("is_active")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    version: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = created_column()

    category: Mapped[Category] = relationship()
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="scorecard", order_by=lambda: (Criterion.part, Criterion.position,
                                                      Criterion.id),
        cascade="all, delete-orphan", passive_deletes=True)


class Criterion(db.Model):
    """Tiêu chí: one line of a scorecard, in part A, B or C, worth 0..max_points.

    ``mandatory_from_stars``: from this star level up, the criterion is required (tiêu chí
    bắt buộc): a product scoring below ``min_points`` on it cannot get that level,
    whatever its total.
    """

    __tablename__ = "ocop_criterion"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "code", name="uq_ocop_criterion_scorecard_code"),
        CheckConstraint("part IN ('A', 'B', 'C')", name="part_known"),
        CheckConstraint("max_points BETWEEN 1 AND 40", name="max_points_range"),
        CheckConstraint("mandatory_from_stars IS NULL OR mandatory_from_stars BETWEEN 3 AND 5",
                        name="mandatory_stars_range"),
        CheckConstraint("min_points >= 0 AND min_points <= max_points", name="min_points_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("ocop_scorecard.id", ondelete="CASCADE"), index=True)
    part: Mapped[str] = mapped_column(String(1))
    code: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    guidance: Mapped[str] = mapped_column(Text, default="")
    max_points: Mapped[int]
    mandatory_from_stars: Mapped[int | None]
    min_points: Mapped[int] = mapped_column(default=0)
    position: Mapped[int] = mapped_column(default=0)

    scorecard: Mapped[Scorecard] = relationship(back_populates="criteria")

    def required_for(self, stars: int) -> bool:
        return self.mandatory_from_stars is not None and stars >= self.mandatory_from_stars


class DossierKind(StrEnum):
    NEW = "new"  # đánh giá lần đầu
    RE_EVALUATION = "re_evaluation"  # đánh giá lại khi giấy chứng nhận sắp hết hạn


class DossierState(StrEnum):
    DRAFT = "draft"  # chủ thể đang soạn
    SUBMITTED = "submitted"  # đã nộp, chờ UBND xã đánh giá sơ bộ
    RETURNED = "returned"  # xã trả lại, cần bổ sung
    COUNCIL_SCORING = "council_scoring"  # hội đồng cấp tỉnh đang chấm điểm
    SCORED = "scored"  # đã chấm, chờ quyết định
    MINISTRY_REVIEW = "ministry_review"  # 90–100 điểm: trình Bộ xét 5 sao
    CERTIFIED = "certified"  # đã công nhận, có giấy chứng nhận
    NOT_CERTIFIED = "not_certified"  # không đạt
    WITHDRAWN = "withdrawn"  # chủ thể rút hồ sơ


OPEN_STATES = (DossierState.DRAFT, DossierState.SUBMITTED, DossierState.RETURNED,
               DossierState.COUNCIL_SCORING, DossierState.SCORED,
               DossierState.MINISTRY_REVIEW)


class Dossier(db.Model):
    """One product's application for a star ranking (new, or re-evaluation)."""

    __tablename__ = "ocop_dossier"
    __table_args__ = (
        CheckConstraint("proposed_stars IS NULL OR proposed_stars BETWEEN 3 AND 5",
                        name="proposed_stars_range"),
        CheckConstraint("average_hundredths IS NULL OR average_hundredths BETWEEN 0 AND 10000",
                        name="average_range"),
        # One open dossier per product at a time.
        Index("uq_ocop_dossier_open_product", "product_id", unique=True,
              sqlite_where=text("state IN ('draft', 'submitted', 'returned', "
                                "'council_scoring', 'scored', 'ministry_review')"),
              postgresql_where=text("state IN ('draft', 'submitted', 'returned', "
                                    "'council_scoring', 'scored', 'ministry_review')")),
        Index("ix_ocop_dossier_state_due", "state", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)  # HS-2026-00012
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"),
                                            index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producer.id"), index=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("ocop_scorecard.id"))
    kind: Mapped[DossierKind] = enum_column(DossierKind, default=DossierKind.NEW)
    previous_certification_id: Mapped[int | None] = mapped_column(
        ForeignKey("certification.id", ondelete="SET NULL"))
    state: Mapped[DossierState] = enum_column(DossierState, default=DossierState.DRAFT)
    # The deadline of the stage the dossier is in (commune review, scoring, decision...).
    due_on: Mapped[date | None] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")  # the producer's presentation
    review_note: Mapped[str] = mapped_column(String(2000), default="")  # the commune's comments
    # Council result: the mean of the members' totals, in hundredths of a point (7150 = 71.50).
    average_hundredths: Mapped[int | None]
    proposed_stars: Mapped[int | None]
    outcome_note: Mapped[str] = mapped_column(String(1000), default="")
    certification_id: Mapped[int | None] = mapped_column(
        ForeignKey("certification.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    product: Mapped[Product] = relationship()
    producer: Mapped[Producer] = relationship()
    scorecard: Mapped[Scorecard] = relationship()
    previous_certification: Mapped[Certification | None] = relationship(
        foreign_keys=[previous_certification_id])
    certification: Mapped[Certification | None] = relationship(
        foreign_keys=[certification_id])
    documents: Mapped[list[DossierDocument]] = relationship(
        back_populates="dossier", order_by=lambda: DossierDocument.id,
        cascade="all, delete-orphan", passive_deletes=True)
    sheets: Mapped[list[ScoreSheet]] = relationship(
        back_populates="dossier", order_by=lambda: ScoreSheet.id,
        cascade="all, delete-orphan", passive_deletes=True)

    @property
    def average(self) -> float | None:
        return None if self.average_hundredths is None else self.average_hundredths / 100

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class DocumentKind(StrEnum):
    REGISTRATION = "registration"  # phiếu đăng ký sản phẩm
    BUSINESS_PLAN = "business_plan"  # phương án / kế hoạch kinh doanh
    QUALITY = "quality"  # công bố chất lượng, tiêu chuẩn áp dụng
    FOOD_SAFETY = "food_safety"  # giấy chứng nhận cơ sở đủ điều kiện ATTP
    LEGAL = "legal"  # đăng ký kinh doanh, nhãn hiệu
    PHOTO = "photo"  # ảnh sản phẩm, bao bì, nhãn
    STORY = "story"  # câu chuyện sản phẩm
    THREE_YEAR_REPORT = "three_year_report"  # báo cáo 3 năm (đánh giá lại)
    OTHER = "other"


class DossierDocument(db.Model):
    """An uploaded file of a dossier: a PDF kept as sent, or an image re-encoded without
    metadata. Stored under DOSSIER_DIR (not public); served to the producer and office."""

    __tablename__ = "ocop_dossier_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("ocop_dossier.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[DocumentKind] = enum_column(DocumentKind)
    filename: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(String(300))
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = created_column()

    dossier: Mapped[Dossier] = relationship(back_populates="documents")


class SheetKind(StrEnum):
    SELF = "self"  # tự đánh giá của chủ thể
    COUNCIL = "council"  # phiếu chấm của một thành viên hội đồng


class ScoreSheet(db.Model):
    """Phiếu chấm: one set of points on the dossier's scorecard (the producer's
    self-assessment, or one council member's scores)."""

    __tablename__ = "ocop_score_sheet"
    __table_args__ = (
        UniqueConstraint("dossier_id", "kind", "member_id",
                         name="uq_ocop_score_sheet_dossier_kind_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("ocop_dossier.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[SheetKind] = enum_column(SheetKind)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = created_column()

    dossier: Mapped[Dossier] = relationship(back_populates="sheets")
    member: Mapped[User | None] = relationship()
    scores: Mapped[list[SheetScore]] = relationship(
        back_populates="sheet", cascade="all, delete-orphan", passive_deletes=True)

    def points(self) -> dict[int, int]:
        return {s.criterion_id: s.points for s in self.scores}

    @property
    def total(self) -> int:
        return sum(s.points for s in self.scores)


class SheetScore(db.Model):
    """The points of one criterion on one sheet (0..the criterion's maximum)."""

    __tablename__ = "ocop_sheet_score"
    __table_args__ = (
        UniqueConstraint("sheet_id", "criterion_id", name="uq_ocop_sheet_score_sheet_criterion"),
        CheckConstraint("points >= 0", name="points_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("ocop_score_sheet.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("ocop_criterion.id"), index=True)
    points: Mapped[int]

    sheet: Mapped[ScoreSheet] = relationship(back_populates="scores")


class DossierEvent(db.Model):
    """One transition of a dossier (the audit trail shown to the producer and office)."""

    __tablename__ = "ocop_dossier_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("ocop_dossier.id", ondelete="CASCADE"),
                                            index=True)
    from_state: Mapped[str] = mapped_column(String(20), default="")
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(2000), default="")
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()


class CouncilMember(db.Model):
    """Thành viên hội đồng đánh giá cấp tỉnh: an office account that may score dossiers."""

    __tablename__ = "ocop_council_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_column()

    user: Mapped[User] = relationship()
