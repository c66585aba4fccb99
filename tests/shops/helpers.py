"""Shared helpers of the dashboard tests: logins, images, a registration form."""
from __future__ import annotations

import io

from PIL import Image

from tests.factories import DEFAULT_PASSWORD, make_producer, make_user

PROFILE = {
    "name": "HTX chè Tân Cương Xanh", "kind": "cooperative", "tax_code": "4600123456",
    "contact_name": "Nguyễn Thị Hoa", "phone": "0912 345 678", "email": "htx@example.vn",
    "website": "https://tancuongxanh.vn", "province_code": "19", "commune_code": "05503",
    "street": "Xóm Hồng Thái 2", "legacy_address": "xóm Hồng Thái 2, xã Tân Cương, TP Thái Nguyên",
    "opening_hours": "7:30–17:00", "story": "Chè búp Tân Cương.\n\nHái tay, sao suốt.",
}


def login(client, user, password: str = DEFAULT_PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    return user


def owner(producer=None, **fields):
    """A producer owner (and a new approved producer unless given)."""
    return make_user(role="producer", producer=producer or make_producer(), **fields)


def image_bytes(fmt: str = "JPEG", size=(800, 600), color=(20, 120, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA" if fmt == "PNG" else "RGB", size, color).save(out, fmt, **save)
    return out.getvalue()


def upload(client, product_id: int, data: bytes, name: str = "anh.jpg", alt: str = ""):
    import io as _io

    return client.post(f"/dashboard/producer/products/{product_id}/images",
                       data={"images": (_io.BytesIO(data), name), "alt": alt},
                       content_type="multipart/form-data")


def product_form(**changes) -> dict:
    data = {"name": "Chè búp Tân Cương", "category": "che-ca-phe", "price_vnd": "120000",
            "stock": "10", "unit": "gói", "weight_grams": "300", "low_stock_threshold": "3",
            "description": "Chè búp hái tay."}
    data.update(changes)
    return data


def outbox(db, to: str | None = None) -> list:
    from sqlalchemy import select

    from marketplace.notifications.models import OutboxMessage

    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.to_address == to)
    return list(db.session.scalars(query))


def stock_matches_history(db, product) -> bool:
    from marketplace.catalog import stock
    from marketplace.catalog.models import Product

    db.session.expire_all()
    current = db.session.get(Product, product.id).stock
    return current == stock.movement_total(product.id)


def csrf_login(client, user, password: str = DEFAULT_PASSWORD):
    """Log in through the real form on an app with CSRF on."""
    from tests.conftest import csrf_token_of

    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": user.email, "password": password,
                                           "csrf_token": token})
    assert response.status_code in (302, 303)
    return user
