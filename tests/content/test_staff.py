"""Staff side: the knowledge base, and a referral with documented consent whose case the referrer cannot read."""

from __future__ import annotations

import pytest

from hemvag.cases.models import Case
from hemvag.content import demo
from hemvag.core.actions import do_create_unit
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


def test_staff_read_the_knowledge_base(client, login, staff, unit):
    demo.load()
    login(staff)
    index = client.get("/guidance/").content.decode()
    assert "När en invånare frågar om återvandring" in index and 'href="/guidance/"' in index
    page = client.get("/guidance/when-a-resident-asks/").content.decode()
    assert "350 000 kr" in page and "https://www.migrationsverket.se/" in page
    assert client.get("/guidance/voluntary-return/").status_code == 404  # resident pages are not guidance


def test_auditors_do_not_get_the_knowledge_base(client, login, make_user, unit):
    login(make_user("maria", Role.AUDITOR, unit))
    assert client.get("/guidance/").status_code == 403


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
    assert api.status_code in {403, 404} and "Karim" not in api.content.decode()


def test_residents_and_auditors_cannot_refer(client, login, make_user, unit):
    assert client.get("/refer/").status_code == 302  # anonymous: to the login page
    login(make_user("maria", Role.AUDITOR, unit))
    assert client.get("/refer/").status_code == 403


def test_the_referral_button_is_only_for_those_who_may_refer(client, login, make_user, staff, unit):
    login(staff)
    assert 'href="/refer/"' in client.get("/guidance/").content.decode()
    client.logout()
    login(make_user("eva", Role.MANAGER, unit))
    assert 'href="/refer/"' not in client.get("/guidance/").content.decode()
