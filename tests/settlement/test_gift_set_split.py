"""A delivered gift set pays the producers of its parts, not the house shop that packs it.

The set price is shared in proportion to the retail value of what the line took from
each part; the house shop keeps the shipping fee (it pays the courier) and, for cash on
delivery, holds the cash. Refunds come back from each producer in the same proportion.
"""
import pytest
from sqlalchemy import func, select

from marketplace.orders import services
from marketplace.payments import refunds as card_refunds
from marketplace.settlement import services as settlement
from marketplace.settlement.models import EntryKind, LedgerEntry
from tests.factories import make_gift_set, make_order, make_producer, make_product
from tests.payments.stripe_support import card_order, deliver, pay_by_webhook, reload


@pytest.mark.parametrize(("total", "weights", "parts"), [
    (100, [1, 1], [50, 50]),
    (100, [1, 1, 1], [34, 33, 33]),  # the leftover đồng goes to the largest fraction
    (600_000, [500_000, 180_000], [441_176, 158_824]),
    (7, [0, 0], [4, 3]),  # no weights: an even split
    (0, [3, 5], [0, 0]),
    (5, [], []),
])
def test_split_in_proportion_sums_exactly(total, weights, parts):
    assert settlement.split_in_proportion(total, weights) == parts
    assert sum(parts) == (total if weights else 0)


@pytest.fixture
def gift(db):
    """A 600.000 ₫ set of 2 × tea (250.000) and 1 × honey (180.000): value 680.000."""
    tea = make_product("Chè tôm nõn", producer=make_producer("HTX chè Hảo Đạt"), stock=10,
                       price_vnd=250_000)
    honey = make_product("Mật ong Phúc Thành", producer=make_producer("HTX Phúc Thành"),
                         stock=9, price_vnd=180_000)
    product = make_gift_set([(tea, 2), (honey, 1)], price_vnd=600_000)
    return product, tea, honey


def _ledger(db, shop_order_id) -> dict[tuple[int, str], int]:
    db.session.expire_all()
    return {(entry.producer_id, entry.kind): entry.amount_vnd for entry in db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.shop_order_id == shop_order_id))}


def test_a_delivered_gift_set_credits_each_part_producer(db, client, fake_stripe, gift):
    product, tea, honey = gift
    order, checkout = card_order(items=[(product, 2)])
    pay_by_webhook(fake_stripe, client, checkout)
    parcel = reload(order).shop_orders[0]
    house = parcel.producer_id

    deliver(parcel)

    # 1.200.000 ₫ of sets shared 1.000.000 : 360.000 → 882.353 + 317.647.
    assert _ledger(db, parcel.id) == {
        (tea.producer_id, EntryKind.SALE): 882_353,
        (tea.producer_id, EntryKind.COMMISSION): -44_118,
        (honey.producer_id, EntryKind.SALE): 317_647,
        (honey.producer_id, EntryKind.COMMISSION): -15_882,
        (house, EntryKind.SALE): parcel.shipping_vnd,
    }
    credited = db.session.scalar(select(func.sum(LedgerEntry.amount_vnd)).where(
        LedgerEntry.shop_order_id == parcel.id, LedgerEntry.kind == EntryKind.SALE))
    assert credited == parcel.total_vnd  # nothing lost or made up by the split
    assert settlement.credit_delivery(reload(order).shop_orders[0]) is False  # once


def test_a_cod_gift_set_leaves_the_cash_with_the_house_shop(db, gift):
    product, tea, honey = gift
    order = make_order(items=[(product, 1)], method="cod")
    parcel = order.shop_orders[0]
    deliver(parcel)
    services.collect_cod(reload(order).shop_orders[0])

    entries = _ledger(db, parcel.id)
    assert entries[(parcel.producer_id, EntryKind.COD_CASH)] == -parcel.total_vnd
    assert entries[(tea.producer_id, EntryKind.SALE)] == 441_176
    assert entries[(honey.producer_id, EntryKind.SALE)] == 158_824
    # The house owes the platform the parts' share it collected in cash.
    assert settlement.balance_of(parcel.producer_id).owed_vnd == -600_000


def test_a_composition_changed_after_the_sale_is_paid_as_taken(db, client, fake_stripe,
                                                                 gift):
    from marketplace.outlets import giftsets

    product, tea, honey = gift
    order, checkout = card_order(items=[(product, 1)])
    pay_by_webhook(fake_stripe, client, checkout)
    # The office drops the honey from the set before the parcel is delivered.
    giftsets.update_gift_set(product, giftsets.GiftSetData(
        name=product.name, occasion="tet", price_vnd="600000", components=[(str(tea.id), "3")]))

    deliver(reload(order).shop_orders[0])

    parcel = reload(order).shop_orders[0]
    sales = {pid: amount for (pid, kind), amount in _ledger(db, parcel.id).items()
             if kind == EntryKind.SALE}
    assert sales == {tea.producer_id: 441_176, honey.producer_id: 158_824,
                     parcel.producer_id: parcel.shipping_vnd}


def test_a_refund_comes_back_from_each_producer_in_proportion(db, client, fake_stripe, gift):
    product, tea, honey = gift
    order, checkout = card_order(items=[(product, 1)])
    pay_by_webhook(fake_stripe, client, checkout)
    deliver(reload(order).shop_orders[0])
    parcel = reload(order).shop_orders[0]

    refund = card_refunds.refund_parcel(parcel, parcel.total_vnd, actor_id=None,
                                        reason="Hộp quà bị vỡ")

    assert refund.status == "succeeded"
    for producer_id in (tea.producer_id, honey.producer_id, parcel.producer_id):
        assert settlement.balance_of(producer_id).owed_vnd == 0
    refunds = db.session.scalars(select(LedgerEntry).where(
        LedgerEntry.refund_id == refund.id, LedgerEntry.kind == EntryKind.REFUND)).all()
    assert sorted(-entry.amount_vnd for entry in refunds) == sorted(
        [441_176, 158_824, parcel.shipping_vnd])
    assert settlement.debit_refund(refund) is False  # once


def test_an_ordinary_parcel_keeps_its_single_posting(db):
    product = make_product(producer=make_producer(), price_vnd=100_000)
    order = make_order(items=[(product, 2)], method="cod")
    deliver(order.shop_orders[0])
    services.collect_cod(reload(order).shop_orders[0])

    keys = set(db.session.scalars(select(LedgerEntry.dedupe_key)))
    parcel_id = order.shop_orders[0].id
    assert keys == {f"sale:{parcel_id}", f"commission:{parcel_id}", f"cod-cash:{parcel_id}"}
