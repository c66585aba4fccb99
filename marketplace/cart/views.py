"""Cart pages. Thin: parse, call one service, flash and redirect; errors re-render the
cart with the message and a 4xx status, having changed nothing."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.views import safe_next
from . import bp, services
from .exceptions import CartError
from .pricing import load_lines, summarize
from .session import current_owner, forget_count

HOME_PROVINCE = "19"  # Tỉnh Thái Nguyên: the estimate's destination before an address is known


def destination_for_estimate() -> str:
    """The province shipping is estimated to: the account's default address, else home."""
    if current_user.is_authenticated and current_user.default_address is not None:
        return current_user.default_address.province_code
    return HOME_PROVINCE


def _page(error: str | None = None, status: int = 200):
    cart = services.find_cart(current_owner())
    summary = summarize(load_lines(cart.id if cart else None), destination_for_estimate())
    return render_template("cart/cart.html", summary=summary, error=error,
                           max_quantity=services.max_quantity()), status


@bp.get("/cart")
def show():
    """Giỏ hàng: lines by producer, each parcel's shipping estimate, what changed."""
    return _page()


@bp.post("/cart/add")
def add():
    owner = current_owner(create=True)
    try:
        line = services.add_item(owner, request.form.get("product_id"),
                                 request.form.get("quantity", "1"))
    except CartError as error:
        return _page(str(error), error.status)
    forget_count()
    flash(_("Đã thêm «%(name)s» vào giỏ hàng.", name=line.product.name), "success")
    return redirect(safe_next(request.form.get("next"), url_for("cart.show")), 303)


@bp.post("/cart/lines/<line_id>/quantity")
def update(line_id: str):
    try:
        line = services.set_quantity(current_owner(), line_id, request.form.get("quantity"))
    except CartError as error:
        return _page(str(error), error.status)
    flash(_("Đã cập nhật số lượng «%(name)s».", name=line.product.name), "success")
    return redirect(url_for("cart.show"), 303)


@bp.post("/cart/lines/<line_id>/remove")
def remove(line_id: str):
    try:
        name = services.remove_line(current_owner(), line_id)
    except CartError as error:
        return _page(str(error), error.status)
    flash(_("Đã bỏ «%(name)s» khỏi giỏ hàng.", name=name), "success")
    return redirect(url_for("cart.show"), 303)


@bp.post("/cart/accept")
def accept():
    """Accept the flagged changes (new prices, reduced quantities, removed items)."""
    for note in services.accept_changes(current_owner()) or [_("Giỏ hàng không có gì thay đổi.")]:
        flash(note, "info")
    return redirect(url_for("cart.show"), 303)
