"""Ảnh sản phẩm: uploads are checked by content, re-encoded, served as cached variants."""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from marketplace.catalog import images
from marketplace.catalog.exceptions import ImageRejected
from marketplace.catalog.models import Product
from tests.factories import make_product
from tests.shops.helpers import image_bytes, login, owner, upload


@pytest.fixture
def product(client, db):
    user = owner()
    login(client, user)
    return make_product("Chè búp", producer=user.producer)


def image_count(db, product) -> int:
    db.session.expire_all()
    return len(db.session.get(Product, product.id).images)


def flash_of(client, product) -> str:
    return client.get(f"/dashboard/producer/products/{product.id}").get_data(as_text=True)


def png_bomb(width=30000, height=30000) -> bytes:
    """A tiny PNG whose header claims 900 megapixels (it would take GBs to decode)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


ATTACKS = {
    "php named .jpg": (b"<?php system($_GET['c']); ?>", "shell.jpg"),
    "php after a JPEG magic": (b"\xff\xd8\xff\xe0" + b"<?php system($_GET['c']); ?>", "x.jpg"),
    "svg with script": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
                        b'<script>alert(document.cookie)</script></svg>', "logo.png"),
    "html page": (b"<html><script>alert(1)</script></html>", "a.webp"),
    "decompression bomb": (png_bomb(), "bomb.png"),
    "truncated jpeg": (image_bytes()[:1500], "cut.jpg"),
    "truncated png": (image_bytes("PNG", size=(300, 300))[:400], "cut.png"),
    "gif (not accepted)": (image_bytes("GIF", size=(10, 10)), "a.gif"),
    "bmp (not accepted)": (image_bytes("BMP", size=(10, 10)), "a.bmp"),
    "empty file": (b"", "empty.jpg"),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_malicious_or_broken_uploads_are_refused_and_nothing_is_stored(client, db, product, app,
                                                                       name):
    data, filename = ATTACKS[name]
    files_before = set(Path(app.config["MEDIA_DIR"]).rglob("*"))
    response = upload(client, product.id, data, filename)
    assert response.status_code == 303
    assert image_count(db, product) == 0
    assert "Chưa ảnh nào được thêm" in flash_of(client, product)
    assert set(Path(app.config["MEDIA_DIR"]).rglob("*")) == files_before


def test_more_than_40_megapixels_is_refused_before_decoding(app):
    data = image_bytes("PNG", size=(8000, 5001), color=(0, 0, 0))  # 40.008 MP, small file
    with app.app_context(), pytest.raises(ImageRejected, match="megapixel"):
        images.store(data)


def test_a_file_over_5_mb_is_refused_unread(client, db, product, app):
    noise = Image.effect_noise((2000, 2000), 100).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert out.tell() > app.config["UPLOAD_MAX_BYTES"]
    upload(client, product.id, out.getvalue(), "big.png")
    assert image_count(db, product) == 0
    assert "lớn hơn 5 MB" in flash_of(client, product)


def test_a_request_far_over_the_limit_is_cut_off_with_413(client, db, product):
    response = upload(client, product.id, b"\xff" * (40 * 1024 * 1024), "huge.jpg")
    assert response.status_code == 413


def test_an_upload_is_re_encoded_without_metadata_in_three_sizes(client, db, product, app):
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh bí mật"  # Make
    exif[0x8825] = {2: (21.0, 35.0, 0.0)}  # GPS latitude
    data = image_bytes(size=(2400, 1800), exif=exif.tobytes(),
                       comment=b"<?php system($_GET['c']); ?>")
    assert b"<?php" in data
    upload(client, product.id, data, "photo.jpg", alt="Gói chè 200 g")
    db.session.expire_all()
    image = db.session.get(Product, product.id).images[0]
    assert image.alt == "Gói chè 200 g" and (image.width, image.height) == (1600, 1200)
    media = Path(app.config["MEDIA_DIR"])
    sizes = {}
    for variant in ("thumb", "card", "full"):
        stored = media / images.variant_path(image.path, variant)
        raw = stored.read_bytes()
        assert b"<?php" not in raw and b"bi mat" not in raw and "bí mật".encode() not in raw
        with Image.open(stored) as opened:
            assert opened.format == "WEBP"
            assert not opened.getexif() and "icc_profile" not in opened.info
            sizes[variant] = opened.size
    assert sizes == {"thumb": (200, 150), "card": (640, 480), "full": (1600, 1200)}


def test_variants_are_served_with_long_immutable_cache_headers(client, db, product):
    upload(client, product.id, image_bytes())
    db.session.expire_all()
    path = db.session.get(Product, product.id).images[0].path
    response = client.get(f"/media/{images.variant_path(path, 'card')}")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert response.cache_control.max_age == 365 * 86400 and response.cache_control.immutable
    # Files that are not content-hashed keep the short lifetime.
    media = Path(client.application.config["MEDIA_DIR"])
    (media / "products").mkdir(parents=True, exist_ok=True)
    (media / "products" / "x.jpg").write_bytes(image_bytes())
    assert client.get("/media/products/x.jpg").cache_control.max_age == 86400


def test_exif_orientation_is_applied_before_it_is_dropped(app):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    data = image_bytes(size=(400, 200), exif=exif.tobytes())
    with app.app_context():
        stored = images.store(data)
    assert (stored.width, stored.height) == (200, 400)


def test_png_with_transparency_and_webp_are_accepted(client, db, product):
    upload(client, product.id, image_bytes("PNG", size=(300, 300), color=(0, 0, 0, 0)), "a.png")
    upload(client, product.id, image_bytes("WEBP", size=(300, 200)), "b.webp")
    assert image_count(db, product) == 2


def test_images_are_reordered_described_and_deleted(client, db, product, app):
    for shade in (10, 20, 30):
        upload(client, product.id, image_bytes(color=(shade, shade, shade)), f"{shade}.jpg")
    db.session.expire_all()
    first, second, third = db.session.get(Product, product.id).images
    base = f"/dashboard/producer/products/{product.id}/images"
    client.post(f"{base}/{third.id}/first")
    client.post(f"{base}/{first.id}/down")
    client.post(f"{base}/{second.id}", data={"alt": "Mặt sau bao bì"})
    db.session.expire_all()
    ordered = db.session.get(Product, product.id).images
    assert [i.id for i in ordered] == [third.id, second.id, first.id]
    assert [i.position for i in ordered] == [0, 1, 2]
    assert ordered[1].alt == "Mặt sau bao bì"
    path = third.path
    client.post(f"{base}/{third.id}/delete")
    db.session.expire_all()
    assert [i.position for i in db.session.get(Product, product.id).images] == [0, 1]
    assert not (Path(app.config["MEDIA_DIR"]) / path).exists()
    assert client.post(f"{base}/999999/delete").status_code == 404


def test_a_duplicate_shares_the_files_which_stay_until_the_last_use(client, db, product, app):
    upload(client, product.id, image_bytes())
    client.post(f"/dashboard/producer/products/{product.id}/duplicate")
    db.session.expire_all()
    original = db.session.get(Product, product.id).images[0]
    client.post(f"/dashboard/producer/products/{product.id}/images/{original.id}/delete")
    assert (Path(app.config["MEDIA_DIR"]) / original.path).exists()


def test_at_most_the_configured_number_of_images(client, db, product, app):
    app.config["PRODUCT_MAX_IMAGES"] = 2
    try:
        for shade in (1, 2, 3):
            upload(client, product.id, image_bytes(color=(shade, 0, 0)))
    finally:
        app.config["PRODUCT_MAX_IMAGES"] = 10
    assert image_count(db, product) == 2


def test_the_storefront_uses_the_card_and_thumbnail_variants(client, db, product):
    upload(client, product.id, image_bytes(color=(1, 1, 1)))
    upload(client, product.id, image_bytes(color=(2, 2, 2)))
    db.session.expire_all()
    path = db.session.get(Product, product.id).images[0].path
    listing = client.get("/products").get_data(as_text=True)
    assert images.variant_path(path, "card") in listing
    page = client.get(f"/products/{product.slug}").get_data(as_text=True)
    assert path in page and images.variant_path(path, "thumb") in page
