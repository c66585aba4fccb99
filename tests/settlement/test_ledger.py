"""The producer ledger: credit on delivery (or COD collection) less the commission, debit
on refund, each posted once; entries are never changed or deleted."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.orders import services
from marketplace.payments import refunds as card_refunds
from marketplace.settlement import services as settlement
from marketplace.settlement.models import EntryKind, LedgerEntry, LedgerIsAppendOnly
from tests.factories import make_order, make_producer, make_product
from tests.payments.stripe_support import card_order, deliver, pay_by_webhook, reload


def entries(db, producer_id) -> list[tuple[str, int]]:
    db.session.expire_all()
    return [(e.kind, e.amount_vnd) for e in db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.producer_id == producer_id)
        .order_by(LedgerEntry.id))]


def paid_card_parcel(fake, client, price=125_000, quantity=2):
    product = make_product(producer=make_producer(), price_vnd=price, stock=10)
    order, checkout = card_order(items=[(product, quantity)])
    pay_by_webhook(fake, client, checkout)
    return reload(order).shop_orders[0]


@pytest.mark.parametrize(("goods", "percent", "commission"), [
    (250_000, "5", 12_500), (125_001, "2.5", 3_125), (125_020, "2.5", 3_126),
    (99_999, "0", 0), (1, "5", 0), (10, "5", 1),
])
def test_commission_is_a_percent_of_the_goods_rounded_half_up(app, goods, percent, commission):
    with app.app_context():
        assert settlement.commission_on(goods, Decimal(percent)) == commission


def test_a_delivered_card_parcel_is_credited_less_the_commission(client, fake_stripe, db):
    parcel = paid_card_parcel(fake_stripe, client)
    assert entries(db, parcel.producer_id) == []  # paid, not delivered: nothing owed yet
    deliver(parcel)
    assert entries(db, parcel.producer_id) == [
        (EntryKind.SALE, 250_000 + parcel.shipping_vnd), (EntryKind.COMMISSION, -12_500)]
    assert settlement.balance_of(parcel.producer_id).owed_vnd == 237_500 + parcel.shipping_vnd


def test_the_commission_percent_comes_from_the_config(app, client, fake_stripe, db):
    app.config["PLATFORM_COMMISSION_PERCENT"] = 8
    try:
        parcel = paid_card_parcel(fake_stripe, client)
        deliver(parcel)
        assert entries(db, parcel.producer_id)[1] == (EntryKind.COMMISSION, -20_000)
    finally:
        app.config["PLATFORM_COMMISSION_PERCENT"] = 5


def test_a_parcel_is_credited_once(client, fake_stripe, db):
    parcel = paid_card_parcel(fake_stripe, client)
    deliver(parcel)
    assert settlement.credit_delivery(parcel) is False
    assert settlement.credit_missing() == 0
    assert len(entries(db, parcel.producer_id)) == 2


def test_an_unpaid_transfer_parcel_is_not_credited_until_paid(db):
    from marketplace.payments.services import mark_transfer_received

    product = make_product(producer=make_producer(), price_vnd=100_000)
    order = make_order(items=[(product, 1)], method="vietqr")
    deliver(order.shop_orders[0])
    assert entries(db, product.producer_id) == []
    mark_transfer_received(reload(order).payment, actor_id=None)
    assert settlement.credit_missing() == 1  # the payout run's catch-up
    db.session.commit()
    assert entries(db, product.producer_id)[0] == (EntryKind.SALE, reload(order).total_vnd)


def test_cod_is_credited_on_collection_with_the_cash_the_producer_holds(db):
    product = make_product(producer=make_producer(), price_vnd=100_000)
    order = make_order(items=[(product, 3)], method="cod")
    parcel = order.shop_orders[0]
    deliver(parcel)
    assert entries(db, product.producer_id) == []
    services.collect_cod(reload(order).shop_orders[0])
    total = reload(order).total_vnd
    assert entries(db, product.producer_id) == [
        (EntryKind.SALE, total), (EntryKind.COMMISSION, -15_000), (EntryKind.COD_CASH, -total)]
    assert settlement.balance_of(product.producer_id).owed_vnd == -15_000


def test_a_parcel_cancelled_before_delivery_never_touches_the_ledger(client, fake_stripe, db):
    parcel = paid_card_parcel(fake_stripe, client)
    services.cancel_shop_order(parcel, actor_id=None)
    assert entries(db, parcel.producer_id) == []


def test_a_refund_of_a_delivered_parcel_is_debited_with_its_commission_returned(
        client, fake_stripe, db):
    parcel = paid_card_parcel(fake_stripe, client)  # 250.000 goods, 12.500 commission
    deliver(parcel)
    gross = 250_000 + parcel.shipping_vnd
    refund = card_refunds.refund_parcel(reload(parcel.order).shop_orders[0], 50_000,
                                        actor_id=None, reason="Hộp bị móp")
    assert refund.status == "succeeded"
    back = round(12_500 * 50_000 / gross)
    assert entries(db, parcel.producer_id)[2:] == [
        (EntryKind.REFUND, -50_000), (EntryKind.COMMISSION_REVERSAL, back)]
    assert settlement.balance_of(parcel.producer_id).owed_vnd == gross - 12_500 - 50_000 + back
    with pytest.raises(card_refunds.RefundRefused):
        card_refunds.refund_parcel(reload(parcel.order).shop_orders[0], gross, actor_id=None,
                                   reason="")


def test_a_full_refund_of_a_delivered_parcel_leaves_nothing_owed(client, fake_stripe, db):
    parcel = paid_card_parcel(fake_stripe, client)
    deliver(parcel)
    card_refunds.refund_parcel(reload(parcel.order).shop_orders[0], parcel.total_vnd,
                               actor_id=None, reason="Hàng lỗi")
    assert settlement.balance_of(parcel.producer_id).owed_vnd == 0


def test_ledger_entries_cannot_be_changed_or_deleted(client, fake_stripe, db):
    parcel = paid_card_parcel(fake_stripe, client)
    deliver(parcel)
    entry = db.session.scalar(select(LedgerEntry))
    entry.amount_vnd += 1
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(LedgerEntry)))
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
