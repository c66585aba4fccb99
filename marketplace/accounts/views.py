"""Account pages. Thin: validate the form, call one service, flash and redirect, or
re-render with the service's errors next to their fields."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from ..security import account_key, config_limit, failed_attempt, ip_key, limiter
from . import bp, services
from .exceptions import AccountError, AddressNotFound, InvalidResetToken, ValidationFailed
from .forms import (
    AddressForm, ChangePasswordForm, ForgotPasswordForm, LoginForm, ProfileForm, RegisterForm,
    ResetPasswordForm,
)

HOME_PROVINCE = "19"  # Tỉnh Thái Nguyên: the first commune list an address form shows
TOO_MANY = _l("Bạn đã thử quá nhiều lần. Vui lòng đợi ít phút rồi thử lại.")


def safe_next(target: str | None, fallback: str = "/") -> str:
    """``target`` if it is a path on this site, else ``fallback``: no open redirects.

    Refused: absolute URLs, scheme-relative ``//host``, backslash tricks (``/\\host``,
    which browsers read as ``//host``) and control characters.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def _show_errors(form: FlaskForm, error: ValidationFailed) -> None:
    for field, message in error.errors.items():
        target = getattr(form, field, None)
        if target is not None:
            target.errors = [*target.errors, message] if target.errors else [message]
        else:
            flash(message, "error")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(config_limit("REGISTER_RATE_LIMIT_PER_IP"), key_func=ip_key, methods=["POST"],
               error_message=TOO_MANY)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_user(form.email.data, form.password.data,
                                          form.name.data, form.phone.data)
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            login_user(user)
            flash(_("Chào mừng bạn đến với Chợ OCOP!"), "success")
            return redirect(safe_next(request.args.get("next"), url_for("accounts.profile")))
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(config_limit("LOGIN_RATE_LIMIT_PER_IP"), key_func=ip_key, methods=["POST"],
               deduct_when=failed_attempt, error_message=TOO_MANY)
@limiter.limit(config_limit("LOGIN_RATE_LIMIT_PER_ACCOUNT"), key_func=account_key,
               methods=["POST"], deduct_when=failed_attempt, error_message=TOO_MANY)
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    target = safe_next(form.next.data)
    if current_user.is_authenticated and request.method == "GET":
        return redirect(target)
    error = None
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except AccountError as exc:
            error = str(exc)
        else:
            login_user(user, remember=form.remember.data)
            return redirect(target)
    return render_template("accounts/login.html", form=form, error=error)


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect("/")


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(config_limit("PASSWORD_RESET_RATE_LIMIT_PER_IP"), key_func=ip_key,
               methods=["POST"], error_message=TOO_MANY)
@limiter.limit(config_limit("PASSWORD_RESET_RATE_LIMIT_PER_ACCOUNT"), key_func=account_key,
               methods=["POST"], error_message=TOO_MANY)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        # The same answer whether or not the address has an account.
        return render_template("accounts/forgot_sent.html", email=form.email.data)
    return render_template("accounts/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(config_limit("PASSWORD_RESET_RATE_LIMIT_PER_IP"), key_func=ip_key,
               methods=["POST"], error_message=TOO_MANY)
def reset_password(token: str):
    # The token is in this page's URL: never hand it on in a Referer header.
    headers = {"Referrer-Policy": "no-referrer"}
    try:
        services.check_reset_token(token)
    except InvalidResetToken as exc:
        return render_template("accounts/reset_invalid.html", message=str(exc)), 400, headers
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except InvalidResetToken as exc:  # spent by a concurrent request a moment ago
            return render_template("accounts/reset_invalid.html", message=str(exc)), 400, headers
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            flash(_("Đã đổi mật khẩu. Vui lòng đăng nhập bằng mật khẩu mới."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form), 200, headers


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, form.name.data, form.phone.data)
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            flash(_("Đã lưu thông tin tài khoản."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            # The session id carries the password fingerprint: renew this session's.
            login_user(current_user._get_current_object())
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)


@bp.get("/account/addresses")
@login_required
def addresses():
    return render_template("accounts/addresses.html", addresses=current_user.addresses,
                           delete_form=FlaskForm())


def _address_data(form: AddressForm) -> services.AddressData:
    return services.AddressData(
        recipient_name=form.recipient_name.data or "", phone=form.phone.data or "",
        province_code=form.province_code.data or "", commune_code=form.commune_code.data or "",
        street=form.street.data or "", is_default=bool(form.is_default.data),
    )


def _address_form_page(form: AddressForm, address_id: int | None = None):
    """Validate and save, or re-render (also after "Cập nhật danh sách xã")."""
    form.set_communes(HOME_PROVINCE)
    refreshing = "refresh" in request.form
    if request.method == "POST" and not refreshing and form.validate():
        try:
            if address_id is None:
                services.add_address(current_user, _address_data(form))
            else:
                services.update_address(current_user, address_id, _address_data(form))
        except ValidationFailed as error:
            _show_errors(form, error)
        else:
            flash(_("Đã lưu địa chỉ."), "success")
            return redirect(url_for("accounts.addresses"))
    return render_template("accounts/address_form.html", form=form, address_id=address_id)


@bp.route("/account/addresses/new", methods=["GET", "POST"])
@login_required
def new_address():
    return _address_form_page(AddressForm())


@bp.route("/account/addresses/<int:address_id>/edit", methods=["GET", "POST"])
@login_required
def edit_address(address_id: int):
    try:
        address = services.get_address(current_user, address_id)
    except AddressNotFound:
        abort(404)
    form = AddressForm(obj=address) if request.method == "GET" else AddressForm()
    return _address_form_page(form, address_id)


@bp.post("/account/addresses/<int:address_id>/delete")
@login_required
def delete_address(address_id: int):
    # CSRFProtect has checked the token before this view runs.
    try:
        services.delete_address(current_user, address_id)
    except AddressNotFound:
        abort(404)
    flash(_("Đã xoá địa chỉ."), "success")
    return redirect(url_for("accounts.addresses"))
