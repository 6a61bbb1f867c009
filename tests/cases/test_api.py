"""Cases API: the permission matrix of every route, protected identities, the access log, consent gating and
the manager's override, illegal transitions, document checks, and a family case from inquiry to departed
worked entirely through the API with a token."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from hemvag.cases import actions as case_actions
from hemvag.cases.documents import MAX_BYTES
from hemvag.cases.models import (
    Case,
    Consent,
    CounsellingNote,
    DecisionRecord,
    Document,
    EligibilitySnapshot,
    FollowUp,
    LegalHold,
    Payment,
    Referral,
    Task,
    TimelineEntry,
)
from hemvag.core.models import AccessLog, AccessPurpose, AuditEvent, Role
from hemvag.core.permissions import SYSTEM
from hemvag.people import actions as people_actions
from hemvag.people.models import Person
from tests.people.api_support import ACTORS, FAST_HASHERS, PDF, PNG, Api, build_world, pnr
from tests.people.test_api import ROUTES as PEOPLE_ROUTES

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def fast_passwords_and_private_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world(make_user, unit, other_unit):
    return build_world(make_user, unit, other_unit)


def api_as(world, actor):
    return Api(world.users[actor])


UPLOAD = "upload"  # the body of a multipart route: a PDF named scan.pdf (Api.upload)

# (method, path, body, kind). Kinds: "read" – counsellor and manager of the unit; "list" – the same, and
# another unit's counsellor gets an empty list; "work" – the unit's counsellor only; "refer" – like work,
# the manager's override is tested separately below. Another unit's users get 404: the case does not exist
# for them.
ROUTES = [
    ("get", "/cases", None, "list"),
    ("get", "/cases/{case}", None, "read"),
    ("post", "/cases", {"household_id": "{household}", "destination_country": "IQ"}, "work"),
    ("patch", "/cases/{case}", {"programme": "return_grant"}, "work"),
    ("post", "/cases/{case}/transitions", {"to": "counselling"}, "work"),
    ("get", "/cases/{case}/notes", None, "read"),
    ("post", "/cases/{case}/notes", {"held_on": str(TODAY), "form": "meeting", "text": "First meeting"}, "work"),
    ("get", "/cases/{case}/decision-records", None, "read"),
    ("post", "/cases/{case}/decision-records",
     {"information_given": "Grants, timing, the right to change one's mind", "language": "arabic",
      "knows_can_change_mind": True, "recorded_on": str(TODAY)}, "work"),
    ("get", "/cases/{case}/consents", None, "read"),
    ("post", "/cases/{case}/consents",
     {"person_id": "{main}", "recipient": "social_services", "scope": "Housing", "given_on": str(TODAY),
      "method": "oral"}, "work"),
    ("post", "/cases/{case}/consents/{consent}/withdraw", {}, "work"),
    ("get", "/cases/{case}/referrals", None, "read"),
    ("post", "/cases/{case}/referrals",
     {"recipient": "migration_agency", "purpose": "Passport help", "sent_on": str(TODAY)}, "refer"),
    ("post", "/cases/{case}/referrals/{referral}/state", {"state": "accepted"}, "work"),
    ("get", "/cases/{case}/tasks", None, "read"),
    ("post", "/cases/{case}/tasks", {"kind": "tickets", "title": "Book tickets", "due_on": str(TODAY)}, "work"),
    ("post", "/cases/{case}/tasks/{task}/complete", None, "work"),
    ("get", "/cases/{case}/documents", None, "read"),
    ("post", "/cases/{case}/documents", UPLOAD, "work"),
    ("get", "/cases/{case}/documents/{document}/file", None, "read"),
    ("get", "/cases/{case}/facts", None, "read"),
    ("put", "/cases/{case}/facts", {"facts": {"destination_country": "IQ"}}, "work"),
    ("get", "/cases/{case}/eligibility", None, "read"),
    ("post", "/cases/{case}/eligibility", {}, "work"),
    ("get", "/cases/{case}/payments", None, "read"),
    ("post", "/cases/{case}/payments", {"instalment": 2, "amount_sek": 20000, "decided_on": str(TODAY)}, "work"),
    ("post", "/cases/{case}/payments/{payment}/received", {"received_on": str(TODAY)}, "work"),
    ("post", "/cases/{case}/repayment-flag", {"flagged": True, "note": "Seen in Sweden again"}, "work"),
    ("get", "/cases/{case}/plan", None, "read"),
    ("put", "/cases/{case}/plan/{plan_step}", {"status": "in_progress", "partner": "IOM Erbil"}, "work"),
    ("get", "/cases/{case}/follow-ups", None, "read"),
    ("post", "/cases/{case}/follow-ups/{follow_up}", {"done_on": str(TODAY), "form": "phone",
                                                      "outcome": "Settled, working"}, "work"),
    ("get", "/cases/{case}/legal-holds", None, "read"),
    ("post", "/cases/{case}/legal-holds", {"reason": "Begäran om allmän handling 2026-11-30"}, "rights"),
    ("post", "/cases/{case}/legal-holds/{hold}/lift", {"reason": "Ärendet avslutat"}, "rights"),
    ("get", "/persons/{main}/register-extract", None, "rights"),
    ("post", "/persons/{main}/erasure", {"reason": "Brev 2026-11-30"}, "rights"),
    ("post", "/inquiries", {"unit_id": "{unit}", "name": "Ali Referred", "contact": "070-111 22 33",
                            "consent_text": "Agreed orally to be contacted"}, "refer_resident"),
    ("get", "/inquiries", None, "referral_status"),
]
SUCCESS = {"get": 200, "patch": 200, "put": 200, "post": 201}
NOT_CREATED = {"/cases/{case}/transitions", "/cases/{case}/consents/{consent}/withdraw",
               "/cases/{case}/referrals/{referral}/state", "/cases/{case}/tasks/{task}/complete",
               "/cases/{case}/payments/{payment}/received", "/cases/{case}/repayment-flag",
               "/cases/{case}/follow-ups/{follow_up}", "/cases/{case}/legal-holds/{hold}/lift"}
# Routes that need a case which was granted and has departed (with a payment and follow-ups).
NEEDS_DEPARTURE = {"/cases/{case}/payments", "/cases/{case}/payments/{payment}/received",
                   "/cases/{case}/repayment-flag", "/cases/{case}/follow-ups", "/cases/{case}/follow-ups/{follow_up}"}


def depart(world):
    """Take the world's case to departed with a granted decision and a first instalment."""
    sara = world.users["counsellor"]
    for target, data in [("counselling", {}), ("preparing_application", {}),
                         ("submitted", {"submitted_on": TODAY, "migration_agency_case_number": "MV-1"}),
                         ("decided", {"decision": "granted", "decided_on": TODAY, "decided_amount_sek": 40000}),
                         ("departure_planned", {"planned_departure_on": TODAY}),
                         ("departed", {"departed_on": TODAY})]:
        case_actions.do_transition(actor=sara, case=world.case, target=target, **data)
    payment = case_actions.do_record_payment(actor=sara, case=world.case, instalment=1, amount_sek=20000,
                                             decided_on=TODAY)
    return {"payment": payment.pk, "follow_up": FollowUp.objects.filter(case=world.case).first().pk}


