"""Payout batches: what each producer is owed up to a day, once, with a CSV for the bank."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from marketplace.clock import today
from marketplace.settlement import services as settlement
from marketplace.settlement.models import LedgerEntry, Payout, PayoutBatch, PayoutStatus
from tests.factories import make_order, make_producer, make_product
from tests.payments.stripe_support import card_order, deliver, pay_by_webhook, reload


def account(producer, number="0011001234567"):
    return settlement.set_payout_account(producer.id, bank_name="Vietcombank",
                                         account_no=number, account_name="HTX Chè Tân Cương",
                                         actor_id=None)


def delivered_card_sale(fake, client, producer, price=100_000, quantity=1):
    product = make_product(producer=producer, price_vnd=price, stock=10)
    order, checkout = card_order(items=[(product, quantity)])
    pay_by_webhook(fake, client, checkout)
    deliver(reload(order).shop_orders[0])
    return reload(order).shop_orders[0]


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_run_pays_each_producer_what_it_is_owed_and_marks_it_settled(
        client, fake_stripe, db):
    tea, honey = make_producer("HTX chè Hảo Đạt"), make_producer("HTX ong Phúc Thành")
    account(tea), account(honey, "9704361234")
    a1 = delivered_card_sale(fake_stripe, client, tea, 100_000)
    a2 = delivered_card_sale(fake_stripe, client, tea, 200_000)
    b1 = delivered_card_sale(fake_stripe, client, honey, 80_000)
    run = settlement.run_payouts(today())
    owed_tea = a1.total_vnd + a2.total_vnd - 5_000 - 10_000
    owed_honey = b1.total_vnd - 4_000
    payouts = {p.producer_name: p.amount_vnd for p in run.batch.payouts}
    assert payouts == {"HTX chè Hảo Đạt": owed_tea, "HTX ong Phúc Thành": owed_honey}
    assert settlement.balance_of(tea.id).owed_vnd == 0
    assert settlement.balance_of(tea.id).in_payout_vnd == owed_tea
    assert db.session.scalar(select(func.count()).select_from(LedgerEntry)
                             .where(LedgerEntry.payout_id.is_(None))) == 0
    rows = list(csv.DictReader(io.StringIO(settlement.payout_csv(run.batch))))
    assert [r["producer"] for r in rows] == ["HTX chè Hảo Đạt", "HTX ong Phúc Thành"]
    assert rows[0]["amount_vnd"] == str(owed_tea) and rows[0]["account_no"] == "0011001234567"
    assert rows[0]["reference"] == f"OCOP PO {run.batch.payouts[0].id:06d}"
    assert rows[1]["account_name"] == "HTX CHÈ TÂN CƯƠNG"


def test_running_twice_pays_nothing_twice(client, fake_stripe, runner, db):
    producer = make_producer()
    account(producer)
    delivered_card_sale(fake_stripe, client, producer)
    day = today().isoformat()
    first = runner.invoke(args=["settlement", "payouts", "--until", day])
    assert first.exit_code == 0 and "amount_vnd" in first.output
    second = runner.invoke(args=["settlement", "payouts", "--until", day])
    assert second.exit_code == 0 and "Nothing to pay" in second.output
    assert (count(db, PayoutBatch), count(db, Payout)) == (1, 1)


def test_a_sale_after_a_run_goes_into_the_next_batch(client, fake_stripe, db):
    producer = make_producer()
    account(producer)
    first = delivered_card_sale(fake_stripe, client, producer, 100_000)
    settlement.run_payouts(today())
    second = delivered_card_sale(fake_stripe, client, producer, 60_000)
    run = settlement.run_payouts(today())
    assert [p.amount_vnd for p in run.batch.payouts] == [second.total_vnd - 3_000]
    assert run.batch.reference.endswith("-2")
    assert settlement.balance_of(producer.id).in_payout_vnd == (
        first.total_vnd - 5_000 + second.total_vnd - 3_000)


def test_entries_after_the_until_day_wait(client, fake_stripe, db):
    producer = make_producer()
    account(producer)
    delivered_card_sale(fake_stripe, client, producer)
    assert settlement.run_payouts(today() - timedelta(days=1)).batch is None
    db.session.execute(update(LedgerEntry).values(
        created_at=LedgerEntry.created_at - timedelta(days=2)))
    db.session.commit()
    assert settlement.run_payouts(today() - timedelta(days=1)).batch is not None


def test_producers_without_an_account_or_owing_are_skipped(client, fake_stripe, db):
    no_account = make_producer("HTX chưa có tài khoản")
    delivered_card_sale(fake_stripe, client, no_account)
    cod_only = make_producer("HTX chỉ bán COD")
    account(cod_only)
    from marketplace.orders import services

    order = make_order(items=[(make_product(producer=cod_only, price_vnd=100_000), 1)])
    deliver(order.shop_orders[0])
    services.collect_cod(reload(order).shop_orders[0])
    run = settlement.run_payouts(today())
    assert run.batch is None
    reasons = {name: why for name, _, why in run.skipped}
    assert reasons == {"HTX chưa có tài khoản": "chưa có tài khoản nhận tiền",
                       "HTX chỉ bán COD": "không còn khoản phải trả"}
    assert settlement.balance_of(cod_only.id).owed_vnd == -5_000


def test_cod_commission_is_netted_against_card_sales(client, fake_stripe, db):
    from marketplace.orders import services

    producer = make_producer()
    account(producer)
    order = make_order(items=[(make_product(producer=producer, price_vnd=100_000), 1)])
    deliver(order.shop_orders[0])
    services.collect_cod(reload(order).shop_orders[0])
    sale = delivered_card_sale(fake_stripe, client, producer, 200_000)
    run = settlement.run_payouts(today())
    assert run.batch.payouts[0].amount_vnd == sale.total_vnd - 10_000 - 5_000


def test_a_cancelled_payout_is_owed_again_and_a_sent_one_is_final(client, fake_stripe, db):
    producer = make_producer()
    account(producer)
    delivered_card_sale(fake_stripe, client, producer)
    payout = settlement.run_payouts(today()).batch.payouts[0]
    settlement.cancel_payout(payout)
    assert payout.status == PayoutStatus.CANCELLED
    assert settlement.balance_of(producer.id).owed_vnd == payout.amount_vnd
    again = settlement.run_payouts(today()).batch.payouts[0]
    settlement.mark_payout_sent(again, bank_reference="FT2611290001")
    assert settlement.balance_of(producer.id).paid_out_vnd == again.amount_vnd
    with pytest.raises(settlement.SettlementError):
        settlement.cancel_payout(again)
    with pytest.raises(settlement.SettlementError):
        settlement.mark_payout_sent(again, bank_reference="twice")


def test_the_cli_writes_the_csv_to_a_file(client, fake_stripe, runner, db, tmp_path):
    producer = make_producer()
    account(producer)
    delivered_card_sale(fake_stripe, client, producer)
    target = tmp_path / "payouts.csv"
    result = runner.invoke(args=["settlement", "payouts", "--until", today().isoformat(),
                                 "--csv", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith(",".join(settlement.CSV_HEADER))
    assert runner.invoke(args=["settlement", "payouts", "--until", "29/11/2026"]).exit_code == 2
