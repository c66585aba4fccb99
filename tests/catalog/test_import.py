"""``flask catalog import``: the catalogue CSV contract, all or nothing."""
from __future__ import annotations

import csv
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.catalog.exceptions import ImportFailed, RowError
from marketplace.catalog.importer import COLUMNS, import_catalogue
from marketplace.catalog.models import CatalogRevision, Product, ProductStatus
from marketplace.clock import today
from marketplace.extensions import db
from marketplace.ocop.models import Certification, CertificationStatus, IssuerLevel
from marketplace.ocop.services import current_certification, default_expiry
from marketplace.shops.models import Producer, ProducerKind, ProducerStatus
from tests.factories import make_product

CERTIFIED_ON = today() - timedelta(days=100)


def good_row(**overrides: str) -> dict[str, str]:
    """A valid 5★ row; keyword arguments replace its fields."""
    row = {
        "producer_name": "HTX chè Hảo Đạt", "producer_kind": "cooperative",
        "province": "Thái Nguyên", "commune": "Tân Cương",
        "product_name": "Chè Đinh Tân Cương", "category": "Thực phẩm",
        "description": "Chè đinh hái một tôm.", "unit": "hộp 100 g", "price_vnd": "350000",
        "stock": "20", "stars": "5", "score": "92", "certificate_no": "GCN-001",
        "certified_on": CERTIFIED_ON.isoformat(), "expires_on": "", "is_gift": "1",
    }
    return row | overrides


def write_csv(directory: Path, rows: list[dict[str, str]], columns=COLUMNS,
              name: str = "catalogue.csv") -> Path:
    path = directory / name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def import_errors(path: Path) -> list[RowError]:
    with pytest.raises(ImportFailed) as failure:
        import_catalogue(path)
    return failure.value.errors


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def product_named(db, name: str) -> Product:
    return db.session.scalar(select(Product).where(Product.name == name))


# --- happy path --------------------------------------------------------------------------

def test_import_creates_producers_products_and_certificates(db, tmp_path):
    path = write_csv(tmp_path, [
        good_row(),
        good_row(product_name="Chè tôm nõn", stars="4", score="78", certificate_no="GCN-002",
                 is_gift="0"),
        good_row(producer_name="Bánh chưng Bờ Đậu", producer_kind="household",
                 commune="Phú Lương", product_name="Bánh chưng", stars="", score="",
                 certificate_no="", certified_on="", is_gift=""),
    ])

    result = import_catalogue(path)

    assert (result.producers_created, result.products_created,
            result.certifications_created) == (2, 3, 2)
    producer = db.session.scalar(select(Producer).where(Producer.name == "HTX chè Hảo Đạt"))
    assert (producer.slug, producer.status, producer.kind) == (
        "htx-che-hao-dat", ProducerStatus.APPROVED, ProducerKind.COOPERATIVE)
    assert (producer.province_code, producer.commune_code) == ("19", "05503")
    tea = product_named(db, "Chè Đinh Tân Cương")
    assert tea.slug == "che-dinh-tan-cuong-htx-che-hao-dat"
    assert (tea.status, tea.price_vnd, tea.stock, tea.unit, tea.is_gift) == (
        ProductStatus.ACTIVE, 350000, 20, "hộp 100 g", True)
    assert tea.category.slug == "thuc-pham"
    certificate = current_certification(tea)
    assert (certificate.stars, certificate.score, certificate.certificate_no) == (5, 92, "GCN-001")
    assert certificate.expires_on == default_expiry(CERTIFIED_ON)
    assert (certificate.issuer, certificate.issuer_level) == (
        "Bộ Nông nghiệp và Môi trường", IssuerLevel.MINISTRY)
    assert current_certification(product_named(db, "Chè tôm nõn")).issuer == "UBND tỉnh Thái Nguyên"
    cake = product_named(db, "Bánh chưng")
    assert (cake.certifications, cake.is_gift, cake.producer.kind) == (
        [], False, ProducerKind.HOUSEHOLD)


def test_import_bumps_the_catalogue_revision(db, tmp_path):
    before = db.session.scalar(select(CatalogRevision.revision))

    import_catalogue(write_csv(tmp_path, [good_row(stars="", score="", certificate_no="",
                                                   certified_on="")]))

    assert db.session.scalar(select(CatalogRevision.revision)) > before


def test_stars_without_score_and_explicit_expiry_are_accepted(db, tmp_path):
    expires = today() + timedelta(days=30)
    import_catalogue(write_csv(tmp_path, [good_row(score="", expires_on=expires.isoformat())]))

    certificate = current_certification(product_named(db, "Chè Đinh Tân Cương"))
    assert (certificate.score, certificate.expires_on) == (None, expires)


