"""The bugs the fuzzers found, pinned by plain examples so they stay fixed."""
import pytest

from marketplace.catalog.exceptions import ImportFailed
from marketplace.catalog.importer import import_catalogue
from tests.factories import make_product
from tests.fuzz.test_import_properties import render

ABOVE_THE_INTEGER_COLUMN = str(2**31)


@pytest.mark.parametrize("name", ["min_price", "max_price"])
def test_a_price_filter_above_what_a_price_can_be_is_a_400_in_the_api(client, name):
    # schemathesis: max_price=999999999999 was a 500 on PostgreSQL ("integer out of range").
    response = client.get("/api/v1/products", query_string={name: ABOVE_THE_INTEGER_COLUMN})

    assert response.status_code == 400
    assert response.get_json() == {"error": f"'{name}' must be between 0 and 2147483647"}


def test_a_price_filter_above_what_a_price_can_be_is_a_400_on_the_listing(client):
    make_product("Chè Tân Cương", price_vnd=2**31 - 1)

    refused = client.get("/products", query_string={"max_price": ABOVE_THE_INTEGER_COLUMN})
    highest = client.get("/products", query_string={"min_price": str(2**31 - 1)})

    assert refused.status_code == 400
    assert highest.status_code == 200 and "Chè Tân Cương" in highest.get_data(as_text=True)


def test_a_catalogue_row_with_a_nul_character_is_a_bad_row(db, tmp_path):
    # Hypothesis: a NUL in a name was imported on SQLite and failed at PostgreSQL.
    row = {"producer_name": "HTX chè Hảo Đạt", "producer_kind": "cooperative",
           "province": "19", "commune": "05503", "product_name": "Chè\x00 búp",
           "category": "Thực phẩm", "description": "", "unit": "", "price_vnd": "100000",
           "stock": "1", "stars": "", "score": "", "certificate_no": "", "certified_on": "",
           "expires_on": "", "is_gift": ""}
    path = tmp_path / "nul.csv"
    path.write_bytes(render([row])[0])

    with pytest.raises(ImportFailed) as failure:
        import_catalogue(path)

    assert [(e.line, e.reason) for e in failure.value.errors] == [
        (2, "product_name contains a NUL character")]
