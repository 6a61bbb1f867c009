"""People API: the permission matrix, masking of protected identities, search in any format, access log."""

from __future__ import annotations

import datetime as dt

import pytest

from hemvag.cases import actions as case_actions
from hemvag.core.models import AccessLog, AccessPurpose, AuditEvent, Role
from hemvag.core.permissions import SYSTEM
from hemvag.people import actions as people_actions
from hemvag.people.models import Household, HouseholdMember, IdentityAccessGrant, Person
from hemvag.people.privacy import MASK
from tests.people.api_support import ACTORS, FAST_HASHERS, Api, build_world, pnr


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world(make_user, unit, other_unit):
    return build_world(make_user, unit, other_unit)


def api_as(world, actor):
    return Api(world.users[actor])


# (method, path, body, kind). Kinds: "read" – counsellor and manager of the unit; "list" – the same, and
# another unit's counsellor gets 200 without our person; "edit" – counsellor of the unit only; "create" –
# any counsellor, in their own unit; "grant" – the unit's manager only ({protected} is a protected person of the
# household, {grant} Sam's access to them, {sam} a second counsellor of the unit).
ROUTES = [
    ("get", "/persons", None, "list"),
    ("get", "/persons/{main}", None, "read"),
    ("post", "/persons", {"first_name": "Lina", "last_name": "Berg", "birth_date": "1990-05-05", "sex": "female"},
     "create"),
    ("patch", "/persons/{main}", {"languages": "arabic, swedish", "sex": "female"}, "edit"),
    ("get", "/households/{household}", None, "read"),
    ("post", "/households", {"main_person_id": "{spare}"}, "edit"),
    ("post", "/households/{household}/members", {"person_id": "{spare}", "relation": "spouse"}, "edit"),
    ("delete", "/households/{household}/members/{child}", None, "edit"),
    ("get", "/persons/{protected}/identity-grants", None, "grant"),
    ("post", "/persons/{protected}/identity-grants", {"user_id": "{sam}", "reason": "Covers Sara's leave"}, "grant"),
    ("post", "/persons/{protected}/identity-grants/{grant}/revoke", None, "grant"),
]
NOT_CREATED = {"/persons/{protected}/identity-grants/{grant}/revoke"}

SUCCESS = {"get": 200, "post": 201, "patch": 200, "delete": 200}


def expected_status(method, path, kind, actor):
    if actor == "anonymous":
        return 401
    if kind == "grant":  # another unit's manager may grant there, so for them the person does not exist
        return {"manager": 200 if method == "get" or path in NOT_CREATED else 201, "other_manager": 404}.get(actor, 403)
    if actor in ("staff", "admin", "auditor"):
        return 403
    if actor == "manager":
        return 200 if kind in ("read", "list") else 403
    if actor == "other_counsellor":
        return {"list": 200, "create": 201}.get(kind, 404)
    if actor == "other_manager":  # reads nothing of ours, writes nowhere
        return {"list": 200, "read": 404}.get(kind, 403)
    return SUCCESS[method]


def fill(value, ids):
    """Body placeholders: "{spare}" becomes the id of the world's spare person."""
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    return value


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("method", "path", "body", "kind"), ROUTES, ids=[f"{m} {p}" for m, p, _b, _k in ROUTES])
def test_permission_matrix(world, actor, method, path, body, kind, make_user):
    ids = world.ids()
    if kind == "grant":
        sara, sam = world.users["counsellor"], make_user("sam", Role.COUNSELLOR, world.unit)
        protected = people_actions.do_create_person(actor=sara, unit=world.unit, first_name="Zainab",
                                                    protected_identity=True)
        grant = people_actions.do_grant_identity_access(actor=world.users["manager"], person=protected,
                                                        user=make_user("sune", Role.COUNSELLOR, world.unit),
                                                        reason="Covers a leave")
        ids.update(protected=protected.pk, grant=grant.pk, sam=sam.pk)
    before = list(IdentityAccessGrant.objects.values_list("pk", "revoked_at").order_by("pk"))
    response = api_as(world, actor).request(method, path.format(**ids), fill(body, ids))
    assert response.status_code == expected_status(method, path, kind, actor), response.content
    if kind == "list" and actor in ("other_counsellor", "other_manager"):
        assert response.json()["count"] == 0
        assert b"Haddad" not in response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"detail", "errors"}  # the one error shape, never a traceback
        assert list(IdentityAccessGrant.objects.values_list("pk", "revoked_at").order_by("pk")) == before