def test_bom_and_any_column_order_are_accepted(db, tmp_path):
    path = write_csv(tmp_path, [good_row()], columns=list(reversed(COLUMNS)))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    assert import_catalogue(path).products_created == 1


def test_gso_codes_and_prefixed_names_resolve(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [
        good_row(province="19", commune="05503"),
        good_row(producer_name="HTX khác", province="Tỉnh Thái Nguyên", commune="Xã Tân Cương"),
    ]))

    codes = set(db.session.execute(select(Producer.province_code, Producer.commune_code)))
    assert codes == {("19", "05503")}


def test_legacy_1048_group_maps_to_the_herbal_group(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row(category="Thảo dược")]))

    assert product_named(db, "Chè Đinh Tân Cương").category.slug == "duoc-lieu"


def test_sub_group_names_match_case_insensitively_and_decomposed(db, tmp_path):
    import unicodedata
    category = unicodedata.normalize("NFD", "CHÈ, CÀ PHÊ")
    import_catalogue(write_csv(tmp_path, [good_row(category=category)]))

    assert product_named(db, "Chè Đinh Tân Cương").category.slug == "che-ca-phe"


def test_slugs_are_deduplicated(db, tmp_path):
    make_product("Mật ong", slug="mat-ong-htx-ong")
    import_catalogue(write_csv(tmp_path, [
        good_row(producer_name="HTX ong", product_name="Mật ong", certificate_no="A"),
        good_row(producer_name="HTX Ong!", product_name="Mật ong", certificate_no="B"),
    ]))

    slugs = set(db.session.scalars(select(Product.slug).where(Product.name == "Mật ong")))
    assert slugs == {"mat-ong-htx-ong", "mat-ong-htx-ong-2", "mat-ong-htx-ong-3"}
    producer_slugs = db.session.scalars(
        select(Producer.slug).where(Producer.name.in_(["HTX ong", "HTX Ong!"])))
    assert set(producer_slugs) == {"htx-ong", "htx-ong-2"}


# --- upserts and certificate history --------------------------------------------------------

def test_reimport_updates_in_place_without_duplicates(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row(), good_row(product_name="Chè tôm nõn",
                                                              certificate_no="GCN-002")]))
    changed = good_row(producer_kind="enterprise", commune="Phú Lương", category="Đồ uống",
                       description="Mới", unit="gói", price_vnd="400000", stock="0", is_gift="0",
                       stars="4", score="80")

    result = import_catalogue(write_csv(tmp_path, [changed], name="again.csv"))

    assert (result.producers_updated, result.products_updated,
            result.certifications_updated) == (1, 1, 1)
    assert (result.producers_created, result.products_created,
            result.certifications_created) == (0, 0, 0)
    assert (count(Producer), count(Product), count(Certification)) == (1, 2, 2)
    tea = product_named(db, "Chè Đinh Tân Cương")
    assert (tea.category.slug, tea.description, tea.unit, tea.price_vnd, tea.stock,
            tea.is_gift) == ("do-uong", "Mới", "gói", 400000, 0, False)
    assert (tea.producer.kind, tea.producer.commune.short) == (ProducerKind.ENTERPRISE, "Phú Lương")
    certificate = current_certification(tea)
    assert (certificate.stars, certificate.issuer) == (4, "UBND tỉnh Thái Nguyên")


def test_new_certificate_number_supersedes_the_current_one(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row(stars="4", score="75")]))
    renewed = good_row(certificate_no="GCN-NEW", certified_on=(today() - timedelta(days=1)).isoformat())

    import_catalogue(write_csv(tmp_path, [renewed], name="renewed.csv"))

    history = {c.certificate_no: c.status for c in product_named(db, "Chè Đinh Tân Cương").certifications}
    assert history == {"GCN-001": CertificationStatus.EXPIRED, "GCN-NEW": CertificationStatus.ACTIVE}


def test_expired_certificate_is_history_and_does_not_supersede(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row()]))
    old = good_row(certificate_no="GCN-2019", stars="3", score="60", certified_on="2019-05-01",
                   expires_on="2022-05-01")

    import_catalogue(write_csv(tmp_path, [old], name="old.csv"))

    tea = product_named(db, "Chè Đinh Tân Cương")
    history = {c.certificate_no: c.status for c in tea.certifications}
    assert history == {"GCN-001": CertificationStatus.ACTIVE, "GCN-2019": CertificationStatus.EXPIRED}
    assert current_certification(tea).certificate_no == "GCN-001"


def test_expired_certificate_of_a_new_product_gives_no_badge(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row(certified_on="2019-05-01")]))

    tea = product_named(db, "Chè Đinh Tân Cương")
    assert [c.status for c in tea.certifications] == [CertificationStatus.EXPIRED]
    assert current_certification(tea) is None


