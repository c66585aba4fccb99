"""The operator's dashboard (/dashboard/outlet/...): shelf stock, counter sales, counts,
gift sets, and the outlet's details. Every record is looked up within ``g.outlet``, the
operator's own outlet, so another outlet's ids answer 404.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from ..accounts.models import Role
from ..auth import login_required, role_required
from ..catalog import images
from ..catalog.exceptions import ImageRejected
from ..catalog.models import Product
from ..extensions import db
from . import bp, giftsets, restock, review, shelf
from .exceptions import OutletError, OutletInvalid
from .giftset_models import OCCASION_LABELS
from .models import LEVEL_LABELS, OutletStock

MAX_COMPONENT_ROWS = 8


def operator_required(view):
    """An outlet operator's account; ``g.outlet`` is its outlet."""
    @wraps(view)
    @role_required(Role.OUTLET)
    def wrapped(*args, **kwargs):
        if current_user.outlet is None:
            abort(403)
        g.outlet = current_user.outlet
        return view(*args, **kwargs)
    return wrapped


def check_csrf() -> None:
    if not FlaskForm().validate_on_submit():
        abort(400)


def own_item(product_id: int) -> OutletStock:
    found = shelf.item(g.outlet.id, product_id)
    if found is None:
        abort(404)
    return found


def outlet_data(form) -> review.OutletData:
    return review.OutletData(**{k: form.get(k, "") for k in (
        "name", "level", "province_code", "commune_code", "street", "opening_hours", "phone",
        "email", "lat", "lng")})


@bp.route("/dashboard/outlet/register", methods=["GET", "POST"])
@login_required
def register_outlet():
    """Đăng ký điểm bán: a shopper account registers the sales point it runs."""
    if current_user.role == Role.OUTLET:
        return redirect(url_for("outlets.operator_home"))
    if current_user.role != Role.SHOPPER:
        abort(403)
    data, errors, status = review.OutletData(), {}, 200
    if request.method == "POST":
        check_csrf()
        data = outlet_data(request.form)
        try:
            review.register_outlet(current_user, data)
        except OutletInvalid as error:
            errors, status = error.errors, 400
        else:
            flash(_("Đã gửi đăng ký điểm bán. Văn phòng OCOP sẽ duyệt và báo qua email."),
                  "success")
            return redirect(url_for("outlets.operator_home"), 303)
    return render_template("outlets/dashboard/register.html", data=data, errors=errors,
                           levels=LEVEL_LABELS), status


@bp.get("/dashboard/outlet")
@operator_required
def operator_home():
    """Tổng quan: low-stock warnings first, then restock orders on their way."""
    from .suggestions import suggestions

    orders = restock.orders_for_outlet(g.outlet.id, limit=50)
    return render_template("outlets/dashboard/home.html", outlet=g.outlet,
                           low=suggestions(g.outlet.id),
                           arriving=[o for o in orders if o.status == "shipped"],
                           open_orders=[o for o in orders if o.status in ("placed", "accepted")])


@bp.route("/dashboard/outlet/profile", methods=["GET", "POST"])
@operator_required
def operator_profile():
    data, errors, status = None, {}, 200
    if request.method == "POST":
        check_csrf()
        data = outlet_data(request.form)
        try:
            review.update_outlet(g.outlet, data)
        except OutletInvalid as error:
            errors, status = error.errors, 400
            db.session.rollback()
        else:
            flash(_("Đã lưu thông tin điểm bán."), "success")
            return redirect(url_for("outlets.operator_profile"), 303)
    if data is None:
        o = g.outlet
        data = review.OutletData(o.name, str(o.level), o.province_code, o.commune_code,
                                 o.street, o.opening_hours, o.phone or "", o.email or "",
                                 "" if o.lat is None else str(o.lat),
                                 "" if o.lng is None else str(o.lng))
    return render_template("outlets/dashboard/profile.html", data=data, errors=errors,
                           levels=LEVEL_LABELS, events=review.events_of(g.outlet)), status


# ---------------------------------------------------------------- shelf stock

@bp.get("/dashboard/outlet/stock")
@operator_required
def stock_page():
    carried = shelf.items(g.outlet.id)
    have = {s.product_id for s in carried}
    choices = [p for p in giftsets.component_choices() if p.id not in have]
    return render_template("outlets/dashboard/stock.html", items=carried, choices=choices,
                           errors={})


