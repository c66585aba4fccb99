"""The payment interface: built-in methods, availability from config, and a new method
(the card gateway will be one) plugging in without touching checkout."""
from sqlalchemy import select

from marketplace.orders.models import Order
from marketplace.payments import base
from marketplace.payments.base import PaymentMethod, available_methods, get_method
from tests.factories import make_cart, make_product, make_user


def test_cod_and_vietqr_are_registered(app):
    assert [m.code for m in available_methods(app.config)][:2] == ["cod", "vietqr"]
    assert get_method("nope") is None


def test_vietqr_is_offered_only_with_a_bank_account_configured(app):
    assert get_method("vietqr").is_available({"VIETQR_BANK_BIN": "", "VIETQR_ACCOUNT_NO": ""}) \
        is False


class FakeCard(PaymentMethod):
    code, label = "card", "Thẻ (thử nghiệm)"

    def next_url(self, order):
        return f"https://pay.example/checkout/{order.number}"


def test_a_new_method_plugs_in_and_can_send_the_shopper_on(client, auth, db):
    base.register(FakeCard())
    try:
        user = make_user()
        make_cart(user, items=[(make_product(), 1)])
        auth.login(user.email)
        page = client.get("/checkout").get_data(as_text=True)
        assert "Thẻ (thử nghiệm)" in page
        import re

        key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/checkout", data={
            "address_id": "new", "recipient_name": "An", "phone": "0912345678",
            "province_code": "19", "commune_code": "05503", "street": "Xóm 1",
            "payment_method": "card", "idempotency_key": key})
        number = db.session.scalar(select(Order.number))
        assert response.location == f"https://pay.example/checkout/{number}"
        order = db.session.scalar(select(Order))
        assert (order.payment_method, order.payment.method, order.payment.expires_at) == (
            "card", "card", None)
    finally:
        base._REGISTRY.pop("card", None)
