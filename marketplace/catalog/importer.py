"""Nhập danh mục: import producers, products and OCOP certificates from a CSV file.

Two phases, so a bad file writes nothing. ``read_catalogue`` streams the file and
checks every row against the public contract (DESIGN.md, "Catalogue CSV") without
touching the database; ``import_catalogue`` then upserts the rows in one
transaction and commits once.
"""
from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, BinaryIO, Protocol

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

from .. import units
from ..clock import today
from ..extensions import db
from ..formatting import slugify
from ..ocop.models import Certification, CertificationStatus, IssuerLevel
from ..ocop.rules import STAR_BANDS, issuer_for_stars, stars_for_score
from ..ocop.services import current_certification, default_expiry, issue_certification
from ..shops.models import Producer, ProducerKind, ProducerStatus
from . import cache, stock
from .exceptions import ImportFailed, RowError
from .groups import LEGACY_GROUPS, OCOP_GROUPS, ensure_categories
from .models import Category, Product, ProductStatus, StockMovement, StockReason

COLUMNS = (
    "producer_name", "producer_kind", "province", "commune", "product_name", "category",
    "description", "unit", "price_vnd", "stock", "stars", "score", "certificate_no",
    "certified_on", "expires_on", "is_gift",
)
REQUIRED = ("producer_name", "product_name", "category", "price_vnd", "province", "commune")
CERTIFICATE_COLUMNS = ("score", "certificate_no", "certified_on", "expires_on")
# The sizes of the columns the text lands in, so a long value is a bad row, not a crash.
MAX_LENGTHS = {
    "producer_name": Producer.__table__.c.name.type.length,
    "product_name": Product.__table__.c.name.type.length,
    "unit": Product.__table__.c.unit.type.length,
    "certificate_no": Certification.__table__.c.certificate_no.type.length,
}
INT_MAX = 2**31 - 1  # price_vnd and stock are INTEGER on PostgreSQL
DEFAULT_UNIT = "sản phẩm"
MINISTRY = "Bộ Nông nghiệp và Môi trường"
# ASCII digits only: str.isdigit() would let "²" or "٣" through to int().
COUNT_RE = re.compile(r"[0-9]+")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class CertificateRow:
    """The certificate columns of a row, checked; ``expires_on`` is filled in when empty."""

    stars: int
    score: int | None
    certificate_no: str
    certified_on: date
    expires_on: date


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    """One checked row of the file; ``line`` is where it starts (the header is line 1)."""

    line: int
    producer_name: str
    producer_kind: ProducerKind | None
    province_code: str
    commune_code: str
    product_name: str
    category_slug: str
    description: str
    unit: str
    price_vnd: int
    stock: int
    is_gift: bool
    certificate: CertificateRow | None


@dataclass
class ImportResult:
    """What an import created and updated."""

    rows: int = 0
    producers_created: int = 0
    producers_updated: int = 0
    products_created: int = 0
    products_updated: int = 0
    certifications_created: int = 0
    certifications_updated: int = 0

    def summary(self) -> str:
        return (
            f"Imported {self.rows} row(s): producers {self.producers_created} created, "
            f"{self.producers_updated} updated; products {self.products_created} created, "
            f"{self.products_updated} updated; certifications {self.certifications_created} "
            f"created, {self.certifications_updated} updated."
        )


