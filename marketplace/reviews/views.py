"""Review pages: the shopper's form, a product's reviews, the producer's replies and the
office's moderation. Thin: read the form, call one service, flash and redirect (or
re-render with the service's field errors)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..accounts.models import Role
from ..auth import role_required
from ..catalog.services import get_listed_product
from ..shops.dashboard import producer_required
from . import bp, services
from .exceptions import ReviewError, ReviewInvalid, ReviewNotFound
from .forms import HideForm, ReplyForm, ReviewForm
from .models import ReviewStatus


def _page_arg() -> int:
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 6 else 1


def _form_errors(form, error: ReviewInvalid) -> None:
    for field, message in error.errors.items():
        getattr(form, field).errors = [message]


@bp.app_template_global()
def review_ratings(order) -> dict[int, int]:
    """Order line id → stars given, for the order page's "Đã đánh giá ★n" (one query)."""
    return services.ratings_of_lines([line.id for s in order.shop_orders for line in s.lines])


# ---------------------------------------------------------------- shoppers
@bp.route("/orders/<number>/lines/<int:line_id>/review", methods=["GET", "POST"])
@login_required
def write(number: str, line_id: int):
    """Viết đánh giá: one received order line, once."""
    try:
        line = services.reviewable_line(current_user.id, line_id)
    except ReviewNotFound:
        abort(404)
    except ReviewError as error:
        flash(str(error), "error")
        return redirect(url_for("orders.detail", number=number), 303)
    order = line.shop_order.order
    if order.number != number:
        abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            services.create_review(current_user.id, line.id, form.rating.data, form.body.data)
        except ReviewInvalid as error:
            _form_errors(form, error)
        except ReviewError as error:  # lost a double submit, or the line changed meanwhile
            flash(str(error), "error")
            return redirect(url_for("orders.detail", number=number), 303)
        else:
            flash(_("Cảm ơn bạn đã đánh giá sản phẩm!"), "success")
            return redirect(url_for("orders.detail", number=number), 303)
    status = 400 if request.method == "POST" else 200
    return render_template("reviews/write.html", form=form, line=line, order=order), status


@bp.get("/products/<slug>/reviews")
def product_reviews(slug: str):
    """Every visible review of a product, newest first, ten a page."""
    product = get_listed_product(slug)
    if product is None:
        abort(404, description=_("Không tìm thấy sản phẩm này, hoặc sản phẩm đã ngừng bán."))
    return render_template("reviews/product.html", product=product,
                           reviews=services.product_summary(product.id, limit=0),
                           page=services.product_reviews(product.id, _page_arg()))


# ---------------------------------------------------------------- producers
@bp.get("/dashboard/producer/reviews")
@producer_required
def shop_reviews():
    """Đánh giá: the reviews of the shop's products, each with its reply form."""
    unreplied = request.args.get("unreplied") == "1"
    page = services.shop_reviews(g.producer.id, _page_arg(), unreplied=unreplied)
    return render_template("reviews/dashboard.html", page=page, unreplied=unreplied,
                           form=ReplyForm(), active="reviews")


@bp.post("/dashboard/producer/reviews/<int:review_id>/reply")
@producer_required
def reply(review_id: int):
    try:  # another shop's review is not found, whatever the form holds
        services.get_for_producer(g.producer.id, review_id)
    except ReviewNotFound:
        abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.reply(g.producer.id, review_id, form.body.data, actor_id=current_user.id)
    except ReviewError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã gửi phản hồi; phản hồi hiển thị dưới đánh giá trên trang sản phẩm."),
              "success")
    return redirect(url_for("reviews.shop_reviews", _anchor=f"review-{review_id}"), 303)


# ---------------------------------------------------------------- the OCOP office
@bp.get("/dashboard/office/reviews")
@role_required(Role.OFFICE)
def office_reviews():
    """Kiểm duyệt đánh giá: recent reviews, hide the abusive ones (with a reason)."""
    status = request.args.get("status", "")
    status = status if status in {s.value for s in ReviewStatus} else ""
    return render_template("reviews/office.html", page=services.recent_reviews(
        _page_arg(), status), status=status, form=HideForm())


@bp.post("/dashboard/office/reviews/<int:review_id>/<any(hide, unhide):action>")
@role_required(Role.OFFICE)
def moderate(review_id: int, action: str):
    form = HideForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if action == "hide":
            services.hide(review_id, form.reason.data, actor_id=current_user.id)
        else:
            services.unhide(review_id)
    except ReviewNotFound:
        abort(404)
    except ReviewError as error:
        flash(str(error), "error")
    else:
        flash(_("Đã ẩn đánh giá.") if action == "hide" else _("Đã hiển thị lại đánh giá."),
              "success")
    return redirect(url_for("reviews.office_reviews", status=request.args.get("status") or None,
                            page=request.args.get("page") or None,
                            _anchor=f"review-{review_id}"), 303)
