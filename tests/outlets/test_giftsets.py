"""Gift sets: stock is the minimum over components, bought through the same checkout,
never oversold under concurrency, cancellations give the parts back."""

import pytest
from sqlalchemy import func, select

from marketplace.catalog import stock as stock_ledger
from marketplace.catalog.models import Product, ProductStatus, StockMovement, StockReason
from marketplace.orders.exceptions import CartNeedsReview, OutOfStock
from marketplace.orders.models import OrderLine
from marketplace.orders.services import cancel_order, place_order
from marketplace.outlets import giftsets
from marketplace.outlets.exceptions import OutletInvalid
from marketplace.outlets.giftset_models import GiftSetSale
from tests.concurrency import checkout_race
from tests.factories import (
    checkout_details, make_cart, make_gift_set, make_order, make_producer, make_product,
    make_user,
)


@pytest.fixture
def parts(db):
    tea = make_product("Chè tôm nõn", producer=make_producer("HTX chè Hảo Đạt"), stock=10,
                       price_vnd=250_000)
    honey = make_product("Mật ong Phúc Thành", producer=make_producer("HTX Phúc Thành"),
                         stock=9, price_vnd=180_000)
    return tea, honey


def _stock(db, product_id):
    db.session.expire_all()
    return db.session.get(Product, product_id).stock


def test_stock_is_the_minimum_over_components_with_their_quantities(parts, db):
    tea, honey = parts

    gift = make_gift_set([(tea, 2), (honey, 1)], price_vnd=600_000)  # 10//2=5, 9//1=9

    assert gift.gift_set is not None and gift.producer.slug == giftsets.HOUSE_SLUG
    assert _stock(db, gift.id) == 5
    assert giftsets.derived_stock([gift.id]) == {gift.id: 5}
    assert stock_ledger.mismatches() == []


def test_the_stock_follows_a_component_changed_anywhere(parts, db):
    tea, honey = parts
    gift = make_gift_set([(tea, 2), (honey, 1)])

    adjustment = stock_ledger.check_adjustment("-7", "damage", "")
    stock_ledger.adjust_stock(db.session.get(Product, honey.id), adjustment, actor_id=None)

    assert _stock(db, gift.id) == 2
    movement = db.session.scalars(select(StockMovement).where(
        StockMovement.product_id == gift.id).order_by(StockMovement.id.desc())).first()
    assert (movement.reason, movement.delta, movement.stock_after) == (StockReason.GIFT_SET, -3, 2)
    assert stock_ledger.mismatches() == []


def test_an_unlisted_component_makes_the_set_unavailable(parts, db):
    tea, honey = parts
    gift = make_gift_set([(tea, 1), (honey, 1)])
    honey = db.session.get(Product, honey.id)
    honey.status = ProductStatus.ARCHIVED
    db.session.commit()

    assert giftsets.derived_stock([gift.id]) == {gift.id: 0}


def test_archiving_a_component_takes_the_set_off_sale_at_once(parts, db):
    from marketplace.catalog import manage

    tea, honey = parts
    gift = make_gift_set([(tea, 1), (honey, 1)])

    manage.set_status(db.session.get(Product, honey.id), ProductStatus.ARCHIVED)

    assert _stock(db, gift.id) == 0
    manage.set_status(db.session.get(Product, honey.id), ProductStatus.DRAFT)
    manage.set_status(db.session.get(Product, honey.id), ProductStatus.ACTIVE)
    assert _stock(db, gift.id) == 9
    assert stock_ledger.mismatches() == []


def test_suspending_a_component_producer_takes_the_set_off_sale(parts, db):
    from marketplace.shops import review
    from marketplace.shops.models import ProducerStatus

    tea, honey = parts
    gift = make_gift_set([(tea, 1), (honey, 1)])

    review.decide(honey.producer, ProducerStatus.SUSPENDED, reason="Kiểm tra an toàn thực phẩm",
                  actor_id=None)

    assert _stock(db, gift.id) == 0
    review.decide(honey.producer, ProducerStatus.APPROVED, actor_id=None)
    assert _stock(db, gift.id) == 9


def test_buying_a_set_takes_each_components_stock(parts, db):
    tea, honey = parts
    gift = make_gift_set([(tea, 2), (honey, 1)], price_vnd=600_000)
    gift = db.session.get(Product, gift.id)

    order = make_order(items=[(gift, 2)])

    assert (_stock(db, tea.id), _stock(db, honey.id), _stock(db, gift.id)) == (6, 7, 3)
    (parcel,) = order.shop_orders
    assert parcel.producer.slug == giftsets.HOUSE_SLUG
    (line,) = parcel.lines
    assert (line.product_name, line.unit_price_vnd, line.quantity) == (gift.name, 600_000, 2)
    sales = db.session.scalars(select(StockMovement).where(
        StockMovement.reason == StockReason.SALE).order_by(StockMovement.product_id)).all()
    assert [(m.product_id, m.delta, m.shop_order_id) for m in sales] == [
        (tea.id, -4, parcel.id), (honey.id, -2, parcel.id)]
    assert "Bộ quà" in sales[0].note and order.number in sales[0].note
    assert stock_ledger.mismatches() == []


def test_a_set_and_its_own_component_in_one_cart(parts, db):
    tea, honey = parts
    gift = db.session.get(Product, make_gift_set([(tea, 2), (honey, 1)]).id)

    make_order(items=[(gift, 1), (db.session.get(Product, tea.id), 3)])

    assert (_stock(db, tea.id), _stock(db, honey.id), _stock(db, gift.id)) == (5, 8, 2)