def expected_status(method, path, kind, actor):
    if actor == "anonymous":
        return 401
    if kind in ("refer_resident", "referral_status"):  # city staff and counsellors, any unit
        return SUCCESS[method] if actor in ("staff", "counsellor", "other_counsellor") else 403
    if actor in ("staff", "admin", "auditor"):
        return 403
    if kind == "rights":  # the unit's manager only (another's finds nothing of ours)
        if actor != "manager":
            return 404 if actor == "other_manager" else 403
        if path.endswith("/erasure"):
            return 422  # refused, with the reason: the person's case is open
        return 204 if method == "delete" else (200 if method == "get" or path in NOT_CREATED else 201)
    if actor == "other_counsellor":
        return 200 if kind == "list" else 404
    if actor == "other_manager":  # may read cases, but none of ours; may work none
        return {"list": 200, "read": 404, "refer": 404}.get(kind, 403)
    if actor == "manager" and kind not in ("read", "list"):
        return 403
    if method == "post" and path in NOT_CREATED:
        return 200
    return SUCCESS[method]


def fill(value, ids):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    return value


def counts():
    return {model.__name__: model.objects.count() for model in (
        Case, CounsellingNote, DecisionRecord, Consent, Referral, Task, Document, EligibilitySnapshot,
        TimelineEntry, Payment, LegalHold)}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "path", "body", "kind"), ROUTES, ids=[f"{m} {p}" for m, p, _b, _k in ROUTES])
def test_permission_matrix(world, actor, method, path, body, kind):
    ids = {**world.ids(), "unit": world.unit.pk, "plan_step": world.case.plan_steps.first().pk,
           "payment": 0, "follow_up": 0}
    if path in NEEDS_DEPARTURE:
        ids.update(depart(world))
    if "{hold}" in path:
        ids["hold"] = case_actions.do_place_legal_hold(actor=world.users["manager"], case=world.case,
                                                       reason="JO-anmälan").pk
    before = counts()
    api = api_as(world, actor)
    if body == UPLOAD:
        response = api.upload(path.format(**ids), "scan.pdf", PDF)
    else:
        response = api.request(method, path.format(**ids), fill(body, ids))
    assert response.status_code == expected_status(method, path, kind, actor), response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"detail", "errors"}  # the one error shape, never a traceback
        if response.status_code != 422:
            assert counts() == before  # a refusal changes nothing
    if kind == "list" and actor in ("other_counsellor", "other_manager"):
        assert response.json()["count"] == 0 and world.case.reference.encode() not in response.content


# How the matrices name the objects in a path, and how the OpenAPI schema does.
PATH_PARAMETERS = {"case": "case_id", "consent": "consent_id", "referral": "referral_id", "task": "task_id",
                   "document": "document_id", "payment": "payment_id", "plan_step": "step_id",
                   "follow_up": "follow_up_id", "main": "person_id", "child": "person_id", "protected": "person_id",
                   "household": "household_id", "grant": "grant_id", "hold": "hold_id"}


def documented_path(path):
    return "/api/v1" + re.sub(r"{(\w+)}", lambda match: "{" + PATH_PARAMETERS[match[1]] + "}", path)