def test_refused_writes_change_nothing(world):
    ids = world.ids()
    before = (Person.objects.count(), Household.objects.count(), HouseholdMember.objects.count())
    for actor in ("manager", "other_counsellor", "staff"):
        api = api_as(world, actor)
        api.patch(f"/persons/{ids['main']}", {"first_name": "Changed"})
        api.post("/households", {"main_person_id": ids["spare"]})
        api.post(f"/households/{ids['household']}/members", {"person_id": ids["spare"], "relation": "spouse"})
        api.delete(f"/households/{ids['household']}/members/{ids['child']}")
    assert (Person.objects.count(), Household.objects.count(), HouseholdMember.objects.count()) == before
    assert Person.objects.get(pk=ids["main"]).first_name == "Amira"


def test_session_write_needs_the_csrf_header(world):
    from django.test import Client

    from tests.conftest import HTTPS_HEADERS

    browser = Client(enforce_csrf_checks=True, headers=HTTPS_HEADERS)
    browser.force_login(world.users["counsellor"], backend="django.contrib.auth.backends.ModelBackend")
    assert browser.get("/api/v1/persons").status_code == 200
    refused = browser.post("/api/v1/persons", data={"first_name": "X"}, content_type="application/json")
    assert refused.status_code == 403
    assert Person.objects.filter(first_name="X").count() == 0