def test_cancelling_gives_back_exactly_what_was_taken(parts, db):
    tea, honey = parts
    gift = db.session.get(Product, make_gift_set([(tea, 2), (honey, 1)]).id)
    order = make_order(items=[(gift, 2)])
    # The office changes the composition after the sale: the return must not follow it.
    giftsets.update_gift_set(gift, giftsets.GiftSetData(
        name=gift.name, occasion="tet", price_vnd="600000",
        components=[(str(tea.id), "1"), (str(honey.id), "3")]))

    cancel_order(order, actor_id=None)

    assert (_stock(db, tea.id), _stock(db, honey.id)) == (10, 9)
    assert db.session.scalar(select(func.count()).select_from(GiftSetSale)) == 2
    assert stock_ledger.mismatches() == []


def test_a_short_component_refuses_the_checkout(parts, db):
    tea, honey = parts
    gift = db.session.get(Product, make_gift_set([(tea, 2), (honey, 1)]).id)
    user = make_user()
    make_cart(user, items=[(gift, 3)])
    # The honey sells elsewhere after the cart was filled; the copy is refreshed too.
    make_order(items=[(db.session.get(Product, honey.id), 8)])

    with pytest.raises((OutOfStock, CartNeedsReview)):
        place_order(user, checkout_details(), "gift-short-key-000001")

    assert (_stock(db, tea.id), _stock(db, honey.id)) == (10, 1)


def test_the_last_sets_are_never_sold_twice(app, parts, db):
    tea, honey = parts
    stock_ledger.adjust_stock(db.session.get(Product, tea.id),
                              stock_ledger.check_adjustment("-4", "damage", ""), actor_id=None)
    gift = db.session.get(Product, make_gift_set([(tea, 2), (honey, 1)]).id)  # min(6//2, 9) = 3
    buyers = 8
    user_ids = []
    for _ in range(buyers):
        user = make_user()
        make_cart(user, items=[(gift, 1)])
        user_ids.append(user.id)
    # Half the buyers take the honey alone, racing the sets for it.
    honey_buyers = []
    for _ in range(4):
        user = make_user()
        make_cart(user, items=[(db.session.get(Product, honey.id), 2)])
        honey_buyers.append(user.id)
    gift_id, tea_id, honey_id = gift.id, tea.id, honey.id
    outcomes = checkout_race(app, user_ids + honey_buyers, "gift-race")

    assert all(r in ("placed", "refused") for r in outcomes.values()), outcomes
    sets_sold = sum(outcomes[u] == "placed" for u in user_ids)
    honey_sold = sum(outcomes[u] == "placed" for u in honey_buyers) * 2
    db.session.expire_all()
    tea_left = db.session.get(Product, tea_id).stock
    honey_left = db.session.get(Product, honey_id).stock
    # Nothing oversold, and every unit counted: stock only ever went to buyers.
    assert tea_left == 6 - 2 * sets_sold >= 0
    assert honey_left == 9 - sets_sold - honey_sold >= 0
    assert 1 <= sets_sold <= 3
    # A buyer was refused only when a part was really short (stock is only taken here).
    if sets_sold < buyers:
        assert tea_left < 2 or honey_left < 1
    if any(outcomes[u] == "refused" for u in honey_buyers):
        assert honey_left < 2
    assert db.session.get(Product, gift_id).stock == giftsets.derived_stock([gift_id])[gift_id] == 0
    sold_lines = db.session.scalar(select(func.coalesce(func.sum(OrderLine.quantity), 0)).where(
        OrderLine.product_id == gift_id))
    assert sold_lines == sets_sold
    assert stock_ledger.mismatches() == []


def test_a_set_needs_two_units_and_cannot_hold_a_set(parts, db):
    tea, honey = parts

    with pytest.raises(OutletInvalid) as error:
        make_gift_set([(tea, 1)])
    assert "ít nhất hai" in error.value.errors["components"]
    gift = make_gift_set([(tea, 1), (honey, 1)])
    with pytest.raises(OutletInvalid):
        make_gift_set([(gift, 1), (tea, 1)])


def test_the_product_page_of_a_set_leads_to_its_own_page(client, parts, db):
    tea, honey = parts
    gift = make_gift_set([(tea, 2), (honey, 1)], name="Hộp quà Tết Tân Cương",
                         price_vnd=600_000)

    response = client.get(f"/products/{gift.slug}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/gift-sets/{gift.slug}")
    page = client.get(f"/gift-sets/{gift.slug}").get_data(as_text=True)
    assert "Hộp quà Tết Tân Cương" in page and "Chè tôm nõn" in page and "HTX Phúc Thành" in page
    assert "Còn 5 bộ" in page and "tiết kiệm" in page  # 2×250k + 180k = 680k > 600k
    assert 'name="product_id" value="%d"' % gift.id in page


def test_a_set_appears_in_the_catalogue_listing_and_search_documents(client, parts, db):
    from marketplace.search.documents import load_documents

    tea, honey = parts
    gift = make_gift_set([(tea, 2), (honey, 1)], name="Hộp quà Tết Tân Cương")

    assert gift.id in load_documents([gift.id])
    assert "Hộp quà Tết Tân Cương" in client.get("/products?per_page=100").get_data(as_text=True)
