"""The public trace page: Circular 02/2024 content, the Digital Link route, not genuine."""
import re

from marketplace.trace import serials
from marketplace.trace.view import CIRCULAR_02_FIELDS
from tests.trace.helpers import PHONE, stamped_product


def get(client, url, **headers):
    return client.get(url, headers={"User-Agent": PHONE, **headers})


def test_the_page_shows_the_ten_circular_02_fields(client, db):
    product, batch, stamp = stamped_product()

    response = get(client, f"/trace/{stamp.serial}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for field in CIRCULAR_02_FIELDS:
        assert f'data-field="{field}"' in html, field
    assert len(CIRCULAR_02_FIELDS) == 10
    assert "Chè tôm nõn Hảo Đạt" in html  # product name
    assert re.search(r'<img class="trace__image" src="[^"]+-card\.webp"', html)  # image
    assert "HTX chè Hảo Đạt" in html and "Xóm Hồng Thái 2" in html and "Tân Cương" in html
    assert batch.produced_on.strftime("%d/%m/%Y") in html  # production date
    assert f"(01)08930000000017(10)HD-2026-05(21){stamp.serial}" in html  # trace code
    assert serials.grouped(stamp.serial) in html  # serial
    assert "HTX chè Hảo Đạt" in html  # brand (the producer's by default)
    assert "12 tháng" in html and batch.best_before.strftime("%d/%m/%Y") in html  # shelf life
    assert "TCVN 7975:2008; VietGAP" in html  # standards
    # each stage with its product trace code, location trace code and time
    stages = re.findall(r'<li class="trace__stage trace__stage--(\w+)">', html)
    assert stages == ["commissioning", "packing"]
    assert html.count("Mã truy vết sản phẩm: <code>(01)08930000000017(10)HD-2026-05</code>") == 2
    assert html.count(f"VN-19-05503-CT{product.producer_id:05d}") >= 2
    assert 'datetime="' in html and "+07:00" in html


def test_the_page_is_light_and_not_cached(client, db):
    _, _, stamp = stamped_product()

    response = get(client, f"/trace/{stamp.serial}")

    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script" not in html
    assert len(html.encode()) < 20_000


def test_the_certificate_on_the_production_date_and_now(client, db):
    _, _, stamp = stamped_product(stars_then=3, stars_now=4)

    html = get(client, f"/trace/{stamp.serial}").get_data(as_text=True)

    then = html.split('id="certificate-then"')[1].split("</div>")[0]
    now = html.split('id="certificate-now"')[1].split("</div>")[0]
    assert "3 sao" in then and "4 sao" in now


def test_without_a_current_certificate_the_page_says_so(client, db):
    _, _, stamp = stamped_product(stars_now=None)

    html = get(client, f"/trace/{stamp.serial}").get_data(as_text=True)

    assert "Không có giấy chứng nhận OCOP còn hiệu lực" in html
    assert "3 sao" in html.split('id="certificate-then"')[1].split("</div>")[0]


def test_the_digital_link_opens_the_same_page(client, db):
    _, _, stamp = stamped_product()

    short = get(client, f"/trace/{stamp.serial}")
    link = get(client, f"/01/08930000000017/10/HD-2026-05/21/{stamp.serial}")

    assert link.status_code == 200
    strip = re.compile(r'id="scan-count">[^<]*<')
    assert strip.sub("", link.get_data(as_text=True)) == strip.sub("", short.get_data(as_text=True))


def test_a_digital_link_with_another_gtin_or_lot_is_not_genuine(client, db):
    _, _, stamp = stamped_product()

    for url in (f"/01/08930000000024/10/HD-2026-05/21/{stamp.serial}",
                f"/01/08930000000017/10/KHAC/21/{stamp.serial}"):
        response = get(client, url)
        assert response.status_code == 404
        assert "Không phải tem chính hãng" in response.get_data(as_text=True)


def test_a_product_without_gtin_gets_a_serial_on_our_host(client, db):
    product, _, stamp = stamped_product(gtin=None)

    html = get(client, f"/trace/{stamp.serial}").get_data(as_text=True)

    assert f"SP{product.id:06d}-HD-2026-05-{stamp.serial}" in html


def test_an_unknown_serial_is_not_genuine(client, db):
    stamped_product()
    unknown = serials.generate()

    response = get(client, f"/trace/{unknown}")

    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Không phải tem chính hãng" in html and "không có trong hệ thống" in html


def test_a_mistyped_serial_is_caught_by_its_check_character(client, db):
    _, _, stamp = stamped_product()
    wrong = "1" if stamp.serial[3] != "1" else "2"
    typo = stamp.serial[:3] + wrong + stamp.serial[4:]

    response = get(client, f"/trace/{typo}")

    assert response.status_code == 404
    assert "sai ký tự kiểm tra" in response.get_data(as_text=True)


def test_a_serial_typed_in_groups_and_lower_case_still_opens(client, db):
    _, _, stamp = stamped_product()

    lookup = client.get("/trace", query_string={"serial": serials.grouped(stamp.serial).lower()})

    assert lookup.status_code == 303
    assert lookup.headers["Location"].endswith(f"/trace/{stamp.serial}")
    assert get(client, f"/trace/{serials.grouped(stamp.serial).lower()}").status_code == 200