def test_create_person_normalises_the_identity_number_and_audits_without_values(world):
    api = api_as(world, "counsellor")
    number = pnr("900101", "239")
    response = api.post("/persons", {"first_name": "Lina", "last_name": "Berg", "identity_number": number,
                                     "phone": "070-000 00 00"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["identity_number"] == "19" + number  # stored and shown as YYYYMMDD-NNNN
    assert body["birth_date"] == "1990-01-01"
    person = Person.objects.get(pk=body["id"])
    assert person.unit == world.unit and person.identity_number == "19" + number.replace("-", "")
    event = AuditEvent.objects.get(verb="person.created", object_id=str(person.pk))
    assert "Lina" not in str(event.changes) and number[-4:] not in str(event.changes)


@pytest.mark.parametrize(("number", "message"), [
    ("811228-9875", "check digit"),
    ("12345", "YYYYMMDD-NNNN"),
])
def test_invalid_identity_number_is_422_on_the_field(world, number, message):
    before = Person.objects.count()
    response = api_as(world, "counsellor").post("/persons", {"first_name": "X", "identity_number": number})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == "identity_number" and message in errors[0]["message"]
    assert Person.objects.count() == before


def test_duplicate_identity_number_in_the_unit_is_422(world):
    response = api_as(world, "counsellor").post("/persons", {"identity_number": pnr("811228", "987")})
    assert response.status_code == 422
    assert response.json()["errors"]


def test_a_user_of_several_units_must_name_the_unit(world, make_user):
    from hemvag.core.actions import do_set_membership

    both = make_user("bo", Role.COUNSELLOR, world.unit)
    do_set_membership(actor=SYSTEM, user=both, unit=world.other_unit, role=Role.COUNSELLOR)
    api = Api(both)
    response = api.post("/persons", {"first_name": "Nils"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "unit_id"
    assert api.post("/persons", {"first_name": "Nils", "unit_id": world.other_unit.pk}).status_code == 201
    manager_elsewhere = make_user("mona", Role.MANAGER, world.other_unit)
    do_set_membership(actor=SYSTEM, user=manager_elsewhere, unit=world.unit, role=Role.COUNSELLOR)
    refused = Api(manager_elsewhere).post("/persons", {"first_name": "Nils", "unit_id": world.other_unit.pk})
    assert refused.status_code == 403


def test_wrongly_typed_input_is_422_in_the_same_shape(world):
    response = api_as(world, "counsellor").post("/persons", {"first_name": "X", "birth_date": "not a date"})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"} and "errors" in body["detail"]
    # `field` as this API always said it, `path` as the eligibility API did: the same name in both.
    assert [(e["field"], e["path"]) for e in body["errors"]] == [("birth_date", "birth_date")]
    refused = api_as(world, "counsellor").post("/persons", {"identity_number": "811228-9875"})  # by the action
    assert [(e["field"], e["path"]) for e in refused.json()["errors"]] == [("identity_number", "identity_number")]


@pytest.mark.parametrize("written", ["19811228-9874", "198112289874", "811228-9874", "8112289874", "811228 9874"])
def test_search_by_identity_number_in_any_common_format(world, written):
    # pnr("811228", "987") is 811228-9874
    assert pnr("811228", "987") == "811228-9874"
    body = api_as(world, "counsellor").get("/persons", q=written).json()
    assert [item["id"] for item in body["items"]] == [world.main.pk]


def test_search_by_name_and_the_search_is_access_logged(world):
    api = api_as(world, "manager")
    body = api.get("/persons", q="haddad yusuf").json()
    assert [item["name"] for item in body["items"]] == ["Yusuf Haddad"]
    assert AccessLog.objects.filter(actor=world.users["manager"], purpose=AccessPurpose.SEARCH,
                                    person_id=str(world.child.pk)).count() == 1
    assert api.get("/persons", q="811228-9875").json()["count"] == 0  # not a valid number: nothing


def test_list_pages_with_a_total_count(world):
    api = api_as(world, "counsellor")
    first = api.get("/persons", limit=2, offset=0).json()
    second = api.get("/persons", limit=2, offset=2).json()
    assert first["count"] == second["count"] == 3
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    assert {i["id"] for i in first["items"] + second["items"]} == {world.main.pk, world.child.pk, world.spare.pk}
    assert api.get("/persons", limit=0).status_code == 422


def test_reading_a_person_writes_the_access_log(world):
    api = api_as(world, "manager")
    before = AccessLog.objects.count()
    assert api.get(f"/persons/{world.main.pk}").status_code == 200
    log = AccessLog.objects.exclude(pk__in=[]).order_by("-id").first()
    assert AccessLog.objects.count() == before + 1
    assert (log.actor, log.purpose, log.person_id, log.unit_id) == (
        world.users["manager"], AccessPurpose.VIEW, str(world.main.pk), world.unit.pk)
    api_as(world, "other_counsellor").get(f"/persons/{world.main.pk}")  # 404: nothing read, nothing logged
    assert AccessLog.objects.count() == before + 1


def test_household_members_and_the_main_person_rule(world):
    api = api_as(world, "counsellor")
    ids = world.ids()
    added = api.post(f"/households/{ids['household']}/members",
                     {"person_id": ids["spare"], "relation": "spouse", "lives_with_main_person": True})
    assert added.status_code == 201
    relations = {m["person"]["id"]: m["relation"] for m in added.json()["members"]}
    assert relations == {ids["main"]: "main_applicant", ids["child"]: "child", ids["spare"]: "spouse"}
    twice = api.post(f"/households/{ids['household']}/members", {"person_id": ids["spare"], "relation": "spouse"})
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "person"
    second_main = api.post(f"/households/{ids['household']}/members",
                           {"person_id": ids["spare"], "relation": "main_applicant"})
    assert second_main.status_code == 422
    main_out = api.delete(f"/households/{ids['household']}/members/{ids['main']}")
    assert main_out.status_code == 422
    assert HouseholdMember.objects.filter(household=world.household, person=world.main).exists()
    assert api.delete(f"/households/{ids['household']}/members/{ids['child']}").status_code == 200
    assert not HouseholdMember.objects.filter(household=world.household, person=world.child).exists()


def test_a_person_of_another_unit_cannot_join_a_household(world):
    stranger = people_actions.do_create_person(actor=SYSTEM, unit=world.other_unit, first_name="Eva")
    response = api_as(world, "counsellor").post(f"/households/{world.household.pk}/members",
                                                {"person_id": stranger.pk, "relation": "spouse"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "person_id"
    assert not HouseholdMember.objects.filter(person=stranger).exists()


# --- protected identity ----------------------------------------------------------------------------------


@pytest.fixture
def protected(world, make_user):
    """A protected person in the world's household; sara is the case's assigned counsellor, sam is not."""
    sara = world.users["counsellor"]
    person = people_actions.do_create_person(
        actor=sara, unit=world.unit, first_name="Zainab", last_name="Qasemi", identity_number=pnr("850615", "123"),
        protected_identity=True, phone="070-123 45 67", email="zq@example.org", address="Hemliga gatan 1")
    people_actions.do_add_household_member(actor=sara, household=world.household, person=person,
                                           relation="spouse", lives_with_main_person=True)
    world.users["second_counsellor"] = make_user("sam", Role.COUNSELLOR, world.unit)
    return person


SECRETS = ("Zainab", "Qasemi", "850615", "070-123", "zq@example.org", "Hemliga")


def assert_nothing_revealed(response):
    for secret in SECRETS:
        assert secret.encode() not in response.content, secret


@pytest.mark.parametrize("reader", ["second_counsellor", "manager"])
def test_protected_identity_is_masked_in_list_detail_and_household(world, protected, reader):
    api = Api(world.users[reader])
    listing = api.get("/persons")
    assert_nothing_revealed(listing)
    shown = next(item for item in listing.json()["items"] if item["id"] == protected.pk)
    assert shown["masked"] and shown["identity_number"] == MASK and shown["phone"] == MASK
    assert shown["birth_date"] is None
    detail = api.get(f"/persons/{protected.pk}")
    assert detail.status_code == 200 and detail.json()["masked"]
    assert_nothing_revealed(detail)
    household = api.get(f"/households/{world.household.pk}")
    assert_nothing_revealed(household)
    assert [m["person"]["masked"] for m in household.json()["members"]] == [False, False, True]


@pytest.mark.parametrize("reader", ["second_counsellor", "manager"])
@pytest.mark.parametrize("query", ["Zainab", "qasemi", "850615-1235", "198506151235"])
def test_protected_identity_is_never_found_by_others(world, protected, reader, query):
    assert protected.identity_number == "198506151235"
    body = Api(world.users[reader]).get("/persons", q=query).json()
    assert body == {"count": 0, "items": []}


def test_the_assigned_counsellor_sees_and_finds_the_protected_person(world, protected):
    api = api_as(world, "counsellor")
    found = api.get("/persons", q="850615-1235").json()
    assert [(i["name"], i["masked"]) for i in found["items"]] == [("Zainab Qasemi", False)]
    detail = api.get(f"/persons/{protected.pk}").json()
    assert detail["phone"] == "070-123 45 67" and detail["identity_number"] == "19850615-1235"


def test_a_protected_person_hidden_from_you_cannot_be_edited(world, protected):
    response = Api(world.users["second_counsellor"]).patch(f"/persons/{protected.pk}", {"first_name": "X"})
    assert response.status_code == 403
    assert Person.objects.get(pk=protected.pk).first_name == "Zainab"
    assert api_as(world, "counsellor").patch(f"/persons/{protected.pk}", {"languages": "dari"}).status_code == 200


def test_reassigning_the_case_moves_who_sees_the_protected_person(world, protected, grant_identity):
    sam = world.users["second_counsellor"]
    grant_identity(protected, sam)
    case_actions.do_update_case(actor=world.users["counsellor"], case=world.case, assigned_counsellor=sam)
    assert Api(sam).get(f"/persons/{protected.pk}").json()["masked"] is False
    assert api_as(world, "counsellor").get(f"/persons/{protected.pk}").json()["masked"] is True


def test_update_person_changes_only_what_is_sent(world):
    api = api_as(world, "counsellor")
    response = api.patch(f"/persons/{world.main.pk}", {"phone": "08-123 456"})
    assert response.status_code == 200
    person = Person.objects.get(pk=world.main.pk)
    assert (person.phone, person.first_name, person.identity_number) == ("08-123 456", "Amira", "198112289874")
    assert api.patch(f"/persons/{world.main.pk}", {"first_name": None}).status_code == 422
    cleared = api.patch(f"/persons/{world.main.pk}", {"identity_number": "", "birth_date": "1981-12-28"})
    assert cleared.status_code == 200 and cleared.json()["identity_number"] == ""
    assert Person.objects.get(pk=world.main.pk).birth_date == dt.date(1981, 12, 28)


def test_nul_characters_are_refused_not_a_server_error(world):
    """PostgreSQL cannot store NUL: without the check the request would end in a 500 there."""
    api = api_as(world, "counsellor")
    created = api.post("/persons", {"first_name": "A\x00B"})
    assert created.status_code == 422 and created.json()["errors"][0]["field"] == "first_name"
    assert api.patch(f"/persons/{world.main.pk}", {"phone": "\x00"}).status_code == 422
    assert api.get("/persons", q="Had\x00dad").status_code == 422
    assert not Person.objects.filter(first_name__startswith="A").exclude(pk=world.main.pk).exists()


def test_a_new_protected_person_gets_a_household_and_a_case_and_is_then_revealed(world):
    """Masked right after registration (no case yet), but the counsellor can still go on to a case."""
    api = api_as(world, "counsellor")
    created = api.post("/persons", {"first_name": "Leyla", "last_name": "Demir", "protected_identity": True})
    assert created.status_code == 201 and created.json()["masked"] is True
    household = api.post("/households", {"main_person_id": created.json()["id"]})
    assert household.status_code == 201
    case = api.post("/cases", {"household_id": household.json()["id"]})
    assert case.status_code == 201
    assert case.json()["members"][0]["person"]["name"] == "Leyla Demir"
    assert api.get(f"/persons/{created.json()['id']}").json()["masked"] is False
    assert api_as(world, "manager").get(f"/persons/{created.json()['id']}").json()["masked"] is True
