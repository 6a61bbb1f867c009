"""Property-based requests (schemathesis) against every operation of /api/v1/: whatever the input, the answer is
never a server error, its status is documented, and its body matches the OpenAPI schema.

- **Every operation**: the schema is loaded unfiltered from /api/v1/openapi.json, and a test checks that the
  operations fuzzed are exactly the document's, that each names its permission (`x-hemvag-permission`) and that
  the world has a user who holds it and an object for each of its path parameters — a new route cannot escape.
- **Signed as who may call it**: each example draws its caller among the world's users who hold the route's
  permission in some unit (a counsellor, a manager, city staff, an administrator, an auditor, and the other
  municipality's counsellor and manager, who get 404s); public routes also anonymously.
- **Real ids**: path ids are drawn from the world's real objects (tests/api_world.py) so requests get past 404,
  and id fields in a body (household_id, person_id, unit_id …) are replaced by real ones in about half the examples.
- **Stateful**: the document's links (hemvag.core.apilinks: create → the operations on what was created) drive
  schemathesis' state machine through chains such as person → household → case → task → completed task.

A bounded budget, marked `fuzz` (`make test` runs it; docs/architecture.md, section API). Derandomized, so a
failure in CI is the same failure on a laptop; HEMVAG_FUZZ_EXAMPLES (examples per operation) and
HEMVAG_FUZZ_SCENARIOS (state machine scenarios) raise the budget for a longer local search."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from random import Random
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.stateful.state_machine import StepInput, StepOutput
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hemvag.core.actions import do_create_api_token
from hemvag.core.apiauth import PERMISSION
from hemvag.core.permissions import PUBLIC, SYSTEM, has_permission
from hemvag.wsgi import application
from tests.api_world import ApiWorld, build_api_world
from tests.conftest import HTTPS_HEADERS
from tests.people.api_support import FAST_HASHERS

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, headers=HTTPS_HEADERS)
# Only the links the document declares: schemathesis' own guesses link routes that have nothing to do with
# each other (a case's plan step to an outreach plan).
schema.config.phases.stateful.inference.algorithms = []

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("HEMVAG_FUZZ_EXAMPLES", "10"))  # per operation, after schemathesis' coverage cases
SCENARIOS = int(os.environ.get("HEMVAG_FUZZ_SCENARIOS", "40"))
STEPS = 8  # per scenario: long enough for person → household → case → task → done
# Path parameters that are not ids: schemathesis generates them (a plan's follow-up for any year).
GENERATED = {"year"}
# Body fields that hold an id, and the kind of id (a key of ApiWorld.ids) that makes them real.
BODY_IDS = {"household_id": "household_id", "main_person_id": "person_id", "person_id": "person_id",
            "document_id": "document_id", "unit_id": "unit_id", "user_id": "user_id", "owner_id": "user_id",
            "assigned_counsellor_id": "user_id", "handler_id": "user_id"}
BODY_ID_LISTS = {"organisation_ids": "organisation_id", "party_ids": "organisation_id"}
ANONYMOUS = "anonymous"


@dataclass
class Signed:
    """The world and a token for each of its users."""

    world: ApiWorld
    secrets: dict[str, str]

    def callers(self, permission: str | None) -> list[str]:
        """The users who may call a route (in some unit), as names; public routes also anonymously."""
        names = [name for name, user in self.world.users.items()
                 if user is not None and permission is not None and has_permission(user, permission)]
        return [*names, ANONYMOUS] if permission == PUBLIC else names


Pick = Callable[[list[Any]], Any]


def sign(case: Any, signed: Signed, pick: Pick, keep: set[str] = frozenset()) -> None:
    """Give the case a caller who may call its route, the world's ids in its path and (sometimes) body; `keep`
    names what a state machine's link filled, which stays as the link gave it."""
    permission = case.operation.definition.raw.get(PERMISSION)
    caller = pick(signed.callers(permission) or [ANONYMOUS])
    ids = signed.world.ids
    if case.path_parameters:
        # Mostly a real id; sometimes the generated one (unknown, negative, beyond 64 bits), which must be a 404.
        case.path_parameters = {name: pick([*ids[name], value]) if name in ids and name not in keep else value
                                for name, value in case.path_parameters.items()}
    if isinstance(case.body, dict):
        for field in sorted(set(case.body) - keep):
            if field in BODY_IDS and pick([True, False]):
                case.body[field] = pick(ids[BODY_IDS[field]])
            elif field in BODY_ID_LISTS and pick([True, False]):
                case.body[field] = [pick(ids[BODY_ID_LISTS[field]])]
    headers = {**(case.headers or {}), **HTTPS_HEADERS}
    headers.pop("Authorization", None)
    if caller != ANONYMOUS:
        headers["Authorization"] = f"Bearer {signed.secrets[caller]}"
    case.headers = headers


