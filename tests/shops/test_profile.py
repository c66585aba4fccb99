"""Hồ sơ gian hàng: profile editing, safe rich text for the story, logo and banner."""
from __future__ import annotations

import io

import pytest
from marketplace.shops import richtext
from marketplace.shops.models import Producer
from tests.shops.helpers import PROFILE, image_bytes, login, owner


@pytest.fixture
def shop(client, db):
    user = owner()
    login(client, user)
    return user.producer


def save(client, **changes):
    return client.post("/dashboard/producer/profile", data={**PROFILE, **changes})


def test_the_owner_edits_the_profile_and_the_shop_page_shows_it(client, db, shop):
    assert save(client, opening_hours="7:00–18:00 hằng ngày").status_code == 303
    db.session.expire_all()
    producer = db.session.get(Producer, shop.id)
    assert producer.name == PROFILE["name"] and producer.slug == shop.slug  # the URL stays
    page = client.get(f"/shops/{producer.slug}").get_data(as_text=True)
    assert "7:00–18:00 hằng ngày" in page and "4600123456" in page
    assert "<p>Chè búp Tân Cương.</p><p>Hái tay, sao suốt.</p>" in page


def test_profile_validation_keeps_the_old_values(client, db, shop):
    response = save(client, tax_code="abc", website="javascript:alert(1)", street="")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Mã số thuế" in body and "http://" in body and "số nhà" in body
    db.session.expire_all()
    assert db.session.get(Producer, shop.id).name == shop.name


XSS = [
    '<script>alert(1)</script><p>ok</p>',
    '<img src=x onerror=alert(1)>',
    '<p onclick="alert(1)">bấm</p>',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<svg><script>alert(1)</script></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<<script>script>alert(1)<</script>/script>',
    '<form action="https://evil.example"><input name=x></form>',
]


@pytest.mark.parametrize("story", XSS)
def test_the_story_never_carries_script(client, db, shop, story):
    save(client, story=story)
    producer = db.session.get(Producer, shop.id)
    db.session.refresh(producer)
    stored = producer.story.lower()
    page = client.get(f"/shops/{producer.slug}").get_data(as_text=True).lower()
    story_html = page.split('class="prose"', 1)[1].split("</div>", 1)[0] if 'class="prose"' in page else ""
    for html in (stored, story_html):
        for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style=",
                    "<form", "data:text"):
            assert bad not in html, (bad, html)


def test_allowed_formatting_and_links_survive_with_a_safe_rel():
    html = richtext.render('<p><strong>Chè</strong> <a href="https://a.vn">xem</a></p><ul><li>1</li></ul>')
    assert "<strong>Chè</strong>" in html and "<li>1</li>" in html
    assert 'href="https://a.vn"' in html and "nofollow" in html and "noopener" in html


def test_plain_text_is_escaped_into_paragraphs():
    assert str(richtext.render("a < b & c\n\nđoạn 2\nxuống dòng")) == (
        "<p>a &lt; b &amp; c</p><p>đoạn 2<br>xuống dòng</p>")


def test_a_story_already_in_the_database_is_cleaned_when_shown(client, db, shop):
    shop.story = '<p>ok</p><script>alert(1)</script>'  # e.g. written by an import
    db.session.commit()
    page = client.get(f"/shops/{shop.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<p>ok</p>" in page


def test_logo_and_banner_uploads_are_re_encoded_and_shown(client, db, shop):
    for which in ("logo", "banner"):
        response = client.post(f"/dashboard/producer/profile/{which}",
                               data={"images": (io.BytesIO(image_bytes(size=(1200, 900))), "a.jpg")},
                               content_type="multipart/form-data")
        assert response.status_code == 303
    db.session.expire_all()
    producer = db.session.get(Producer, shop.id)
    assert producer.logo_path.startswith("img/") and producer.logo_path.endswith("-full.webp")
    page = client.get(f"/shops/{producer.slug}").get_data(as_text=True)
    assert producer.logo_path.replace("-full", "-card") in page
    response = client.post("/dashboard/producer/profile/logo",
                           data={"images": (io.BytesIO(b"<?php echo 1; ?>"), "logo.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    assert "Ảnh chưa được lưu" in client.get("/dashboard/producer/profile").get_data(as_text=True)
    client.post("/dashboard/producer/profile/logo/remove")
    db.session.expire_all()
    assert db.session.get(Producer, shop.id).logo_path is None


def test_the_preview_shows_the_public_url_before_approval(client, db):
    from tests.factories import make_producer

    user = owner(make_producer(status="pending", slug="htx-cho-duyet"))
    login(client, user)
    page = client.get("/dashboard/producer/profile/preview").get_data(as_text=True)
    assert "http://localhost/shops/htx-cho-duyet" in page and "sau khi được duyệt" in page
