"""Schemathesis against the live API, with the demo catalogue loaded.

Every operation of the OpenAPI document is fuzzed with valid and invalid input
(bounded examples) over HTTP; each response must not be a 5xx, must have a documented
status code and content type, and must match its schema. Path parameters mix generated
strings with slugs and serials that exist, so the 200 answers are checked too. The
export (office only) is called with a valid API token, and without one it must answer
401 cleanly. A summary goes to test-artifacts/schemathesis-summary.json.

The operations are collected from the document the code builds: schemathesis 4.32's
fixture-loaded schema (``from_fixture``) does not run under pytest 9.2 (it reads
``Node._nodeid``, which pytest 9.2 removed), so the first test checks that the live
server serves exactly this document at /api/v1/openapi.json.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from marketplace.api.openapi import openapi_document

pytestmark = pytest.mark.slow
SUMMARY = Path(__file__).resolve().parents[2] / "test-artifacts" / "schemathesis-summary.json"
MAX_EXAMPLES = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
EXPORT_PATH = "/export/certifications"

schema = schemathesis.openapi.from_dict(openapi_document())


class Tally:
    """Requests and failures per backend and operation, written out after the run."""

    def __init__(self) -> None:
        self.examples: dict[str, Counter] = defaultdict(Counter)
        self.kinds: dict[str, Counter] = defaultdict(Counter)  # phase and generation mode
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.failures: dict[str, dict[tuple, dict]] = defaultdict(dict)

    def fail(self, backend: str, case, response, error: BaseException) -> None:
        """One entry per operation and problem (shrinking repeats a failure many times)."""
        failures = error.exceptions if isinstance(error, BaseExceptionGroup) else [error]
        problem = "; ".join(getattr(f, "title", None) or str(f).strip().splitlines()[0]
                            for f in failures)[:300]
        entry = self.failures[backend].setdefault((case.operation.label, problem), {
            "operation": case.operation.label, "problem": problem, "times": 0})
        entry["times"] += 1
        entry["last_request"] = f"{response.request.method} {response.request.url}"[:500]

    def write(self) -> None:
        runs = {backend: {"operations": len(counts), "examples": sum(counts.values()),
                          "by_phase_and_mode": dict(sorted(self.kinds[backend].items())),
                          "by_operation_and_status": dict(sorted(
                              self.statuses[backend].items())),
                          "failures": list(self.failures[backend].values())}
                for backend, counts in self.examples.items()}
        SUMMARY.parent.mkdir(parents=True, exist_ok=True)
        SUMMARY.write_text(json.dumps({
            "schemathesis": schemathesis.__version__, "max_examples": MAX_EXAMPLES,
            "checks": [check.__name__ for check in CHECKS], "runs": runs,
        }, ensure_ascii=False, indent=2) + "\n")


@pytest.fixture(scope="module")
def tally():
    record = Tally()
    yield record
    record.write()


# Operation path -> slugs or serials that exist in the store under test (set per backend).
EXISTING: dict[str, tuple[str, ...]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half the generated paths name a record that exists, so 200 answers get checked too."""
    existing = EXISTING.get(context.operation.path)
    if not existing:
        return st.just(path_parameters)
    (name,) = path_parameters
    return st.one_of(st.just(path_parameters),
                     st.sampled_from(existing).map(lambda value: {name: value}))


@pytest.fixture
def existing_records(live_store):
    EXISTING.clear()
    EXISTING.update({"/products/{slug}": live_store.product_slugs,
                     "/producers/{slug}": live_store.producer_slugs,
                     "/trace/{serial}": live_store.serials,
                     "/trace/{serial}/epcis": live_store.serials})
    yield
    EXISTING.clear()


def test_the_live_server_serves_the_fuzzed_document(live_store):
    response = requests.get(f"{live_store.url}/api/v1/openapi.json", timeout=30)

    assert response.status_code == 200
    assert response.json() == openapi_document()


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_api_conforms_to_its_openapi_document(case, live_store, existing_records, tally):
    headers = ({"Authorization": f"Bearer {live_store.token}"}
               if case.operation.path == EXPORT_PATH else None)
    tally.examples[live_store.backend][case.operation.label] += 1
    if case.meta:
        kind = f"{case.meta.phase.name.value} {case.meta.generation.mode.value}"
        tally.kinds[live_store.backend][kind] += 1
    response = case.call(base_url=f"{live_store.url}/api/v1", headers=headers, timeout=30)
    tally.statuses[live_store.backend][f"{case.operation.label} {response.status_code}"] += 1
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except (AssertionError, BaseExceptionGroup) as error:  # schemathesis' Failure(Group)
        tally.fail(live_store.backend, case, response, error)
        raise


def test_export_without_a_token_is_a_clean_401(live_store):
    response = requests.get(f"{live_store.url}/api/v1{EXPORT_PATH}", timeout=30)

    assert response.status_code == 401
    assert response.json() == {"error": "login or an API token is required"}


def test_export_with_a_wrong_token_is_a_clean_401(live_store):
    response = requests.get(f"{live_store.url}/api/v1{EXPORT_PATH}", timeout=30,
                            headers={"Authorization": "Bearer ocop_not-a-token"})

    assert response.status_code == 401
    assert response.json() == {"error": "invalid or revoked API token"}
