from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from hemvag.cases import actions
from hemvag.core.models import Role
from hemvag.people.actions import do_add_household_member, do_create_household, do_create_person
from hemvag.people.models import Relation


@pytest.fixture(autouse=True)
def english_messages():
    """Actions called directly speak the active language (Swedish by default); these tests read English.
    Pages and API responses follow each request's own language."""
    with translation.override("en"):
        yield


@pytest.fixture
def counsellor(make_user, unit):
    return make_user("sara", Role.COUNSELLOR, unit)


@pytest.fixture
def manager(make_user, unit):
    return make_user("eva", Role.MANAGER, unit)


@pytest.fixture
def family(counsellor, unit):
    """A couple and one child; the main person has a protected identity when asked for."""
    main = do_create_person(actor=counsellor, unit=unit, first_name="Amina", last_name="Testsson",
                            birth_date=dt.date(1980, 5, 2))
    household = do_create_household(actor=counsellor, unit=unit, main_person=main)
    spouse = do_create_person(actor=counsellor, unit=unit, first_name="Omar", last_name="Testsson",
                              birth_date=dt.date(1979, 1, 3))
    do_add_household_member(actor=counsellor, household=household, person=spouse, relation=Relation.SPOUSE,
                            lives_with_main_person=True)
    child = do_create_person(actor=counsellor, unit=unit, first_name="Lina", last_name="Testsson",
                             birth_date=dt.date(2015, 8, 9))
    do_add_household_member(actor=counsellor, household=household, person=child, relation=Relation.CHILD,
                            lives_with_main_person=True)
    return household


@pytest.fixture
def case(counsellor, unit, family):
    return actions.do_open_case(actor=counsellor, unit=unit, household=family, destination_country="iq")
