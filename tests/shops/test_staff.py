"""Thành viên: owners invite staff by e-mail; staff do everything but members and payouts."""
from __future__ import annotations

import re

from sqlalchemy import select

from marketplace.accounts.models import ProducerRole, Role, User
from marketplace.shops import staff
from tests.factories import make_user
from tests.shops.helpers import login, outbox, owner


def invite_link(db, email: str) -> str:
    body = outbox(db, email)[-1].body
    return re.search(r"https?://[^/\s]+(/invitations/\S+)", body).group(1)


def test_an_invited_person_creates_a_staff_account_from_the_mail(client, db):
    boss = owner()
    login(client, boss)
    assert client.post("/dashboard/producer/staff/invite",
                       data={"email": "Lan@Example.vn"}).status_code == 303
    link = invite_link(db, "lan@example.vn")
    client.post("/logout")
    page = client.get(link)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    response = client.post(link, data={"name": "Trần Thị Lan", "password": "mat-khau-lan-1"})
    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "lan@example.vn"))
    assert (user.role, user.producer_id, user.producer_role) == (
        Role.PRODUCER, boss.producer_id, ProducerRole.STAFF)
    assert client.get("/dashboard/producer/products").status_code == 200
    assert client.get("/dashboard/producer/staff").status_code == 403  # members: owners only
    # The link works once.
    client.post("/logout")
    assert client.get(link).status_code == 404


def test_a_logged_in_shopper_with_the_invited_email_joins_with_that_account(client, db):
    boss = owner()
    invitation = staff.invite(boss.producer, "mua@example.vn", inviter=boss)
    link = invite_link(db, "mua@example.vn")
    shopper = make_user("mua@example.vn")
    other = make_user("khac@example.vn")
    login(client, other)
    client.post(link)
    db.session.expire_all()
    assert db.session.get(User, other.id).role == Role.SHOPPER  # wrong account: nothing
    client.post("/logout")
    login(client, shopper)
    assert client.post(link).status_code == 303
    db.session.expire_all()
    assert db.session.get(User, shopper.id).producer_id == boss.producer_id
    assert invitation.id


def test_invitations_refuse_members_and_other_roles_and_can_be_revoked(client, db):
    boss = owner()
    login(client, boss)
    client.post("/dashboard/producer/staff/invite", data={"email": boss.email})
    make_user("van-phong@example.vn", role="office")
    client.post("/dashboard/producer/staff/invite", data={"email": "van-phong@example.vn"})
    page = client.get("/dashboard/producer/staff").get_data(as_text=True)
    assert "đã là thành viên" in page and "Văn phòng OCOP" in page
    client.post("/dashboard/producer/staff/invite", data={"email": "an@example.vn"})
    link = invite_link(db, "an@example.vn")
    invitation = staff.open_invitations(boss.producer)[0]
    assert client.post(
        f"/dashboard/producer/staff/invitations/{invitation.id}/revoke").status_code == 303
    client.post("/logout")
    assert client.get(link).status_code == 404


def test_the_owner_removes_staff_who_keep_a_shopper_account(client, db):
    boss = owner()
    helper = make_user(role="producer", producer=boss.producer, producer_role="staff")
    login(client, boss)
    assert client.post(f"/dashboard/producer/staff/{helper.id}/remove").status_code == 303
    db.session.expire_all()
    user = db.session.get(User, helper.id)
    assert (user.role, user.producer_id) == (Role.SHOPPER, None)
    # The last owner cannot be removed, and nobody removes themselves.
    client.post(f"/dashboard/producer/staff/{boss.id}/remove")
    assert db.session.get(User, boss.id).producer_id == boss.producer_id


def test_staff_do_not_see_payouts_or_members_in_the_menu(client, db):
    boss = owner()
    helper = make_user(role="producer", producer=boss.producer, producer_role="staff")
    login(client, helper)
    page = client.get("/dashboard/producer").get_data(as_text=True)
    assert "Thành viên" not in page and "/dashboard/producer/balance" not in page
    client.post("/logout")
    login(client, boss)
    page = client.get("/dashboard/producer").get_data(as_text=True)
    assert "/dashboard/producer/staff" in page
