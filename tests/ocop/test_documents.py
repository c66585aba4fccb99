"""Dossier documents: PDFs and images checked by content, ≤ 20 MB, kept private."""
import io

import pytest
from PIL import Image

from marketplace.ocop import dossiers
from marketplace.ocop.exceptions import DossierInvalid
from tests.factories import TINY_PDF, make_dossier


def jpeg_with_exif() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "secret GPS here"
    Image.new("RGB", (800, 600), (200, 30, 30)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_pdf_is_kept_as_sent(db, app):
    dossier = make_dossier()

    document = dossiers.add_document(dossier, "registration", "../../phieu dang ky.pdf",
                                     TINY_PDF)

    assert document.content_type == "application/pdf" and document.size == len(TINY_PDF)
    assert document.filename == "phieu dang ky.pdf"
    from pathlib import Path
    stored = Path(app.config["DOSSIER_DIR"]) / document.path
    assert stored.read_bytes() == TINY_PDF
    assert not str(stored).startswith(app.config["MEDIA_DIR"])


def test_an_image_is_re_encoded_without_its_metadata(db):
    dossier = make_dossier()

    document = dossiers.add_document(dossier, "photo", "anh.jpg", jpeg_with_exif())

    assert document.content_type == "image/webp"
    from marketplace.ocop.documents import absolute_path
    data = absolute_path(document.path).read_bytes()
    assert b"secret GPS here" not in data
    assert Image.open(io.BytesIO(data)).size == (800, 600)


@pytest.mark.parametrize("data, message", [
    (b"", "rỗng"),
    (b"MZ\x90\x00 not a document", "không phải"),
    (b"%PDF-1.7\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF", "mã lệnh"),
    (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "không đầy đủ"),
    ("truncated-png", "hỏng"),
])
def test_bad_files_are_refused(db, data, message):
    dossier = make_dossier()
    if data == "truncated-png":
        out = io.BytesIO()
        Image.effect_noise((600, 600), 80).convert("RGB").save(out, "PNG")
        data = out.getvalue()[:len(out.getvalue()) // 2]

    with pytest.raises(DossierInvalid) as error:
        from marketplace.ocop import documents
        if not data:
            documents.read_limited(io.BytesIO(data))
        dossiers.add_document(dossier, "quality", "x.pdf", data)

    assert message in str(error.value).lower() or message in str(error.value)


def test_a_file_over_the_limit_is_refused_unread(db, app_variant):
    variant = app_variant(DOSSIER_DOCUMENT_MAX_BYTES=1000)
    with variant.app_context():
        from marketplace.ocop import documents

        with pytest.raises(DossierInvalid) as error:
            documents.read_limited(io.BytesIO(b"%PDF-1.4" + b" " * 2000))
    assert "MB" in str(error.value)


def test_the_default_limit_is_twenty_megabytes(app):
    assert app.config["DOSSIER_DOCUMENT_MAX_BYTES"] == 20 * 1024 * 1024


def test_an_unknown_document_kind_is_refused(db):
    with pytest.raises(DossierInvalid):
        dossiers.add_document(make_dossier(), "virus", "x.pdf", TINY_PDF)
