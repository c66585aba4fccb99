"""Dashboard forms (Flask-WTF: each carries its CSRF token). Labels are Vietnamese.

Forms check shape only (lengths); the rules live in the services and come back as
field errors, the way the account forms work.
"""
from __future__ import annotations

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
    name = StringField("Tên cơ sở (HTX, doanh nghiệp, hộ kinh doanh)", validators=[Length(max=200)])
    kind = SelectField("Loại hình", validate_choice=False)
    tax_code = StringField("Mã số thuế (nếu có)", validators=[Optional(), Length(max=14)])
    contact_name = StringField("Người liên hệ", validators=[Optional(), Length(max=120)])
    phone = StringField("Số điện thoại", validators=[Length(max=20)])
    email = EmailField("Email liên hệ (không bắt buộc)", validators=[Optional(), Length(max=200)])
    website = StringField("Website hoặc trang mạng xã hội (không bắt buộc)",
                          validators=[Optional(), Length(max=300)])
    province_code = SelectField("Tỉnh/thành phố", validate_choice=False)
    commune_code = SelectField("Xã/phường", validate_choice=False)
    street = StringField("Số nhà, đường, thôn/xóm", validators=[Length(max=300)])
    legacy_address = StringField("Địa chỉ cũ trước 01/07/2025 (có huyện), nếu giấy tờ còn ghi",
                                 validators=[Optional(), Length(max=300)])
    opening_hours = StringField("Giờ mở cửa / nhận đơn", validators=[Optional(), Length(max=200)])
    story = TextAreaField("Câu chuyện sản phẩm", validators=[Optional(), Length(max=10_000)])

    def set_units(self) -> None:
        """Kinds, provinces, and the communes of the chosen (or home) province."""
        self.kind.choices = [(k.value, label) for k, label in KIND_LABELS.items()]
        self.province_code.choices = [("", "— Chọn tỉnh/thành phố —")] + [
            (p.code, p.name) for p in units.provinces()]
        if not self.province_code.data:
            self.province_code.data = HOME_PROVINCE
        self.commune_code.choices = [("", "— Chọn xã/phường —")] + [
            (c.code, c.name) for c in units.communes_of(self.province_code.data)]


class RegisterProducerForm(ProfileForm):
    account_name = StringField("Họ tên người đại diện", validators=[Optional(), Length(max=120)])
    account_email = EmailField("Email đăng nhập", validators=[Optional(), Length(max=254)])
    account_password = PasswordField("Mật khẩu (ít nhất 8 ký tự)",
                                     validators=[Optional(), Length(max=128)])


class ImageForm(FlaskForm):
    images = MultipleFileField("Chọn ảnh (JPEG, PNG hoặc WebP; tối đa 5 MB mỗi ảnh)")
    alt = StringField("Mô tả ảnh cho người khiếm thị (không bắt buộc)",
                      validators=[Optional(), Length(max=300)])


class ProductForm(FlaskForm):
    name = StringField("Tên sản phẩm", validators=[Length(max=200)])
    category = SelectField("Nhóm sản phẩm OCOP", validate_choice=False)
    description = TextAreaField("Mô tả", validators=[Optional(), Length(max=5000)])
    price_vnd = StringField("Giá bán (đồng)", validators=[Length(max=20)])
    unit = StringField("Đơn vị bán (hộp, gói, chai...)", validators=[Optional(), Length(max=40)])
    net_quantity = StringField("Khối lượng/thể tích tịnh (ví dụ 200 g)",
                               validators=[Optional(), Length(max=60)])
    stock = StringField("Tồn kho ban đầu", validators=[Optional(), Length(max=12)])
    weight_grams = StringField("Khối lượng đóng gói để tính phí ship (gam)",
                               validators=[Length(max=12)])
    low_stock_threshold = StringField("Báo sắp hết hàng khi còn (sản phẩm)",
                                      validators=[Length(max=12)])
    origin = StringField("Vùng nguyên liệu", validators=[Optional(), Length(max=300)])
    shelf_life = StringField("Hạn sử dụng", validators=[Optional(), Length(max=100)])
    storage = StringField("Bảo quản", validators=[Optional(), Length(max=300)])
    gtin = StringField("Mã vạch GTIN (nếu có)", validators=[Optional(), Length(max=14)])
    is_gift = BooleanField("Phù hợp làm quà tặng")


class AdjustStockForm(FlaskForm):
    delta = StringField("Số lượng thay đổi (+ nhập thêm, − bớt đi)", validators=[Length(max=12)])
    reason = SelectField("Lý do", validate_choice=False)
    note = StringField("Ghi chú", validators=[Optional(), Length(max=300)])


class InviteForm(FlaskForm):
    email = EmailField("Email người được mời", validators=[Length(max=254)])


class AcceptInvitationForm(FlaskForm):
    name = StringField("Họ và tên", validators=[Optional(), Length(max=120)])
    password = PasswordField("Mật khẩu (ít nhất 8 ký tự)", validators=[Optional(), Length(max=128)])


class ShipForm(FlaskForm):
    carrier = StringField("Đơn vị vận chuyển", validators=[Length(max=80)])
    tracking_code = StringField("Mã vận đơn", validators=[Length(max=80)])


class ReasonForm(FlaskForm):
    reason = StringField("Lý do", validators=[Optional(), Length(max=500)])
