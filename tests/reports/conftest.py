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


YEAR = 2026
DECIDED = (Stage.COUNSELLING, Stage.PREPARING_APPLICATION, Stage.SUBMITTED, Stage.DECIDED)


def walk(counsellor: User, unit: Unit, n: int, *, country: str = "IQ", sex: str = "female",
         decision: str | None = None, decided_on: dt.date | None = None, departed_on: dt.date | None = None,
         withdraw: bool = False, reasons: tuple[str, ...] = ()) -> list[Case]:
    """`n` cases of one kind: opened (today), and taken as far as a decision, a departure or a withdrawal."""
    made = []
    for i in range(n):
        case = actions.do_register_and_open_case(
            actor=counsellor, unit=unit, destination_country=country, first_name=f"Test{i}", last_name="Person",
            birth_date=dt.date(1980 + i % 30, 1 + i % 12, 1 + i % 27), sex=sex)
        if withdraw:
            case = actions.do_transition(actor=counsellor, case=case, target=Stage.COUNSELLING)
            made.append(actions.do_transition(actor=counsellor, case=case, target=Stage.WITHDRAWN))
            continue
        if decision is not None and decided_on is not None:
            submitted = decided_on - dt.timedelta(days=30)
            for target in DECIDED:
                data: dict = {}
                if target == Stage.SUBMITTED:
                    data = {"submitted_on": submitted, "migration_agency_case_number": f"MV-T-{i}"}
                if target == Stage.DECIDED:
                    data = {"decision": decision, "decided_on": decided_on}
                    if decision == DecisionOutcome.GRANTED:
                        data["decided_amount_sek"] = 350_000
                    if reasons:
                        data["refusal_reasons"] = list(reasons)
                case = actions.do_transition(actor=counsellor, case=case, target=target, **data)
            if departed_on is not None:
                case = actions.do_transition(actor=counsellor, case=case, target=Stage.DEPARTURE_PLANNED,
                                             planned_departure_on=departed_on)
                case = actions.do_transition(actor=counsellor, case=case, target=Stage.DEPARTED,
                                             departed_on=departed_on)
        made.append(case)
    return made


@pytest.fixture
def register(counsellor, unit) -> Callable[..., list[Case]]:
    """A year of work in the unit: inquiries, decisions over the quarters, departures and a withdrawal, and a
    few decisions the year before (for the summary's comparison)."""
    def make() -> list[Case]:
        cases = []
        cases += walk(counsellor, unit, 6, decision=DecisionOutcome.GRANTED, decided_on=dt.date(YEAR, 2, 10),
                      departed_on=dt.date(YEAR, 4, 1))
        cases += walk(counsellor, unit, 3, country="SO", sex="male", decision=DecisionOutcome.GRANTED,
                      decided_on=dt.date(YEAR, 8, 5))
        cases += walk(counsellor, unit, 2, country="BA", decision=DecisionOutcome.REFUSED,
                      decided_on=dt.date(YEAR, 5, 5), reasons=("permit_ground",))
        cases += walk(counsellor, unit, 2, decision=DecisionOutcome.GRANTED, decided_on=dt.date(YEAR - 1, 11, 3))
        cases += walk(counsellor, unit, 1, withdraw=True)
        cases += walk(counsellor, unit, 2)
        return cases
    return make
