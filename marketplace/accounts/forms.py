"""Account forms (Flask-WTF: each carries its CSRF token). Labels are Vietnamese,
translated lazily (in the visitor's language at render time).

Forms check shape (required, length); the rules (valid e-mail, Vietnamese phone, a
commune of the chosen province) live in the services and come back as field errors.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from .. import units
from .validation import PASSWORD_MAX

REQUIRED = _l("Vui lòng điền mục này.")


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(REQUIRED),
                                                          Length(max=PASSWORD_MAX)])
    remember = BooleanField(_l("Ghi nhớ đăng nhập trên máy này"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(REQUIRED), Length(max=254)])
    phone = StringField(_l("Số điện thoại (không bắt buộc)"),
                        validators=[Optional(), Length(max=20)])
    password = PasswordField(_l("Mật khẩu (ít nhất 8 ký tự)"),
                             validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[
        DataRequired(REQUIRED), EqualTo("password", _l("Hai mật khẩu không khớp.")),
    ])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email đã đăng ký"),
                       validators=[DataRequired(REQUIRED), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("Mật khẩu mới (ít nhất 8 ký tự)"),
                             validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        DataRequired(REQUIRED), EqualTo("password", _l("Hai mật khẩu không khớp.")),
    ])


class ProfileForm(FlaskForm):
    name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=120)])
    phone = StringField(_l("Số điện thoại"), validators=[Optional(), Length(max=20)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"),
                                     validators=[DataRequired(REQUIRED)])
    new_password = PasswordField(_l("Mật khẩu mới (ít nhất 8 ký tự)"),
                                 validators=[DataRequired(REQUIRED), Length(max=PASSWORD_MAX)])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        DataRequired(REQUIRED), EqualTo("new_password", _l("Hai mật khẩu không khớp.")),
    ])


class AddressForm(FlaskForm):
    """A delivery address. The commune list is the chosen province's (``set_communes``);
    without JavaScript, "Cập nhật danh sách xã" reloads it after a province change."""

    recipient_name = StringField(_l("Tên người nhận"),
                                 validators=[DataRequired(REQUIRED), Length(max=120)])
    phone = StringField(_l("Số điện thoại người nhận"),
                        validators=[DataRequired(REQUIRED), Length(max=20)])
    province_code = SelectField(_l("Tỉnh/thành phố"), validators=[DataRequired(REQUIRED)],
                                validate_choice=False)
    commune_code = SelectField(_l("Xã/phường"), validators=[DataRequired(REQUIRED)],
                               validate_choice=False)
    street = StringField(_l("Số nhà, đường, thôn/xóm"),
                         validators=[DataRequired(REQUIRED), Length(max=300)])
    is_default = BooleanField(_l("Đặt làm địa chỉ mặc định"))

    def set_communes(self, default_province: str) -> None:
        """Fill both lists; the communes are those of the chosen (or default) province."""
        self.province_code.choices = [("", _("— Chọn tỉnh/thành phố —"))] + [
            (p.code, p.name) for p in units.provinces()
        ]
        chosen = self.province_code.data or default_province
        if not self.province_code.data:
            self.province_code.data = chosen
        self.commune_code.choices = [("", _("— Chọn xã/phường —"))] + [
            (c.code, c.name) for c in units.communes_of(chosen)
        ]
