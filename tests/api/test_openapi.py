"""The OpenAPI document: valid 3.1, served, and covering every /api/v1 route."""
import re

from openapi_spec_validator import validate

from marketplace.api.openapi import openapi_document
from marketplace.catalog.filters import MAX_PER_PAGE, SORTS

PREFIX = "/api/v1"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def api_operations(app) -> set[tuple[str, str]]:
    """(OpenAPI path, method) for every route the app registers under /api/v1."""
    operations = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX + "/"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule.removeprefix(PREFIX))
        operations |= {(path, method.lower()) for method in rule.methods - IGNORED_METHODS}
    return operations


def documented_operations(document) -> set[tuple[str, str]]:
    return {(path, method) for path, item in document["paths"].items() for method in item}


def test_document_is_valid_openapi_3_1():
    document = openapi_document()

    validate(document)

    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": PREFIX}]


def test_every_api_route_is_documented_and_nothing_else(app):
    assert documented_operations(openapi_document()) == api_operations(app)


def test_the_contract_schemas_are_components():
    schemas = openapi_document()["components"]["schemas"]

    assert {"ProductItem", "ProductDetail", "Producer", "Stats", "Error"} <= set(schemas)


def test_operations_with_input_declare_their_error_responses():
    error = {"$ref": "#/components/schemas/Error"}
    paths = openapi_document()["paths"]

    for path, item in paths.items():
        for operation in item.values():
            responses = operation["responses"]
            assert "200" in responses
            if any(p["in"] == "query" for p in operation.get("parameters", [])):
                assert responses["400"]["content"]["application/json"]["schema"] == error, path
            if "{" in path:
                assert responses["404"]["content"]["application/json"]["schema"] == error, path


def test_listing_parameters_carry_the_limits_the_views_enforce():
    parameters = {p["name"]: p["schema"]
                  for p in openapi_document()["paths"]["/products"]["get"]["parameters"]}

    assert set(parameters) == {"q", "category", "stars", "province", "commune", "min_price",
                               "max_price", "in_stock", "is_gift", "sort", "page", "per_page"}
    assert (parameters["per_page"]["minimum"], parameters["per_page"]["maximum"]) == (
        1, MAX_PER_PAGE)
    assert (parameters["stars"]["minimum"], parameters["stars"]["maximum"]) == (3, 5)
    assert parameters["page"]["minimum"] == 1
    assert parameters["sort"]["enum"] == list(SORTS)


def test_flag_pattern_accepts_what_the_filters_accept():
    parameters = openapi_document()["paths"]["/products"]["get"]["parameters"]
    pattern = re.compile(next(p for p in parameters if p["name"] == "in_stock")["schema"]["pattern"])

    for word in ("1", "0", "true", "False", " YES ", "off", ""):
        assert pattern.search(word), word
    for word in ("2", "maybe", "truthy"):
        assert not pattern.search(word), word


def test_document_is_served_as_json(client):
    response = client.get(f"{PREFIX}/openapi.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "max-age=60" in response.headers["Cache-Control"]
    assert response.get_json() == openapi_document()
