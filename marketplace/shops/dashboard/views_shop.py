"""Dashboard pages of the shop itself: home, registration, profile, images, staff."""
from __future__ import annotations

from flask import (
    abort, current_app, flash, g, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user
from flask_wtf import FlaskForm

from ...accounts.models import Role
from ...catalog import images, manage
from ...catalog.exceptions import ImageRejected
from ...security import config_limit, ip_key, limiter
from .. import richtext, services, staff
from ..exceptions import InvalidProducerTransition, InvitationInvalid, MemberNotFound, ShopInvalid
from ..forms import AcceptInvitationForm, ImageForm, InviteForm, ProfileForm, RegisterProducerForm
from . import bp, fulfilment, owner_required, producer_required

BALANCE_PATH = "/dashboard/producer/balance"  # the settlement pages (issue 5)


@bp.app_context_processor
def _dashboard_links() -> dict:
    """Whether the payouts page exists yet (it comes with the settlement ledger)."""
    def balance_url() -> str | None:
        rules = current_app.extensions.setdefault("dashboard_balance", {})
        if "url" not in rules:
            rules["url"] = next((r.rule for r in current_app.url_map.iter_rules()
                                 if r.rule == BALANCE_PATH), None)
        return rules["url"]
    return {"balance_url": balance_url}


def show_errors(form, error) -> None:
    """A service's field errors next to their fields; the rest as flashes."""
    for field, message in error.errors.items():
        target = getattr(form, field, None)
        if target is not None and hasattr(target, "errors"):
            target.errors = [*(target.errors or []), message]
        else:
            flash(message, "error")


def profile_data(form: ProfileForm) -> services.ProfileData:
    return services.ProfileData(**{name: (getattr(form, name).data or "") for name in (
        "name", "kind", "tax_code", "contact_name", "phone", "email", "website", "province_code",
        "commune_code", "street", "legacy_address", "opening_hours", "story")})


@bp.get("/dashboard/producer")
@producer_required
def home():
    """Tổng quan: the shop's status, what needs doing, low-stock warnings."""
    producer = g.producer
    counts = fulfilment.status_counts(producer.id)
    return render_template("dashboard/home.html", producer=producer, counts=counts,
                           low_stock=manage.low_stock(producer.id), form=FlaskForm())


@bp.route("/sell/register", methods=["GET", "POST"])
@limiter.limit(config_limit("REGISTER_RATE_LIMIT_PER_IP"), key_func=ip_key, methods=["POST"])
def register():
    """Đăng ký bán hàng: a shop profile (and an account, if not logged in), then review."""
    if current_user.is_authenticated and current_user.role == Role.PRODUCER:
        return redirect(url_for("dashboard.home"))
    if current_user.is_authenticated and current_user.role != Role.SHOPPER:
        abort(403)
    form = RegisterProducerForm()
    form.set_units()
    status = 200
    if request.method == "POST" and "refresh" not in request.form:
        if form.validate():
            account = None if current_user.is_authenticated else services.AccountData(
                form.account_name.data or "", form.account_email.data or "",
                form.account_password.data or "")
            user = current_user._get_current_object() if current_user.is_authenticated else None
            try:
                user, producer = services.register_producer(profile_data(form), user=user,
                                                            account=account)
            except ShopInvalid as error:
                show_errors(form, error)
            else:
                login_user(user)
                flash(_("Đã gửi hồ sơ gian hàng. Văn phòng OCOP sẽ xem xét và trả lời qua "
                        "email."), "success")
                return redirect(url_for("dashboard.home"), 303)
        status = 400
    return render_template("dashboard/register.html", form=form), status


@bp.route("/dashboard/producer/profile", methods=["GET", "POST"])
@producer_required
def profile():
    """Hồ sơ gian hàng: name, kind, tax code, address, contact, opening hours, story."""
    producer = g.producer
    if request.method == "GET":
        form = ProfileForm(data=vars(services.ProfileData.of(producer)))
    else:
        form = ProfileForm()
    form.set_units()
    status = 200
    if request.method == "POST" and "refresh" not in request.form:
        if form.validate():
            try:
                services.update_profile(producer, profile_data(form))
            except ShopInvalid as error:
                show_errors(form, error)
            else:
                flash(_("Đã lưu hồ sơ gian hàng."), "success")
                return redirect(url_for("dashboard.profile"), 303)
        status = 400
    return render_template("dashboard/profile.html", form=form, producer=producer,
                           image_form=ImageForm(), action_form=FlaskForm()), status


@bp.post("/dashboard/producer/profile/resubmit")
@producer_required
def resubmit():
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.resubmit(g.producer, actor_id=current_user.id)
    except InvalidProducerTransition as error:
        flash(str(error), "error")
    else:
        flash(_("Đã gửi lại hồ sơ cho Văn phòng OCOP."), "success")
    return redirect(url_for("dashboard.home"), 303)


@bp.post("/dashboard/producer/profile/<any(logo, banner):which>")
@producer_required
def upload_shop_image(which: str):
    """A new logo or banner: checked by content, re-encoded, stored as hashed variants."""
    form = ImageForm()
    if not form.validate_on_submit():
        abort(400)
    files = [f for f in request.files.getlist("images") if f and f.filename]
    if len(files) != 1:
        flash(_("Vui lòng chọn một ảnh."), "error")
        return redirect(url_for("dashboard.profile"), 303)
    sizes = images.LOGO_VARIANTS if which == "logo" else images.BANNER_VARIANTS
    try:
        stored = images.store(images.read_upload(files[0].stream), sizes)
    except ImageRejected as error:
        flash(_("Ảnh chưa được lưu: %(error)s", error=error), "error")
    else:
        services.set_shop_image(g.producer, which, stored.path)
        flash(_("Đã cập nhật logo.") if which == "logo" else _("Đã cập nhật ảnh bìa."), "success")
    return redirect(url_for("dashboard.profile"), 303)


@bp.post("/dashboard/producer/profile/<any(logo, banner):which>/remove")
@producer_required
def remove_shop_image(which: str):
    if not FlaskForm().validate_on_submit():
        abort(400)
    services.set_shop_image(g.producer, which, None)
    flash(_("Đã gỡ ảnh."), "success")
    return redirect(url_for("dashboard.profile"), 303)


@bp.get("/dashboard/producer/profile/preview")
@producer_required
def preview():
    """The shop page as shoppers will see it (also before approval), with its public URL."""
    producer = g.producer
    return render_template("dashboard/preview.html", producer=producer,
                           public_url=url_for("shops.shop", slug=producer.slug, _external=True),
                           story=richtext.render(producer.story))


# ---------------------------------------------------------------- members (owners)

@bp.get("/dashboard/producer/staff")
@owner_required
def staff_page():
    producer = g.producer
    return render_template("dashboard/staff.html", producer=producer,
                           members=staff.members(producer),
                           invitations=staff.open_invitations(producer), form=InviteForm(),
                           action_form=FlaskForm())


@bp.post("/dashboard/producer/staff/invite")
@owner_required
def invite():
    form = InviteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        invitation = staff.invite(g.producer, form.email.data or "",
                                  inviter=current_user._get_current_object())
    except ShopInvalid as error:
        for message in error.errors.values():
            flash(message, "error")
    else:
        flash(_("Đã gửi lời mời tới %(email)s.", email=invitation.email), "success")
    return redirect(url_for("dashboard.staff_page"), 303)


@bp.post("/dashboard/producer/staff/invitations/<int:invitation_id>/revoke")
@owner_required
def revoke_invitation(invitation_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        staff.revoke(g.producer, invitation_id)
    except InvitationInvalid:
        abort(404)
    flash(_("Đã thu hồi lời mời."), "success")
    return redirect(url_for("dashboard.staff_page"), 303)


@bp.post("/dashboard/producer/staff/<int:user_id>/remove")
@owner_required
def remove_member(user_id: int):
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        staff.remove_member(g.producer, user_id, actor=current_user._get_current_object())
    except MemberNotFound:
        abort(404)
    except ShopInvalid as error:
        flash(str(error), "error")
    else:
        flash(_("Đã xoá thành viên khỏi gian hàng."), "success")
    return redirect(url_for("dashboard.staff_page"), 303)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Nhận lời mời: join a producer as staff (new account, or the logged-in shopper's)."""
    headers = {"Referrer-Policy": "no-referrer"}  # the token is in the URL
    try:
        invitation = staff.find_invitation(token)
    except InvitationInvalid as error:
        return render_template("dashboard/invitation.html", error=str(error), form=None), 404, \
            headers
    form = AcceptInvitationForm()
    error = None
    if form.validate_on_submit():
        user = current_user._get_current_object() if current_user.is_authenticated else None
        try:
            user = staff.accept(token, user=user, name=form.name.data or "",
                                password=form.password.data or "")
        except ShopInvalid as exc:
            show_errors(form, exc)
        except InvitationInvalid as exc:
            error = str(exc)
        else:
            login_user(user)
            flash(_("Chào mừng bạn tham gia gian hàng %(name)s!", name=invitation.producer.name),
                  "success")
            return redirect(url_for("dashboard.home"), 303)
    return render_template("dashboard/invitation.html", invitation=invitation, form=form,
                           error=error), 200, headers

