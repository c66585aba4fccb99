"""Cart rules: quantities, stock, availability, flags, accepting changes, merging at login."""
import pytest
from sqlalchemy import select

from marketplace.cart import services
from marketplace.cart.exceptions import (
    BadQuantity, CartFull, LineNotFound, NotEnoughStock, ProductUnavailable,
)
from marketplace.cart.models import Cart, CartLine
from marketplace.cart.pricing import load_lines, summarize
from marketplace.catalog.models import ProductStatus
from marketplace.shops.models import ProducerStatus
from tests.factories import make_cart, make_producer, make_product, make_user

GUEST = services.Owner(token="guest-abc")


def lines_of(owner):
    cart = services.find_cart(owner)
    return {line.product_id: line.quantity for line in cart.lines} if cart else {}


def test_adding_keeps_the_price_seen_and_adding_again_adds_up(db):
    product = make_product(price_vnd=120_000, stock=10)
    services.add_item(GUEST, product.id, "2")
    line = services.add_item(GUEST, str(product.id), 3)
    assert (line.quantity, line.price_seen_vnd) == (5, 120_000)


@pytest.mark.parametrize("raw", ["0", "-1", "1.5", "abc", "", None, "1e3", "100", "99999999999",
                                 "２", "+1", "0x10"])
def test_a_quantity_that_is_not_1_to_99_is_refused(db, raw):
    product = make_product(stock=1000)
    with pytest.raises(BadQuantity, match="từ 1 đến 99"):
        services.add_item(GUEST, product.id, raw)
    assert services.find_cart(GUEST) is None


@pytest.mark.parametrize("raw", ["999999", "-3", "abc", "", "1.0", "0"])
def test_a_tampered_product_id_is_an_unknown_product(db, raw):
    with pytest.raises(ProductUnavailable, match="Không tìm thấy sản phẩm"):
        services.add_item(GUEST, raw, 1)


def test_more_than_the_stock_is_refused_and_changes_nothing(db):
    product = make_product(stock=3)
    services.add_item(GUEST, product.id, 2)
    with pytest.raises(NotEnoughStock, match="chỉ còn 3"):
        services.add_item(GUEST, product.id, 2)
    assert lines_of(GUEST) == {product.id: 2}


@pytest.mark.parametrize("change", ["draft", "archived", "suspended", "pending"])
def test_a_product_not_on_sale_cannot_be_added(db, change):
    product = make_product()
    if change in ("draft", "archived"):
        product.status = ProductStatus(change)
    else:
        product.producer.status = ProducerStatus(change)
    db.session.commit()
    with pytest.raises(ProductUnavailable, match="không còn bán"):
        services.add_item(GUEST, product.id, 1)
    assert services.find_cart(GUEST) is None


def test_the_cart_holds_at_most_cart_max_lines_products(db, app):
    app.config["CART_MAX_LINES"] = 2
    try:
        for _ in range(2):
            services.add_item(GUEST, make_product().id, 1)
        with pytest.raises(CartFull):
            services.add_item(GUEST, make_product().id, 1)
    finally:
        app.config["CART_MAX_LINES"] = 50


def test_set_quantity_and_remove(db):
    product = make_product(stock=5)
    line = services.add_item(GUEST, product.id, 1)
    services.set_quantity(GUEST, line.id, "4")
    assert lines_of(GUEST) == {product.id: 4}
    with pytest.raises(NotEnoughStock):
        services.set_quantity(GUEST, line.id, "6")
    with pytest.raises(BadQuantity):
        services.set_quantity(GUEST, line.id, "0")
    assert lines_of(GUEST) == {product.id: 4}
    assert services.remove_line(GUEST, line.id) == product.name
    assert lines_of(GUEST) == {}


def test_another_owners_line_is_not_found(db):
    line = services.add_item(GUEST, make_product().id, 1)
    other = services.Owner(token="someone-else")
    with pytest.raises(LineNotFound):
        services.set_quantity(other, line.id, 2)
    with pytest.raises(LineNotFound):
        services.remove_line(other, line.id)
    with pytest.raises(LineNotFound):
        services.remove_line(other, "abc")
    assert lines_of(GUEST) == {line.product_id: 1}


def test_summary_groups_by_producer_with_a_fee_each(db):
    a, b = make_producer(), make_producer()
    tea = make_product(producer=a, price_vnd=100_000, weight_grams=400)
    honey = make_product(producer=a, price_vnd=80_000, weight_grams=700)
    noodles = make_product(producer=b, price_vnd=50_000)
    cart = make_cart(make_user(), items=[(tea, 1), (noodles, 2), (honey, 1)])
    summary = summarize(load_lines(cart.id), "01")  # to Hà Nội: neighbouring
    assert [g.producer_id for g in summary.groups] == [a.id, b.id]
    first, second = summary.groups
    assert (first.subtotal_vnd, first.quote.weight_grams, first.shipping_vnd) == (180_000, 1100, 34_000)
    assert (second.subtotal_vnd, second.shipping_vnd) == (100_000, 30_000)
    assert summary.total_vnd == 180_000 + 34_000 + 100_000 + 30_000
    assert summary.item_count == 4 and summary.problems == ()


