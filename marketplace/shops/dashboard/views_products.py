"""Dashboard pages of products: list, create, edit, publish/archive, images, stock, CSV."""
from __future__ import annotations

from flask import Response, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from ...catalog import bulk, images, manage, stock
from ...catalog.exceptions import ImageRejected, ImportFailed, ProductInvalid, StockRefused
from ...catalog.groups import OCOP_GROUPS
from ...catalog.models import Product, ProductStatus
from ...extensions import db
from ...i18n import current_language
from ..forms import AdjustStockForm, ImageForm, ProductForm
from . import bp, producer_required
from .views_shop import show_errors

STATUS_FILTERS = [("", _l("Tất cả (trừ lưu trữ)")), ("draft", _l("Bản nháp")),
                  ("active", _l("Đang bán")), ("archived", _l("Đã lưu trữ")),
                  ("low", _l("Sắp hết hàng"))]
STATUS_ACTIONS = {"publish": ProductStatus.ACTIVE, "unpublish": ProductStatus.DRAFT,
                  "archive": ProductStatus.ARCHIVED, "restore": ProductStatus.DRAFT}


def own_product(product_id: int) -> Product:
    """The producer's own product; anyone else's id answers 404."""
    product = db.session.scalar(select(Product).where(Product.id == product_id,
                                                      Product.producer_id == g.producer.id))
    if product is None:
        abort(404)
    return product


def category_choices() -> list[tuple[str, str]]:
    """The OCOP groups and sub-groups, named in the visitor's language."""
    english = current_language() == "en"
    choices = [("", "— " + _("Chọn nhóm") + " —")]
    for slug, name, name_en, children in OCOP_GROUPS:
        name = name_en if english else name
        if children:
            choices += [(child_slug, f"{name} › {child_en if english else child_name}")
                        for child_slug, child_name, child_en in children]
        else:
            choices.append((slug, name))
    return choices


def product_data(form: ProductForm) -> manage.ProductData:
    return manage.ProductData(**{name: (getattr(form, name).data or "") for name in (
        "name", "category", "description", "name_en", "description_en", "unit", "net_quantity",
        "price_vnd", "stock",
        "weight_grams", "low_stock_threshold", "origin", "shelf_life", "storage", "gtin")},
        is_gift=bool(form.is_gift.data))


@bp.get("/dashboard/producer/products")
@producer_required
def products():
    """Sản phẩm: the producer's products by status, with stock and low-stock marks."""
    shown = request.args.get("status", "")
    query = select(Product).where(Product.producer_id == g.producer.id)
    if shown in ("draft", "active", "archived"):
        query = query.where(Product.status == shown)
    elif shown == "low":
        query = query.where(Product.status != ProductStatus.ARCHIVED,
                            Product.stock <= Product.low_stock_threshold)
    else:
        shown = ""
        query = query.where(Product.status != ProductStatus.ARCHIVED)
    items = db.session.scalars(query.order_by(Product.status, func.lower(Product.name))).all()
    return render_template("dashboard/products.html", items=items, shown=shown,
                           filters=STATUS_FILTERS, labels=manage.STATUS_LABELS,
                           form=FlaskForm())


@bp.route("/dashboard/producer/products/new", methods=["GET", "POST"])
@producer_required
def new_product():
    form = ProductForm(data={"unit": _("sản phẩm"), "stock": "0", "weight_grams": "500",
                             "low_stock_threshold": "5"}) if request.method == "GET" \
        else ProductForm()
    form.category.choices = category_choices()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                product = manage.create_product(g.producer, product_data(form),
                                                actor_id=current_user.id)
            except ProductInvalid as error:
                show_errors(form, error)
            else:
                flash(_("Đã tạo sản phẩm (bản nháp). Thêm ảnh rồi bấm «Đăng bán»."), "success")
                return redirect(url_for("dashboard.edit_product", product_id=product.id), 303)
        status = 400
    return render_template("dashboard/product_form.html", form=form, product=None), status


@bp.route("/dashboard/producer/products/<int:product_id>", methods=["GET", "POST"])
@producer_required
def edit_product(product_id: int):
    product = own_product(product_id)
    form = ProductForm(data=vars(manage.ProductData.of(product))) if request.method == "GET" \
        else ProductForm()
    form.category.choices = category_choices()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                manage.update_product(product, product_data(form))
            except ProductInvalid as error:
                show_errors(form, error)
            else:
                flash(_("Đã lưu sản phẩm."), "success")
                return redirect(url_for("dashboard.edit_product", product_id=product.id), 303)
        status = 400
    return render_template("dashboard/product_form.html", form=form, product=product,
                           image_form=ImageForm(), action_form=FlaskForm(),
                           labels=manage.STATUS_LABELS,
                           max_images=current_app.config["PRODUCT_MAX_IMAGES"]), status


