"""Office pages: the dashboard home and the producer approvals queue."""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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
    "approve": (ProducerStatus.APPROVED, _l("Duyệt gian hàng")),
    "request_changes": (ProducerStatus.CHANGES_REQUESTED, _l("Yêu cầu bổ sung")),
    "suspend": (ProducerStatus.SUSPENDED, _l("Tạm ngưng gian hàng")),
    "reinstate": (ProducerStatus.APPROVED, _l("Mở lại gian hàng")),
}


@dataclass(frozen=True)
class Section:
    """One tile of the office dashboard: later issues append theirs."""

    title: str  # lazy: shown in the visitor's language
    endpoint: str
    text: str


SECTIONS = [
    Section(_l("Duyệt gian hàng"), "admin.producers", _l("Hồ sơ chủ thể OCOP chờ duyệt, cần "
            "bổ sung, tạm ngưng.")),
    Section(_l("Thanh toán chuyển khoản"), "payments.office_payments",
            _l("Đối soát chuyển khoản VietQR, hoàn tiền.")),
    Section(_l("Thanh toán thẻ"), "payments.office_card",
            _l("Thanh toán Stripe cần xử lý, hoàn tiền.")),
    Section(_l("Đối soát và chi trả"), "settlement.office",
            _l("Sổ đối soát theo chủ thể, đợt chi trả.")),
    Section(_l("Hồ sơ OCOP"), "admin.ocop_dossiers", _l("Hồ sơ đánh giá theo bước, hạn xử lý; "
            "đánh giá sơ bộ, chấm điểm hội đồng, quyết định công nhận.")),
    Section(_l("Chứng nhận sắp hết hạn"), "admin.ocop_expiring",
            _l("Giấy chứng nhận hết hạn trong 90 ngày, thông báo, thu hồi.")),
    Section(_l("Thống kê OCOP"), "admin.ocop_stats",
            _l("Theo hạng sao, nhóm, xã, năm (biểu đồ).")),
    Section(_l("Bộ tiêu chí"), "admin.ocop_scorecards",
            _l("Tiêu chí chấm điểm theo nhóm sản phẩm.")),
    Section(_l("Hội đồng đánh giá"), "admin.ocop_council", _l("Thành viên hội đồng cấp tỉnh.")),
    Section(_l("Xuất dữ liệu OCOP"), "admin.ocop_export",
            _l("CSV, JSON cho cơ sở dữ liệu OCOP quốc gia; token API.")),
    Section(_l("Duyệt điểm bán"), "outlets.office_outlets",
            _l("Điểm bán OCOP chờ duyệt, tạm ngưng.")),
    Section(_l("Bộ quà tặng"), "outlets.office_gift_sets",
            _l("Ghép bộ quà Tết, quà biếu, quà hội nghị.")),
    Section(_l("Hội chợ, sự kiện"), "outlets.office_events",
            _l("Công bố hội chợ, triển lãm, tuần hàng OCOP; duyệt cơ sở tham gia.")),
    Section(_l("Chuyển khoản nhập hàng"), "outlets.office_restock",
            _l("Đối soát chuyển khoản của đơn nhập hàng từ điểm bán.")),
    Section(_l("Kiểm duyệt đánh giá"), "reviews.office_reviews",
            _l("Đánh giá mới của người mua; ẩn đánh giá vi phạm, hiện lại.")),
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
        flash(_("%(decision)s: %(name)s. Cơ sở đã được báo qua email.",
                decision=DECISIONS[decision][1], name=producer.name), "success")
    return redirect(url_for("admin.producer_detail", producer_id=producer.id), 303)
