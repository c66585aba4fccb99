"""The checkout form. It carries delivery and payment choices only: every amount the
order charges is computed on the server, so the form has no money fields to tamper with."""
from __future__ import annotations

import secrets

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from .. import units

NEW_ADDRESS = "new"


class CheckoutForm(FlaskForm):
    idempotency_key = HiddenField()
    address_id = RadioField(_l("Địa chỉ giao hàng"), validate_choice=False, default=NEW_ADDRESS)
    recipient_name = StringField(_l("Tên người nhận"), validators=[Optional(), Length(max=120)])
    phone = StringField(_l("Số điện thoại người nhận"), validators=[Optional(), Length(max=20)])
    province_code = SelectField(_l("Tỉnh/thành phố"), validate_choice=False)
    commune_code = SelectField(_l("Xã/phường"), validate_choice=False)
    street = StringField(_l("Số nhà, đường, thôn/xóm"), validators=[Optional(), Length(max=300)])
    note = TextAreaField(_l("Ghi chú cho người giao hàng (không bắt buộc)"),
                         validators=[Optional(), Length(max=500)])
    is_gift = BooleanField(_l("Đây là quà tặng"))
    gift_message = TextAreaField(_l("Lời chúc kèm quà (không bắt buộc)"),
                                 validators=[Optional(), Length(max=300)])
    payment_method = RadioField(_l("Cách thanh toán"), validate_choice=False)

    def prepare(self, addresses, methods, default_province: str) -> None:
        """Fill the choices: saved addresses, provinces, the chosen province's communes,
        the payment methods; and a fresh idempotency token on first display."""
        self.address_id.choices = [(str(a.id), a.address_line) for a in addresses] + [
            (NEW_ADDRESS, _("Giao tới địa chỉ khác"))]
        if self.address_id.data in (None, "", NEW_ADDRESS) and addresses and not self.is_submitted():
            default = next((a for a in addresses if a.is_default), addresses[0])
            self.address_id.data = str(default.id)
        self.province_code.choices = [("", _("— Chọn tỉnh/thành phố —"))] + [
            (p.code, p.name) for p in units.provinces()]
        if not self.province_code.data:
            self.province_code.data = default_province
        self.commune_code.choices = [("", _("— Chọn xã/phường —"))] + [
            (c.code, c.name) for c in units.communes_of(self.province_code.data)]
        self.payment_method.choices = [(m.code, m.label) for m in methods]
        if not self.payment_method.data and methods:
            self.payment_method.data = methods[0].code
        if not self.idempotency_key.data:
            self.idempotency_key.data = secrets.token_urlsafe(24)

    def saved_address_id(self) -> int | None:
        value = (self.address_id.data or "").strip()
        if value in ("", NEW_ADDRESS):
            return None
        return int(value) if value.isdigit() and len(value) < 10 else -1