@bp.post("/dashboard/producer/products/<int:product_id>/<any(publish, unpublish, archive, restore):action>")
@producer_required
def product_status(product_id: int, action: str):
    product = own_product(product_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        manage.set_status(product, STATUS_ACTIONS[action])
    except ProductInvalid as error:
        flash(str(error), "error")
    else:
        flash({"publish": _("Sản phẩm đã được đăng bán."),
               "unpublish": _("Đã ngừng bán (bản nháp)."),
               "archive": _("Đã lưu trữ sản phẩm."),
               "restore": _("Đã khôi phục (bản nháp).")}[action], "success")
    return redirect(request.form.get("back") == "list" and url_for("dashboard.products")
                    or url_for("dashboard.edit_product", product_id=product.id), 303)


@bp.post("/dashboard/producer/products/<int:product_id>/duplicate")
@producer_required
def duplicate_product(product_id: int):
    product = own_product(product_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    copy = manage.duplicate_product(product, actor_id=current_user.id)
    flash(_("Đã tạo bản sao «%(name)s» (bản nháp).", name=copy.name), "success")
    return redirect(url_for("dashboard.edit_product", product_id=copy.id), 303)


# ---------------------------------------------------------------- images

@bp.post("/dashboard/producer/products/<int:product_id>/images")
@producer_required
def upload_images(product_id: int):
    product = own_product(product_id)
    form = ImageForm()
    if not form.validate_on_submit():
        abort(400)
    files = [f for f in request.files.getlist("images") if f and f.filename][:5]
    uploads, problems = [], []
    for file in files:
        try:
            uploads.append(manage.Upload(file.filename, images.read_upload(file.stream)))
        except ImageRejected as error:
            problems.append(f"«{file.filename}»: {error}")
    try:
        if problems:
            raise ProductInvalid({"images": " ".join([*problems, _("Chưa ảnh nào được thêm.")])})
        added = manage.add_images(product, uploads, form.alt.data or "")
    except ProductInvalid as error:
        flash(str(error), "error")
    else:
        flash(ngettext("Đã thêm %(num)s ảnh.", "Đã thêm %(num)s ảnh.", len(added)), "success")
    return redirect(url_for("dashboard.edit_product", product_id=product.id) + "#product-images", 303)


def _own_image(product: Product, image_id: int):
    image = manage.get_image(product, image_id)
    if image is None:
        abort(404)
    return image


@bp.post("/dashboard/producer/products/<int:product_id>/images/<int:image_id>")
@producer_required
def update_image(product_id: int, image_id: int):
    product = own_product(product_id)
    image = _own_image(product, image_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        manage.update_alt(product, image, request.form.get("alt", ""))
    except ProductInvalid as error:
        flash(str(error), "error")
    else:
        flash(_("Đã lưu mô tả ảnh."), "success")
    return redirect(url_for("dashboard.edit_product", product_id=product.id) + "#product-images", 303)


@bp.post("/dashboard/producer/products/<int:product_id>/images/<int:image_id>/<any(up, down, first):direction>")
@producer_required
def move_image(product_id: int, image_id: int, direction: str):
    product = own_product(product_id)
    image = _own_image(product, image_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    manage.move_image(product, image, direction)
    return redirect(url_for("dashboard.edit_product", product_id=product.id) + "#product-images", 303)


@bp.post("/dashboard/producer/products/<int:product_id>/images/<int:image_id>/delete")
@producer_required
def delete_image(product_id: int, image_id: int):
    product = own_product(product_id)
    image = _own_image(product, image_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    manage.delete_image(product, image)
    flash(_("Đã xoá ảnh."), "success")
    return redirect(url_for("dashboard.edit_product", product_id=product.id) + "#product-images", 303)


# ---------------------------------------------------------------- stock

@bp.route("/dashboard/producer/products/<int:product_id>/stock", methods=["GET", "POST"])
@producer_required
def product_stock(product_id: int):
    """Tồn kho: the movement history (its sum is the stock) and a manual adjustment."""
    product = own_product(product_id)
    form = AdjustStockForm()
    form.reason.choices = [("", "— " + _("Chọn lý do") + " —")] + [
        (reason.value, label) for reason, label in stock.MANUAL_REASONS.items()]
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                adjustment = stock.check_adjustment(form.delta.data, form.reason.data or "",
                                                    form.note.data or "")
                after = stock.adjust_stock(product, adjustment, actor_id=current_user.id)
            except ProductInvalid as error:
                show_errors(form, error)
            except StockRefused as error:
                form.delta.errors = [*form.delta.errors, str(error)]
            else:
                flash(_("Đã cập nhật tồn kho: còn %(n)s.", n=after), "success")
                return redirect(url_for("dashboard.product_stock", product_id=product.id), 303)
        status = 400
    return render_template("dashboard/stock.html", product=product, form=form,
                           movements=stock.history(product.id),
                           total=stock.movement_total(product.id),
                           reason_label=stock.reason_label), status


@bp.route("/dashboard/producer/products/bulk", methods=["GET", "POST"])
@producer_required
def bulk_update():
    """Cập nhật giá và tồn kho hàng loạt từ CSV: all rows or none, errors by line."""
    form = FlaskForm()
    errors, result, status = [], None, 200
    if request.method == "POST":
        upload = request.files.get("file")
        if not form.validate_on_submit():
            abort(400)
        data = upload.read(current_app.config["BULK_UPDATE_MAX_BYTES"] + 1) if upload else b""
        if not data:
            errors, status = [_("Vui lòng chọn tệp CSV.")], 400
        else:
            try:
                result = bulk.apply_bulk(data, g.producer.id,
                                         limit=current_app.config["BULK_UPDATE_MAX_BYTES"],
                                         actor_id=current_user.id)
            except ImportFailed as failure:
                errors, status = [str(e) for e in failure.errors], 400
    return render_template("dashboard/bulk.html", form=form, errors=errors, result=result), status


@bp.get("/dashboard/producer/products/export.csv")
@producer_required
def export_products():
    return Response("\ufeff" + bulk.export_csv(g.producer.id), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="san-pham.csv"',
                             "Cache-Control": "private, no-store"})