def test_older_certificate_still_valid_does_not_replace_a_newer_one(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row()]))
    older = good_row(certificate_no="GCN-OLD", stars="4", score="80",
                     certified_on=(CERTIFIED_ON - timedelta(days=200)).isoformat())

    import_catalogue(write_csv(tmp_path, [older], name="older.csv"))

    assert current_certification(product_named(db, "Chè Đinh Tân Cương")).certificate_no == "GCN-001"


def test_corrected_expiry_brings_a_stored_certificate_back_into_force(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row(expires_on=(today() - timedelta(days=1)).isoformat())]))

    import_catalogue(write_csv(tmp_path, [good_row()], name="fixed.csv"))

    assert current_certification(product_named(db, "Chè Đinh Tân Cương")).certificate_no == "GCN-001"


# --- all or nothing -----------------------------------------------------------------------

def test_one_bad_row_imports_nothing_and_keeps_saved_data(db, tmp_path):
    import_catalogue(write_csv(tmp_path, [good_row()]))
    revision = db.session.scalar(select(CatalogRevision.revision))
    path = write_csv(tmp_path, [
        good_row(price_vnd="1"), good_row(product_name="Mới", certificate_no="N"),
        good_row(product_name="Hỏng", price_vnd="-5", certificate_no="X"),
    ], name="mixed.csv")

    errors = import_errors(path)

    assert [e.line for e in errors] == [4]
    db.session.expire_all()
    assert (count(Producer), count(Product), count(Certification)) == (1, 1, 1)
    assert product_named(db, "Chè Đinh Tân Cương").price_vnd == 350000
    assert db.session.scalar(select(CatalogRevision.revision)) == revision


def test_every_bad_row_is_reported_with_its_line(db, tmp_path):
    path = write_csv(tmp_path, [
        good_row(stars="2"), good_row(product_name="B", certificate_no="B"),
        good_row(product_name="C", stock="abc"), good_row(product_name="D", category="Xe máy"),
    ])

    assert [e.line for e in import_errors(path)] == [2, 4, 5]


def test_all_problems_of_one_row_are_reported_together(db, tmp_path):
    errors = import_errors(write_csv(tmp_path, [good_row(price_vnd="x", stock="-1", unit="u" * 41)]))

    assert len(errors) == 1
    assert all(part in errors[0].reason for part in ("price_vnd", "stock", "unit"))


def test_a_quoted_multi_line_field_keeps_physical_line_numbers(db, tmp_path):
    path = write_csv(tmp_path, [good_row(description="dòng 1\ndòng 2\ndòng 3"),
                                good_row(product_name="B", price_vnd="-1")])

    assert [e.line for e in import_errors(path)] == [5]


# --- bad input, one test each -------------------------------------------------------------