def import_catalogue(path: str | os.PathLike[str]) -> ImportResult:
    """Import a catalogue CSV: all rows in one transaction, or nothing.

    Raises ``ImportFailed`` listing every bad row (nothing is written), or
    ``OSError`` when the file cannot be read.
    """
    rows = read_catalogue(path)
    try:
        result = _apply(rows)
        cache.bump_revision()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def read_catalogue(path: str | os.PathLike[str]) -> list[CatalogueRow]:
    """Parse and check the whole file without writing; raise ``ImportFailed`` on any bad row."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    # Refuse before reading a byte: an oversized file must never be pulled into memory.
    if os.path.getsize(path) > limit:
        raise ImportFailed([RowError(0, f"the file is larger than the {limit:,} byte limit "
                                        "(IMPORT_MAX_BYTES); nothing was read")])
    with open(path, "rb") as raw:
        return _read(_Lines(raw, limit))


# --- reading -----------------------------------------------------------------------------

class _Lines:
    """The file's physical lines, decoded one at a time so a bad byte is pinned to its line.

    It also counts bytes, because a pipe or a growing file has no trustworthy size.
    """

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self.raw, self.limit, self.size = raw, limit, 0
        self.undecodable: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        # readline(limit + 1) bounds memory even for a file without a single newline.
        for number, chunk in enumerate(iter(lambda: self.raw.readline(self.limit + 1), b""), 1):
            self.size += len(chunk)
            if self.size > self.limit:
                raise ImportFailed([RowError(0, f"the file is larger than the {self.limit:,} "
                                                "byte limit (IMPORT_MAX_BYTES)")])
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.undecodable[number] = (f"not valid UTF-8 (byte 0x{chunk[exc.start]:02x} "
                                            f"at byte {exc.start + 1} of the line)")
                text = chunk.decode("utf-8", "replace")
            yield text.removeprefix("\ufeff") if number == 1 else text


class _Reader(Protocol):
    """What is used of a ``csv.reader``."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


def _read(lines: _Lines) -> list[CatalogueRow]:
    reader = csv.reader(lines, strict=True)
    header = _header(reader, lines)
    rows: list[CatalogueRow] = []
    errors: list[RowError] = []
    checks = _FileChecks()
    for line, record in _records(reader, lines, errors):
        try:
            row = _parse_row(line, _by_column(header, record))
            checks.add(row)
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
        else:
            rows.append(row)
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([RowError(1, "the file has a header but no product rows")])
    return rows


def _header(reader: _Reader, lines: _Lines) -> list[str]:
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportFailed([RowError(1, f"bad header: {exc}")]) from None
    if header is None:
        raise ImportFailed([RowError(0, "the file is empty: expected a header row "
                                        f"({', '.join(COLUMNS)})")])
    if 1 in lines.undecodable:
        raise ImportFailed([RowError(1, lines.undecodable[1])])
    names = [name.strip() for name in header]
    problems = []
    if missing := [c for c in COLUMNS if c not in names]:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if unknown := [n for n in names if n not in COLUMNS]:
        problems.append(f"unknown column(s) {', '.join(repr(n) for n in unknown)}")
    if repeated := sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"repeated column(s) {', '.join(repeated)}")
    if problems:
        raise ImportFailed([RowError(1, "bad header: " + "; ".join(problems))])
    return names


