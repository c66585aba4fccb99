"""Ảnh sản phẩm: uploads checked by content, re-encoded, stored as content-hashed variants.

An upload is never trusted by its name or its declared type. Pillow identifies it from
its bytes (JPEG, PNG or WebP only), the header's pixel count is checked before anything
is decoded (≤ UPLOAD_MAX_PIXELS, so a decompression bomb is refused unread), ``verify()``
checks the structure, and the file is opened again and fully decoded (a truncated file
fails here). What is stored is a fresh encoding of the pixels alone: no EXIF, GPS, ICC or
comment block of the original survives, so neither does a script hidden in them.

Each image is stored in three sizes under MEDIA_DIR as ``img/<hh>/<hash>-<variant>.webp``,
the hash being of the decoded pixels: the name changes whenever the picture does, so the
media route can let browsers cache it for a year (``immutable``).
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import ImageRejected

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# (longest side in pixels) per variant; the original is never kept.
VARIANTS = {"thumb": 200, "card": 640, "full": 1600}
LOGO_VARIANTS = {"thumb": 96, "card": 256, "full": 512}
BANNER_VARIANTS = {"thumb": 480, "card": 960, "full": 1920}
STORED_FORMAT, SUFFIX = "WEBP", "webp"
QUALITY = 82
DECODE_SIDE = 2048
# img/ab/ab12...ef-card.webp: the names the media route may cache for a year.
HASHED_NAME = re.compile(r"img/[0-9a-f]{2}/[0-9a-f]{32}-(thumb|card|full)\.webp")


@dataclass(frozen=True)
class StoredImage:
    """An accepted upload: the ``full`` variant's path (relative to MEDIA_DIR) and its size."""

    path: str
    width: int
    height: int


def variant_path(path: str | None, variant: str) -> str | None:
    """The path of another size of a stored image; other paths (demo drawings) unchanged."""
    if not path or not HASHED_NAME.fullmatch(path) or variant not in VARIANTS:
        return path
    return path.rsplit("-", 1)[0] + f"-{variant}.{SUFFIX}"


def is_hashed(path: str) -> bool:
    return bool(HASHED_NAME.fullmatch(path))


def _limits() -> tuple[int, int]:
    config = current_app.config
    return config["UPLOAD_MAX_BYTES"], config["UPLOAD_MAX_PIXELS"]


def read_upload(stream, max_bytes: int | None = None) -> bytes:
    """At most ``max_bytes`` + 1 bytes of an uploaded file: a bigger one is refused unread."""
    limit = max_bytes or _limits()[0]
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImageRejected(_("Ảnh lớn hơn %(mb)s MB.", mb=limit // (1024 * 1024)))
    if not data:
        raise ImageRejected(_("Tệp rỗng."))
    return data


def decode(data: bytes, max_bytes: int | None = None) -> Image.Image:
    """The upload's pixels, if it is a sound JPEG, PNG or WebP within the limits.

    ``max_bytes`` overrides UPLOAD_MAX_BYTES (OCOP dossier documents allow 20 MB).
    """
    default_bytes, max_pixels = _limits()
    max_bytes = max_bytes or default_bytes
    if len(data) > max_bytes:
        raise ImageRejected(_("Ảnh lớn hơn %(mb)s MB.", mb=max_bytes // (1024 * 1024)))
    with warnings.catch_warnings():
        # Pillow warns (then errors) on huge images; our own limit is lower and checked
        # first, but a warning must never be let through as "fine".
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS)) as probe:
                fmt = probe.format
                width, height = probe.size
                if width * height > max_pixels:
                    raise ImageRejected(_(
                        "Ảnh quá lớn (%(width)s×%(height)s điểm ảnh); tối đa %(mp)s megapixel.",
                        width=width, height=height, mp=max_pixels // 1_000_000))
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=[fmt])
            if fmt == "JPEG":
                # Decode at a reduced scale (DCT scaling): the largest variant is 1920 px,
                # so a 40-megapixel photo never costs 160 MB of memory.
                image.draft("RGB", (DECODE_SIDE, DECODE_SIDE))
            image.load()  # decode every byte: a truncated or corrupt file fails here
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected(_("Ảnh quá lớn; tối đa %(mp)s megapixel.",
                                  mp=max_pixels // 1_000_000)) from None
        except UnidentifiedImageError:
            raise ImageRejected(_("Tệp không phải ảnh JPEG, PNG hoặc WebP hợp lệ.")) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ImageRejected(_("Tệp ảnh bị hỏng hoặc không đầy đủ.")) from None
    return image


def _normalised(image: Image.Image) -> Image.Image:
    """Upright (EXIF orientation applied), first frame only, RGB or RGBA."""
    image = ImageOps.exif_transpose(image)  # an animation keeps its first frame
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA" if has_alpha else "RGB")


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # A new image from the pixels only: nothing of the original's metadata is passed on.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.save(out, STORED_FORMAT, quality=QUALITY, method=4)
    return out.getvalue()


def store(data: bytes, sizes: dict[str, int] = VARIANTS) -> StoredImage:
    """Check ``data`` (raises ImageRejected), write its variants, return the ``full`` one.

    Files are written to a temporary name and renamed, so a reader never sees half a file;
    an image already stored (same pixels) is not written again.
    """
    image = _normalised(decode(data))
    encoded = {}
    for variant, longest in sizes.items():
        resized = image.copy()
        resized.thumbnail((longest, longest), Image.Resampling.LANCZOS)
        encoded[variant] = (_encode(resized), resized.size)
    # The encoder is deterministic: the same picture gets the same name (stored once).
    digest = hashlib.sha256(b"".join(payload for payload, _ in encoded.values())).hexdigest()[:32]
    folder = Path(current_app.config["MEDIA_DIR"]) / "img" / digest[:2]
    folder.mkdir(parents=True, exist_ok=True)
    for variant, (payload, _size) in encoded.items():
        target = folder / f"{digest}-{variant}.{SUFFIX}"
        if not target.exists():
            _write_atomically(target, payload)
    return StoredImage(f"img/{digest[:2]}/{digest}-full.{SUFFIX}", *encoded["full"][1])


def _write_atomically(target: Path, payload: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def delete_files(path: str) -> None:
    """Remove every variant of a stored image (the caller checks nothing else uses it)."""
    if not is_hashed(path):
        return
    media = Path(current_app.config["MEDIA_DIR"])
    for variant in VARIANTS:
        (media / variant_path(path, variant)).unlink(missing_ok=True)
