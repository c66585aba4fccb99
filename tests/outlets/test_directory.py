"""The public directory (/outlets, /outlets/<slug>) and GET /api/v1/outlets."""
import pytest

from marketplace.outlets.models import OutletLevel, OutletStatus
from tests.api import assert_matches_schema
from tests.factories import make_outlet, make_outlet_stock, make_product

TAN_CUONG, PHAN_DINH_PHUNG = "05503", "05443"


@pytest.fixture
def outlets(db):
    tea = make_product("Chè tôm nõn", slug="che-tom-non")
    a = make_outlet("Điểm bán OCOP xã Tân Cương", slug="diem-ban-tan-cuong",
                    commune_code=TAN_CUONG, lat=21.58, lng=105.76, street="Chợ Tân Cương")
    b = make_outlet("Trung tâm OCOP tỉnh", slug="trung-tam-ocop", commune_code=PHAN_DINH_PHUNG,
                    level=OutletLevel.PROVINCE, lat=21.59, lng=105.84)
    make_outlet("Điểm bán chờ duyệt", slug="cho-duyet", commune_code=TAN_CUONG,
                status=OutletStatus.PENDING)
    make_outlet_stock(a, tea, on_hand=4)
    make_outlet_stock(b, tea, on_hand=0)
    return a, b, tea


def test_the_api_lists_approved_outlets_in_the_contract_shape(client, outlets):
    data = client.get("/api/v1/outlets").get_json()

    assert data["total"] == 2
    assert_matches_schema(data, "OutletList")
    item = next(i for i in data["items"] if i["slug"] == "diem-ban-tan-cuong")
    assert item == {"slug": "diem-ban-tan-cuong", "name": "Điểm bán OCOP xã Tân Cương",
                    "level": "commune", "province": "Thái Nguyên", "commune": "Tân Cương",
                    "address": "Chợ Tân Cương, Xã Tân Cương, Tỉnh Thái Nguyên",
                    "lat": 21.58, "lng": 105.76}


def test_the_api_filters_by_commune_level_and_product(client, outlets):
    assert [i["slug"] for i in client.get(f"/api/v1/outlets?commune={TAN_CUONG}")
            .get_json()["items"]] == ["diem-ban-tan-cuong"]
    assert [i["slug"] for i in client.get("/api/v1/outlets?commune=Tân Cương")
            .get_json()["items"]] == ["diem-ban-tan-cuong"]
    assert [i["slug"] for i in client.get("/api/v1/outlets?level=province")
            .get_json()["items"]] == ["trung-tam-ocop"]
    # Carried with units on the shelf: the centre has none left.
    assert [i["slug"] for i in client.get("/api/v1/outlets?product=che-tom-non")
            .get_json()["items"]] == ["diem-ban-tan-cuong"]


def test_the_api_pages_and_sorts_by_distance(client, outlets):
    data = client.get("/api/v1/outlets?per_page=1&page=2").get_json()
    assert (data["total"], len(data["items"]), data["page"]) == (2, 1, 2)
    near = client.get("/api/v1/outlets?lat=21.59&lng=105.84").get_json()["items"]
    assert near[0]["slug"] == "trung-tam-ocop"


@pytest.mark.parametrize("query", ["commune=99999", "level=market", "page=0", "per_page=101",
                                   "product=khong-co", "lat=abc&lng=1"])
def test_bad_parameters_are_400_with_an_error(client, outlets, query):
    response = client.get(f"/api/v1/outlets?{query}")

    assert response.status_code == 400
    assert_matches_schema(response.get_json(), "Error")


def test_the_directory_page_filters_by_commune_and_product(client, outlets):
    page = client.get(f"/outlets?commune={TAN_CUONG}").get_data(as_text=True)
    assert "Điểm bán OCOP xã Tân Cương" in page and "Trung tâm OCOP tỉnh" not in page
    assert "Điểm bán chờ duyệt" not in page
    page = client.get("/outlets?product=che-tom-non").get_data(as_text=True)
    assert "Điểm bán OCOP xã Tân Cương" in page and "Trung tâm OCOP tỉnh" not in page
    assert client.get("/outlets?level=nope").status_code == 400


def test_an_outlet_page_shows_what_is_on_its_shelf(client, outlets):
    page = client.get("/outlets/diem-ban-tan-cuong").get_data(as_text=True)

    assert "Chè tôm nõn" in page and "4 sản phẩm" in page
    assert client.get("/outlets/cho-duyet").status_code == 404


def test_the_product_page_says_where_to_buy_it(client, outlets):
    page = client.get("/products/che-tom-non").get_data(as_text=True)

    assert "Có bán tại 1 điểm bán OCOP" in page and "/outlets?product=che-tom-non" in page


def test_a_tourism_product_links_outlets_and_events_near_it(client, db):
    from tests.factories import make_producer
    from tests.outlets.test_events import make_event

    village = make_producer("HTX du lịch Thái Hải", commune_code=TAN_CUONG)
    make_product("Bản làng Thái Hải", producer=village, category_slug="du-lich",
                 slug="ban-lang-thai-hai")
    make_outlet("Điểm bán gần bản", commune_code=TAN_CUONG)
    make_event(commune_code=TAN_CUONG, title="Hội chợ chè Tân Cương")

    page = client.get("/products/ban-lang-thai-hai").get_data(as_text=True)

    assert "Gần điểm du lịch này" in page
    assert "Điểm bán gần bản" in page and "Hội chợ chè Tân Cương" in page
