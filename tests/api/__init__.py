"""Tests of the JSON API, and a helper checking responses against the OpenAPI schemas."""
from jsonschema import Draft202012Validator

from marketplace.api.openapi import openapi_document


def assert_matches_schema(data, schema_name: str) -> None:
    """Fail unless ``data`` validates against ``components/schemas/<schema_name>``."""
    document = openapi_document()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