def _records(reader: _Reader, lines: _Lines,
             errors: list[RowError]) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of each non-blank record; unreadable ones go to ``errors``."""
    end = reader.line_num
    while True:
        start = end + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append(RowError(start, f"unreadable CSV: {exc}"))
            continue
        finally:
            end = reader.line_num
        # A quoted field may span lines: report the undecodable line itself.
        bad = next((n for n in range(start, end + 1) if n in lines.undecodable), None)
        if bad is not None:
            errors.append(RowError(bad, lines.undecodable[bad]))
        elif any(value.strip() for value in record):  # blank and ",,,," lines carry nothing
            yield start, record


def _by_column(header: list[str], record: list[str]) -> dict[str, str]:
    if len(record) != len(header):
        raise ValueError(f"expected {len(header)} fields, found {len(record)}")
    return {name: _clean(value, multiline=name == "description")
            for name, value in zip(header, record)}


def _clean(text: str, multiline: bool = False) -> str:
    """NFC (files from Windows and macOS mix composed and decomposed Vietnamese), trimmed."""
    text = unicodedata.normalize("NFC", text).strip()
    return text if multiline else " ".join(text.split())


class _FileChecks:
    """Rules across rows: no product twice, one kind and address per producer."""

    def __init__(self) -> None:
        self.products: dict[tuple[str, str], int] = {}
        self.producers: dict[str, CatalogueRow] = {}

    def add(self, row: CatalogueRow) -> None:
        key = (row.producer_name, row.product_name)
        if key in self.products:
            raise ValueError(f"duplicate of line {self.products[key]} "
                             "(same producer_name and product_name)")
        self.products[key] = row.line
        first = self.producers.setdefault(row.producer_name, row)
        if _producer_fields(first) != _producer_fields(row):
            # Otherwise whichever row came last would silently win.
            raise ValueError(f"producer {row.producer_name!r} has a different producer_kind, "
                             f"province or commune on line {first.line}")


def _producer_fields(row: CatalogueRow) -> tuple[ProducerKind | None, str, str]:
    return row.producer_kind, row.province_code, row.commune_code


# --- one row -------------------------------------------------------------------------------

def _parse_row(line: int, values: dict[str, str]) -> CatalogueRow:
    """A checked row, or ValueError naming every problem of the row."""
    problems = [f"{column} is required" for column in REQUIRED if not values[column]]
    problems += [f"{column} is longer than {size} characters"
                 for column, size in MAX_LENGTHS.items() if len(values[column]) > size]
    # PostgreSQL text cannot hold NUL: without this the row fails at the database.
    problems += [f"{column} contains a NUL character" for column, value in values.items()
                 if "\x00" in value]

    def attempt(parse: Callable[..., Any], *args: Any) -> Any:
        try:
            return parse(*args)
        except ValueError as exc:
            problems.append(str(exc))
            return None

    kind = attempt(_kind, values["producer_kind"])
    place = attempt(_place, values["province"], values["commune"])
    category = attempt(_category, values["category"])
    price = attempt(_count, "price_vnd", values["price_vnd"])
    stock = attempt(_count, "stock", values["stock"])
    is_gift = attempt(_flag, "is_gift", values["is_gift"])
    certificate = attempt(_certificate, values)
    if problems:
        raise ValueError("; ".join(problems))
    return CatalogueRow(
        line=line, producer_name=values["producer_name"], producer_kind=kind,
        province_code=place[0], commune_code=place[1], product_name=values["product_name"],
        category_slug=category, description=values["description"],
        unit=values["unit"] or DEFAULT_UNIT, price_vnd=price, stock=stock or 0,
        is_gift=is_gift, certificate=certificate,
    )


def _kind(text: str) -> ProducerKind | None:
    if not text:
        return None
    try:
        return ProducerKind(text.lower())
    except ValueError:
        allowed = ", ".join(kind.value for kind in ProducerKind)
        raise ValueError(f"producer_kind must be one of {allowed}, not {text!r}") from None


def _place(province_text: str, commune_text: str) -> tuple[str, str] | None:
    """(province, commune) GSO codes; the commune is only looked for inside its province."""
    if not (province_text and commune_text):
        return None
    province = units.resolve_province(province_text)
    if province is None:
        raise ValueError(f"unknown province {province_text!r} (a 2025 province: name or GSO code)")
    commune = units.resolve_commune(province.code, commune_text)
    if commune is None:
        raise ValueError(f"commune {commune_text!r} is not a commune or ward of {province.name}")
    return province.code, commune.code


def _category(text: str) -> str | None:
    if not text:
        return None
    slug = _category_names().get(_name_key(text))
    if slug is None:
        groups = ", ".join(name for _, name, _, _ in OCOP_GROUPS)
        raise ValueError(f"unknown category {text!r} (one of the OCOP groups: {groups}; "
                         "or one of their sub-groups)")
    return slug


@lru_cache(maxsize=1)
def _category_names() -> dict[str, str]:
    """Vietnamese group and sub-group names, then the old 1048 names, → category slug."""
    names = {}
    for slug, name, _, children in OCOP_GROUPS:
        names[_name_key(name)] = slug
        names.update((_name_key(child_name), child_slug) for child_slug, child_name, _ in children)
    for legacy, slug in LEGACY_GROUPS.items():
        names.setdefault(_name_key(legacy), slug)
    return names


def _name_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _count(column: str, text: str) -> int | None:
    if not text:
        return None
    if not COUNT_RE.fullmatch(text):
        raise ValueError(f"{column} must be a whole number, 0 or more, not {text!r}")
    if (value := int(text)) > INT_MAX:
        raise ValueError(f"{column} {value} is too large")
    return value


def _flag(column: str, text: str) -> bool:
    if text not in ("", "0", "1"):
        raise ValueError(f"{column} must be 0 or 1, not {text!r}")
    return text == "1"


def _day(column: str, text: str) -> date | None:
    if not text:
        return None
    # fromisoformat alone would also take "20240115" or "2024-W03".
    if not DATE_RE.fullmatch(text):
        raise ValueError(f"{column} must be a date written YYYY-MM-DD, not {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a calendar date") from None


def _certificate(values: dict[str, str]) -> CertificateRow | None:
    """The row's certificate, or None when it has no stars (and no certificate fields)."""
    if not values["stars"]:
        if given := [column for column in CERTIFICATE_COLUMNS if values[column]]:
            raise ValueError(f"{', '.join(given)} given without stars")
        return None
    problems: list[str] = []
    stars = int(values["stars"]) if values["stars"] in ("3", "4", "5") else None
    if stars is None:
        problems.append(f"stars must be 3, 4 or 5 (empty when not certified), "
                        f"not {values['stars']!r}")
    score = _score(values["score"], stars, problems)
    if not values["certificate_no"]:
        problems.append("certificate_no is required when stars are given")
    certified_on, expires_on = _validity(values, problems)
    if problems:
        raise ValueError("; ".join(problems))
    return CertificateRow(stars, score, values["certificate_no"], certified_on, expires_on)


