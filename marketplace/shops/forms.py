"""Dashboard forms (Flask-WTF: each carries its CSRF token). Labels are Vietnamese
msgids, translated when the form is rendered (lazy_gettext).

Forms check shape only (lengths); the rules live in the services and come back as
field errors, the way the account forms work.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, EmailField, MultipleFileField, PasswordField, SelectField, StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from .. import units
from .models import KIND_LABELS

HOME_PROVINCE = "19"


class ProfileForm(FlaskForm):
    name = StringField(_l("Tên cơ sở (HTX, doanh nghiệp, hộ kinh doanh)"),
                       validators=[Length(max=200)])
    kind = SelectField(_l("Loại hình"), validate_choice=False)
    tax_code = StringField(_l("Mã số thuế (nếu có)"), validators=[Optional(), Length(max=14)])
    contact_name = StringField(_l("Người liên hệ"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Số điện thoại"), validators=[Length(max=20)])
    email = EmailField(_l("Email liên hệ (không bắt buộc)"),
                       validators=[Optional(), Length(max=200)])
    website = StringField(_l("Website hoặc trang mạng xã hội (không bắt buộc)"),
                          validators=[Optional(), Length(max=300)])
    province_code = SelectField(_l("Tỉnh/thành phố"), validate_choice=False)
    commune_code = SelectField(_l("Xã/phường"), validate_choice=False)
    street = StringField(_l("Số nhà, đường, thôn/xóm"), validators=[Length(max=300)])
    legacy_address = StringField(_l("Địa chỉ cũ trước 01/07/2025 (có huyện), nếu giấy tờ còn ghi"),
                                 validators=[Optional(), Length(max=300)])
    opening_hours = StringField(_l("Giờ mở cửa / nhận đơn"),
                                validators=[Optional(), Length(max=200)])
    story = TextAreaField(_l("Câu chuyện sản phẩm"), validators=[Optional(), Length(max=10_000)])

    def set_units(self) -> None:
        """Kinds, provinces, and the communes of the chosen (or home) province."""
        self.kind.choices = [(k.value, label) for k, label in KIND_LABELS.items()]
        self.province_code.choices = [("", "— " + _("Chọn tỉnh/thành phố") + " —")] + [
            (p.code, p.name) for p in units.provinces()]
        if not self.province_code.data:
            self.province_code.data = HOME_PROVINCE
        self.commune_code.choices = [("", "— " + _("Chọn xã/phường") + " —")] + [
            (c.code, c.name) for c in units.communes_of(self.province_code.data)]


class RegisterProducerForm(ProfileForm):
    account_name = StringField(_l("Họ tên người đại diện"),
                               validators=[Optional(), Length(max=120)])
    account_email = EmailField(_l("Email đăng nhập"), validators=[Optional(), Length(max=254)])
    account_password = PasswordField(_l("Mật khẩu (ít nhất 8 ký tự)"),
                                     validators=[Optional(), Length(max=128)])


class ImageForm(FlaskForm):
    images = MultipleFileField(_l("Chọn ảnh (JPEG, PNG hoặc WebP; tối đa 5 MB mỗi ảnh)"))
    alt = StringField(_l("Mô tả ảnh cho người khiếm thị (không bắt buộc)"),
                      validators=[Optional(), Length(max=300)])


class ProductForm(FlaskForm):
    name = StringField(_l("Tên sản phẩm"), validators=[Length(max=200)])
    category = SelectField(_l("Nhóm sản phẩm OCOP"), validate_choice=False)
    description = TextAreaField(_l("Mô tả"), validators=[Optional(), Length(max=5000)])
    name_en = StringField(_l("Tên tiếng Anh (tùy chọn)"), validators=[Optional(), Length(max=200)])
    description_en = TextAreaField(_l("Mô tả tiếng Anh (tùy chọn)"),
                                   validators=[Optional(), Length(max=5000)])
    price_vnd = StringField(_l("Giá bán (đồng)"), validators=[Length(max=20)])
    unit = StringField(_l("Đơn vị bán (hộp, gói, chai...)"),
                       validators=[Optional(), Length(max=40)])
    net_quantity = StringField(_l("Khối lượng/thể tích tịnh (ví dụ 200 g)"),
                               validators=[Optional(), Length(max=60)])
    stock = StringField(_l("Tồn kho ban đầu"), validators=[Optional(), Length(max=12)])
    weight_grams = StringField(_l("Khối lượng đóng gói để tính phí ship (gam)"),
                               validators=[Length(max=12)])
    low_stock_threshold = StringField(_l("Báo sắp hết hàng khi còn (sản phẩm)"),
                                      validators=[Length(max=12)])
    origin = StringField(_l("Vùng nguyên liệu"), validators=[Optional(), Length(max=300)])
    shelf_life = StringField(_l("Hạn sử dụng"), validators=[Optional(), Length(max=100)])
    storage = StringField(_l("Bảo quản"), validators=[Optional(), Length(max=300)])
    gtin = StringField(_l("Mã vạch GTIN (nếu có)"), validators=[Optional(), Length(max=14)])
    is_gift = BooleanField(_l("Phù hợp làm quà tặng"))


class AdjustStockForm(FlaskForm):
    delta = StringField(_l("Số lượng thay đổi (+ nhập thêm, − bớt đi)"),
                        validators=[Length(max=12)])
    reason = SelectField(_l("Lý do"), validate_choice=False)
    note = StringField(_l("Ghi chú"), validators=[Optional(), Length(max=300)])


class InviteForm(FlaskForm):
    email = EmailField(_l("Email người được mời"), validators=[Length(max=254)])


class AcceptInvitationForm(FlaskForm):
    name = StringField(_l("Họ và tên"), validators=[Optional(), Length(max=120)])
    password = PasswordField(_l("Mật khẩu (ít nhất 8 ký tự)"),
                             validators=[Optional(), Length(max=128)])


class ShipForm(FlaskForm):
    carrier = StringField(_l("Đơn vị vận chuyển"), validators=[Length(max=80)])
    tracking_code = StringField(_l("Mã vận đơn"), validators=[Length(max=80)])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Lý do"), validators=[Optional(), Length(max=500)])
