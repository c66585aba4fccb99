"""Office pages: the dashboard home and the producer approvals queue."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..accounts.models import Role, User
from ..auth import role_required
from ..catalog.models import Product
from ..extensions import db
from ..shops import review
from ..shops.exceptions import InvalidProducerTransition, ShopInvalid
from ..shops.forms import ReasonForm
from ..shops.models import STATUS_LABELS, Producer, ProducerStatus, ProducerStatusEvent
from . import bp

PAGE_SIZE = 50
DECISIONS = {
    "approve": (ProducerStatus.APPROVED, "Duyệt gian hàng"),
    "request_changes": (ProducerStatus.CHANGES_REQUESTED, "Yêu cầu bổ sung"),
    "suspend": (ProducerStatus.SUSPENDED, "Tạm ngưng"),
    "reinstate": (ProducerStatus.APPROVED, "Mở lại gian hàng"),
}


@dataclass(frozen=True)
class Section:
    """One tile of the office dashboard: later issues append theirs."""

    title: str
    endpoint: str
    text: str


SECTIONS = [
    Section("Duyệt gian hàng", "admin.producers", "Hồ sơ chủ thể OCOP chờ duyệt, cần bổ sung, "
            "tạm ngưng."),
    Section("Thanh toán chuyển khoản", "payments.office_payments",
            "Đối soát chuyển khoản VietQR, hoàn tiền."),
    Section("Thanh toán thẻ", "payments.office_card", "Thanh toán Stripe cần xử lý, hoàn tiền."),
    Section("Đối soát và chi trả", "settlement.office", "Sổ đối soát theo chủ thể, đợt chi trả."),
    Section("Hồ sơ OCOP", "admin.ocop_dossiers", "Hồ sơ đánh giá theo bước, hạn xử lý; "
            "đánh giá sơ bộ, chấm điểm hội đồng, quyết định công nhận."),
    Section("Chứng nhận sắp hết hạn", "admin.ocop_expiring",
            "Giấy chứng nhận hết hạn trong 90 ngày, thông báo, thu hồi."),
    Section("Thống kê OCOP", "admin.ocop_stats", "Theo hạng sao, nhóm, xã, năm (biểu đồ)."),
    Section("Bộ tiêu chí", "admin.ocop_scorecards", "Tiêu chí chấm điểm theo nhóm sản phẩm."),
    Section("Hội đồng đánh giá", "admin.ocop_council", "Thành viên hội đồng cấp tỉnh."),
    Section("Xuất dữ liệu OCOP", "admin.ocop_export",
            "CSV, JSON cho cơ sở dữ liệu OCOP quốc gia; token API."),
    Section("Duyệt điểm bán", "outlets.office_outlets", "Điểm bán OCOP chờ duyệt, tạm ngưng."),
    Section("Bộ quà tặng", "outlets.office_gift_sets", "Ghép bộ quà Tết, quà biếu, quà hội nghị."),
    Section("Hội chợ, sự kiện", "outlets.office_events",
            "Công bố hội chợ, triển lãm, tuần hàng OCOP; duyệt cơ sở tham gia."),
    Section("Chuyển khoản nhập hàng", "outlets.office_restock",
            "Đối soát chuyển khoản của đơn nhập hàng từ điểm bán."),
    Section("Kiểm duyệt đánh giá", "reviews.office_reviews",
            "Đánh giá mới của người mua; ẩn đánh giá vi phạm, hiện lại."),
]


@bp.get("/dashboard/office")
@role_required(Role.OFFICE)
def home():
    counts = dict(db.session.execute(
        select(Producer.status, func.count()).group_by(Producer.status)).all())
    # Sections whose pages are not (yet) part of this app are left out.
    sections = [s for s in SECTIONS if s.endpoint in current_app.view_functions]
    return render_template("admin/home.html", sections=sections,
                           counts={str(k): v for k, v in counts.items()}, labels=STATUS_LABELS)


@bp.get("/dashboard/office/producers")
@role_required(Role.OFFICE)
def producers():
    """The approvals queue: pending first (oldest first), or any status by filter."""
    status = request.args.get("status", ProducerStatus.PENDING.value)
    query = select(Producer)
    if status in {s.value for s in ProducerStatus}:
        query = query.where(Producer.status == status)
    else:
        status = ""
    rows = db.session.scalars(query.order_by(Producer.submitted_at.asc().nulls_last(),
                                             Producer.id).limit(PAGE_SIZE)).all()
    return render_template("admin/producers.html", rows=rows, status=status, labels=STATUS_LABELS)


@bp.get("/dashboard/office/producers/<int:producer_id>")
@role_required(Role.OFFICE)
def producer_detail(producer_id: int):
    producer = db.get_or_404(Producer, producer_id)
    events = db.session.scalars(select(ProducerStatusEvent).where(
        ProducerStatusEvent.producer_id == producer.id).order_by(ProducerStatusEvent.id.desc())).all()
    owners = db.session.scalars(select(User).where(User.producer_id == producer.id)
                                .order_by(User.producer_role, User.id)).all()
    products = db.session.scalar(select(func.count()).select_from(Product).where(
        Product.producer_id == producer.id))
    decisions = [(key, label) for key, (target, label) in DECISIONS.items()
                 if review.allowed(producer.status, target)
                 and (key != "reinstate" or producer.status == ProducerStatus.SUSPENDED)
                 and (key != "approve" or producer.status != ProducerStatus.SUSPENDED)]
    return render_template("admin/producer.html", producer=producer, events=events,
                           owners=owners, products=products, decisions=decisions,
                           form=ReasonForm(), labels=STATUS_LABELS)


@bp.post("/dashboard/office/producers/<int:producer_id>/<any(approve, request_changes, suspend, reinstate):decision>")
@role_required(Role.OFFICE)
def decide(producer_id: int, decision: str):
    producer = db.get_or_404(Producer, producer_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        abort(400)
    target = DECISIONS[decision][0]
    try:
        review.decide(producer, target, reason=form.reason.data or "", actor_id=current_user.id)
    except (ShopInvalid, InvalidProducerTransition) as error:
        flash(str(error), "error")
    else:
        flash(f"{DECISIONS[decision][1]}: {producer.name}. Cơ sở đã được báo qua email.", "success")
    return redirect(url_for("admin.producer_detail", producer_id=producer.id), 303)
