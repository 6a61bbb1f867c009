"""Staff side: the knowledge base, and its button to the referral (the referral pages are tested in tests/cases)."""

from __future__ import annotations

import pytest

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


def test_the_referral_button_is_only_for_those_who_may_refer(client, login, make_user, staff, unit):
    login(staff)
    assert 'href="/refer/"' in client.get("/guidance/").content.decode()
    client.logout()
    login(make_user("eva", Role.MANAGER, unit))
    assert 'href="/refer/"' not in client.get("/guidance/").content.decode()
