"""Chuyển khoản VietQR (NAPAS 247): the shopper scans a QR with any banking app.

The QR carries an EMVCo payload (AID A000000727, service QRIBFTTA: transfer to an
account; currency 704; the integer amount; the order number in the purpose field, tag
62/08; CRC16-CCITT), built by the maintained ``vietnam-qr-pay`` library and drawn as SVG
by ``segno``. The order number in the purpose lets the office match the bank statement.

An unpaid transfer order holds its stock ``VIETQR_HOLD_HOURS`` (24 by default), then
``flask orders expire-unpaid`` (or the next checkout, lazily) cancels it and releases it.
"""
from __future__ import annotations

import io
import re
from functools import lru_cache

import segno
from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from vietnam_qr_pay import BanksObject, QRPay

from ..formatting import format_vnd
from ..i18n import current_language
from .base import PaymentMethod, register

PURPOSE_MAX = 25  # banks keep at most 25 characters of a VietQR purpose
_PURPOSE_OK = re.compile(r"[A-Za-z0-9 \-]{1,25}")


def build_payload(bank_bin: str, account_no: str, amount_vnd: int, purpose: str) -> str:
    """The EMVCo text of a VietQR transfer of ``amount_vnd`` đồng with ``purpose``."""
    if not (bank_bin.isdigit() and len(bank_bin) == 6):
        raise ValueError("VIETQR_BANK_BIN must be the bank's 6-digit NAPAS BIN")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account_no):
        raise ValueError("VIETQR_ACCOUNT_NO must be 1 to 19 letters or digits")
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or amount_vnd <= 0:
        raise ValueError("a VietQR amount is a positive whole number of đồng")
    if not _PURPOSE_OK.fullmatch(purpose):
        raise ValueError("a VietQR purpose is 1 to 25 unaccented letters, digits, spaces or '-'")
    return QRPay.init_viet_qr(bank_bin=bank_bin, bank_number=account_no,
                              amount=str(amount_vnd), purpose=purpose).build()


def parse_payload(content: str) -> QRPay:
    """Decode a payload (for tests and support): ``is_valid`` is False on a bad CRC."""
    return QRPay(content)


def svg(payload: str) -> bytes:
    """The QR as a standalone SVG (error correction M, 4-module quiet zone)."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(
        buffer, kind="svg", scale=6, border=4, dark="#111827", xmldecl=True,
        title="VietQR",
    )
    return buffer.getvalue()


@lru_cache(maxsize=64)
def bank_name(bank_bin: str) -> str:
    for bank in BanksObject.values():
        if bank.bin == bank_bin:
            return bank.short_name
    return bank_bin


class VietQRTransfer(PaymentMethod):
    code = "vietqr"
    position = 20
    label = _l("Chuyển khoản VietQR")
    description = _l("Quét mã QR bằng ứng dụng ngân hàng; đơn được giữ hàng trong thời gian chờ.")
    instructions_template = "payments/vietqr.html"

    def is_available(self, config) -> bool:
        return bool(config.get("VIETQR_BANK_BIN") and config.get("VIETQR_ACCOUNT_NO"))

    def hold_hours(self, config) -> int | None:
        return int(config["VIETQR_HOLD_HOURS"])

    def payload(self, payment) -> str:
        config = current_app.config
        return build_payload(config["VIETQR_BANK_BIN"], config["VIETQR_ACCOUNT_NO"],
                             payment.amount_vnd, payment.order.number)

    def instructions(self, order) -> dict:
        config = current_app.config
        return {
            "bank": bank_name(config["VIETQR_BANK_BIN"]),
            "account_no": config["VIETQR_ACCOUNT_NO"],
            "account_name": config["VIETQR_ACCOUNT_NAME"],
            "amount_vnd": order.payment.amount_vnd,
            "purpose": order.number,
            "expires_at": order.payment.expires_at,
            "qr_url": url_for("payments.vietqr_svg", number=order.number),
        }

    def mail_instructions(self, order) -> str:
        config = current_app.config
        return _(
            "Thanh toán: chuyển khoản %(amount)s tới tài khoản %(account)s (%(holder)s, "
            "%(bank)s) với nội dung «%(number)s». Mã VietQR có trên trang đơn hàng. Đơn được "
            "giữ hàng %(hours)s giờ; quá hạn chưa nhận được tiền, đơn sẽ tự huỷ.",
            amount=format_vnd(order.payment.amount_vnd, current_language()),
            account=config["VIETQR_ACCOUNT_NO"], holder=config["VIETQR_ACCOUNT_NAME"],
            bank=bank_name(config["VIETQR_BANK_BIN"]), number=order.number,
            hours=config["VIETQR_HOLD_HOURS"],
        )


register(VietQRTransfer())
