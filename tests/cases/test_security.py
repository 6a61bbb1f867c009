"""The attacks of the security probe (issue: protected identities, a read-only manager who could write, reads
that left no trace, facts of any shape, closed cases that took writes, limits the API did not hold). Each test
reproduces one attack and fails if it comes back. Synthetic data only."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import hemvag
from hemvag.cases import actions as case_actions
from hemvag.cases.models import (
    Case,
    Consent,
    CounsellingNote,
    DecisionRecord,
    Document,
    EligibilitySnapshot,
    FollowUp,
    Payment,
    Referral,
    Task,
    TimelineEntry,
)
from hemvag.cases.views import SECTIONS
from hemvag.core.models import AccessLog, AccessPurpose, AuditEvent, Role
from hemvag.people import actions as people_actions
from hemvag.people.models import Household, HouseholdMember, IdentityAccessGrant, Person
from tests.cases.test_api import depart
from tests.conftest import HTTPS_HEADERS
from tests.people.api_support import FAST_HASHERS, PDF, Api, build_world, pnr

SECRETS = ("Zainab", "Qasemi", "850615", "070-123")


@pytest.fixture(autouse=True)
def fast_passwords_and_private_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(make_user, unit, other_unit):
    world = build_world(make_user, unit, other_unit)
    world.users["second_counsellor"] = make_user("sam", Role.COUNSELLOR, unit)
    return world


@pytest.fixture
def protected(world):
    """A protected person registered by sara, the case's counsellor, in the case's household."""
    sara = world.users["counsellor"]
    person = people_actions.do_create_person(
        actor=sara, unit=world.unit, first_name="Zainab", last_name="Qasemi", identity_number=pnr("850615", "123"),
        protected_identity=True, phone="070-123 45 67")
    people_actions.do_add_household_member(actor=sara, household=world.household, person=person,
                                           relation="spouse", lives_with_main_person=True)
    return person


def everything():
    """Every row a write could leave behind, and the audit trail."""
    return {model.__name__: model.objects.count() for model in (
        Case, CounsellingNote, DecisionRecord, Consent, Referral, Task, Document, EligibilitySnapshot, TimelineEntry,
        Payment, FollowUp, Person, Household, HouseholdMember, IdentityAccessGrant, AuditEvent)}


def shows_secrets(response) -> bool:
    return any(secret in response.content.decode() for secret in SECRETS)


# --- 1. a second counsellor of the unit cannot unmask a protected identity ---------------------------------


def test_a_household_cannot_be_built_around_a_person_masked_for_you(world, protected):
    sam = Api(world.users["second_counsellor"])
    before = everything()
    response = sam.post("/households", {"main_person_id": protected.pk})
    assert response.status_code == 403
    assert everything() == before
    assert not shows_secrets(sam.get(f"/persons/{protected.pk}"))


def test_a_masked_person_cannot_be_added_to_a_household(world, protected):
    sam = world.users["second_counsellor"]
    spare_household = people_actions.do_create_household(actor=sam, unit=world.unit, main_person=world.spare)
    api = Api(sam)
    before = everything()
    response = api.post(f"/households/{spare_household.pk}/members",
                             {"person_id": protected.pk, "relation": "spouse"})
    assert response.status_code == 403
    assert everything() == before


def test_a_case_cannot_be_opened_around_a_household_with_a_masked_member(world, protected):
    sam = Api(world.users["second_counsellor"])
    before = everything()
    assert sam.post("/cases", {"household_id": world.household.pk}).status_code == 403
    assert everything() == before


def test_taking_over_a_case_with_a_protected_member_needs_a_grant(world, protected):
    sam = Api(world.users["second_counsellor"])
    before = everything()
    response = sam.patch(f"/cases/{world.case.pk}", {"assigned_counsellor_id": world.users["second_counsellor"].pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "assigned_counsellor"
    assert everything() == before
    assert sam.get(f"/persons/{protected.pk}").json()["masked"] is True
    assert not shows_secrets(sam.get(f"/cases/{world.case.pk}"))


def test_a_managers_grant_is_audited_and_unmasks_only_on_the_assigned_case(world, protected, login):
    sam = world.users["second_counsellor"]
    page = login(world.users["manager"]).post(f"/cases/{world.case.pk}/identity_access/", {
        "person": protected.pk, "user": sam.pk, "reason": "Sara is on leave; Sam takes the case."},
        headers=HTTPS_HEADERS)
    assert page.status_code == 302
    grant = IdentityAccessGrant.objects.get(person=protected, user=sam, revoked_at=None)
    assert grant.granted_by == world.users["manager"]
    event = AuditEvent.objects.filter(verb="person.identity_access_granted").get()
    assert event.changes["reason"]["after"] == "Sara is on leave; Sam takes the case."
    # The grant alone unmasks nothing: Sam is not yet the case's counsellor.
    assert Api(sam).get(f"/persons/{protected.pk}").json()["masked"] is True
    case_actions.do_update_case(actor=sam, case=world.case, assigned_counsellor=sam)
    assert Api(sam).get(f"/persons/{protected.pk}").json()["name"] == "Zainab Qasemi"
    assert Api(world.users["counsellor"]).get(f"/persons/{protected.pk}").json()["masked"] is True


def test_grants_through_the_api_managers_only_and_a_revoked_grant_masks_again(world, protected):
    sam = world.users["second_counsellor"]
    path = f"/persons/{protected.pk}/identity-grants"
    body = {"user_id": sam.pk, "reason": "Sam covers the case during Sara's leave."}
    for role in ("counsellor", "second_counsellor", "staff", "admin", "auditor"):
        assert Api(world.users[role]).post(path, body).status_code == 403
    assert Api(world.users["other_manager"]).post(path, body).status_code == 404
    manager = Api(world.users["manager"])
    assert manager.post(path, {"user_id": world.users["staff"].pk, "reason": "x"}).status_code == 422
    created = manager.post(path, body)
    assert created.status_code == 201 and created.json()["granted_by"] == "maja"
    case_actions.do_update_case(actor=sam, case=world.case, assigned_counsellor=sam)
    assert Api(sam).get(f"/persons/{protected.pk}").json()["masked"] is False
    revoked = manager.post(f"{path}/{created.json()['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert Api(sam).get(f"/persons/{protected.pk}").json()["masked"] is True
    assert AuditEvent.objects.filter(verb="person.identity_access_revoked").count() == 1
    assert [g["user"] for g in manager.get(path).json()] == ["sam", "sara"]


def test_only_a_manager_grants_and_a_reason_is_needed(world, protected):
    sam = world.users["second_counsellor"]
    for actor in ("counsellor", "second_counsellor", "admin", "auditor", "staff", "other_manager"):
        with pytest.raises(Exception) as refused:
            people_actions.do_grant_identity_access(actor=world.users[actor], person=protected, user=sam,
                                                    reason="Because")
        assert type(refused.value).__name__ == "PermissionDenied"
    with pytest.raises(ValidationError):
        people_actions.do_grant_identity_access(actor=world.users["manager"], person=protected, user=sam, reason=" ")
    assert not IdentityAccessGrant.objects.filter(user=sam).exists()


def test_the_registering_counsellor_keeps_access_and_nobody_else_gets_it(world):
    sara = Api(world.users["counsellor"])
    created = sara.post("/persons", {"first_name": "Leyla", "last_name": "Demir", "protected_identity": True})
    person_id = created.json()["id"]
    household = sara.post("/households", {"main_person_id": person_id})
    assert sara.post("/cases", {"household_id": household.json()["id"]}).status_code == 201
    assert sara.get(f"/persons/{person_id}").json()["name"] == "Leyla Demir"
    grant = IdentityAccessGrant.objects.get(person_id=person_id)
    assert grant.user == world.users["counsellor"]
    assert Api(world.users["second_counsellor"]).get(f"/persons/{person_id}").json()["masked"] is True


def test_a_name_search_does_not_find_a_protected_person_without_a_grant(world, protected, login):
    sam = world.users["second_counsellor"]
    Case.objects.filter(pk=world.case.pk).update(assigned_counsellor=sam)  # assigned, but never granted
    assert Api(sam).get("/persons", q="Zainab").json()["count"] == 0
    page = login(sam).get("/cases/", {"q": "Zainab"}, headers=HTTPS_HEADERS).content.decode()
    assert world.case.reference not in page and "Qasemi" not in page  # (the search box repeats "Zainab")


# --- 2. every write checks its actor's permission first ----------------------------------------------------


def _action_modules():
    for module in pkgutil.walk_packages(hemvag.__path__, "hemvag."):
        if module.name.endswith(".actions"):
            yield importlib.import_module(module.name)


CHECKS = {"authorize", "_working"}
WRITES = {"save", "create", "bulk_create", "delete", "record", "_record", "update", "full_clean",
          "register_person", "create_household", "add_household_member", "register_household_member"}


def _called(node: ast.AST) -> set[str]:
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            func = sub.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def test_every_do_function_checks_permission_before_it_validates_or_writes():
    """Read from the source: in every `do_*` of every actions module, a permission check comes before the first
    statement that validates or writes. (do_record_auth_event records the signed-in user's own sign-in.)"""
    checked = []
    for module in _action_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("do_") or function.__module__ != module.__name__ or name == "do_record_auth_event":
                continue
            body = ast.parse(inspect.getsource(inspect.unwrap(function))).body[0].body
            for statement in body:
                names = _called(statement)
                raises_denial = any(isinstance(n, ast.Raise) and "PermissionDenied" in ast.dump(n)
                                    for n in ast.walk(statement))
                if names & CHECKS or raises_denial:
                    break
                assert not names & WRITES, f"{module.__name__}.{name} writes before checking permission"
            else:
                raise AssertionError(f"{module.__name__}.{name} never checks its actor's permission")
            checked.append(name)
    assert {"do_register_household_member", "do_add_note", "do_grant_identity_access", "do_publish",
            "do_set_membership"} <= set(checked)


ROLES = ("counsellor", "manager", "staff", "admin", "auditor", "other_counsellor", "other_manager", "anonymous")
# Who may post each section of the case page (in the case's own unit).
MAY_POST = {name: {"counsellor"} for name in SECTIONS}
MAY_POST.update(referral={"counsellor"},  # the manager's override needs a reason and no consent: tested apart
                reopen={"counsellor", "manager"}, identity_access={"manager"}, legal_hold={"manager"},
                lift_legal_hold={"manager"})
AFTER_DEPARTURE = {"payment", "payment_received", "repayment", "follow_up"}


def _section_post(name, world, ids):
    """A valid post for each section, and the item it concerns."""
    sara = world.users["counsellor"]
    today = timezone.localdate()  # the day the actions compare dates with
    data = {
        "details": {"assigned_counsellor": sara.pk, "programme": "return_grant", "destination_country": "SO"},
        "member": {"first_name": "Lina", "relation": "child", "lives_with_main_person": "true",
                   "birth_date": "2016-02-03"},
        "note": {"held_on": today, "form": "meeting", "language": "arabiska", "text": "Talked about the grants"},
        "decision_basis": {"information_given": "Grants and the right to change one's mind", "language": "arabiska",
                           "knows_can_change_mind": "on", "recorded_on": today},
        "consent": {"person": world.main.pk, "recipient": "social_services", "scope": "Housing",
                    "given_on": today, "method": "oral"},
        "withdraw_consent": {"withdrawn_on": today},
        "referral": {"recipient": "migration_agency", "purpose": "Passport help", "sent_on": today},
        "referral_state": {"state": "accepted"},
        "task": {"kind": "tickets", "title": "Book tickets", "due_on": today + dt.timedelta(days=3),
                 "owner": sara.pk},
        "task_done": {},
        "document": {"description": "Passport copy", "file": SimpleUploadedFile("pass.pdf", PDF)},
        "payment": {"instalment": 2, "amount_sek": 20000, "decided_on": today},
        "payment_received": {"received_on": today},
        "repayment": {"flagged": "on", "note": "Seen in Sweden again"},
        "plan_step": {"status": "in_progress", "partner": "IOM Erbil", "notes": "Housing found"},
        "follow_up": {"done_on": today, "form": "phone", "outcome": "Settled"},
        "reopen": {"reason": "Closed by mistake"},
        "identity_access": {"person": ids.get("protected"), "user": ids.get("sam"), "reason": "Cover during leave"},
        "legal_hold": {"reason": "A request for the documents"},
        "lift_legal_hold": {"reason": "The documents were handed out"},
    }[name]
    item = {"withdraw_consent": "consent", "referral_state": "referral", "task_done": "task",
            "payment_received": "payment", "plan_step": "plan_step", "follow_up": "follow_up",
            "lift_legal_hold": "hold"}.get(name)
    return data, ids[item] if item else None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_case_page_write_matrix(world, login, client, name, role):
    """Every section of the case page, posted by every role: who may not is refused before any validation, and
    nothing — no row, no audit event — is written; who may, saves."""
    ids = {**world.ids(), "plan_step": world.case.plan_steps.first().pk}
    if name in AFTER_DEPARTURE:
        ids.update(depart(world))
    if name == "reopen":
        case_actions.do_transition(actor=world.users["counsellor"], case=world.case, target="withdrawn")
    if name == "identity_access":
        person = people_actions.do_create_person(actor=world.users["counsellor"], unit=world.unit,
                                                 first_name="Zainab", protected_identity=True)
        people_actions.do_add_household_member(actor=world.users["counsellor"], household=world.household,
                                               person=person, relation="spouse", lives_with_main_person=True)
        ids.update(protected=person.pk, sam=world.users["second_counsellor"].pk)
    if name == "lift_legal_hold":
        ids["hold"] = case_actions.do_place_legal_hold(actor=world.users["manager"], case=world.case,
                                                       reason="A complaint to JO").pk
    data, item = _section_post(name, world, ids)
    url = f"/cases/{world.case.pk}/{name}/" + (f"{item}/" if item else "")
    if role != "anonymous":
        login(world.users[role])
    before = everything()
    response = client.post(url, data, headers=HTTPS_HEADERS)
    if role in MAY_POST[name]:
        assert response.status_code == 302 and "/login/" not in response["Location"], response.content[:500]
        assert everything()["AuditEvent"] > before["AuditEvent"]
    else:
        # Anonymous: to the login page; another unit's staff: the case is not found; a role here: forbidden.
        expected = {"anonymous": 302, "other_counsellor": 404, "other_manager": 404}.get(role, 403)
        assert response.status_code == expected
        if expected == 302:
            assert response["Location"].startswith("/login/")
        assert everything() == before


def test_the_write_matrix_covers_every_section():
    assert set(MAY_POST) == set(SECTIONS)


# --- 3. every response that shows named persons is access-logged -------------------------------------------


def test_a_person_list_through_the_api_is_access_logged(world):
    manager = world.users["manager"]
    response = Api(manager).get("/persons", limit=200)
    shown = {str(item["id"]) for item in response.json()["items"]}
    assert len(shown) >= 3
    logged = set(AccessLog.objects.filter(actor=manager, purpose=AccessPurpose.LIST).values_list("person_id",
                                                                                                 flat=True))
    assert logged == shown


def test_the_case_list_through_the_api_and_the_page_is_access_logged(world, login, client):
    manager = world.users["manager"]
    Api(manager).get("/cases")
    assert AccessLog.objects.filter(actor=manager, purpose=AccessPurpose.LIST,
                                    person_id=str(world.main.pk)).count() == 1
    login(manager)
    client.get("/cases/", {"q": "Amira"}, headers=HTTPS_HEADERS)
    assert AccessLog.objects.filter(actor=manager, purpose=AccessPurpose.SEARCH,
                                    person_id=str(world.main.pk)).count() == 1


# --- 4. facts of any shape are refused when saved; a damaged stored document still renders -----------------


@pytest.mark.parametrize(("facts", "path"), [
    ({"members": [{"id": "p{main}", "permit": "x"}]}, "facts.members[0].permit"),
    ({"members": 5}, "facts.members"),
    ({"members": [{"id": "p999999"}]}, "facts.members[0].id"),
    ({"members": [{"id": "p{main}", "permit": {"granted_on": "soon"}}]}, "facts.members[0].permit.granted_on"),
    ([1, 2], "facts"),
])
def test_facts_of_the_wrong_shape_are_refused_with_their_path(world, facts, path):
    import json
    facts = json.loads(json.dumps(facts).replace("{main}", str(world.main.pk)))
    api = Api(world.users["counsellor"])
    before = everything()
    response = api.put(f"/cases/{world.case.pk}/facts", {"facts": facts})
    assert response.status_code == 422
    assert any(error["field"].startswith(path) for error in response.json()["errors"]), response.json()
    assert everything() == before
    world.case.refresh_from_db()
    assert world.case.facts == {}


def test_a_stored_document_that_no_longer_validates_still_renders(world, login):
    Case.objects.filter(pk=world.case.pk).update(facts={"members": [
        {"id": f"p{world.main.pk}", "permit": "x", "swedish_citizen": [1]}], "application_date": {"a": 1}})
    for role in ("counsellor", "manager"):
        response = login(world.users[role]).get(f"/cases/{world.case.pk}/", headers=HTTPS_HEADERS)
        assert response.status_code == 200
    assert Api(world.users["counsellor"]).get(f"/cases/{world.case.pk}/facts").status_code == 200


# --- 8. a closed case is read-only, except through an audited reopening with a reason ---------------------


def test_a_closed_case_takes_no_writes(world, login):
    sara = world.users["counsellor"]
    case_actions.do_transition(actor=sara, case=world.case, target="withdrawn")
    api, client = Api(sara), login(sara)
    before = everything()
    assert api.post(f"/cases/{world.case.pk}/eligibility", {}).status_code == 422
    assert api.post(f"/cases/{world.case.pk}/notes", {"held_on": str(timezone.localdate()), "form": "meeting",
                                                      "text": "x"}).status_code == 422
    assert api.post(f"/cases/{world.case.pk}/tasks/{world.task.pk}/complete").status_code == 422
    page = client.post(f"/cases/{world.case.pk}/member/", {"first_name": "Lina", "relation": "child"},
                       headers=HTTPS_HEADERS)
    assert page.status_code == 422
    assert everything() == before


def test_reopening_needs_a_reason_is_audited_and_returns_to_the_stage_it_left(world):
    sara = world.users["counsellor"]
    case_actions.do_transition(actor=sara, case=world.case, target="counselling")
    case_actions.do_transition(actor=sara, case=world.case, target="closed_without_application")
    with pytest.raises(ValidationError):
        case_actions.do_reopen_case(actor=sara, case=world.case, reason="  ")
    case = case_actions.do_reopen_case(actor=sara, case=world.case, reason="Closed by mistake")
    assert (case.stage, case.closed_at) == ("counselling", None)
    event = AuditEvent.objects.filter(verb="case.reopened").get()
    assert event.changes["reason"]["after"] == "Closed by mistake"
    case_actions.do_add_note(actor=sara, case=case, held_on=timezone.localdate(), form="meeting",
                             interpreter_used=False, language="", text="After reopening")


# --- 9. one validation source for page and API; nothing cut silently ---------------------------------------


def test_the_api_holds_the_models_limits(world):
    api = Api(world.users["counsellor"])
    before = everything()
    country = api.patch(f"/cases/{world.case.pk}", {"destination_country": "ZZ"})
    assert country.status_code == 422 and country.json()["errors"][0]["field"] == "destination_country"
    born = api.post("/persons", {"first_name": "Future", "birth_date": "2999-01-01"})
    assert born.status_code == 422 and born.json()["errors"][0]["field"] == "birth_date"
    note = api.post(f"/cases/{world.case.pk}/notes", {"held_on": str(timezone.localdate()), "form": "meeting",
                                                      "text": "x" * 10_001})
    assert note.status_code == 422 and note.json()["errors"][0]["field"] == "text"
    assert everything() == before


def test_an_inquiry_that_is_too_long_is_refused_not_cut(world):
    before = everything()
    with pytest.raises(ValidationError) as refused:
        case_actions.do_create_inquiry(actor=None, unit=world.unit, channel="contact_request", name="Ali",
                                       contact="0" * 301, language="arabiska", interpreter_needed=False,
                                       message="", consent_text="Yes")
    assert "contact" in refused.value.message_dict
    assert everything() == before