def test_every_route_is_documented_with_its_error_responses(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    documented = {(method, path) for path, operations in schema["paths"].items() for method, operation in
                  operations.items() if {"cases", "people"} & set(operation.get("tags", []))}
    matrix = {(method, documented_path(path)) for method, path, _body, _kind in ROUTES + PEOPLE_ROUTES}
    # Both ways: each route of the matrices is in the schema, and each route of the two routers is in a matrix.
    assert matrix - documented == set()
    assert documented - matrix == set(), "add the route to ROUTES here or in tests/people/test_api.py"
    for method, openapi_path in matrix:
        responses = schema["paths"][openapi_path][method]["responses"]
        assert {"401", "403", "404"} <= set(responses), (method, openapi_path)
        errors = {code: answer["content"]["application/json"]["schema"]["$ref"] for code, answer in responses.items()
                  if code >= "400"}
        assert set(errors.values()) == {"#/components/schemas/ErrorOut"}, (method, openapi_path)
    download = schema["paths"]["/api/v1/cases/{case_id}/documents/{document_id}/file"]["get"]["responses"]
    assert "application/pdf" in download["200"]["content"]
    upload = schema["paths"]["/api/v1/cases/{case_id}/documents"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
    transition = schema["paths"]["/api/v1/cases/{case_id}/transitions"]["post"]["responses"]
    assert {"409", "422"} <= set(transition)


def test_session_auth_works_for_reading(world, login):
    client = login(world.users["manager"])
    assert client.get(f"/api/v1/cases/{world.case.pk}").json()["reference"] == world.case.reference


# --- the list and the case ------------------------------------------------------------------------------


def test_case_list_filters_and_pages(world, make_user):
    sara = world.users["counsellor"]
    api = api_as(world, "counsellor")
    second = case_actions.do_open_case(actor=sara, unit=world.unit, household=world.household,
                                       destination_country="BA", programme="return_grant")
    case_actions.do_transition(actor=sara, case=second, target="counselling")
    assert api.get("/cases").json()["count"] == 2
    assert [c["id"] for c in api.get("/cases", stage="counselling").json()["items"]] == [second.pk]
    assert [c["id"] for c in api.get("/cases", country="ba").json()["items"]] == [second.pk]
    assert [c["id"] for c in api.get("/cases", programme="undecided").json()["items"]] == [world.case.pk]
    assert [c["id"] for c in api.get("/cases", q=world.case.reference).json()["items"]] == [world.case.pk]
    assert api.get("/cases", q="811228-9874").json()["count"] == 2  # both cases are Amira's household's
    assert api.get("/cases", counsellor=sara.pk).json()["count"] == 2
    assert api.get("/cases", counsellor=world.users["manager"].pk).json()["count"] == 0
    Task.objects.filter(pk=world.task.pk).update(due_on=TODAY - dt.timedelta(days=1))
    assert [c["id"] for c in api.get("/cases", overdue="true").json()["items"]] == [world.case.pk]
    page = api.get("/cases", limit=1, offset=1).json()
    assert (page["count"], page["limit"], page["offset"], len(page["items"])) == (2, 1, 1, 1)
    assert page["items"][0]["id"] == world.case.pk  # newest first
    assert page["items"][0]["main_person"]["name"] == "Amira Haddad"
    assert page["items"][0]["member_count"] == 2
    assert api.get("/cases", stage="flying").status_code == 422
    assert api.get("/cases", limit=1000).status_code == 422


def test_case_detail_lists_the_next_steps_and_the_timeline(world):
    body = api_as(world, "manager").get(f"/cases/{world.case.pk}").json()
    assert body["stage"] == "inquiry"
    assert {step["to"] for step in body["next_steps"]} == {"counselling", "withdrawn", "closed_without_application"}
    assert [m["person"]["name"] for m in body["members"]] == ["Amira Haddad", "Yusuf Haddad"]
    assert "case.opened" in [entry["kind"] for entry in body["timeline"]]


def test_case_detail_writes_one_access_log_row_per_person(world):
    manager = world.users["manager"]
    assert api_as(world, "manager").get(f"/cases/{world.case.pk}").status_code == 200
    rows = AccessLog.objects.filter(actor=manager, object_type="case", object_id=str(world.case.pk))
    assert sorted(rows.values_list("person_id", "purpose")) == sorted(
        [(str(world.main.pk), AccessPurpose.VIEW), (str(world.child.pk), AccessPurpose.VIEW)])
    api_as(world, "other_counsellor").get(f"/cases/{world.case.pk}")
    assert not AccessLog.objects.filter(actor=world.users["other_counsellor"]).exists()


def test_document_download_streams_the_file_and_is_access_logged(world):
    counsellor = world.users["counsellor"]
    response = api_as(world, "counsellor").get(f"/cases/{world.case.pk}/documents/{world.document.pk}/file")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "pass.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    rows = AccessLog.objects.filter(actor=counsellor, purpose=AccessPurpose.DOWNLOAD)
    assert rows.count() == 2 and set(rows.values_list("reason", flat=True)) == {f"document {world.document.pk}"}


def test_a_document_is_reached_only_through_its_own_case(world):
    sara = world.users["counsellor"]
    other = case_actions.do_open_case(actor=sara, unit=world.unit, household=world.household)
    response = api_as(world, "counsellor").get(f"/cases/{other.pk}/documents/{world.document.pk}/file")
    assert response.status_code == 404


def test_update_case_checks_the_counsellor(world, make_user):
    sam = make_user("sam", Role.COUNSELLOR, world.unit)
    api = api_as(world, "counsellor")
    response = api.patch(f"/cases/{world.case.pk}", {"assigned_counsellor_id": world.users["manager"].pk})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "assigned_counsellor_id"
    other = api.patch(f"/cases/{world.case.pk}", {"assigned_counsellor_id": world.users["other_counsellor"].pk})
    assert other.status_code == 422
    moved = api.patch(f"/cases/{world.case.pk}", {"assigned_counsellor_id": sam.pk, "destination_country": "so"})
    assert moved.status_code == 200
    assert (moved.json()["assigned_counsellor"]["id"], moved.json()["destination_country"]) == (sam.pk, "SO")


# --- transitions -----------------------------------------------------------------------------------------


def assert_unchanged(case, before_counts, before_events):
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.stage == case.stage
    assert counts() == before_counts
    assert AuditEvent.objects.count() == before_events


@pytest.mark.parametrize("target", ["submitted", "decided", "departed", "closed", "follow_up", "inquiry"])
def test_illegal_transition_is_409_with_the_possible_steps_and_saves_nothing(world, target):
    api = api_as(world, "counsellor")  # creating the token is audited: before counting
    before, events = counts(), AuditEvent.objects.count()
    response = api.post(f"/cases/{world.case.pk}/transitions",
                        {"to": target, "submitted_on": str(TODAY), "decision": "granted",
                         "decided_on": str(TODAY), "departed_on": str(TODAY)})
    assert response.status_code == 409
    assert "Possible next steps" in response.json()["detail"]
    assert_unchanged(world.case, before, events)
    assert Case.objects.get(pk=world.case.pk).decision == ""


def test_messages_are_swedish_by_default(world):
    response = Api(world.users["counsellor"], language="sv").post(f"/cases/{world.case.pk}/transitions",
                                                                  {"to": "departed"})
    assert response.status_code == 409 and "Möjliga nästa steg" in response.json()["detail"]


def test_a_step_without_its_required_fields_is_422_and_saves_nothing(world):
    sara = world.users["counsellor"]
    case_actions.do_transition(actor=sara, case=world.case, target="counselling")
    case_actions.do_transition(actor=sara, case=world.case, target="preparing_application")
    case = Case.objects.get(pk=world.case.pk)
    api = api_as(world, "counsellor")
    before, events = counts(), AuditEvent.objects.count()
    response = api.post(f"/cases/{case.pk}/transitions",
                                                {"to": "submitted", "submitted_on": str(TODAY)})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["migration_agency_case_number"]
    assert_unchanged(case, before, events)
    assert Case.objects.get(pk=case.pk).submitted_on is None


def test_departure_after_a_refusal_is_409(world):
    sara = world.users["counsellor"]
    for target, data in [("counselling", {}), ("preparing_application", {}),
                         ("submitted", {"submitted_on": TODAY, "migration_agency_case_number": "MV-1"}),
                         ("decided", {"decision": "refused", "decided_on": TODAY})]:
        case_actions.do_transition(actor=sara, case=world.case, target=target, **data)
    response = api_as(world, "counsellor").post(f"/cases/{world.case.pk}/transitions",
                                                {"to": "departure_planned", "planned_departure_on": str(TODAY)})
    assert response.status_code == 409 and "granted" in response.json()["detail"]
    assert Case.objects.get(pk=world.case.pk).stage == "decided"


def test_fields_a_step_does_not_record_are_refused(world):
    api = api_as(world, "counsellor")
    before, events = counts(), AuditEvent.objects.count()
    response = api.post(f"/cases/{world.case.pk}/transitions",
                        {"to": "counselling", "departed_on": str(TODAY), "decision": "granted"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["decision", "departed_on"]
    assert_unchanged(world.case, before, events)
    fresh = Case.objects.get(pk=world.case.pk)
    assert (fresh.departed_on, fresh.decision) == (None, "")


def test_an_unknown_stage_or_decision_is_422(world):
    api = api_as(world, "counsellor")
    assert api.post(f"/cases/{world.case.pk}/transitions", {"to": "flying"}).status_code == 422
    bad = api.post(f"/cases/{world.case.pk}/transitions", {"to": "counselling", "decision": "maybe"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "decision"
    assert Case.objects.get(pk=world.case.pk).stage == "inquiry"


def test_withdrawal_is_always_possible_and_then_the_case_is_closed_for_work(world):
    api = api_as(world, "counsellor")
    response = api.post(f"/cases/{world.case.pk}/transitions", {"to": "withdrawn", "note": "Changed their mind"})
    assert response.status_code == 200
    assert response.json()["stage"] == "withdrawn" and response.json()["next_steps"] == []
    assert api.post(f"/cases/{world.case.pk}/transitions", {"to": "counselling"}).status_code == 409
    note = api.post(f"/cases/{world.case.pk}/notes", {"held_on": str(TODAY), "form": "phone", "text": "x"})
    assert note.status_code == 422 and "closed" in note.json()["errors"][0]["message"]


# --- consent gating ----------------------------------------------------------------------------------------


def test_referral_without_consent_is_refused_for_the_counsellor(world):
    before = Referral.objects.count()
    response = api_as(world, "counsellor").post(
        f"/cases/{world.case.pk}/referrals",
        {"recipient": "social_services", "purpose": "Housing", "sent_on": str(TODAY),
         "override_reason": "I am sure they agree"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "recipient"
    assert "consent" in response.json()["errors"][0]["message"]
    assert Referral.objects.count() == before


def test_a_withdrawn_consent_no_longer_covers_a_referral(world):
    api = api_as(world, "counsellor")
    withdrawn = api.post(f"/cases/{world.case.pk}/consents/{world.consent.pk}/withdraw",
                         {"withdrawn_on": str(TODAY)})
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] == str(TODAY)
    response = api.post(f"/cases/{world.case.pk}/referrals",
                        {"recipient": "migration_agency", "purpose": "Again", "sent_on": str(TODAY)})
    assert response.status_code == 422


def test_a_consent_for_a_named_partner_covers_only_that_partner(world):
    api = api_as(world, "counsellor")
    consent = api.post(f"/cases/{world.case.pk}/consents",
                       {"person_id": world.main.pk, "recipient": "partner_organisation",
                        "recipient_name": "Röda Korset", "scope": "Travel help", "given_on": str(TODAY),
                        "method": "written", "document_id": world.document.pk})
    assert consent.status_code == 201 and consent.json()["document_id"] == world.document.pk
    other = api.post(f"/cases/{world.case.pk}/referrals",
                     {"recipient": "partner_organisation", "recipient_name": "Another org", "purpose": "x",
                      "sent_on": str(TODAY)})
    assert other.status_code == 422
    same = api.post(f"/cases/{world.case.pk}/referrals",
                    {"recipient": "partner_organisation", "recipient_name": "röda korset", "purpose": "x",
                     "sent_on": str(TODAY)})
    assert same.status_code == 201 and same.json()["consent_id"] == consent.json()["id"]


def test_consent_needs_a_household_member_and_a_name_for_a_partner(world):
    stranger = people_actions.do_create_person(actor=SYSTEM, unit=world.unit, first_name="Eva")
    api = api_as(world, "counsellor")
    body = {"person_id": stranger.pk, "recipient": "social_services", "scope": "x", "given_on": str(TODAY),
            "method": "oral"}
    assert api.post(f"/cases/{world.case.pk}/consents", body).json()["errors"][0]["field"] == "person_id"
    unnamed = api.post(f"/cases/{world.case.pk}/consents",
                       {**body, "person_id": world.main.pk, "recipient": "other_municipality"})
    assert unnamed.status_code == 422 and unnamed.json()["errors"][0]["field"] == "recipient_name"


def test_manager_override_needs_a_reason_and_is_audited(world):
    manager = world.users["manager"]
    api = api_as(world, "manager")
    body = {"recipient": "social_services", "purpose": "Urgent housing", "sent_on": str(TODAY)}
    no_reason = api.post(f"/cases/{world.case.pk}/referrals", body)
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "override_reason"
    assert not Referral.objects.filter(recipient="social_services").exists()
    reason = "The family is without housing tonight; consent will be asked tomorrow."
    response = api.post(f"/cases/{world.case.pk}/referrals", {**body, "override_reason": reason})
    assert response.status_code == 201
    out = response.json()
    assert out["override_reason"] == reason and out["overridden_by"]["id"] == manager.pk
    assert out["consent_id"] is None
    event = AuditEvent.objects.get(verb="case.referral_sent_without_consent")
    assert event.actor == manager and event.changes["override_reason"]["after"] == reason
    assert api_as(world, "counsellor").get(f"/cases/{world.case.pk}/referrals").json()[0]["override_reason"] == reason


def test_other_units_manager_cannot_override(world):
    response = api_as(world, "other_manager").post(f"/cases/{world.case.pk}/referrals",
                                   {"recipient": "social_services", "purpose": "x", "sent_on": str(TODAY),
                                    "override_reason": "because"})
    assert response.status_code == 404
    assert not Referral.objects.filter(recipient="social_services").exists()


def test_referral_states_follow_their_table(world):
    api = api_as(world, "counsellor")
    url = f"/cases/{world.case.pk}/referrals/{world.referral.pk}/state"
    assert api.post(url, {"state": "done"}).status_code == 422
    assert api.post(url, {"state": "accepted"}).json()["state"] == "accepted"
    assert api.post(url, {"state": "declined"}).status_code == 422
    assert api.post(url, {"state": "done"}).json()["state"] == "done"
    assert Referral.objects.get(pk=world.referral.pk).state == "done"


# --- notes, decision records, tasks ----------------------------------------------------------------------


def test_the_informed_decision_must_include_knowing_one_can_change_ones_mind(world):
    api = api_as(world, "counsellor")
    response = api.post(f"/cases/{world.case.pk}/decision-records",
                        {"information_given": "All of it", "language": "arabic", "knows_can_change_mind": False,
                         "recorded_on": str(TODAY)})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "knows_can_change_mind"
    assert not DecisionRecord.objects.exists()


def test_a_task_due_in_the_past_is_refused(world):
    api = api_as(world, "counsellor")
    before = Task.objects.count()
    response = api.post(f"/cases/{world.case.pk}/tasks",
                        {"kind": "visa", "title": "Visa", "due_on": str(TODAY - dt.timedelta(days=1))})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "due_on"
    wrong_owner = api.post(f"/cases/{world.case.pk}/tasks", {"kind": "visa", "title": "Visa", "due_on": str(TODAY),
                                                              "owner_id": world.users["manager"].pk})
    assert wrong_owner.status_code == 422 and wrong_owner.json()["errors"][0]["field"] == "owner_id"
    assert Task.objects.count() == before


def test_lists_inside_a_case_have_one_order_on_every_database(world):
    """Open tasks first, by due date (SQLite and PostgreSQL sort empty dates differently unless told)."""
    sara = world.users["counsellor"]
    done = case_actions.do_add_task(actor=sara, case=world.case, kind="visa", title="Visa", due_on=TODAY, owner=sara)
    case_actions.do_complete_task(actor=sara, task=done)
    later = case_actions.do_add_task(actor=sara, case=world.case, kind="tickets", title="Tickets",
                                     due_on=TODAY + dt.timedelta(days=30), owner=sara)
    tasks = api_as(world, "counsellor").get(f"/cases/{world.case.pk}/tasks").json()
    assert [t["id"] for t in tasks] == [world.task.pk, later.pk, done.pk]
    plan = api_as(world, "counsellor").get(f"/cases/{world.case.pk}/plan").json()
    assert [s["step"] for s in plan] == ["documents", "housing", "training", "employment", "other_needs",
                                         "trial_period", "deregistration", "follow_up"]


def test_items_of_another_case_are_not_found(world):
    sara = world.users["counsellor"]
    other = case_actions.do_open_case(actor=sara, unit=world.unit, household=world.household)
    api = api_as(world, "counsellor")
    assert api.post(f"/cases/{other.pk}/tasks/{world.task.pk}/complete").status_code == 404
    assert api.post(f"/cases/{other.pk}/consents/{world.consent.pk}/withdraw", {}).status_code == 404
    assert api.post(f"/cases/{other.pk}/referrals/{world.referral.pk}/state", {"state": "accepted"}).status_code \
        == 404
    assert Task.objects.get(pk=world.task.pk).done_on is None


# --- documents -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "message"), [
    ("letter.pdf", b"Just some text, not a PDF", "Only PDF, JPEG and PNG"),
    ("program.png", b"MZ\x90\x00 an executable", "Only PDF, JPEG and PNG"),
    ("empty.pdf", b"", "empty"),
    ("huge.pdf", b"%PDF-" + b"0" * MAX_BYTES, "10 MB"),
])
def test_upload_refuses_wrong_type_empty_and_too_large(world, name, data, message):
    before = Document.objects.count()
    response = api_as(world, "counsellor").upload(f"/cases/{world.case.pk}/documents", name, data)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "file" and message in error["message"]
    assert Document.objects.count() == before


def test_upload_checks_the_type_from_the_content_not_the_name(world):
    api = api_as(world, "counsellor")
    response = api.upload(f"/cases/{world.case.pk}/documents", "scan.pdf", PNG, "Scanned permit")
    assert response.status_code == 201
    out = response.json()
    assert (out["content_type"], out["size"], out["original_name"]) == ("image/png", len(PNG), "scan.pdf")
    download = api.get(f"/cases/{world.case.pk}/documents/{out['id']}/file")
    assert download["Content-Type"] == "image/png" and b"".join(download.streaming_content) == PNG
    listed = api.get(f"/cases/{world.case.pk}/documents").json()
    assert [d["id"] for d in listed] == [out["id"], world.document.pk]


def test_exactly_ten_megabytes_is_accepted(world):
    data = b"%PDF-" + b"0" * (MAX_BYTES - 5)
    response = api_as(world, "counsellor").upload(f"/cases/{world.case.pk}/documents", "big.pdf", data)
    assert response.status_code == 201 and response.json()["size"] == MAX_BYTES


def test_upload_needs_a_short_description(world):
    api = api_as(world, "counsellor")
    for description in ("", "x" * 201):
        response = api.upload(f"/cases/{world.case.pk}/documents", "a.pdf", PDF, description)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "description"
    assert Document.objects.count() == 1


def test_upload_without_a_file_is_422(world):
    response = api_as(world, "counsellor").client.post(
        f"/api/v1/cases/{world.case.pk}/documents", {"description": "nothing"},
        headers=api_as(world, "counsellor").headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


# --- protected identity ----------------------------------------------------------------------------------


@pytest.fixture
def protected_case(world, make_user):
    sara = world.users["counsellor"]
    person = people_actions.do_create_person(
        actor=sara, unit=world.unit, first_name="Zainab", last_name="Qasemi", identity_number=pnr("850615", "123"),
        protected_identity=True, phone="070-123 45 67")
    household = people_actions.do_create_household(actor=sara, unit=world.unit, main_person=person)
    case = case_actions.do_open_case(actor=sara, unit=world.unit, household=household)
    world.users["second_counsellor"] = make_user("sam", Role.COUNSELLOR, world.unit)
    return case


SECRETS = (b"Zainab", b"Qasemi", b"850615", b"070-123", b"1985-06-15")


@pytest.mark.parametrize("reader", ["second_counsellor", "manager"])
def test_protected_identity_is_masked_in_the_case_list_and_detail(world, protected_case, reader):
    api = Api(world.users[reader])
    listing = api.get("/cases")
    item = next(c for c in listing.json()["items"] if c["id"] == protected_case.pk)
    assert item["main_person"]["masked"] is True
    detail = api.get(f"/cases/{protected_case.pk}")
    assert detail.json()["members"][0]["person"]["masked"] is True
    facts = api.get(f"/cases/{protected_case.pk}/facts")
    for response in (listing, detail, facts):
        for secret in SECRETS:
            assert secret not in response.content


@pytest.mark.parametrize("reader", ["second_counsellor", "manager"])
@pytest.mark.parametrize("query", ["Zainab", "Qasemi", "850615-1235", "198506151235"])
def test_protected_identity_is_never_found_in_case_search_by_others(world, protected_case, reader, query):
    assert Api(world.users[reader]).get("/cases", q=query).json()["count"] == 0
    assert api_as(world, "counsellor").get("/cases", q=query).json()["count"] == 1


@pytest.mark.parametrize("reader", ["second_counsellor", "manager"])
def test_protected_birth_date_is_masked_in_facts_and_snapshots(world, protected_case, reader):
    sara = world.users["counsellor"]
    case_actions.do_run_eligibility(actor=sara, case=protected_case)
    api = Api(world.users[reader])
    for path in (f"/cases/{protected_case.pk}/facts", f"/cases/{protected_case.pk}/eligibility"):
        response = api.get(path)
        assert response.status_code == 200
        for secret in SECRETS:
            assert secret not in response.content, (path, secret)
    assert api.get(f"/cases/{protected_case.pk}/facts").json()["facts"]["members"][0]["birth_date"] is None
    own = api_as(world, "counsellor")
    assert own.get(f"/cases/{protected_case.pk}/facts").json()["facts"]["members"][0]["birth_date"] == "1985-06-15"
    assert b"1985-06-15" in own.get(f"/cases/{protected_case.pk}/eligibility").content


def test_the_assigned_counsellor_sees_the_protected_person_in_the_case(world, protected_case):
    detail = api_as(world, "counsellor").get(f"/cases/{protected_case.pk}").json()
    person = detail["members"][0]["person"]
    assert (person["name"], person["masked"], person["phone"]) == ("Zainab Qasemi", False, "070-123 45 67")


# --- a family from inquiry to departed, through the API with a token --------------------------------------


def test_a_family_case_from_inquiry_to_departed_through_the_api(make_user, unit, db):
    sara = make_user("sara", Role.COUNSELLOR, unit)
    api = Api(sara)
    assert api.client.cookies.get("sessionid") is None  # the token alone, no session

    def ok(response, status=200):
        assert response.status_code == status, response.content
        return response.json()

    main = ok(api.post("/persons", {"first_name": "Amira", "last_name": "Haddad", "identity_number": "8112289874",
                                    "languages": "arabic", "interpreter_needed": True,
                                    "interpreter_language": "arabic"}), 201)
    spouse = ok(api.post("/persons", {"first_name": "Karim", "last_name": "Haddad",
                                      "identity_number": pnr("790102", "123")}), 201)
    child = ok(api.post("/persons", {"first_name": "Yusuf", "last_name": "Haddad", "birth_date": "2015-03-04"}), 201)
    household = ok(api.post("/households", {"main_person_id": main["id"]}), 201)
    ok(api.post(f"/households/{household['id']}/members",
                {"person_id": spouse["id"], "relation": "spouse", "lives_with_main_person": True}), 201)
    household = ok(api.post(f"/households/{household['id']}/members",
                            {"person_id": child["id"], "relation": "child", "lives_with_main_person": True}), 201)
    assert len(household["members"]) == 3

    case = ok(api.post("/cases", {"household_id": household["id"], "destination_country": "iq",
                                  "programme": "return_grant"}), 201)
    url = f"/cases/{case['id']}"
    assert case["reference"].startswith(f"TFA-{TODAY.year}-") and case["stage"] == "inquiry"
    assert case["assigned_counsellor"]["id"] == sara.pk and case["destination_country"] == "IQ"

    def step(to, **fields):
        return ok(api.post(f"{url}/transitions", {"to": to, **fields}))

    step("counselling")
    ok(api.post(f"{url}/notes", {"held_on": str(TODAY), "form": "meeting", "interpreter_used": True,
                                 "language": "arabic", "text": "Information about the grants"}), 201)
    ok(api.post(f"{url}/decision-records", {"information_given": "Grants, reintegration, rights",
                                            "language": "arabic", "interpreter_used": True,
                                            "knows_can_change_mind": True, "recorded_on": str(TODAY)}), 201)
    facts = ok(api.get(f"{url}/facts"))["facts"]
    assert [m["role"] for m in facts["members"]] == ["main_applicant", "spouse", "child"]
    ok(api.put(f"{url}/facts", {"facts": {"settles_permanently": True}}))
    snapshot = ok(api.post(f"{url}/eligibility", {}), 201)
    assert {r["program"] for r in snapshot["result"]["results"]} >= {"return_grant"}
    assert snapshot["facts"]["settles_permanently"] is True
    assert [s["id"] for s in ok(api.get(f"{url}/eligibility"))] == [snapshot["id"]]
    step("preparing_application")

    consent = ok(api.post(f"{url}/consents", {"person_id": main["id"], "recipient": "migration_agency",
                                              "scope": "The application for a return grant",
                                              "given_on": str(TODAY), "method": "written"}), 201)
    referral = ok(api.post(f"{url}/referrals", {"recipient": "migration_agency", "purpose": "Application",
                                                "sent_on": str(TODAY)}), 201)
    assert referral["consent_id"] == consent["id"] and referral["state"] == "sent"
    ok(api.post(f"{url}/referrals/{referral['id']}/state", {"state": "accepted"}))

    step("submitted", submitted_on=str(TODAY), migration_agency_case_number="MV-2026-123456")
    missing_amount = api.post(f"{url}/transitions", {"to": "decided", "decision": "granted",
                                                     "decided_on": str(TODAY)})
    assert missing_amount.status_code == 422
    assert missing_amount.json()["errors"][0]["field"] == "decided_amount_sek"
    step("decided", decision="granted", decided_on=str(TODAY), decided_amount_sek=40000,
         decision_reasons="All conditions met")
    task = ok(api.post(f"{url}/tasks", {"kind": "tickets", "title": "Book the flight", "due_on": str(TODAY)}), 201)
    step("departure_planned", planned_departure_on=str(TODAY + dt.timedelta(days=14)))
    assert ok(api.post(f"{url}/tasks/{task['id']}/complete"))["done_on"] == str(TODAY)
    final = step("departed", departed_on=str(TODAY))

    assert final["stage"] == "departed" and final["decided_amount_sek"] == 40000
    assert [s["to"] for s in final["next_steps"]] == ["follow_up", "withdrawn", "closed_without_application"]
    stages = [(e["from_stage"], e["to_stage"]) for e in final["timeline"] if e["kind"] == "case.stage_changed"]
    assert stages[::-1] == [("inquiry", "counselling"), ("counselling", "preparing_application"),
                            ("preparing_application", "submitted"), ("submitted", "decided"),
                            ("decided", "departure_planned"), ("departure_planned", "departed")]
    stored = Case.objects.get(pk=case["id"])
    assert stored.migration_agency_case_number == "MV-2026-123456" and stored.departed_on == TODAY
    assert FollowUp.objects.filter(case=stored).count() == 4
    assert AuditEvent.objects.filter(verb="case.stage_changed", object_id=str(stored.pk)).count() == 6
    assert AccessLog.objects.filter(actor=sara, object_type="case", object_id=str(stored.pk)).exists()

    # After departure: the instalments, the reintegration plan, the follow-up contacts, and closing.
    payment = ok(api.post(f"{url}/payments", {"instalment": 1, "amount_sek": 20000, "decided_on": str(TODAY)}),
                 201)
    assert ok(api.post(f"{url}/payments/{payment['id']}/received",
                       {"received_on": str(TODAY)}))["received_on"] == str(TODAY)
    plan = ok(api.get(f"{url}/plan"))
    assert [s["step"] for s in plan][:2] == ["documents", "housing"] and len(plan) == 8
    housing = ok(api.put(f"{url}/plan/{plan[1]['id']}", {"status": "done", "partner": "IOM Erbil"}))
    assert (housing["status"], housing["partner"]) == ("done", "IOM Erbil")
    follow_ups = ok(api.get(f"{url}/follow-ups"))
    assert [f["months_after_departure"] for f in follow_ups] == [1, 3, 6, 12]
    step("follow_up")
    first = ok(api.post(f"{url}/follow-ups/{follow_ups[0]['id']}",
                        {"done_on": str(TODAY), "form": "video", "outcome": "Settled in, children at school"}))
    assert (first["done_on"], first["form"]) == (str(TODAY), "video")
    closed = step("closed")
    assert closed["stage"] == "closed" and closed["closed_at"] is not None and closed["next_steps"] == []


def test_a_put_of_facts_read_before_someone_else_saved_is_refused_with_412(world, make_user):
    """Two counsellors read the facts; the first saves; the second's document, which would undo the first's
    change, is refused with If-Match, and stored again once read again. Without If-Match the last writer wins."""
    sara, colleague = api_as(world, "counsellor"), Api(make_user("sam", Role.COUNSELLOR, world.unit))
    url = f"/cases/{world.case.pk}/facts"
    read = sara.get(url)["ETag"]
    assert read == colleague.get(url)["ETag"] and read.startswith('"')
    first = sara.put(url, {"facts": {"settles_permanently": True}}, {"If-Match": read})
    assert first.status_code == 200 and first["ETag"] != read
    stale = colleague.put(url, {"facts": {"in_sweden": True}}, {"If-Match": read})
    assert stale.status_code == 412 and "nothing was saved" in stale.json()["detail"]
    world.case.refresh_from_db()
    assert world.case.facts == {"settles_permanently": True}
    again = colleague.put(url, {"facts": {"in_sweden": True}}, {"If-Match": colleague.get(url)["ETag"]})
    assert again.status_code == 200
    assert colleague.put(url, {"facts": {"in_sweden": False}}).status_code == 200  # no If-Match
    world.case.refresh_from_db()
    assert world.case.facts == {"in_sweden": False}
    assert AuditEvent.objects.filter(verb="case.facts_changed", object_id=str(world.case.pk)).count() == 3


def test_a_legal_hold_placed_and_lifted_through_the_api_is_in_the_case_list_of_holds(world):
    maja = api_as(world, "manager")
    url = f"/cases/{world.case.pk}/legal-holds"
    assert maja.post(url, {"reason": "  "}).status_code == 422  # a hold needs its reason
    placed = maja.post(url, {"reason": "Begäran om allmän handling"})
    assert placed.status_code == 201 and placed.json()["lifted_at"] is None
    hold = placed.json()["id"]
    lifted = maja.post(f"{url}/{hold}/lift", {"reason": "Handlingen lämnad ut"})
    assert lifted.status_code == 200 and lifted.json()["lift_reason"] == "Handlingen lämnad ut"
    assert maja.post(f"{url}/{hold}/lift", {"reason": "Igen"}).status_code == 422  # lifted already
    listed = api_as(world, "counsellor").get(url).json()
    assert [(h["id"], h["placed_by"]["id"], h["lifted_at"] is not None) for h in listed] == [
        (hold, world.users["manager"].pk, True)]
    assert [e.verb for e in AuditEvent.objects.filter(object_id=str(world.case.pk), verb__startswith="case.legal")
            .order_by("seq")] == ["case.legal_hold_placed", "case.legal_hold_lifted"]


def test_the_register_extract_and_erasure_through_the_api(world):
    maja, main = api_as(world, "manager"), world.case.household.main_person
    response = maja.get(f"/persons/{main.pk}/register-extract")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    extract = response.json()
    assert extract["register_extract"]["person_id"] == main.pk
    assert [c["reference"] for c in extract["cases"]] == [world.case.reference]
    assert AuditEvent.objects.get(verb="person.register_extract", object_id=str(main.pk)).changes["format"] == "json"
    assert AccessLog.objects.filter(person_id=main.pk, purpose=AccessPurpose.EXPORT).exists()
    refused = maja.post(f"/persons/{main.pk}/erasure", {"reason": "Brev 2026-11-30"})
    assert refused.status_code == 422 and refused.json()["errors"]  # with every reason
    assert Person.objects.filter(pk=main.pk, first_name=main.first_name).exists()
    stray = people_actions.do_create_person(actor=world.users["counsellor"], unit=world.unit, first_name="Fel",
                                            last_name="Registrerad")
    assert maja.post(f"/persons/{stray.pk}/erasure", {"reason": "x" * 1001}).status_code == 422
    assert maja.post(f"/persons/{stray.pk}/erasure", {"reason": "Registrerad av misstag"}).status_code == 204
    assert not Person.objects.filter(pk=stray.pk).exists()
    assert AuditEvent.objects.get(verb="person.erased", object_id=str(stray.pk)).changes["record"] == "deleted"


# --- eligibility with invalid facts ----------------------------------------------------------------------


def test_invalid_facts_are_refused_when_saved_with_the_json_path(world):
    api = api_as(world, "counsellor")
    response = api.put(f"/cases/{world.case.pk}/facts", {"facts": {"application_date": "soon"}})
    assert response.status_code == 422
    assert "facts.application_date" in [e["field"] for e in response.json()["errors"]]
    world.case.refresh_from_db()
    assert world.case.facts == {} and not EligibilitySnapshot.objects.exists()


def test_a_stored_document_that_no_longer_validates_gives_422_on_a_run_and_no_snapshot(world):
    """Facts saved before the checks existed (or under older rules) are refused by the engine, not a 500."""
    Case.objects.filter(pk=world.case.pk).update(facts={"application_date": "soon"})
    response = api_as(world, "counsellor").post(f"/cases/{world.case.pk}/eligibility", {})
    assert response.status_code == 422
    assert "facts.application_date" in [e["field"] for e in response.json()["errors"]]
    assert not EligibilitySnapshot.objects.exists()


# --- inquiries from city staff ---------------------------------------------------------------------------


def test_staff_refer_a_resident_and_see_only_the_status(world):
    staff = world.users["staff"]
    api = api_as(world, "staff")
    response = api.post("/inquiries", {"unit_id": world.unit.pk, "name": "Ali Referred", "contact": "070-111",
                                       "language": "somali", "interpreter_needed": True,
                                       "message": "Wants to know about the grants",
                                       "consent_text": "Agreed to be contacted by the return unit"})
    assert response.status_code == 201
    out = response.json()
    assert out["status"] == "received" and set(out) == {"reference", "created_at", "status"}
    case = Case.objects.get(reference=out["reference"], unit=world.unit)
    assert (case.channel, case.referred_by, case.stage) == ("staff_referral", staff, "inquiry")
    assert [i["reference"] for i in api.get("/inquiries").json()] == [out["reference"]]
    assert api.get(f"/cases/{case.pk}").status_code == 403  # the status, nothing more
    case_actions.do_transition(actor=world.users["counsellor"], case=case, target="counselling")
    assert api.get("/inquiries").json()[0]["status"] == "contacted"
    assert api_as(world, "counsellor").get("/inquiries").json() == []  # only one's own referrals


def test_an_inquiry_needs_consent_and_a_unit_that_takes_inquiries(world):
    api = api_as(world, "staff")
    body = {"unit_id": world.unit.pk, "name": "Ali", "contact": "070-111", "consent_text": "  "}
    no_consent = api.post("/inquiries", body)
    assert no_consent.status_code == 422
    bad_unit = api.post("/inquiries", {**body, "consent_text": "yes", "unit_id": 999999})
    assert bad_unit.status_code == 422 and bad_unit.json()["errors"][0]["field"] == "unit_id"
    assert Case.objects.count() == 1


# --- after the decision ----------------------------------------------------------------------------------


def test_payments_only_for_a_granted_decision(world):
    response = api_as(world, "counsellor").post(f"/cases/{world.case.pk}/payments",
                                                {"instalment": 1, "amount_sek": 100, "decided_on": str(TODAY)})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "amount_sek"
    assert not Payment.objects.exists()


def test_a_follow_up_cannot_be_recorded_in_the_future(world):
    depart(world)
    follow_up = FollowUp.objects.filter(case=world.case).first()
    response = api_as(world, "counsellor").post(
        f"/cases/{world.case.pk}/follow-ups/{follow_up.pk}",
        {"done_on": str(TODAY + dt.timedelta(days=1)), "form": "phone", "outcome": "x"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "done_on"
    assert FollowUp.objects.get(pk=follow_up.pk).done_on is None


def test_repayment_flag_is_shown_on_the_case(world):
    depart(world)
    response = api_as(world, "counsellor").post(f"/cases/{world.case.pk}/repayment-flag",
                                                {"flagged": True, "note": "Registered in Sweden again"})
    assert response.status_code == 200 and response.json()["repayment_flag"] is True
    assert AuditEvent.objects.filter(verb="case.repayment_flag_changed", object_id=str(world.case.pk)).exists()


def test_nul_characters_are_refused_not_a_server_error(world):
    api = api_as(world, "counsellor")
    facts = api.put(f"/cases/{world.case.pk}/facts", {"facts": {"members": [{"id": "p1", "note": "a\x00"}]}})
    assert facts.status_code == 422 and facts.json()["errors"][0]["field"] == "facts"
    assert api.get("/cases", q="\x00").status_code == 422
    upload = api.upload(f"/cases/{world.case.pk}/documents", "a.pdf", PDF, "pass\x00")
    assert upload.status_code == 422 and upload.json()["errors"][0]["field"] == "description"
    named = api.upload(f"/cases/{world.case.pk}/documents", "a\x00b.pdf", PDF, "Passport")
    assert named.status_code == 201 and named.json()["original_name"] == "ab.pdf"
    assert Case.objects.get(pk=world.case.pk).facts == {}


def test_lone_surrogates_and_huge_numbers_are_422_not_a_server_error(world):
    """Found by the schemathesis run: both used to end in a 500 (the database cannot store them)."""
    api = api_as(world, "counsellor")
    body = {"person_id": world.main.pk, "recipient": "iom", "scope": "x\ud800", "given_on": str(TODAY),
            "method": "oral"}
    surrogate = api.post(f"/cases/{world.case.pk}/consents", body)
    assert surrogate.status_code == 422 and surrogate.json()["errors"][0]["field"] == "scope"
    huge = api.post(f"/cases/{world.case.pk}/consents", {**body, "scope": "x", "person_id": 10**24})
    assert huge.status_code == 422 and huge.json()["errors"][0]["field"] == "person_id"
    assert api.get("/cases", offset=10**24).status_code == 422
    assert api.get("/persons", offset=10**24).status_code == 422
    assert Consent.objects.count() == 1


def test_a_body_that_is_not_json_is_400(world):
    api = api_as(world, "counsellor")
    response = api.client.post(f"/api/v1/cases/{world.case.pk}/notes", data="{not json",
                               content_type="application/json", headers=api.headers)
    assert response.status_code == 400 and "detail" in response.json()
