"""Property-based requests (schemathesis) against the people and cases routes, signed with a counsellor's token:
whatever the input, the answer is never a server error, its status is documented, and its body matches the
OpenAPI schema. Path ids are pointed at the world's real case, household, person, consent, referral, task and
document so that requests get past 404 (the other ids are generated, and mostly answered 404).

A real budget, marked `fuzz`: about a minute on two cores (`make test` runs it). Derandomized, so a failure in CI
is the same failure on a laptop; HEMVAG_FUZZ_EXAMPLES raises the budget for a longer local search."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hemvag.core.actions import do_create_api_token
from hemvag.core.models import User
from hemvag.core.permissions import SYSTEM
from hemvag.wsgi import application
from tests.conftest import HTTPS_HEADERS
from tests.people.api_support import FAST_HASHERS, build_world

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, headers=HTTPS_HEADERS).include(
    path_regex="^/api/v1/(persons|households|cases|inquiries)"
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PATH_IDS = {"case_id": "case", "household_id": "household", "person_id": "main", "consent_id": "consent",
            "referral_id": "referral", "task_id": "task", "document_id": "document"}
EXAMPLES = int(os.environ.get("HEMVAG_FUZZ_EXAMPLES", "25"))  # per operation, after schemathesis' coverage cases


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """schemathesis calls the WSGI app directly, so Django's request signals would close the database
    connection that holds the test's transaction (PostgreSQL); the test client disconnects them too."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_world(make_user, unit, other_unit, settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = str(tmp_path)
    cache: dict[str, object] = {}

    def get() -> tuple[dict[str, int], str]:
        # Hypothesis runs many examples in one test: the world is built once, on the first.
        if "ids" not in cache or not User.objects.filter(username="sara").exists():
            world = build_world(make_user, unit, other_unit)
            _token, secret = do_create_api_token(actor=SYSTEM, user=world.users["counsellor"], name="fuzz")
            cache.update(ids=world.ids(), secret=secret)
        return cache["ids"], cache["secret"]  # type: ignore[return-value]

    return get


@pytest.mark.fuzz
@schema.parametrize()
@settings(
    max_examples=EXAMPLES, derandomize=True,
    # Timing is not what this test asserts: no deadline, and no `too_slow` check, which would fail on a loaded
    # machine rather than on a wrong answer.
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        # `signed_world` is function-scoped on purpose: every example shares the test's database transaction and
        # the world built on the first example (it is not reset between examples, and need not be).
        HealthCheck.function_scoped_fixture,
    ],
)
def test_no_server_errors_and_documented_answers(case, signed_world):
    ids, secret = signed_world()
    if case.path_parameters:
        case.path_parameters = {name: ids[PATH_IDS[name]] if name in PATH_IDS else value
                                for name, value in case.path_parameters.items()}
    case.headers = {**(case.headers or {}), **HTTPS_HEADERS, "Authorization": f"Bearer {secret}"}
    response = case.call()
    case.validate_response(response, checks=CHECKS)
