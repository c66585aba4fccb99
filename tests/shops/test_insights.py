"""Số liệu: revenue and units per month, top products, statuses; SVG charts and tables."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from marketplace.models_base import utcnow

from marketplace.orders import services
from marketplace.orders.models import ShopOrder
from marketplace.shops.dashboard import charts
from marketplace.shops.dashboard.insights import insights
from tests.factories import make_order, make_product, make_user
from tests.shops.helpers import login, owner


def test_figures_count_live_orders_by_month_and_product(client, db):
    seller = owner()
    tea = make_product("Chè tôm nõn", producer=seller.producer, price_vnd=100_000, stock=50)
    honey = make_product("Mật ong", producer=seller.producer, price_vnd=40_000, stock=50)
    make_order(make_user(), [(tea, 2), (honey, 1)])
    old = make_order(make_user(), [(tea, 1)])
    cancelled = make_order(make_user(), [(honey, 5)])
    services.cancel_order(cancelled, actor_id=cancelled.user_id)
    db.session.execute(update(ShopOrder).where(ShopOrder.id == old.shop_orders[0].id)
                       .values(created_at=utcnow() - timedelta(days=40)))
    db.session.commit()
    data = insights(seller.producer_id)
    assert len(data.months) == 12
    assert (data.months[-1].revenue_vnd, data.months[-1].units, data.months[-1].orders) == (
        240_000, 3, 1)
    assert sum(m.revenue_vnd for m in data.months[:-1]) == 100_000
    assert data.totals == {"revenue_vnd": 340_000, "units": 4, "orders": 2}
    assert data.top_products == [("Chè tôm nõn", 3, 300_000), ("Mật ong", 1, 40_000)]
    assert dict((s, n) for s, _l, n in data.statuses) == {"pending": 2, "cancelled": 1}
    assert data.rating is None

    login(client, seller)
    page = client.get("/dashboard/producer/insights").get_data(as_text=True)
    main = page.split('<main', 1)[1]
    assert main.count('<svg class="chart"') == 4 and "<script" not in main
    assert 'id="months-table"' in page and "340.000 ₫" in page and "chưa có đánh giá" in page


def test_charts_escape_labels_and_describe_their_numbers():
    svg = charts.bar_chart([("<script>alert(1)</script>", 1200)], title="T & U", unit="vnd",
                           chart_id="c")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'role="img"' in svg and "1.200 ₫" in svg and "T &amp; U" in svg
    empty = charts.column_chart([("01/26", 0)], title="x", chart_id="e")
    assert "<rect" in empty
