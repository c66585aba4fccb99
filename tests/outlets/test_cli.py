"""``flask outlets low-stock-digest``: one mail per operator of an outlet with low items."""
from sqlalchemy import select

from marketplace.notifications.models import OutboxMessage
from tests.factories import make_outlet, make_outlet_stock, make_product, make_user


def test_the_digest_mails_operators_of_outlets_with_low_items(runner, db):
    low_outlet, fine_outlet = make_outlet("Điểm bán thiếu hàng"), make_outlet("Điểm bán đủ hàng")
    make_user("van-hanh@example.vn", role="outlet", outlet=low_outlet)
    make_user("van-hanh-2@example.vn", role="outlet", outlet=fine_outlet)
    product = make_product("Chè tôm nõn")
    make_outlet_stock(low_outlet, product, on_hand=1, reorder_point=5)
    make_outlet_stock(fine_outlet, product, on_hand=30, reorder_point=5, target_level=40)

    result = runner.invoke(args=["outlets", "low-stock-digest"])

    assert result.exit_code == 0, result.output
    assert "1 outlet(s) with items to reorder, 1 mail(s) queued" in result.output
    (message,) = db.session.scalars(select(OutboxMessage)).all()
    assert message.to_address == "van-hanh@example.vn"
    assert "Chè tôm nõn" in message.body and "còn 1" in message.body


def test_the_digest_goes_once_a_day_unless_forced(runner, db):
    outlet = make_outlet("Điểm bán Đại Từ")
    make_user("van-hanh@example.vn", role="outlet", outlet=outlet)
    make_outlet_stock(outlet, make_product("Mật ong"), on_hand=0, reorder_point=3)

    outputs = [runner.invoke(args=["outlets", "low-stock-digest", *extra]).output
               for extra in ([], [], ["--force"])]

    assert [("1 mail(s) queued" in output) for output in outputs] == [True, False, True]
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 2


def test_refresh_gift_sets_command(runner, db):
    result = runner.invoke(args=["outlets", "refresh-gift-sets"])

    assert result.exit_code == 0 and "0 changed" in result.output
