"""A stamped product with a known history, for the trace page and API tests."""
from datetime import timedelta

from marketplace.clock import today
from marketplace.trace.services import EventData, add_event, create_stamps
from tests.factories import make_batch, make_certification, make_producer, make_product

PHONE = ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/131.0 Mobile Safari/537.36")


def add_photo(product) -> None:
    """A real stored photo (through the catalogue's image pipeline) as the cover."""
    import io

    from PIL import Image

    from marketplace.catalog import images
    from marketplace.catalog.models import ProductImage
    from marketplace.extensions import db

    raw = io.BytesIO()
    Image.new("RGB", (400, 400), (40, 120, 60)).save(raw, "JPEG")
    stored = images.store(raw.getvalue())
    db.session.add(ProductImage(product_id=product.id, path=stored.path, alt="Gói chè",
                                width=stored.width, height=stored.height))
    db.session.commit()


def stamped_product(*, gtin: str | None = "8930000000017", stars_then: int = 3,
                    stars_now: int | None = 4, photo: bool = True):
    """Chè made 200 days ago, certified 3★ then (old certificate) and 4★ now."""
    producer = make_producer("HTX chè Hảo Đạt", street="Xóm Hồng Thái 2",
                             legacy_address="xóm Hồng Thái 2, xã Tân Cương, TP Thái Nguyên")
    product = make_product("Chè tôm nõn Hảo Đạt", producer=producer, slug="che-tom-non",
                           gtin=gtin, shelf_life="12 tháng", category_slug="che-ca-phe")
    made = today() - timedelta(days=200)
    make_certification(product, stars=stars_then, certified_on=made - timedelta(days=900),
                       expires_on=made + timedelta(days=100))
    if stars_now:
        make_certification(product, stars=stars_now, certified_on=today() - timedelta(days=50))
    if photo:
        add_photo(product)
    batch = make_batch(product, code="HD-2026-05", produced_on=made, quantity=400,
                       best_before=(made + timedelta(days=365)).isoformat(),
                       standards="TCVN 7975:2008; VietGAP",
                       material_area_name="Đồi chè Hồng Thái", material_area_code="VG-19-0021")
    add_event(batch, EventData(biz_step="packing", note="Gói 100 g"), actor_name="Tổ đóng gói")
    stamp = create_stamps(batch, 1)[0]
    return product, batch, stamp