def test_changes_since_adding_are_flagged_never_applied(db):
    cheaper, gone, short, withdrawn = (make_product(price_vnd=100_000, stock=5) for _ in range(4))
    cart = make_cart(make_user(), items=[(cheaper, 1), (gone, 1), (short, 4), (withdrawn, 1)])
    cheaper.price_vnd, gone.stock, short.stock = 90_000, 0, 2
    withdrawn.producer.status = ProducerStatus.SUSPENDED
    db.session.commit()
    summary = summarize(load_lines(cart.id), "19")
    assert list(summary.problems) == [
        f"Giá «{cheaper.name}» đã thay đổi từ 100.000 ₫ thành 90.000 ₫.",
        f"«{gone.name}» đã hết hàng.",
        f"«{short.name}» chỉ còn 2 sản phẩm (bạn chọn 4).",
        f"«{withdrawn.name}» hiện không còn bán.",
    ]
    assert db.session.get(CartLine, cart.lines[0].id).price_seen_vnd == 100_000


def test_accepting_changes_takes_new_prices_cuts_quantities_and_drops_the_unsellable(db):
    user = make_user()
    cheaper, gone, short = (make_product(price_vnd=100_000, stock=5) for _ in range(3))
    make_cart(user, items=[(cheaper, 1), (gone, 1), (short, 4)])
    cheaper.price_vnd, gone.stock, short.stock = 90_000, 0, 2
    db.session.commit()
    owner = services.Owner(user_id=user.id)
    notes = services.accept_changes(owner)
    assert len(notes) == 3
    cart = services.find_cart(owner)
    assert {(l.product_id, l.quantity, l.price_seen_vnd) for l in cart.lines} == {
        (cheaper.id, 1, 90_000), (short.id, 2, 100_000)}


def test_merge_adds_quantities_moves_new_lines_and_deletes_the_guest_cart(db):
    user = make_user()
    both, only_guest, only_account = (make_product(stock=10) for _ in range(3))
    make_cart(user, items=[(both, 2), (only_account, 1)])
    guest = make_cart(token="guest-merge", items=[(both, 3), (only_guest, 4)])
    assert services.merge_guest_cart("guest-merge", user.id) == []
    assert lines_of(services.Owner(user_id=user.id)) == {
        both.id: 5, only_account.id: 1, only_guest.id: 4}
    assert db.session.get(Cart, guest.id) is None
    assert db.session.scalar(select(CartLine).where(CartLine.cart_id == guest.id)) is None


def test_merge_caps_the_sum_at_the_stock_and_says_so(db):
    user = make_user()
    product = make_product(stock=4)
    make_cart(user, items=[(product, 3)])
    make_cart(token="guest-cap", items=[(product, 3)])
    notes = services.merge_guest_cart("guest-cap", user.id)
    assert lines_of(services.Owner(user_id=user.id)) == {product.id: 4}
    assert notes == [f"«{product.name}»: giỏ hàng chỉ giữ 4 sản phẩm (bạn đã chọn tổng cộng 6)."]


def test_merge_keeps_an_out_of_stock_line_as_it_was_for_the_cart_to_flag(db):
    user = make_user()
    product = make_product(stock=2)
    make_cart(user, items=[(product, 1)])
    make_cart(token="guest-out", items=[(product, 1)])
    product.stock = 0
    db.session.commit()
    services.merge_guest_cart("guest-out", user.id)
    assert lines_of(services.Owner(user_id=user.id)) == {product.id: 1}


def test_merge_into_an_account_without_a_cart_creates_one(db):
    user = make_user()
    product = make_product()
    make_cart(token="guest-new", items=[(product, 2)])
    services.merge_guest_cart("guest-new", user.id)
    assert lines_of(services.Owner(user_id=user.id)) == {product.id: 2}


def test_merge_keeps_the_older_price_seen_so_a_change_stays_flagged(db):
    user = make_user()
    product = make_product(price_vnd=100_000)
    make_cart(token="guest-old", items=[(product, 1)])  # seen at 100.000 first
    product.price_vnd = 110_000
    db.session.commit()
    make_cart(user, items=[(product, 1)])  # seen at 110.000 later
    services.merge_guest_cart("guest-old", user.id)
    line = services.find_cart(services.Owner(user_id=user.id)).lines[0]
    assert (line.quantity, line.price_seen_vnd) == (2, 100_000)


def test_merge_of_an_unknown_token_changes_nothing(db):
    user = make_user()
    assert services.merge_guest_cart("no-such-token", user.id) == []
    assert services.find_cart(services.Owner(user_id=user.id)) is None