@contextmanager
def rolled_back() -> Iterator[None]:
    """A savepoint that is always rolled back."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


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
    cache: dict[str, Signed] = {}

    def get() -> Signed:
        # Hypothesis runs many examples in one test: the world is built once, on the first.
        if "signed" not in cache:
            world = build_api_world(make_user, unit, other_unit)
            secrets = {name: do_create_api_token(actor=SYSTEM, user=user, name="fuzz")[1]
                       for name, user in world.users.items() if user is not None}
            cache["signed"] = Signed(world=world, secrets=secrets)
        return cache["signed"]

    return get


FUZZ_SETTINGS = settings(
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


@pytest.mark.fuzz
@schema.parametrize()
@schema.given(data=st.data())
@FUZZ_SETTINGS
def test_no_server_errors_and_documented_answers(case, data, signed_world):
    signed = signed_world()
    with rolled_back():  # each example starts from the same world: a deleted contact is there for the next one
        sign(case, signed, lambda choices: data.draw(st.sampled_from(choices)))
        response = case.call()
    case.validate_response(response, checks=CHECKS)


@cache
def workflow() -> Any:
    """The state machine over the document's links (built on first use: it takes seconds)."""

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        """Chains of calls along the links. A step's caller and the ids its link did not fill are chosen as in
        the stateless test, by a seeded random (hypothesis draws the rest), so a scenario replays the same."""

        signed: Signed
        followed = 0  # steps that followed a link and were answered 2xx: the chains are not all refusals

        def setup(self) -> None:
            # Each scenario starts from the same world, so that replaying one (to shrink it) gives the same answers.
            self.random = Random(15)
            self.savepoint = transaction.atomic()
            self.savepoint.__enter__()

        def teardown(self) -> None:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

        def step(self, input: StepInput) -> StepOutput:
            keep = {name for _, name in input.applied_parameters if name}
            sign(input.case, self.signed, self.random.choice, keep=keep)
            output = super().step(input)
            if input.transition is not None and input.is_applied and output.response.status_code < 300:
                type(self).followed += 1
            return output

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    return Workflow


@pytest.mark.fuzz
def test_no_server_errors_and_documented_answers_along_the_links(signed_world):
    machine = workflow()
    machine.signed = signed_world()
    machine.followed = 0
    machine.run(settings=settings(max_examples=SCENARIOS, stateful_step_count=STEPS, derandomize=True,
                                   deadline=None, suppress_health_check=list(HealthCheck)))
    assert machine.followed > 0


def _document_operations() -> dict[str, dict[str, Any]]:
    document = schema.raw_schema
    return {f"{method.upper()} {path}": operation for path, item in document["paths"].items()
            for method, operation in item.items() if method in ("get", "put", "post", "delete", "patch")}


def test_every_operation_of_the_api_is_fuzzed_by_someone_who_may_call_it(signed_world):
    documented = _document_operations()
    fuzzed = {operation.ok().label for operation in schema.get_all_operations()}
    assert fuzzed == set(documented)
    assert {"GET /api/v1/me", "POST /api/v1/outreach/plans", "GET /api/v1/statistics"} <= fuzzed  # every room
    signed = signed_world()
    for label, operation in documented.items():
        assert signed.callers(operation[PERMISSION]), f"nobody in the world may call {label}"
        for name in set(re.findall(r"{(\w+)}", label)) - GENERATED:
            assert signed.world.ids.get(name), f"the world has no {name} for {label}"


def test_the_state_machine_follows_the_documents_links():
    rules = set(dir(workflow()))
    assert {"POST_api_v1_persons___201_create_household__POST_api_v1_households",
            "POST_api_v1_households___201_open_case__POST_api_v1_cases",
            "POST_api_v1_cases___201_add_task__POST_api_v1_cases_case_id_tasks",
            "POST_api_v1_cases_case_id_tasks___201_complete_task__POST_api_v1_cases_case_id_tasks_task_id_complete",
            "POST_api_v1_outreach_organisations___201_add_contact__POST_api_v1_outreach_organisations_organisation_id_"
            "contacts"} <= rules
