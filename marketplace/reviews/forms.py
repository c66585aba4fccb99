"""Review forms (Flask-WTF: each carries its CSRF token). Labels are lazy Vietnamese msgids.

Forms carry the input only; the rules (rating 1 to 5, lengths, reasons) live in the
services and come back as field errors, the way the dashboard forms work.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

RATING_CHOICES = [("5", _l("5 sao – Rất hài lòng")), ("4", _l("4 sao – Hài lòng")),
                  ("3", _l("3 sao – Bình thường")), ("2", _l("2 sao – Chưa hài lòng")),
                  ("1", _l("1 sao – Rất không hài lòng"))]


class ReviewForm(FlaskForm):
    # Rendered as radio buttons from RATING_CHOICES; the service checks the value.
    rating = StringField(_l("Bạn chấm sản phẩm mấy sao?"))
    rating_choices = RATING_CHOICES
    body = TextAreaField(_l("Nhận xét của bạn (không bắt buộc, tối đa 2000 ký tự)"))


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Phản hồi của cơ sở (hiển thị công khai, chỉ gửi được một lần)"))


class HideForm(FlaskForm):
    reason = StringField(_l("Lý do ẩn"))
