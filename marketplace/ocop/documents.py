"""Tài liệu hồ sơ: dossier uploads, checked by content and kept out of the public media.

A document is a PDF or an image, at most DOSSIER_DOCUMENT_MAX_BYTES (20 MB). Nothing is
trusted by its name or declared type:

- a PDF must start with a ``%PDF-1.x``/``%PDF-2.x`` header and end with ``%%EOF``; one
  carrying JavaScript or launch actions (``/JavaScript``, ``/JS``, ``/Launch``,
  ``/EmbeddedFile``) is refused. It is kept byte for byte (it may be signed).
- an image goes through the catalogue's Pillow checks (``catalog.images.decode``: format
  sniffed from the bytes, pixel count checked before decoding, full decode) and is
  re-encoded to WebP from its pixels alone, so no metadata or hidden payload survives.

Files live under DOSSIER_DIR as ``<hh>/<sha256>.<ext>``, never under MEDIA_DIR: only the
producer and the office can fetch them, through a view that checks ownership.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps

from ..catalog import images
from ..catalog.exceptions import ImageRejected
from .exceptions import DossierInvalid

PDF_HEADER = re.compile(rb"%PDF-[12]\.[0-9]")
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")
IMAGE_SIDE = 2400
FILENAME_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


@dataclass(frozen=True)
class StoredDocument:
    path: str  # relative to DOSSIER_DIR
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return current_app.config["DOSSIER_DOCUMENT_MAX_BYTES"]


def read_limited(stream) -> bytes:
    """At most the limit + 1 bytes: a bigger file is refused without reading it all."""
    limit = max_bytes()
    data = stream.read(limit + 1)
    if not data:
        raise DossierInvalid({"document": _("Tệp rỗng.")})
    if len(data) > limit:
        raise DossierInvalid({"document": _("Tệp lớn hơn %(size)s MB.",
                                            size=limit // (1024 * 1024))})
    return data


def clean_filename(name: str) -> str:
    """The name to show: no path, no control characters, at most 200 characters."""
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = FILENAME_UNSAFE.sub("_", name)[:200]
    return name or "tai-lieu"


def _check_pdf(data: bytes) -> None:
    if not PDF_HEADER.match(data[:16]):
        raise DossierInvalid({"document": _("Tệp không phải PDF hợp lệ.")})
    if b"%%EOF" not in data[-2048:]:
        raise DossierInvalid({"document": _("Tệp PDF bị cắt hoặc không đầy đủ.")})
    if PDF_ACTIVE.search(data):
        raise DossierInvalid({"document": _("Tệp PDF chứa mã lệnh hoặc tệp nhúng; hãy in lại "
                                            "ra PDF thông thường.")})


def _reencode(data: bytes) -> bytes:
    try:
        picture = images.decode(data, max_bytes=max_bytes())
    except ImageRejected as error:
        raise DossierInvalid({"document": str(error)}) from None
    picture = ImageOps.exif_transpose(picture)
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info)
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    picture.thumbnail((IMAGE_SIDE, IMAGE_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    out = io.BytesIO()
    clean.save(out, "WEBP", quality=88, method=4)
    return out.getvalue()


def store(data: bytes) -> StoredDocument:
    """Check ``data`` (raises DossierInvalid) and write it under DOSSIER_DIR."""
    if len(data) > max_bytes():
        raise DossierInvalid({"document": _("Tệp lớn hơn %(size)s MB.",
                                            size=max_bytes() // (1024 * 1024))})
    if data[:5] == b"%PDF-":
        _check_pdf(data)
        payload, suffix, content_type = data, "pdf", "application/pdf"
    else:
        payload, suffix, content_type = _reencode(data), "webp", "image/webp"
    digest = hashlib.sha256(payload).hexdigest()
    relative = f"{digest[:2]}/{digest}.{suffix}"
    target = Path(current_app.config["DOSSIER_DIR"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return StoredDocument(relative, content_type, len(payload), digest)


def absolute_path(relative: str) -> Path:
    root = Path(current_app.config["DOSSIER_DIR"]).resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise FileNotFoundError(relative)
    return path
