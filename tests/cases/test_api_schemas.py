"""The JSON of the cases and people API against its published OpenAPI: every GET route answers exactly what its
schema says (no undocumented key, no missing one, the documented types), the field names clients use are
still there, and no two schemas share a name (ninja would publish only one of them)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import pytest
from ninja import Schema

from hemvag.cases import actions as case_actions
from hemvag.people.privacy import PersonView
from tests.people.api_support import FAST_HASHERS, Api, build_rich_world, build_world

# What the clients of the API read, per schema, as it was when the converters were hand-written. The schemas may
# gain fields; none of these may go or change its name.
CLIENT_FIELDS = {
    "CaseOut": "assigned_counsellor channel closed_at created_at decided_amount_sek decided_on decision "
               "decision_reasons departed_on destination_country household_id id members "
               "migration_agency_case_number next_steps planned_departure_on programme reference repayment_flag "
               "stage submitted_on timeline unit_id",
    "CasePage": "count items limit offset",
    "CaseSummaryOut": "assigned_counsellor created_at destination_country id main_person member_count programme "
                      "reference stage unit_id",
    "ConsentOut": "document_id given_on id method person_id recipient recipient_name scope withdrawn_on",
    "DecisionRecordOut": "id information_given interpreter_used knows_can_change_mind language recorded_by "
                         "recorded_on",
    "DocumentOut": "content_type description id original_name size uploaded_at uploaded_by",
    "FactsOut": "facts",
    "FollowUpOut": "done_on due_on form id months_after_departure outcome",
    "HouseholdOut": "id members unit_id",
    "IdentityGrantOut": "granted_at granted_by id person_id reason revoked_at user user_id",
    "InquiryStatusOut": "created_at reference status",
    "MemberOut": "lives_with_main_person person relation",
    "NextStepOut": "label required to",
    "NoteOut": "author created_at form held_on id interpreter_used language text",
    "PaymentOut": "amount_sek decided_on id instalment note received_on",
    "PersonOut": "address birth_date birth_year contact_notes email id identity_number interpreter_language "
                 "interpreter_needed languages masked name phone protected_identity sex",
    "PersonPage": "count items",
    "PlanStepOut": "id notes partner status step",
    "ReferralOut": "consent_id id overridden_by override_reason purpose recipient recipient_name sent_on state",
    "SnapshotOut": "created_at evaluated_on facts id result run_by",
    "TaskOut": "done_on due_on id kind overdue owner title",
    "TimelineOut": "actor at from_stage kind summary to_stage",
    "UserRef": "id name",
    # One error shape: `field` as the cases and people API said it, `path` as the eligibility API did.
    "ErrorOut": "detail errors",
    "FieldErrorOut": "field path message",
}


@pytest.fixture(autouse=True)
def fast_passwords_and_private_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def openapi(client, db):
    return client.get("/api/v1/openapi.json").json()


def problems(value: Any, schema: dict[str, Any], components: dict[str, Any], where: str) -> list[str]:
    """Where `value` departs from the JSON schema (the subset ninja publishes), as readable lines."""
    if "$ref" in schema:
        return problems(value, components[schema["$ref"].rsplit("/", 1)[1]], components, where)
    if "allOf" in schema:
        return [p for part in schema["allOf"] for p in problems(value, part, components, where)]
    if "anyOf" in schema:
        found = [problems(value, option, components, where) for option in schema["anyOf"]]
        return [] if any(not f for f in found) else [f"{where}: {value!r} matches none of {schema['anyOf']}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} is not one of {schema['enum']}"]
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        if "properties" not in schema:
            return []  # a free document (the facts, a result)
        declared = set(schema["properties"])
        found = [f"{where}: undocumented key {key!r}" for key in sorted(set(value) - declared)]
        found += [f"{where}: missing {key!r}" for key in schema.get("required", []) if key not in value]
        return found + [p for key, sub in schema["properties"].items() if key in value
                        for p in problems(value[key], sub, components, f"{where}.{key}")]
    if kind == "array":
        if not isinstance(value, list):
            return [f"{where}: not an array"]
        return [p for i, item in enumerate(value) for p in problems(item, schema["items"], components, f"{where}[{i}]")]
    checks = {"string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
              "integer": lambda v: isinstance(v, int) and not isinstance(v, bool), "null": lambda v: v is None}
    if kind in checks and not checks[kind](value):
        return [f"{where}: {value!r} is not {kind}"]
    if kind == "string" and schema.get("format") in ("date", "date-time"):
        parse = dt.date.fromisoformat if schema["format"] == "date" else dt.datetime.fromisoformat
        try:
            parse(value.replace("Z", "+00:00"))
        except ValueError:
            return [f"{where}: {value!r} is not a {schema['format']}"]
    return []


def test_the_checker_finds_what_it_should():
    components = {"UserRef": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}}
    ref = {"$ref": "#/components/schemas/UserRef"}
    assert problems({"id": 1}, ref, components, "$") == []
    assert problems({"id": 1, "extra": 2}, ref, components, "$") == ["$: undocumented key 'extra'"]
    assert problems({}, ref, components, "$") == ["$: missing 'id'"]
    assert problems({"id": True}, ref, components, "$") == ["$.id: True is not integer"]
    assert problems("2026-13-01", {"type": "string", "format": "date"}, {}, "$")
    assert problems(None, {"anyOf": [ref, {"type": "null"}]}, components, "$") == []


def api_get_routes(openapi: dict[str, Any]) -> list[str]:
    return [path for path, operations in openapi["paths"].items()
            if "get" in operations and {"cases", "people"} & set(operations["get"].get("tags", []))
            and "application/json" in operations["get"]["responses"].get("200", {}).get("content", {})]


def test_every_get_route_answers_exactly_its_documented_schema(make_user, unit, other_unit, openapi):
    rich = build_rich_world(build_world(make_user, unit, other_unit), make_user)
    world = rich.world
    maja = world.users["manager"]
    lifted = case_actions.do_place_legal_hold(actor=maja, case=world.case, reason="Begäran om allmän handling")
    case_actions.do_lift_legal_hold(actor=maja, hold=lifted, reason="Handlingen lämnad ut")
    case_actions.do_place_legal_hold(actor=maja, case=world.case, reason="JO-anmälan")
    components = openapi["components"]["schemas"]
    variants = {  # each route with the world's objects, and the protected ones where a route reads a person
        "case_id": [world.case.pk, rich.lone_case.pk], "person_id": [world.main.pk, rich.hidden.pk, rich.lone.pk],
        "household_id": [world.household.pk, rich.lone_case.household_id],
    }
    readers = {name: Api(user) for name, user in (("sara", world.users["counsellor"]), ("sam", rich.sam),
                                                  ("maja", world.users["manager"]), ("sten", world.users["staff"]))}
    answered, lists, filled = Counter(), set(), set()
    for path in api_get_routes(openapi):
        names = re.findall(r"{(\w+)}", path)
        assert len(names) <= 1, path  # every GET route so far names at most one object
        urls = [path.replace(f"{{{names[0]}}}", str(pk)) for pk in variants[names[0]]] if names else [path]
        schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        for url in urls:
            for reader, api in readers.items():
                response = api.get(url)
                if response.status_code != 200:
                    continue
                body = response.json()
                assert problems(body, schema, components, f"{reader} GET {url}") == []
                answered[path] += 1
                if isinstance(body, list):
                    lists.add(path)
                    filled.update([path] if body else [])
    assert set(answered) == set(api_get_routes(openapi))  # each route answered someone
    assert lists - filled == set()  # and every list had items for someone, so that its items were checked too


def test_the_json_keeps_the_field_names_clients_use(openapi):
    components = openapi["components"]["schemas"]
    lost = {name: sorted(set(fields.split()) - set(components[name]["properties"]))
            for name, fields in CLIENT_FIELDS.items()}
    assert {name: fields for name, fields in lost.items() if fields} == {}


def test_no_two_schemas_share_a_name(openapi):
    """ninja names a component by its class: two classes of one name would be published as one, and one route
    would document the other's fields (the eligibility result's members once did, as a case's)."""

    def subclasses(cls: type) -> list[type]:
        return [sub for direct in cls.__subclasses__() for sub in (direct, *subclasses(direct))]

    ours = Counter(cls.__name__ for cls in subclasses(Schema) if cls.__module__.startswith("hemvag."))
    assert [name for name, count in ours.items() if count > 1] == []
    member = openapi["components"]["schemas"]["ResultOut"]["properties"]["members"]["items"]["$ref"]
    assert "role" in openapi["components"]["schemas"][member.rsplit("/", 1)[1]]["properties"]


def test_a_person_goes_out_only_from_a_person_view(make_user, unit, other_unit):
    """PersonOut reads what privacy.show_person made (masked where it must be), never the model itself."""
    from pydantic import ValidationError

    from hemvag.people.privacy import show_person
    from hemvag.people.schemas import PersonOut

    world = build_world(make_user, unit, other_unit)
    with pytest.raises(ValidationError):
        PersonOut.model_validate(world.main)
    shown = show_person(world.main, reveal_protected=False)
    assert isinstance(shown, PersonView) and PersonOut.model_validate(shown).name == "Amira Haddad"