def _score(text: str, stars: int | None, problems: list[str]) -> int | None:
    if not text:
        return None  # stars without a score: the council's total is not always published
    if not COUNT_RE.fullmatch(text) or int(text) > 100:
        problems.append(f"score must be a whole number from 0 to 100, not {text!r}")
        return None
    score = int(text)
    if stars is not None and stars_for_score(score) != stars:
        bands = ", ".join(f"{s}★ {low}–{high}" for s, low, high in reversed(STAR_BANDS))
        problems.append(f"score {score} does not match {stars} stars ({bands})")
    return score


def _validity(values: dict[str, str], problems: list[str]) -> tuple[date | None, date | None]:
    try:
        certified_on = _day("certified_on", values["certified_on"])
        expires_on = _day("expires_on", values["expires_on"])
    except ValueError as exc:
        problems.append(str(exc))
        return None, None
    if certified_on is None:
        problems.append("certified_on is required when stars are given")
        return None, None
    if certified_on > today():
        problems.append(f"certified_on {certified_on} is in the future")
    expires_on = expires_on or default_expiry(certified_on)
    if expires_on < certified_on:
        problems.append(f"expires_on {expires_on} is before certified_on {certified_on}")
    return certified_on, expires_on


# --- writing -------------------------------------------------------------------------------

@dataclass
class _Batch:
    """What this import has loaded or created, so each producer is looked up once."""

    categories: dict[str, Category]
    result: ImportResult
    producers: dict[str, Producer] = field(default_factory=dict)
    # Per producer name, its products as they were before this import, by product name.
    products: dict[str, dict[str, Product]] = field(default_factory=dict)


def _apply(rows: list[CatalogueRow]) -> ImportResult:
    """Upsert every row; flushes only (the caller commits)."""
    ensure_categories()
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    batch = _Batch(categories, ImportResult(rows=len(rows)))
    for row in rows:
        producer = _upsert_producer(row, batch)
        product = _upsert_product(row, producer, batch)
        if row.certificate is not None:
            _record_certificate(product, row, batch.result)
    db.session.flush()
    # Search re-reads every product of the producers named in the file once this commits:
    # the upserted ones, and their siblings (a producer's address is on every product).
    from .. import search

    search.mark_producers(producer.id for producer in batch.producers.values())
    return batch.result


def _upsert_producer(row: CatalogueRow, batch: _Batch) -> Producer:
    # Rows of one producer agree on kind and address (checked while reading).
    if (producer := batch.producers.get(row.producer_name)) is not None:
        return producer
    producer = db.session.scalar(select(Producer).where(Producer.name == row.producer_name))
    # One query per producer instead of one per row (rows can be tens of thousands).
    batch.products[row.producer_name] = {p.name: p for p in producer.products} if producer else {}
    if producer is None:
        producer = Producer(name=row.producer_name, status=ProducerStatus.APPROVED,
                            slug=_unique_slug(Producer.slug, slugify(row.producer_name)))
        db.session.add(producer)
        batch.result.producers_created += 1
    else:
        batch.result.producers_updated += 1
    producer.kind = row.producer_kind or producer.kind or ProducerKind.COOPERATIVE
    producer.province_code, producer.commune_code = row.province_code, row.commune_code
    batch.producers[row.producer_name] = producer
    return producer


