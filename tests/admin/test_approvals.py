"""Văn phòng OCOP: approve, ask for changes, suspend, reinstate; with the reason mailed."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.catalog.listing import matching_ids
from marketplace.catalog.filters import ProductFilters
from marketplace.shops import review
from marketplace.shops.exceptions import InvalidProducerTransition, ShopInvalid
from marketplace.shops.models import Producer, ProducerStatus, ProducerStatusEvent
from tests.factories import make_order, make_producer, make_product, make_user
from tests.shops.helpers import login, outbox, owner


@pytest.fixture
def office(client, db):
    user = make_user("van-phong@example.vn", role="office")
    login(client, user)
    return user


def test_the_queue_lists_pending_producers_oldest_first(client, db, office):
    make_producer("HTX đã duyệt")
    waiting = make_producer("HTX chờ duyệt", status=ProducerStatus.PENDING)
    page = client.get("/dashboard/office/producers").get_data(as_text=True)
    assert "HTX chờ duyệt" in page and "HTX đã duyệt" not in page
    home = client.get("/dashboard/office").get_data(as_text=True)
    assert "Duyệt gian hàng" in home and "/dashboard/office/payments" in home
    detail = client.get(f"/dashboard/office/producers/{waiting.id}").get_data(as_text=True)
    assert "Duyệt gian hàng" in detail and "Yêu cầu bổ sung" in detail


def test_approving_lists_the_shop_and_its_products_and_mails_the_producer(client, db, office):
    producer = make_producer("HTX mới", status=ProducerStatus.PENDING, email="moi@example.vn")
    product = make_product(producer=producer)
    assert product.id not in matching_ids(ProductFilters())
    response = client.post(f"/dashboard/office/producers/{producer.id}/approve")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Producer, producer.id).status == ProducerStatus.APPROVED
    assert product.id in matching_ids(ProductFilters())
    assert client.get(f"/shops/{producer.slug}").status_code == 200
    assert [m.subject for m in outbox(db, "moi@example.vn")] == [
        "Chợ OCOP: gian hàng của bạn đã được duyệt"]


def test_asking_for_changes_needs_a_reason_which_is_mailed(client, db, office):
    producer = make_producer("HTX mới", status=ProducerStatus.PENDING, email="moi@example.vn")
    client.post(f"/dashboard/office/producers/{producer.id}/request_changes", data={"reason": " "})
    assert db.session.get(Producer, producer.id).status == ProducerStatus.PENDING
    client.post(f"/dashboard/office/producers/{producer.id}/request_changes",
                data={"reason": "Bổ sung ảnh giấy đăng ký kinh doanh"})
    db.session.expire_all()
    assert db.session.get(Producer, producer.id).status == ProducerStatus.CHANGES_REQUESTED
    mail = outbox(db, "moi@example.vn")[-1]
    assert mail.subject == "Chợ OCOP: hồ sơ gian hàng cần bổ sung"
    assert "Bổ sung ảnh giấy đăng ký kinh doanh" in mail.body


def test_suspending_hides_products_at_once_but_keeps_open_orders_visible(client, db, office):
    producer = make_producer("HTX bị ngưng", email="ngung@example.vn")
    product = make_product(producer=producer, slug="san-pham-bi-ngung")
    shopper = make_user("mua@example.vn")
    order = make_order(shopper, [(product, 1)])
    assert product.id in matching_ids(ProductFilters())
    client.post(f"/dashboard/office/producers/{producer.id}/suspend",
                data={"reason": "Giấy chứng nhận ATTP hết hạn"})
    db.session.expire_all()
    assert db.session.get(Producer, producer.id).status == ProducerStatus.SUSPENDED
    assert product.id not in matching_ids(ProductFilters())
    assert client.get("/products/san-pham-bi-ngung").status_code == 404
    assert "Giấy chứng nhận ATTP hết hạn" in outbox(db, "ngung@example.vn")[-1].body
    client.post("/logout")
    login(client, shopper)
    assert client.get(f"/orders/{order.number}").status_code == 200  # still visible to the buyer


def test_suspension_marks_the_producers_products_for_search(db, monkeypatch):
    from marketplace import search

    marked = []
    monkeypatch.setattr(search, "mark_producers", lambda ids: marked.append(list(ids)))
    producer = make_producer()
    office = make_user(role="office")
    review.decide(producer, ProducerStatus.SUSPENDED, reason="vi phạm", actor_id=office.id)
    review.decide(producer, ProducerStatus.APPROVED, actor_id=office.id)
    assert marked == [[producer.id], [producer.id]]


def test_decisions_follow_the_table_and_are_recorded(db):
    producer = make_producer(status=ProducerStatus.PENDING)
    office = make_user(role="office")
    with pytest.raises(ShopInvalid):
        review.decide(producer, ProducerStatus.SUSPENDED, reason="", actor_id=office.id)
    review.decide(producer, ProducerStatus.APPROVED, actor_id=office.id)
    with pytest.raises(InvalidProducerTransition):
        review.decide(producer, ProducerStatus.CHANGES_REQUESTED, reason="x", actor_id=office.id)
    review.decide(producer, ProducerStatus.SUSPENDED, reason="vi phạm", actor_id=office.id)
    review.decide(producer, ProducerStatus.APPROVED, actor_id=office.id)
    events = db.session.scalars(select(ProducerStatusEvent).order_by(ProducerStatusEvent.id))
    assert [(e.from_status, e.to_status, e.reason) for e in events] == [
        ("pending", "approved", ""), ("approved", "suspended", "vi phạm"),
        ("suspended", "approved", "")]


def test_a_stale_decision_loses_to_the_one_made_meanwhile(db):
    producer = make_producer(status=ProducerStatus.PENDING)
    office = make_user(role="office")
    from sqlalchemy import update

    db.session.execute(update(Producer).where(Producer.id == producer.id)
                       .values(status=ProducerStatus.APPROVED)
                       .execution_options(synchronize_session=False))  # another office member
    with pytest.raises(InvalidProducerTransition, match="người khác"):
        review.decide(producer, ProducerStatus.CHANGES_REQUESTED, reason="x", actor_id=office.id)


def test_only_the_office_reaches_the_office_pages(client, db):
    producer = make_producer(status=ProducerStatus.PENDING)
    for user in (make_user(), owner()):
        login(client, user)
        assert client.get("/dashboard/office").status_code == 403
        assert client.post(f"/dashboard/office/producers/{producer.id}/approve").status_code == 403
        client.post("/logout")
    assert db.session.get(Producer, producer.id).status == ProducerStatus.PENDING
