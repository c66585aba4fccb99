"""Vietnamese by default, English on request; the switch keeps the page."""
from tests.i18n.helpers import vietnamese_left


def test_pages_are_vietnamese_unless_english_is_asked_for(client, db):
    assert '<html lang="vi">' in client.get("/products").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/products?lang=en").get_data(as_text=True)


def test_the_switch_remembers_the_choice_and_returns_to_the_same_page(client, db):
    response = client.get("/lang/en?next=/products%3Fstars%3D4")

    assert response.status_code == 303 and response.location == "/products?stars=4"
    assert "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/products?stars=4").get_data(as_text=True)
    assert '<html lang="en">' in page and 'hreflang="vi"' in page

    client.get("/lang/vi?next=/products")
    assert '<html lang="vi">' in client.get("/products").get_data(as_text=True)


def test_the_switch_never_leaves_the_site_and_ignores_unknown_languages(client, db):
    for target in ("https://example.com/", "//example.com/x", "javascript:alert(1)"):
        assert client.get(f"/lang/en?next={target}").location == "/"
    response = client.get("/lang/fr?next=/products")
    assert response.location == "/products" and "Set-Cookie" not in response.headers


def test_money_and_dates_follow_the_language(app):
    from datetime import date

    from marketplace.formatting import format_day, format_vnd

    assert format_vnd(1250000) == "1.250.000 ₫" and format_vnd(1250000, "en") == "1,250,000 ₫"
    assert format_day(date(2026, 11, 29)) == "29/11/2026"
    assert format_day(date(2026, 11, 29), "en") == "Nov 29, 2026"


def test_the_leftover_check_finds_vietnamese_words_only():
    html = ('<p>Cart (2)</p><p>Giỏ hàng</p><script>var a = "Mua";</script>'
            '<img alt="Ảnh"><input type="hidden" value="Đã"><a lang="vi">Tiếng Việt</a>')
    assert vietnamese_left(html) == ["Giỏ", "hàng", "Ảnh"]
