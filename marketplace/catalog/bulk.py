"""Cập nhật hàng loạt: a producer sets prices and stock of many products from one CSV.

The same style as the catalogue import (and its line reader): the whole file is read
and checked first, every bad row is reported with its line number, and only a file
without a single bad row is applied, in one transaction. Columns: ``slug`` (required;
the product's code in the export), ``price_vnd`` and/or ``stock`` (an empty cell leaves
that value as it is), and ``name`` (ignored: it is only there to read the export).
Stock values are the counts on the shelf; each difference becomes a stock movement.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from . import stock
from .exceptions import ImportFailed, RowError
from .importer import COUNT_RE, INT_MAX, _clean, _Lines, _records
from .manage import GROUPED_RE, changed
from .models import Product, ProductStatus, StockReason

KNOWN = ("slug", "name", "price_vnd", "stock")
EXPORT_COLUMNS = ("slug", "name", "price_vnd", "stock")


@dataclass(frozen=True)
class BulkRow:
    line: int
    slug: str
    price_vnd: int | None
    stock: int | None


@dataclass
class BulkResult:
    rows: int = 0
    prices_changed: int = 0
    stock_changed: int = 0


def export_csv(producer_id: int) -> str:
    """The producer's products (not archived) as a CSV to edit and upload again."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for product in db.session.scalars(
            select(Product).where(Product.producer_id == producer_id,
                                  Product.status != ProductStatus.ARCHIVED)
            .order_by(Product.name)):
        writer.writerow([product.slug, product.name, product.price_vnd, product.stock])
    return out.getvalue()


def read_bulk(data: bytes, producer_id: int, limit: int) -> list[tuple[BulkRow, Product]]:
    """Every row checked against the producer's own products; ImportFailed lists the bad ones."""
    if len(data) > limit:
        raise ImportFailed([RowError(0, _("Tệp lớn hơn %(n)s byte.",
                                           n=f"{limit:,}".replace(",", ".")))])
    lines = _Lines(io.BytesIO(data), limit)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportFailed([RowError(1, _("dòng tiêu đề không đọc được: %(error)s",
                                           error=exc))]) from None
    if header is None:
        raise ImportFailed([RowError(0, _("tệp rỗng: cần dòng tiêu đề %(header)s",
                                           header="slug,price_vnd,stock"))])
    if 1 in lines.undecodable:
        raise ImportFailed([RowError(1, lines.undecodable[1])])
    names = [_clean(name) for name in header]
    problems = []
    if "slug" not in names:
        problems.append(_("thiếu cột %(column)s", column="slug"))
    if "price_vnd" not in names and "stock" not in names:
        problems.append(_("cần ít nhất một trong hai cột %(columns)s", columns="price_vnd, stock"))
    if unknown := [n for n in names if n not in KNOWN]:
        problems.append(_("cột không dùng được: %(columns)s",
                          columns=", ".join(repr(n) for n in unknown)))
    if repeated := sorted({n for n in names if names.count(n) > 1}):
        problems.append(_("cột lặp lại: %(columns)s", columns=", ".join(repeated)))
    if problems:
        raise ImportFailed([RowError(1, _("dòng tiêu đề sai: %(problems)s",
                                           problems="; ".join(problems)))])
    own = {p.slug: p for p in db.session.scalars(
        select(Product).where(Product.producer_id == producer_id))}
    errors: list[RowError] = []
    rows: list[tuple[BulkRow, Product]] = []
    seen: dict[str, int] = {}
    for line, record in _records(reader, lines, errors):
        if len(record) != len(names):
            errors.append(RowError(line, _("cần %(n)s cột, dòng này có %(found)s",
                                            n=len(names), found=len(record))))
            continue
        values = {name: _clean(value) for name, value in zip(names, record)}
        row_problems = []
        slug = values["slug"]
        product = own.get(slug)
        if not slug:
            row_problems.append(_("thiếu %(column)s", column="slug"))
        elif product is None:
            # Another producer's product is "not found" too: nothing is revealed.
            row_problems.append(_("không có sản phẩm %(slug)r trong gian hàng", slug=slug))
        elif slug in seen:
            row_problems.append(_("trùng với dòng %(line)s", line=seen[slug]))
        price = _number(values.get("price_vnd", ""), "price_vnd", row_problems)
        count = _number(values.get("stock", ""), "stock", row_problems)
        if price is None and count is None and not row_problems:
            row_problems.append(_("không có giá hay tồn kho để cập nhật"))
        if product is not None and product.status == ProductStatus.ARCHIVED and not row_problems:
            row_problems.append(_("sản phẩm %(slug)r đã lưu trữ; hãy khôi phục trước", slug=slug))
        if row_problems:
            errors.append(RowError(line, "; ".join(row_problems)))
            continue
        seen[slug] = line
        rows.append((BulkRow(line, slug, price, count), product))
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([RowError(1, _("tệp có dòng tiêu đề nhưng không có dòng sản phẩm "
                                           "nào"))])
    return rows


def _number(text: str, column: str, problems: list[str]) -> int | None:
    if not text:
        return None
    if column == "price_vnd" and GROUPED_RE.fullmatch(text):
        text = text.replace(".", "")  # "120.000": Vietnamese thousands grouping
    if not COUNT_RE.fullmatch(text):
        problems.append(_("%(column)s phải là số nguyên không âm, không phải %(text)r",
                          column=column, text=text))
        return None
    value = int(text)
    if value > INT_MAX:
        problems.append(_("%(column)s %(value)s quá lớn", column=column, value=value))
        return None
    return value


def apply_bulk(data: bytes, producer_id: int, *, limit: int,
               actor_id: int | None) -> BulkResult:
    """Read, check and apply a bulk update: every row in one transaction, or nothing."""
    rows = read_bulk(data, producer_id, limit)
    result = BulkResult(rows=len(rows))
    try:
        for row, product in rows:
            if row.price_vnd is not None and row.price_vnd != product.price_vnd:
                product.price_vnd = row.price_vnd
                result.prices_changed += 1
            if row.stock is not None:
                if stock.set_stock(product.id, row.stock, StockReason.BULK_UPDATE,
                                   note=f"CSV dòng {row.line}", actor_id=actor_id):
                    result.stock_changed += 1
        changed([product.id for _, product in rows])
        db.session.commit()
    except stock.StockRefused as exc:
        db.session.rollback()
        raise ImportFailed([RowError(0, str(exc))]) from None
    except Exception:
        db.session.rollback()
        raise
    for _, product in rows:
        db.session.expire(product, ["stock"])
    return result
