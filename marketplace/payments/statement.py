"""Reading a bank statement CSV: ``date, amount, description`` (header row required).

Headers are matched without case or accents, in English or Vietnamese (``ngày``,
``số tiền``, ``nội dung``/``mô tả``). Amounts are whole đồng written any usual way
(``1250000``, ``1.250.000``, ``1,250,000``, ``1250000.00``); dates ``YYYY-MM-DD`` or
``DD/MM/YYYY``. Banks often strip punctuation from a transfer's description, so an order
number is found as ``OCOP`` + year + number with or without the dashes.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from .. import units

HEADERS = {
    "date": {"date", "ngay", "ngay giao dich", "transaction date"},
    "amount": {"amount", "so tien", "credit", "so tien ghi co"},
    "description": {"description", "noi dung", "mo ta", "dien giai"},
}
ORDER_NUMBER = re.compile(r"OCOP[\s\-_.]*(\d{4})[\s\-_.]*(\d{6,9})(?!\d)", re.IGNORECASE | re.ASCII)
_AMOUNT = re.compile(r"\d{1,3}([.,]\d{3})+|\d+", re.ASCII)


class StatementError(ValueError):
    """The file as a whole cannot be read (no header, wrong encoding...)."""


@dataclass(frozen=True)
class StatementLine:
    line_no: int
    date: date | None
    amount_vnd: int | None
    description: str
    problem: str = ""

    @property
    def order_number(self) -> str | None:
        found = ORDER_NUMBER.search(self.description)
        return f"OCOP-{found.group(1)}-{found.group(2)}" if found else None


def parse_amount(text: str) -> int | None:
    text = text.strip().replace(" ", "").replace("\u00a0", "").removesuffix("VND").removesuffix("đ")
    text = re.sub(r"[.,]00$", "", text)
    if not _AMOUNT.fullmatch(text):
        return None
    value = int(re.sub(r"[.,]", "", text))
    return value if value > 0 else None


def parse_date(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def read_statement(data: bytes) -> list[StatementLine]:
    """Every data line of the file, each with its problem if it cannot be used."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementError(_("Tệp sao kê phải là CSV mã hoá UTF-8.")) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise StatementError(_("Tệp sao kê trống."))
    header = [units.fold(cell) for cell in rows[0]]
    columns = {}
    for key, names in HEADERS.items():
        matches = [i for i, name in enumerate(header) if name in names]
        if not matches:
            raise StatementError(_("Dòng tiêu đề cần các cột date, amount, description "
                                   "(hoặc ngày, số tiền, nội dung)."))
        columns[key] = matches[0]
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            lines.append(StatementLine(number, None, None, ",".join(row),
                                       _("Dòng thiếu cột.")))
            continue
        day = parse_date(row[columns["date"]])
        amount = parse_amount(row[columns["amount"]])
        description = row[columns["description"]].strip()[:300]
        problem = ""
        if day is None:
            problem = _("Ngày «%(value)s» không đọc được.", value=row[columns["date"]])
        elif amount is None:
            problem = _("Số tiền «%(value)s» không phải số đồng dương.",
                        value=row[columns["amount"]])
        lines.append(StatementLine(number, day, amount, description, problem))
    return lines