def _upsert_product(row: CatalogueRow, producer: Producer, batch: _Batch) -> Product:
    product = batch.products[row.producer_name].get(row.product_name)
    if product is None:
        slug = _unique_slug(Product.slug, slugify(f"{row.product_name} {row.producer_name}"))
        product = Product(producer=producer, name=row.product_name, slug=slug,
                          status=ProductStatus.ACTIVE)
        db.session.add(product)
        batch.result.products_created += 1
    else:
        batch.result.products_updated += 1
    product.category = batch.categories[row.category_slug]
    product.description, product.unit = row.description, row.unit
    product.price_vnd, product.is_gift = row.price_vnd, row.is_gift
    _import_stock(product, row.stock)
    if row.certificate is not None:
        db.session.flush()  # certificate queries are built with product.id
    return product


def _import_stock(product: Product, wanted: int) -> None:
    """Set the stock the file gives, as a stock movement (the stock is the sum of them)."""
    if product.id is None:
        product.stock = wanted
        if wanted:
            db.session.add(StockMovement(product=product, delta=wanted, stock_after=wanted,
                                         reason=StockReason.IMPORT))
    elif product.stock != wanted:
        # Compare-and-set: a sale committed since the product was loaded is not overwritten.
        stock.set_stock(product.id, wanted, StockReason.IMPORT, note="flask catalog import")
        db.session.expire(product, ["stock"])


def _unique_slug(column: InstrumentedAttribute[str], base: str) -> str:
    """``base``, else ``base-2``, ``base-3``...; autoflush makes this import's new rows count."""
    taken = set(db.session.scalars(select(column).where(
        or_(column == base, column.like(f"{base}-%")))))
    number, slug = 1, base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _record_certificate(product: Product, row: CatalogueRow, result: ImportResult) -> None:
    data = row.certificate
    fields = dict(stars=data.stars, score=data.score, certified_on=data.certified_on,
                  expires_on=data.expires_on, issuer=_issuer(data.stars, row.province_code),
                  issuer_level=IssuerLevel(issuer_for_stars(data.stars)))
    existing = next((c for c in product.certifications
                     if c.certificate_no == data.certificate_no), None)
    if existing is not None:
        _update_certificate(product, existing, fields)
        result.certifications_updated += 1
    elif _takes_effect(product, data.certified_on, data.expires_on):
        issue_certification(product, certificate_no=data.certificate_no, **fields)
        result.certifications_created += 1
    else:
        # History only: an expired certificate, or one older than the decision in force,
        # must not supersede the certificate the product carries today.
        db.session.add(Certification(product=product, certificate_no=data.certificate_no,
                                     status=CertificationStatus.EXPIRED, **fields))
        result.certifications_created += 1


def _update_certificate(product: Product, certification: Certification,
                        fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(certification, name, value)
    if certification.status == CertificationStatus.REVOKED:
        return  # a revocation is the office's decision; an import does not undo it
    if not _takes_effect(product, certification.certified_on, certification.expires_on,
                         ignore=certification):
        certification.status = CertificationStatus.EXPIRED
    elif certification.status != CertificationStatus.ACTIVE:
        # A corrected date can bring a stored certificate back into force.
        db.session.execute(
            update(Certification)
            .where(Certification.product_id == product.id, Certification.id != certification.id,
                   Certification.status == CertificationStatus.ACTIVE)
            .values(status=CertificationStatus.EXPIRED))
        certification.status = CertificationStatus.ACTIVE


def _takes_effect(product: Product, certified_on: date, expires_on: date,
                  ignore: Certification | None = None) -> bool:
    """In force today and not older than the certificate the product carries now."""
    if expires_on < today():
        return False
    current = current_certification(product)
    return current is None or current is ignore or current.certified_on <= certified_on


def _issuer(stars: int, province_code: str) -> str:
    """Since 07/2025 the province certifies 3★ and 4★, the ministry 5★."""
    if stars == 5:
        return MINISTRY
    name = units.province(province_code).name  # "Tỉnh Thái Nguyên", "Thành phố Hà Nội"
    return f"UBND {name[0].lower()}{name[1:]}"
