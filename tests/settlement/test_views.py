"""Settlement pages: a producer sees only its own balance; only its owner sets the payout
account; payouts are the office's alone."""
from marketplace.clock import today
from marketplace.settlement import services as settlement
from tests.factories import make_producer, make_user
from tests.settlement.test_payouts import account, delivered_card_sale


def test_a_producer_sees_its_own_balance_and_payouts_only(client, auth, fake_stripe, db):
    mine, theirs = make_producer("HTX của tôi"), make_producer("HTX hàng xóm")
    account(mine), account(theirs)
    sale = delivered_card_sale(fake_stripe, client, mine, 100_000)
    delivered_card_sale(fake_stripe, client, theirs, 777_000)
    settlement.run_payouts(today())
    auth.login(make_user(role="producer", producer=mine).email)
    page = client.get("/dashboard/producer/balance").get_data(as_text=True)
    owed = sale.total_vnd - 5_000
    assert f"{owed:,}".replace(",", ".") in page and "Chờ chuyển khoản" in page
    assert "HTX hàng xóm" not in page and "777.000" not in page


def test_staff_see_the_balance_but_cannot_change_the_payout_account(client, auth, db):
    producer = make_producer()
    account(producer, "0011001234567")
    staff = make_user(role="producer", producer=producer, producer_role="staff")
    auth.login(staff.email)
    page = client.get("/dashboard/producer/balance").get_data(as_text=True)
    assert "•••••••••4567" in page and "0011001234567" not in page
    response = client.post("/dashboard/producer/balance/account", data={
        "bank_name": "ACB", "account_no": "999999", "account_name": "Ke gian"})
    assert response.status_code == 403
    assert settlement.payout_account(producer.id).account_no == "0011001234567"


def test_the_owner_sets_the_payout_account(client, auth, db):
    producer = make_producer()
    auth.login(make_user(role="producer", producer=producer).email)
    response = client.post("/dashboard/producer/balance/account", data={
        "bank_name": "Vietcombank", "account_no": "0011 0012 3456", "account_name": "htx che"})
    assert response.status_code == 303
    saved = settlement.payout_account(producer.id)
    assert (saved.account_no, saved.account_name) == ("001100123456", "HTX CHE")
    bad = client.post("/dashboard/producer/balance/account", data={
        "bank_name": "", "account_no": "12", "account_name": ""}, follow_redirects=True)
    assert "Số tài khoản" in bad.get_data(as_text=True)


def test_the_balance_page_needs_a_producer_account(client, auth, db):
    assert client.get("/dashboard/producer/balance").status_code == 302  # to the login page
    auth.login(make_user().email)
    assert client.get("/dashboard/producer/balance").status_code == 403
    auth.logout()
    auth.login(make_user(role="office").email)
    assert client.get("/dashboard/producer/balance").status_code == 403


def test_only_the_office_sees_all_balances_and_manages_payouts(client, auth, fake_stripe, db):
    producer = make_producer("HTX chè Hảo Đạt")
    account(producer)
    delivered_card_sale(fake_stripe, client, producer)
    batch = settlement.run_payouts(today()).batch
    payout = batch.payouts[0]
    owner = make_user(role="producer", producer=producer)
    auth.login(owner.email)
    for url in ("/dashboard/office/settlement",
                f"/dashboard/office/settlement/batches/{batch.id}.csv"):
        assert client.get(url).status_code == 403
    for action in ("sent", "cancel"):
        assert client.post(f"/dashboard/office/settlement/payouts/{payout.id}/{action}") \
            .status_code == 403
    auth.logout()
    auth.login(make_user(role="office").email)
    page = client.get("/dashboard/office/settlement").get_data(as_text=True)
    assert "HTX chè Hảo Đạt" in page and batch.reference in page
    download = client.get(f"/dashboard/office/settlement/batches/{batch.id}.csv")
    assert download.mimetype == "text/csv" and payout.reference in download.get_data(as_text=True)
    client.post(f"/dashboard/office/settlement/payouts/{payout.id}/sent",
                data={"bank_reference": "FT001"})
    assert settlement.balance_of(producer.id).paid_out_vnd == payout.amount_vnd