@bp.post("/dashboard/outlet/stock/add")
@operator_required
def add_stock_item():
    check_csrf()
    try:
        levels = shelf.check_levels(request.form.get("reorder_point"),
                                    request.form.get("target_level"))
        product_id = int(request.form.get("product_id") or 0)
        added = shelf.add_item(g.outlet, product_id, request.form.get("opening", "0"), levels,
                               actor_id=current_user.id)
    except (OutletInvalid, ValueError) as error:
        flash(str(error) if isinstance(error, OutletInvalid) else _("Vui lòng chọn sản phẩm."),
              "error")
    else:
        flash(_("Đã thêm «%(name)s» vào tồn kho điểm bán.", name=added.product.name), "success")
    return redirect(url_for("outlets.stock_page"), 303)


@bp.route("/dashboard/outlet/stock/<int:product_id>", methods=["GET", "POST"])
@operator_required
def stock_item(product_id: int):
    """One item: its levels (reorder point, target) and its movement history."""
    item = own_item(product_id)
    errors, status = {}, 200
    if request.method == "POST":
        check_csrf()
        try:
            shelf.set_levels(item, shelf.check_levels(request.form.get("reorder_point"),
                                                      request.form.get("target_level")))
        except OutletInvalid as error:
            errors, status = error.errors, 400
        else:
            flash(_("Đã lưu mức tồn."), "success")
            return redirect(url_for("outlets.stock_item", product_id=product_id), 303)
    return render_template("outlets/dashboard/stock_item.html", item=item, errors=errors,
                           movements=shelf.history(g.outlet.id, product_id),
                           total=shelf.movement_total(g.outlet.id, product_id)), status


@bp.route("/dashboard/outlet/sales", methods=["GET", "POST"])
@operator_required
def sales_page():
    """Bán tại quầy: quick entry by product, by stamp serial, or a gift set."""
    if request.method == "POST":
        check_csrf()
        kind = request.form.get("kind", "product")
        try:
            if kind == "stamp":
                product, left = shelf.sell_by_stamp(g.outlet, request.form.get("serial", ""),
                                                    actor_id=current_user.id,
                                                    actor_name=g.outlet.name)
                flash(_("Đã bán 1 «%(name)s» theo tem; còn %(left)s.", name=product.name,
                        left=left), "success")
            elif kind == "gift_set":
                sold = shelf.sell_gift_set(g.outlet, int(request.form.get("gift_set") or 0),
                                           request.form.get("quantity", "1"),
                                           actor_id=current_user.id)
                flash(ngettext("Đã bán %(num)s bộ quà.", "Đã bán %(num)s bộ quà.", sold),
                      "success")
            else:
                product_id = int(request.form.get("product_id") or 0)
                own_item(product_id)
                left = shelf.sell(g.outlet, product_id, request.form.get("quantity", ""),
                                  actor_id=current_user.id)
                flash(_("Đã ghi bán; còn %(left)s trên quầy.", left=left), "success")
        except ValueError:
            flash(_("Vui lòng chọn sản phẩm."), "error")
        except OutletError as error:
            flash(str(error), "error")
        return redirect(url_for("outlets.sales_page"), 303)
    recent = [m for m in shelf.history(g.outlet.id, limit=300) if m.reason == "counter_sale"][:30]
    return render_template("outlets/dashboard/sales.html", items=shelf.items(g.outlet.id),
                           recent=recent, gift_sets=shelf.gift_sets_here(g.outlet.id))


@bp.route("/dashboard/outlet/count", methods=["GET", "POST"])
@operator_required
def count_page():
    """Kiểm kê: type what is on the shelf; differences become ``count`` movements."""
    errors, status = {}, 200
    if request.method == "POST":
        check_csrf()
        counted = {}
        for key, value in request.form.items():
            if key.startswith("count-") and key[6:].isdigit():
                counted[int(key[6:])] = value
        mine = {s.product_id for s in shelf.items(g.outlet.id)}
        if set(counted) - mine:
            abort(404)
        try:
            changed = shelf.record_count(g.outlet, counted, actor_id=current_user.id)
        except OutletError as error:
            errors = getattr(error, "errors", {"count": str(error)})
            status = 400
        else:
            flash(ngettext("Đã ghi kiểm kê: %(num)s sản phẩm thay đổi.",
                           "Đã ghi kiểm kê: %(num)s sản phẩm thay đổi.", changed), "success")
            return redirect(url_for("outlets.stock_page"), 303)
    return render_template("outlets/dashboard/count.html", items=shelf.items(g.outlet.id),
                           errors=errors), status


