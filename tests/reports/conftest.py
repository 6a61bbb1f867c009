from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone, translation

from hemvag.cases import actions
from hemvag.cases.models import Case, DecisionOutcome, Stage
from hemvag.core.models import Role, Unit, User
from hemvag.people.actions import do_add_household_member, do_create_household, do_create_person
from hemvag.people.models import Relation


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def counsellor(make_user, unit) -> User:
    return make_user("sara", Role.COUNSELLOR, unit)


@pytest.fixture
def manager(make_user, unit) -> User:
    return make_user("eva", Role.MANAGER, unit)


DecideCase = Callable[..., Case]


@pytest.fixture
def decided_case(counsellor: User, unit: Unit) -> DecideCase:
    """A case taken through the real steps to a decision this year: `persons` in the household (the first one
    the main applicant, with `sex`), decided on `day` (default today)."""

    def make(*, decision: str = DecisionOutcome.GRANTED, country: str = "IQ", persons: int = 1,
             sex: str = "female", born: dt.date = dt.date(1980, 5, 2), day: dt.date | None = None,
             reasons: tuple[str, ...] = ()) -> Case:
        day = day or timezone.localdate()
        main = do_create_person(actor=counsellor, unit=unit, first_name="Test", last_name="Person",
                                birth_date=born, sex=sex)
        household = do_create_household(actor=counsellor, unit=unit, main_person=main)
        for _ in range(persons - 1):
            member = do_create_person(actor=counsellor, unit=unit, first_name="Barn", last_name="Person",
                                      birth_date=dt.date(2015, 1, 1))
            do_add_household_member(actor=counsellor, household=household, person=member,
                                    relation=Relation.CHILD, lives_with_main_person=True)
        case = actions.do_open_case(actor=counsellor, unit=unit, household=household, destination_country=country)
        for stage in (Stage.COUNSELLING, Stage.PREPARING_APPLICATION):
            case = actions.do_transition(actor=counsellor, case=case, target=stage)
        case = actions.do_transition(actor=counsellor, case=case, target=Stage.SUBMITTED, submitted_on=day,
                                     migration_agency_case_number="MV-1")
        extra = {"decided_amount_sek": 350_000} if decision == DecisionOutcome.GRANTED else {}
        if reasons:
            extra["refusal_reasons"] = list(reasons)
        return actions.do_transition(actor=counsellor, case=case, target=Stage.DECIDED, decision=decision,
                                     decided_on=day, **extra)

    return make


@pytest.fixture(autouse=True)
def english_pages(client):
    """These tests read the pages in English (the staff interface's second language)."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
