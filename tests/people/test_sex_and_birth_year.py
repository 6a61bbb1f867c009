"""Legal sex and the year of birth: asked in the person form and the API, saved and audited (value withheld),
shown on the case page, and masked like every other detail of a protected person (synthetic data only)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from hemvag.cases.models import Case
from hemvag.core.models import AuditEvent, Role
from hemvag.people import actions as people_actions
from hemvag.people.actions import WITHHELD
from hemvag.people.forms import MemberForm, PersonForm
from hemvag.people.models import LegalSex, Person
from hemvag.people.privacy import MASK, show_person
from tests.people.api_support import FAST_HASHERS, Api, build_world, pnr


@pytest.fixture(autouse=True)
def fast_passwords_and_english(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    with translation.override("en"):
        yield


@pytest.fixture
def world(make_user, unit, other_unit):
    return build_world(make_user, unit, other_unit)


def api_as(world, actor):
    return Api(world.users[actor])


def in_english(client):
    """Pages speak Swedish by default; these tests read English (so that an absence proves something)."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def last_event(verb, person_pk):
    return AuditEvent.objects.filter(verb=verb, object_id=str(person_pk)).latest("seq")


# --- the form -----------------------------------------------------------------------------------------------


def test_the_form_asks_legal_sex_with_unknown_as_an_explicit_first_choice():
    field = PersonForm().fields["sex"]
    assert not field.required
    assert [value for value, _label in field.choices] == ["", *LegalSex.values]
    assert str(field.choices[0][1]) == "Unknown / not registered"
    assert PersonForm().fields["sex"].widget.input_type == "radio"
    for sex in ("", "female", "male"):
        form = PersonForm({"first_name": "Lina", "birth_date": "1990-05-05", "sex": sex})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["sex"] == sex
    left_out = PersonForm({"first_name": "Lina", "birth_date": "1990-05-05"})
    assert left_out.is_valid() and left_out.cleaned_data["sex"] == ""
    refused = PersonForm({"first_name": "Lina", "birth_date": "1990-05-05", "sex": "other"})
    assert not refused.is_valid() and "sex" in refused.errors
    assert "sex" in MemberForm().fields


def test_a_new_case_saves_the_main_persons_legal_sex_and_audits_the_field_not_its_value(client, login, world):
    login(world.users["counsellor"])
    response = client.post("/cases/new/", {"first_name": "Ny", "last_name": "Person", "birth_date": "1990-05-05",
                                           "sex": "female", "programme": "return_grant"})
    assert response.status_code == 302, response.content
    person = Case.objects.get(pk=int(response["Location"].strip("/").split("/")[-1])).household.main_person
    assert person.sex == LegalSex.FEMALE
    changes = last_event("person.created", person.pk).changes
    assert changes["sex"] == {"before": None, "after": WITHHELD}


def test_a_family_member_added_on_the_case_page_keeps_their_legal_sex(client, login, world):
    login(world.users["counsellor"])
    response = client.post(f"/cases/{world.case.pk}/member/", {
        "first_name": "Nour", "birth_date": "2018-02-03", "sex": "male", "relation": "child",
        "lives_with_main_person": "true"})
    assert response.status_code == 302, response.content
    assert Person.objects.get(first_name="Nour").sex == LegalSex.MALE


def test_legal_sex_is_never_worked_out_from_the_identity_number(client, login, world):
    """The second-to-last digit of a personnummer is odd for men: still nothing is filled in from it."""
    login(world.users["counsellor"])
    number = pnr("900101", "239")  # ...2391: odd, a man's number
    client.post("/cases/new/", {"first_name": "Ny", "identity_number": number, "programme": "return_grant"})
    assert Person.objects.get(first_name="Ny").sex == ""
    created = api_as(world, "counsellor").post("/persons", {"first_name": "Nils",
                                                             "identity_number": pnr("850615", "123")})
    assert created.status_code == 201 and created.json()["sex"] == ""
    assert world.main.sex == "" and Person.objects.get(pk=world.main.pk).sex == ""


# --- the API ------------------------------------------------------------------------------------------------


def test_the_api_takes_legal_sex_when_creating_and_changing_a_person(world):
    api = api_as(world, "counsellor")
    created = api.post("/persons", {"first_name": "Lina", "birth_date": "1990-05-05", "sex": "female"})
    assert created.status_code == 201, created.content
    assert (created.json()["sex"], created.json()["birth_year"]) == ("female", 1990)
    person = Person.objects.get(pk=created.json()["id"])
    assert person.sex == LegalSex.FEMALE

    changed = api.patch(f"/persons/{person.pk}", {"sex": "male"})
    assert changed.status_code == 200 and changed.json()["sex"] == "male"
    event = last_event("person.changed", person.pk)
    assert event.changes == {"sex": {"before": WITHHELD, "after": WITHHELD}}

    cleared = api.patch(f"/persons/{person.pk}", {"sex": ""})
    assert cleared.status_code == 200 and cleared.json()["sex"] == ""
    assert last_event("person.changed", person.pk).changes == {"sex": {"before": WITHHELD, "after": ""}}
    assert Person.objects.get(pk=person.pk).sex == ""