# ---------------------------------------------------------------- gift sets (operators)

def gift_data(form) -> giftsets.GiftSetData:
    rows = [(form.get(f"component-{i}", ""), form.get(f"quantity-{i}", ""))
            for i in range(MAX_COMPONENT_ROWS)]
    return giftsets.GiftSetData(name=form.get("name", ""), description=form.get("description", ""),
                                occasion=form.get("occasion", ""),
                                price_vnd=form.get("price_vnd", ""), components=rows)


def gift_form_data(product: Product | None) -> giftsets.GiftSetData:
    if product is None:
        return giftsets.GiftSetData(components=[])
    gift = product.gift_set
    return giftsets.GiftSetData(
        name=product.name, description=product.description, occasion=str(gift.occasion),
        price_vnd=str(product.price_vnd),
        components=[(str(c.product_id), str(c.quantity)) for c in gift.components])


def compose(product: Product | None, *, outlet_id: int | None, template: str, done):
    """The compose form for a new or existing set (operators and the office share it)."""
    data, errors, status = gift_form_data(product), {}, 200
    if request.method == "POST":
        check_csrf()
        data = gift_data(request.form)
        try:
            if product is None:
                product = giftsets.create_gift_set(data, actor_id=current_user.id,
                                                   outlet_id=outlet_id)
            else:
                giftsets.update_gift_set(product, data)
        except OutletInvalid as error:
            errors, status = error.errors, 400
        else:
            _maybe_photo(product)
            flash(_("Đã lưu bộ quà «%(name)s».", name=product.name), "success")
            return redirect(done(product), 303)
    return render_template(template, product=product, data=data, errors=errors,
                           choices=giftsets.component_choices(), occasions=OCCASION_LABELS,
                           rows=MAX_COMPONENT_ROWS), status


def _maybe_photo(product: Product) -> None:
    """An optional photo sent with the compose form becomes the set's cover."""
    from ..catalog import manage

    upload = request.files.get("photo")
    if not upload or not upload.filename:
        return
    try:
        data = images.read_upload(upload.stream)
        for image in list(product.images):
            manage.delete_image(product, image)
        manage.add_images(product, [manage.Upload(upload.filename, data)], product.name)
    except (ImageRejected, OutletError, Exception) as error:  # noqa: BLE001 — the set stands
        db.session.rollback()
        flash(_("Bộ quà đã lưu nhưng ảnh chưa được nhận: %(error)s", error=error), "error")


def own_gift(product_id: int) -> Product:
    gift = db.session.scalar(select(Product).where(Product.id == product_id))
    if gift is None or gift.gift_set is None or gift.gift_set.outlet_id != g.outlet.id:
        abort(404)
    return gift


@bp.get("/dashboard/outlet/gift-sets")
@operator_required
def operator_gift_sets():
    return render_template("outlets/dashboard/gift_sets.html",
                           mine=giftsets.gift_sets(outlet_id=g.outlet.id),
                           here=shelf.gift_sets_here(g.outlet.id))


@bp.route("/dashboard/outlet/gift-sets/new", methods=["GET", "POST"])
@operator_required
def operator_new_gift_set():
    return compose(None, outlet_id=g.outlet.id, template="outlets/dashboard/gift_set_form.html",
                   done=lambda p: url_for("outlets.operator_gift_sets"))


@bp.route("/dashboard/outlet/gift-sets/<int:product_id>", methods=["GET", "POST"])
@operator_required
def operator_edit_gift_set(product_id: int):
    return compose(own_gift(product_id), outlet_id=g.outlet.id,
                   template="outlets/dashboard/gift_set_form.html",
                   done=lambda p: url_for("outlets.operator_gift_sets"))
