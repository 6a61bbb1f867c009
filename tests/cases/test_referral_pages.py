"""A colleague's referral of a resident (hänvisning, /refer/): one inquiry with the documented consent, and a
referrer who sees the status and never the case."""

from __future__ import annotations

import pytest

from hemvag.cases.models import Case
from hemvag.cases.queries import referral_units
from hemvag.core.actions import do_create_municipality, do_create_unit
from hemvag.core.models import Role, UnitKind
from hemvag.core.permissions import SYSTEM


@pytest.fixture
def social(municipality):
    return do_create_unit(actor=SYSTEM, municipality=municipality, name="Socialtjänst Test",
                          kind=UnitKind.SOCIAL_SERVICES, code="t-soc")


@pytest.fixture
def staff(make_user, social):
    return make_user("omar", Role.STAFF, social)


REFERRAL = {"name": "Karim", "contact": "070-111 11 11", "language": "Dari", "interpreter_needed": "on",
            "message": "Vill prata om att flytta.", "consent_given": "on", "consent_method": "in_person"}


def test_referral_creates_one_inquiry_with_the_documented_consent(client, login, staff, unit):
    login(staff)
    response = client.post("/refer/", {**REFERRAL, "unit": unit.pk})
    assert response.status_code == 302 and response["Location"] == "/refer/mine/"
    case = Case.objects.get()
    assert case.unit == unit and case.channel == "staff_referral" and case.referred_by == staff
    assert "Muntligt, vid ett möte" in case.inquiry_consent_text and "omar" in case.inquiry_consent_text


def test_referral_without_consent_is_refused(client, login, staff, unit):
    login(staff)
    response = client.post("/refer/", {**REFERRAL, "unit": unit.pk, "consent_given": ""})
    assert response.status_code == 400 and Case.objects.count() == 0
    assert "Du kan bara hänvisa en invånare som har samtyckt." in response.content.decode()
    assert 'value="Karim"' in response.content.decode()


def test_referrer_sees_only_the_status_never_the_case(client, login, staff, unit):
    login(staff)
    client.post("/refer/", {**REFERRAL, "unit": unit.pk})
    case = Case.objects.get()
    mine = client.get("/refer/mine/").content.decode()
    assert case.reference in mine and "Mottagen" in mine
    assert "Vill prata om att flytta." not in mine and "070-111 11 11" not in mine
    assert client.get(f"/cases/{case.pk}/").status_code == 403
    assert client.get("/cases/").status_code == 403
    api = client.get(f"/api/v1/cases/{case.pk}")
    assert api.status_code == 403 and "Karim" not in api.content.decode()


def test_residents_and_auditors_cannot_refer(client, login, make_user, unit):
    assert client.get("/refer/").status_code == 302  # anonymous: to the login page
    login(make_user("maria", Role.AUDITOR, unit))
    assert client.get("/refer/").status_code == 403


def test_the_referrer_is_offered_the_units_of_their_own_municipality(staff, make_user, unit, other_unit):
    assert list(referral_units(staff)) == [unit]
    social_elsewhere = do_create_unit(actor=SYSTEM, municipality=other_unit.municipality, name="Socialtjänst Annan",
                                      kind=UnitKind.SOCIAL_SERVICES, code="a-soc")
    assert list(referral_units(make_user("lina", Role.STAFF, social_elsewhere))) == [other_unit]


def test_a_referrer_without_a_return_unit_at_home_may_choose_any(make_user, unit, other_unit):
    far = do_create_municipality(actor=SYSTEM, name="Fjärran", code="9903")
    social_far = do_create_unit(actor=SYSTEM, municipality=far, name="Socialtjänst Fjärran",
                                kind=UnitKind.SOCIAL_SERVICES, code="f-soc")
    assert list(referral_units(make_user("nils", Role.STAFF, social_far))) == [other_unit, unit]  # by municipality