@pytest.mark.parametrize("sex", ["other", "Female", "f", "kvinna"])
def test_an_invalid_legal_sex_is_422_on_the_field(world, sex):
    api = api_as(world, "counsellor")
    before = Person.objects.count()
    created = api.post("/persons", {"first_name": "X", "birth_date": "1990-05-05", "sex": sex})
    assert created.status_code == 422
    assert [e["field"] for e in created.json()["errors"]] == ["sex"]
    assert Person.objects.count() == before
    changed = api.patch(f"/persons/{world.main.pk}", {"sex": sex})
    assert changed.status_code == 422 and [e["field"] for e in changed.json()["errors"]] == ["sex"]
    assert Person.objects.get(pk=world.main.pk).sex == ""


def test_legal_sex_cannot_be_patched_to_null_nor_given_as_a_number(world):
    api = api_as(world, "counsellor")
    nulled = api.patch(f"/persons/{world.main.pk}", {"sex": None})
    assert nulled.status_code == 422 and nulled.json()["errors"][0]["field"] == "sex"
    numbered = api.post("/persons", {"first_name": "X", "birth_date": "1990-05-05", "sex": 1})
    assert numbered.status_code == 422 and numbered.json()["errors"][0]["field"] == "sex"


def test_the_year_of_birth_goes_out_when_only_the_year_is_known_and_cannot_be_sent(world):
    Person.objects.filter(pk=world.spare.pk).update(birth_date=None, birth_year=1979)
    api = api_as(world, "counsellor")
    shown = api.get(f"/persons/{world.spare.pk}").json()
    assert (shown["birth_date"], shown["birth_year"]) == (None, 1979)
    # Read-only: a birth_year sent in is no field of the input, and changes nothing.
    api.patch(f"/persons/{world.spare.pk}", {"birth_year": 1900, "languages": "arabic"})
    assert Person.objects.get(pk=world.spare.pk).birth_year == 1979


# --- the case page ------------------------------------------------------------------------------------------


def test_the_case_page_shows_legal_sex_and_born_year_when_there_is_no_birth_date(client, login, world):
    Person.objects.filter(pk=world.child.pk).update(birth_date=None, birth_year=2015, sex=LegalSex.MALE)
    login(world.users["counsellor"])
    page = in_english(client).get(f"/cases/{world.case.pk}/").content.decode()
    assert "Legal sex</th>" in page
    assert "<td>born 2015</td>" in page and "<td>Male</td>" in page
    assert "<td>1981-12-28</td>" in page and "<td>Unknown</td>" in page  # the main person: a date, sex unknown


# --- protected identities -----------------------------------------------------------------------------------


@pytest.fixture
def protected(world, make_user):
    """A protected spouse whose earlier register knew only the year of birth; sam is not the case's counsellor."""
    sara = world.users["counsellor"]
    person = people_actions.do_create_person(actor=sara, unit=world.unit, first_name="Zainab", last_name="Qasemi",
                                             protected_identity=True, sex=LegalSex.FEMALE)
    Person.objects.filter(pk=person.pk).update(birth_year=1983)
    people_actions.do_add_household_member(actor=sara, household=world.household, person=person,
                                           relation="spouse", lives_with_main_person=True)
    world.users["second_counsellor"] = make_user("sam", Role.COUNSELLOR, world.unit)
    return Person.objects.get(pk=person.pk)


def test_a_masked_person_shows_neither_legal_sex_nor_year_of_birth(protected):
    masked = show_person(protected, reveal_protected=False)
    assert masked.masked and (masked.sex, masked.sex_label, masked.birth_year, masked.birth_date) == (
        MASK, MASK, None, None)
    revealed = show_person(protected, reveal_protected=True)
    assert (revealed.sex, revealed.sex_label, revealed.birth_year) == ("female", "Female", 1983)


@pytest.mark.parametrize("reader", ["second_counsellor", "manager"])
def test_the_api_masks_legal_sex_and_year_of_birth_of_a_protected_person(world, protected, reader):
    api = Api(world.users[reader])
    for shown in (api.get(f"/persons/{protected.pk}").json(),
                  next(i for i in api.get("/persons").json()["items"] if i["id"] == protected.pk),
                  api.get(f"/households/{world.household.pk}").json()["members"][-1]["person"]):
        assert shown["masked"] and (shown["sex"], shown["birth_year"], shown["birth_date"]) == (MASK, None, None)
    assert api_as(world, "counsellor").get(f"/persons/{protected.pk}").json()["sex"] == "female"


def test_the_case_page_masks_legal_sex_and_year_of_birth_of_a_protected_person(client, login, world, protected):
    login(world.users["manager"])
    page = in_english(client).get(f"/cases/{world.case.pk}/").content.decode()
    assert "born 1983" not in page and "<td>Female</td>" not in page
    login(world.users["counsellor"])
    page = in_english(client).get(f"/cases/{world.case.pk}/").content.decode()
    assert "<td>born 1983</td>" in page and "<td>Female</td>" in page
