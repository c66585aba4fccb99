"""/robots.txt: the storefront open to crawlers, private and per-visitor pages closed."""
from __future__ import annotations

from urllib.robotparser import RobotFileParser

import pytest


@pytest.fixture
def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    parser = RobotFileParser()
    parser.parse(response.get_data(as_text=True).splitlines())
    return parser


@pytest.mark.parametrize("path", [
    "/", "/products", "/products/che-dinh-tan-cuong", "/categories/thuc-pham?page=2",
    "/shops/htx-che-hao-dat", "/outlets", "/outlets/diem-ban-cho-dan", "/gift-sets",
    "/gift-sets/bo-qua-tet", "/events/hoi-cho-2026", "/ocop/stats", "/media/products/a.jpg",
    "/sitemap.xml",
])
def test_the_storefront_may_be_crawled(robots, path):
    assert robots.can_fetch("Googlebot", f"http://localhost{path}")


@pytest.mark.parametrize("path", [
    "/cart", "/checkout", "/orders/DH-1", "/account", "/account/addresses", "/login",
    "/register", "/password/forgot", "/dashboard/producer", "/dashboard/office/outlets",
    "/admin", "/api/v1/products", "/search?q=ch%C3%A8", "/trace/ABC123",
    "/01/08938505970012/10/LO1/21/ABC", "/sell/register", "/payments/stripe/return",
])
def test_private_and_per_visitor_pages_are_closed(robots, path):
    assert not robots.can_fetch("Googlebot", f"http://localhost{path}")


def test_robots_names_the_absolute_sitemap_and_the_reordering_parameters(client):
    text = client.get("/robots.txt", base_url="https://cho-ocop.vn").get_data(as_text=True)

    assert "Sitemap: https://cho-ocop.vn/sitemap.xml" in text.splitlines()
    assert "Disallow: /*?*sort=" in text and "Disallow: /*?*per_page=" in text