@pytest.mark.parametrize(("overrides", "reason"), [
    ({"stars": "2"}, "stars must be 3, 4 or 5"),
    ({"stars": "6"}, "stars must be 3, 4 or 5"),
    ({"stars": "4", "score": "92"}, "score 92 does not match 4 stars"),
    ({"stars": "3", "score": "45"}, "score 45 does not match 3 stars"),
    ({"score": "101"}, "score must be a whole number from 0 to 100"),
    ({"stars": "", "certificate_no": "", "certified_on": ""}, "score given without stars"),
    ({"certified_on": "15/01/2024"}, "certified_on must be a date written YYYY-MM-DD"),
    ({"certified_on": "2024-02-30"}, "not a calendar date"),
    ({"certified_on": "2024-03-01", "expires_on": "2024-02-01"}, "expires_on 2024-02-01 is before"),
    ({"certified_on": ""}, "certified_on is required when stars are given"),
    ({"certified_on": (today() + timedelta(days=1)).isoformat()}, "is in the future"),
    ({"certificate_no": ""}, "certificate_no is required when stars are given"),
    ({"category": "Xe máy"}, "unknown category 'Xe máy'"),
    ({"price_vnd": "-1"}, "price_vnd must be a whole number"),
    ({"price_vnd": "12.5"}, "price_vnd must be a whole number"),
    ({"price_vnd": "abc"}, "price_vnd must be a whole number"),
    ({"price_vnd": "9999999999"}, "price_vnd 9999999999 is too large"),
    ({"price_vnd": ""}, "price_vnd is required"),
    ({"stock": "-1"}, "stock must be a whole number"),
    ({"is_gift": "yes"}, "is_gift must be 0 or 1"),
    ({"producer_kind": "company"}, "producer_kind must be one of"),
    ({"province": "Bắc Kạn"}, "unknown province 'Bắc Kạn'"),
    ({"province": "Hà Nội"}, "commune 'Tân Cương' is not a commune or ward of Thành phố Hà Nội"),
    ({"commune": "01"}, "is not a commune or ward of Tỉnh Thái Nguyên"),
    ({"product_name": ""}, "product_name is required"),
    ({"producer_name": "x" * 201}, "producer_name is longer than 200 characters"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_bad_value_is_reported_on_its_line(db, tmp_path, overrides, reason):
    errors = import_errors(write_csv(tmp_path, [good_row(product_name="Khác", certificate_no="K"),
                                                good_row(**overrides)]))

    assert len(errors) == 1 and errors[0].line == 3
    assert reason in errors[0].reason
    assert count(Product) == 0


def test_wrong_header_is_refused(db, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("name,price\nChè,1000\n", encoding="utf-8")

    [error] = import_errors(path)

    assert error.line == 1 and "unknown column(s) 'name', 'price'" in error.reason


def test_missing_column_is_refused(db, tmp_path):
    columns = [c for c in COLUMNS if c != "stock"]

    [error] = import_errors(write_csv(tmp_path, [good_row()], columns=columns))

    assert error == RowError(1, "bad header: missing column(s) stock")


def test_row_with_wrong_field_count_is_bad(db, tmp_path):
    path = write_csv(tmp_path, [good_row()])
    path.write_text(path.read_text(encoding="utf-8") + "a,b,c\n", encoding="utf-8")

    assert import_errors(path) == [RowError(3, "expected 16 fields, found 3")]


def test_non_utf8_bytes_are_reported_with_their_line(db, tmp_path):
    path = write_csv(tmp_path, [good_row(), good_row(product_name="B", certificate_no="B")])
    lines = path.read_bytes().splitlines(keepends=True)
    # "Chè" as a Windows-1258 spreadsheet would save it: 0xE8 is not UTF-8.
    lines.insert(2, b"HTX,cooperative,19,05503,Ch\xe8,," + b"," * 10 + b"\r\n")

    [error] = import_errors(_write_bytes(path, b"".join(lines)))

    assert error.line == 3 and "not valid UTF-8" in error.reason


def test_duplicate_row_names_the_first_line(db, tmp_path):
    path = write_csv(tmp_path, [good_row(), good_row(product_name="B", certificate_no="B"),
                                good_row(price_vnd="1")])

    assert import_errors(path) == [RowError(
        4, "duplicate of line 2 (same producer_name and product_name)")]


def test_producer_with_two_addresses_in_one_file_is_bad(db, tmp_path):
    path = write_csv(tmp_path, [good_row(), good_row(product_name="B", commune="Phú Lương")])

    [error] = import_errors(path)

    assert error.line == 3 and "on line 2" in error.reason


def test_file_over_the_size_limit_is_refused_unread(db, tmp_path):
    path = write_csv(tmp_path, [good_row()])
    with path.open("r+b") as big:
        big.truncate(50 * 1024 * 1024)  # sparse: cheap to make, 50 MB to stat

    [error] = import_errors(path)

    assert error.line == 0 and "larger than" in error.reason
    assert count(Product) == 0


def test_stream_over_the_size_limit_is_cut_off(db, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 4096)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # a pipe has no size to check up front
    writer = threading.Thread(target=_feed, args=(fifo, ",".join(COLUMNS).encode() + b"\n" * 10000))
    writer.start()

    [error] = import_errors(fifo)

    writer.join(timeout=5)
    assert error.line == 0 and "larger than" in error.reason


def test_empty_file_is_refused(db, tmp_path):
    [error] = import_errors(_write_bytes(tmp_path / "empty.csv", b""))

    assert error.line == 0 and "the file is empty" in error.reason


def test_header_only_is_refused(db, tmp_path):
    assert import_errors(write_csv(tmp_path, [])) == [
        RowError(1, "the file has a header but no product rows")]


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _feed(fifo: Path, data: bytes) -> None:
    try:
        with fifo.open("wb") as pipe:
            pipe.write(data)
    except BrokenPipeError:
        pass  # the importer stopped reading, as it should


# --- the command --------------------------------------------------------------------------

def test_cli_prints_a_summary_and_exits_0(runner, tmp_path):
    result = runner.invoke(args=["catalog", "import", str(write_csv(tmp_path, [good_row()]))])

    assert result.exit_code == 0, result.output
    assert "products 1 created" in result.stdout


def test_cli_reports_each_bad_line_on_stderr_and_exits_1(runner, tmp_path):
    path = write_csv(tmp_path, [good_row(stars="6"), good_row(product_name="B", price_vnd="-1")])

    result = runner.invoke(args=["catalog", "import", str(path)])

    assert result.exit_code == 1
    assert result.stderr.startswith("line 2: stars must be 3, 4 or 5")
    assert "\nline 3: price_vnd must be a whole number" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("name", ["missing.csv", "."])
def test_cli_unreadable_path_exits_1(runner, tmp_path, name):
    result = runner.invoke(args=["catalog", "import", str(tmp_path / name)])

    assert result.exit_code == 1
    assert "Cannot read" in result.stderr
