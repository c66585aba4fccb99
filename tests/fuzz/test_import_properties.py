"""Properties of ``flask catalog import`` (DESIGN.md, "Catalogue CSV"), by Hypothesis.

Any bytes give either an import or the importer's report of bad rows; a file with a
bad row changes nothing and names that row's line; valid rows come back as written
(NFC, trimmed, whitespace collapsed); importing the same file again changes nothing.

The ``db`` fixture empties the database once per test, not per example, so each
example writes names of its own and compares the database before and after itself.
"""
from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from marketplace import units
from marketplace.catalog.exceptions import ImportFailed
from marketplace.catalog.groups import LEGACY_GROUPS, OCOP_GROUPS
from marketplace.catalog.importer import COLUMNS, ImportResult, import_catalogue
from marketplace.catalog.models import Category, Product, StockMovement
from marketplace.clock import today
from marketplace.extensions import db as _db
from marketplace.ocop.models import Certification, CertificationStatus
from marketplace.ocop.rules import STAR_BANDS
from marketplace.ocop.services import default_expiry
from marketplace.shops.models import Producer, ProducerKind

FUZZ = settings(max_examples=50, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
PROVINCES = ("19", "01", "79")  # Thái Nguyên, Hà Nội, Hồ Chí Minh
_example = itertools.count(1)


def clean(text: str, multiline: bool = False) -> str:
    """What the contract keeps of a value: NFC, trimmed, and on one line but description."""
    text = unicodedata.normalize("NFC", text).strip()
    return text if multiline else " ".join(text.split())


# --- strategies ----------------------------------------------------------------------------

# Any character a UTF-8 file can carry but NUL (PostgreSQL text cannot hold it; a row with
# one is a bad row, which the bad-row properties cover), Vietnamese letters favoured.
VIETNAMESE = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐ "
TEXT_CHARS = st.one_of(st.sampled_from(VIETNAMESE),
                       st.characters(codec="utf-8", exclude_characters="\x00"))


def text(min_size: int = 0, max_size: int = 40, multiline: bool = False):
    return st.text(TEXT_CHARS, min_size=min_size, max_size=max_size).filter(
        lambda value: min_size == 0 or clean(value, multiline))


def _ways_to_write(commune: units.Commune) -> list[tuple[str, str]]:
    province = units.province(commune.province_code)
    shorts = [c.short for c in units.communes_of(province.code)]
    communes = [commune.code, commune.name]
    if shorts.count(commune.short) == 1:  # a short name shared in the province is ambiguous
        communes.append(commune.short)
    return [(p, c) for p in (province.code, province.name, province.short) for c in communes]


PLACES = st.sampled_from([c for code in PROVINCES for c in units.communes_of(code)]).flatmap(
    lambda commune: st.sampled_from(_ways_to_write(commune)).map(
        lambda written: (written, commune)))
CATEGORIES = [(name, slug) for slug, name, _, children in OCOP_GROUPS] + [
    (name, slug) for _, _, _, children in OCOP_GROUPS for slug, name, _ in children]
CATEGORY_KEYS = {name.casefold() for name, _ in CATEGORIES} | set(LEGACY_GROUPS) | {""}


@st.composite
def certificates(draw) -> dict[str, str]:
    stars, low, high = draw(st.sampled_from(STAR_BANDS))
    certified_on = today() - timedelta(days=draw(st.integers(0, 5 * 365)))
    expires_on = draw(st.one_of(st.none(), st.integers(0, 4 * 365).map(
        lambda days: certified_on + timedelta(days=days))))
    score = draw(st.one_of(st.none(), st.integers(low, high)))
    return {"stars": str(stars), "score": "" if score is None else str(score),
            "certificate_no": draw(text(1, 30)), "certified_on": certified_on.isoformat(),
            "expires_on": expires_on.isoformat() if expires_on else ""}


NO_CERTIFICATE = {"stars": "", "score": "", "certificate_no": "", "certified_on": "",
                  "expires_on": ""}


@st.composite
def producers(draw) -> dict[str, str]:
    (province, commune), _ = draw(PLACES)
    return {"producer_name": draw(text(1)), "province": province, "commune": commune,
            "producer_kind": draw(st.sampled_from(["", *(k.value for k in ProducerKind)]))}


@st.composite
def product_fields(draw) -> dict[str, str]:
    category = draw(st.sampled_from(CATEGORIES))[0]
    return {
        "product_name": draw(text(1)),
        "category": draw(st.sampled_from([category, category.upper(), f" {category} "])),
        "description": draw(text(0, 200, multiline=True)), "unit": draw(text(0, 20)),
        "price_vnd": str(draw(st.integers(0, 2**31 - 1))),
        "stock": draw(st.one_of(st.just(""), st.integers(0, 10**6).map(str))),
        "is_gift": draw(st.sampled_from(["", "0", "1"])),
        **draw(st.one_of(st.just(NO_CERTIFICATE), certificates())),
    }


@st.composite
def valid_rows(draw, min_size: int = 1, max_size: int = 6) -> list[dict[str, str]]:
    """Rows the contract accepts: one place and kind per producer, no product twice.

    Names carry a number of this example, so examples do not upsert each other's rows.
    """
    tag = next(_example)
    makers = draw(st.lists(producers(), min_size=1, max_size=3,
                           unique_by=lambda p: clean(p["producer_name"])))
    rows = draw(st.lists(st.tuples(st.sampled_from(makers), product_fields()),
                         min_size=min_size, max_size=max_size,
                         unique_by=lambda pair: (clean(pair[0]["producer_name"]),
                                                 clean(pair[1]["product_name"]))))
    return [{**maker, **fields, "producer_name": f"{maker['producer_name']} #{tag}"}
            for maker, fields in rows]


# One field made wrong, each in a way the contract names (DESIGN.md, "Catalogue CSV").
BAD_FIELDS = st.one_of(
    st.tuples(st.just("price_vnd"), st.builds(
        "{}{}{}".format, st.text(), st.sampled_from([".", ",", "-", "e", "đ", "x"]), st.text())),
    st.tuples(st.just("price_vnd"), st.integers(2**31, 10**30).map(str)),
    st.tuples(st.just("stock"), st.integers(max_value=-1).map(str)),
    st.tuples(st.just("stars"), st.text(min_size=1).filter(
        lambda v: clean(v) not in ("", "3", "4", "5"))),
    st.tuples(st.just("is_gift"), st.sampled_from(["2", "yes", "true", "01", "x"])),
    st.tuples(st.just("category"), st.text(min_size=1).filter(
        lambda v: clean(v).casefold() not in CATEGORY_KEYS)),
    st.tuples(st.just("province"), st.sampled_from(["Atlantis", "99", "00", "Huyện X"])),
    st.tuples(st.just("producer_name"), st.just("   ")),
    st.tuples(st.just("certified_on"), st.sampled_from(["2024-02-30", "15/01/2024", "x"])),
    st.tuples(st.just("producer_kind"), st.sampled_from(["coop", "farm", "công ty"])),
    st.tuples(st.just("product_name"), st.text(TEXT_CHARS, min_size=1).map(
        lambda v: f"{v}\x00")),
)


def render(rows: list[dict[str, str]]) -> tuple[bytes, list[int]]:
    """The CSV file of ``rows`` and the line each row starts on (the header is line 1)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    starts = []
    for row in rows:
        starts.append(out.getvalue().count("\n") + 1)
        writer.writerow(row)
    return out.getvalue().encode("utf-8"), starts


def run_import(tmp_path, content: bytes) -> ImportResult:
    path = tmp_path / f"catalogue-{next(_example)}.csv"
    path.write_bytes(content)
    try:
        return import_catalogue(path)
    finally:
        path.unlink()


def snapshot() -> tuple:
    """Everything an import may write, as comparable tuples."""
    _db.session.expire_all()
    return (
        tuple(_db.session.execute(select(
            Producer.name, Producer.slug, Producer.kind, Producer.province_code,
            Producer.commune_code).order_by(Producer.id)).all()),
        tuple(_db.session.execute(select(
            Product.producer_id, Product.name, Product.slug, Product.category_id,
            Product.description, Product.unit, Product.price_vnd, Product.stock,
            Product.is_gift, Product.status).order_by(Product.id)).all()),
        tuple(_db.session.execute(select(
            Certification.product_id, Certification.certificate_no, Certification.stars,
            Certification.score, Certification.certified_on, Certification.expires_on,
            Certification.status).order_by(Certification.id)).all()),
        tuple(_db.session.execute(select(
            StockMovement.product_id, StockMovement.delta).order_by(StockMovement.id)).all()),
    )


# --- properties ----------------------------------------------------------------------------

ANY_FIELD = st.one_of(st.text(), st.sampled_from(["", "0", "1", "3", "5", "92", "Thực phẩm",
                                                  "Thái Nguyên", "Tân Cương", "2024-01-15"]))
ARBITRARY_FILES = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=500).map(lambda tail: render([])[0] + tail),
    st.lists(st.lists(ANY_FIELD, min_size=len(COLUMNS), max_size=len(COLUMNS)).map(
        lambda values: dict(zip(COLUMNS, values))), max_size=5).map(lambda rows: render(rows)[0]),
    st.lists(st.lists(st.text(), max_size=20), max_size=5).map(
        lambda records: render([])[0] + "\r\n".join(",".join(r) for r in records).encode()),
)


@FUZZ
@given(content=ARBITRARY_FILES)
def test_any_bytes_are_imported_or_reported_never_raised(db, tmp_path, content):
    before = snapshot()

    try:
        result = run_import(tmp_path, content)
    except ImportFailed as failure:
        assert failure.errors and all(e.reason and e.line >= 0 for e in failure.errors)
        assert snapshot() == before
    else:
        assert result.rows > 0


@FUZZ
@given(rows=valid_rows(min_size=1, max_size=7), data=st.data())
def test_a_file_with_any_bad_row_imports_nothing_and_names_each_bad_line(
        db, tmp_path, rows, data):
    bad = data.draw(st.sets(st.sampled_from(range(len(rows))), min_size=1), label="bad rows")
    for index in sorted(bad):
        column, value = data.draw(BAD_FIELDS, label=f"row {index}")
        rows[index] = {**rows[index], column: value}
    content, starts = render(rows)
    before = snapshot()

    try:
        run_import(tmp_path, content)
    except ImportFailed as failure:
        reported = {error.line for error in failure.errors}
    else:
        raise AssertionError("a file with a bad row was imported")

    assert snapshot() == before
    assert reported == {starts[index] for index in bad}


def expected_category(written: str) -> str:
    return next(slug for name, slug in CATEGORIES if name.casefold() == clean(written).casefold())


def assert_imported_as_written(row: dict[str, str]) -> None:
    """The product of ``row`` holds what the row says, after the contract's cleaning."""
    product = _db.session.scalar(select(Product).join(Producer).where(
        Producer.name == clean(row["producer_name"]), Product.name == clean(row["product_name"])))
    assert product is not None, row
    producer = product.producer
    province = units.resolve_province(row["province"])
    assert (producer.province_code, producer.commune_code) == (
        province.code, units.resolve_commune(province.code, row["commune"]).code)
    assert producer.kind == ProducerKind(row["producer_kind"] or "cooperative")
    assert _db.session.get(Category, product.category_id).slug == expected_category(
        row["category"])
    assert (product.description, product.unit) == (
        clean(row["description"], multiline=True), clean(row["unit"]) or "sản phẩm")
    assert (product.price_vnd, product.stock, product.is_gift) == (
        int(row["price_vnd"]), int(row["stock"] or 0), row["is_gift"] == "1")
    certificates = list(product.certifications)
    if not row["stars"]:
        assert certificates == []
        return
    (certificate,) = certificates
    certified_on = date.fromisoformat(row["certified_on"])
    expires_on = (date.fromisoformat(row["expires_on"]) if row["expires_on"]
                  else default_expiry(certified_on))
    assert (certificate.certificate_no, certificate.stars, certificate.score,
            certificate.certified_on, certificate.expires_on) == (
        clean(row["certificate_no"]), int(row["stars"]),
        int(row["score"]) if row["score"] else None, certified_on, expires_on)
    in_force = expires_on >= today()
    assert certificate.status == (CertificationStatus.ACTIVE if in_force
                                  else CertificationStatus.EXPIRED)


@FUZZ
@given(rows=valid_rows())
def test_valid_rows_come_back_as_written_and_reimporting_changes_nothing(db, tmp_path, rows):
    content, _ = render(rows)

    first = run_import(tmp_path, content)
    for row in rows:
        assert_imported_as_written(row)
    after_first = snapshot()
    second = run_import(tmp_path, content)

    assert (first.rows, first.products_created, first.products_updated) == (
        len(rows), len(rows), 0)
    assert (second.products_created, second.products_updated) == (0, len(rows))
    assert (second.producers_created, second.certifications_created) == (0, 0)
    assert snapshot() == after_first
