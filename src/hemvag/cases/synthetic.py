"""Synthetic registers of return cases, in the shape of the national series: from 2013 a handful of decisions a
year in a city like Stockholm (on average about 17 decided, about four granted), and from 2026, when the grant
became SEK 350,000 per adult, many more applications and grants.

Everything is invented: names are "Demo-…", nobody has an identity number (a made-up one could be a real
person's), and the same seed gives the same register on the same day. The generators yield `RegisterCase`s, so
the import action takes them without a CSV in between; `write_csv` writes them in the contract's CSV shape.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone

from hemvag.cases.models import Channel, DecisionOutcome, Programme, RefusalReasonCode, Stage
from hemvag.cases.register import CASE_COLUMNS, PERSON_COLUMNS, RegisterCase, RegisterPerson
from hemvag.core import csvfiles
from hemvag.people.models import LegalSex, Relation

NEW_LAW = dt.date(2026, 1, 1)
DESTINATIONS = ("IQ", "SO", "AF", "BA", "ER", "SY", "IR")
DESTINATION_WEIGHTS = (30, 20, 15, 12, 8, 8, 7)
FIRST_NAMES = ("Amina", "Hassan", "Leyla", "Omar", "Fatima", "Emir", "Selma", "Yusuf", "Nour", "Hodan", "Farid",
               "Zahra", "Adnan", "Mina", "Jamal", "Lejla", "Abdi", "Sahar", "Kenan", "Dario")
LAST_NAMES = ("Demo-Haddad", "Demo-Begović", "Demo-Warsame", "Demo-Rahimi", "Demo-Karimi", "Demo-Hodžić",
              "Demo-Abdullahi", "Demo-Nasser", "Demo-Mahmoud", "Demo-Osmanović", "Demo-Tesfay", "Demo-Hosseini")
REASONS = tuple(RefusalReasonCode.values)
# Invented yearly volumes for one city: before the new law (decisions ≈ 17, granted ≈ 4) and after it.
OLD_DECIDED, OLD_GRANTED, OLD_OTHER = (10, 24), (2, 6), (6, 16)
NEW_INQUIRIES_PER_YEAR = 240


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def _person(rng: random.Random, ref: str, relation: str, age: int, opened_on: dt.date, family: str,
            sex: str) -> RegisterPerson:
    born = opened_on - dt.timedelta(days=age * 365 + rng.randint(0, 364))
    person = RegisterPerson(line=0, person_ref=ref, relation=relation, first_name=rng.choice(FIRST_NAMES),
                            last_name=family, sex=sex)
    if rng.random() < 0.3:
        person.birth_year = born.year  # older registers often knew only the year
    else:
        person.birth_date = born
    return person


def _household(rng: random.Random, opened_on: dt.date) -> list[RegisterPerson]:
    """One to six persons: a main applicant, often a spouse, sometimes children."""
    family = rng.choice(LAST_NAMES)
    main_sex = LegalSex.MALE if rng.random() < 0.62 else LegalSex.FEMALE
    persons = [_person(rng, "p1", Relation.MAIN_APPLICANT, rng.randint(25, 72), opened_on, family,
                       "" if rng.random() < 0.05 else main_sex)]
    if rng.random() < 0.45:
        other = LegalSex.FEMALE if main_sex == LegalSex.MALE else LegalSex.MALE
        persons.append(_person(rng, "p2", Relation.SPOUSE, rng.randint(23, 68), opened_on, family, other))
    children = rng.choices((0, 1, 2, 3, 4), weights=(55, 15, 15, 10, 5))[0] if len(persons) > 1 else 0
    for _child in range(min(children, 6 - len(persons))):
        persons.append(_person(rng, f"p{len(persons) + 1}", Relation.CHILD, rng.randint(0, 17), opened_on, family,
                               rng.choice((LegalSex.FEMALE, LegalSex.MALE))))
    return persons


def _amount(case: RegisterCase) -> int:
    adults = sum(1 for person in case.persons if person.relation != Relation.CHILD)
    if case.decided_on is not None and case.decided_on >= NEW_LAW:
        return 350_000 * adults
    children = len(case.persons) - adults
    return min(10_000 * adults + 5_000 * children, 40_000)  # the grant before 2026


def _close(case: RegisterCase, stage: Stage, day: dt.date, today: dt.date) -> None:
    if day <= today:
        case.stage, case.closed_on = stage, day


def _walk(rng: random.Random, case: RegisterCase, outcome: str, today: dt.date) -> None:
    """Take the case as far along as its dates allow by today."""
    if outcome in ("no_application", "withdrawn"):
        case.stage = Stage.COUNSELLING
        stage = Stage.CLOSED_WITHOUT_APPLICATION if outcome == "no_application" else Stage.WITHDRAWN
        _close(case, stage, case.opened_on + _days(rng, 7, 150), today)
        return
    case.stage = Stage.PREPARING_APPLICATION
    submitted = case.opened_on + _days(rng, 14, 120)
    if submitted > today:
        return
    case.stage, case.submitted_on = Stage.SUBMITTED, submitted
    decided = submitted + _days(rng, 30, 180)
    if decided > today:
        return
    case.stage, case.decided_on, case.decision = Stage.DECIDED, decided, outcome
    if outcome == DecisionOutcome.REFUSED:
        case.decision_reasons = tuple(sorted(rng.sample(REASONS, rng.choice((1, 1, 1, 2)))))
        _close(case, Stage.CLOSED, decided + _days(rng, 5, 60), today)
        return
    case.decided_amount_sek = _amount(case)
    departed = decided + _days(rng, 14, 120)
    if departed > today:
        case.stage = Stage.DEPARTURE_PLANNED
        return
    case.stage, case.departed_on = Stage.DEPARTED, departed
    if departed + dt.timedelta(days=30) <= today:
        case.stage = Stage.FOLLOW_UP
    _close(case, Stage.CLOSED, departed + _days(rng, 365, 420), today)


def synthetic_case(rng: random.Random, case_ref: str, opened_on: dt.date, outcome: str,
                   today: dt.date) -> RegisterCase:
    programme = Programme.REINTEGRATION_SUPPORT if rng.random() < 0.1 else Programme.RETURN_GRANT
    channel = rng.choices(Channel.values, weights=(80, 12, 8))[0]
    case = RegisterCase(line=0, case_ref=case_ref, opened_on=opened_on, stage=Stage.INQUIRY, channel=channel,
                        programme=programme,
                        destination_country=rng.choices(DESTINATIONS, weights=DESTINATION_WEIGHTS)[0])
    case.persons = _household(rng, opened_on)
    _walk(rng, case, outcome, today)
    return case


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _year_outcomes(rng: random.Random, year: int, today: dt.date) -> list[str]:
    """What the cases opened in one year came to: the national series' shape, invented numbers."""
    if year < NEW_LAW.year:
        granted = rng.randint(*OLD_GRANTED)
        refused = max(rng.randint(*OLD_DECIDED) - granted, 0)
        other = rng.randint(*OLD_OTHER)
    else:
        elapsed = (min(today, dt.date(year, 12, 31)) - dt.date(year, 1, 1)).days + 1
        inquiries = NEW_INQUIRIES_PER_YEAR * elapsed // 365
        granted, refused = inquiries * 45 // 100, inquiries * 20 // 100
        other = inquiries - granted - refused
    withdrawn = other // 4
    return ([DecisionOutcome.GRANTED] * granted + [DecisionOutcome.REFUSED] * refused
            + ["withdrawn"] * withdrawn + ["no_application"] * (other - withdrawn))


def history(seed: int = 2013, from_year: int = 2013, today: dt.date | None = None) -> Iterator[RegisterCase]:
    """A city's register from `from_year` to today: a handful a year before 2026, many more after."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    for year in range(from_year, today.year + 1):
        end = min(today, dt.date(year, 12, 31))
        for number, outcome in enumerate(_year_outcomes(rng, year, today), start=1):
            opened_on = _random_day(rng, dt.date(year, 1, 1), end)
            yield synthetic_case(rng, f"HIST-{year}-{number:04d}", opened_on, outcome, today)


def scale_register(count: int, seed: int = 2026, from_year: int = 2013,
                   today: dt.date | None = None) -> Iterator[RegisterCase]:
    """`count` cases for scale tests, most of them from 2026 on; yielded one by one (millions stay cheap)."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    years = list(range(from_year, today.year + 1))
    weights = [10 if year >= NEW_LAW.year else 1 for year in years]
    outcomes = (DecisionOutcome.GRANTED, DecisionOutcome.REFUSED, "withdrawn", "no_application")
    for number in range(1, count + 1):
        year = rng.choices(years, weights=weights)[0]
        opened_on = _random_day(rng, dt.date(year, 1, 1), min(today, dt.date(year, 12, 31)))
        outcome = rng.choices(outcomes, weights=(40, 20, 10, 30))[0]
        yield synthetic_case(rng, f"SYN-{seed}-{number:07d}", opened_on, outcome, today)


def fingerprint(count: int, seed: int, from_year: int) -> str:
    """What the audit event records instead of a file's SHA-256: the generator's arguments, hashed."""
    return hashlib.sha256(f"synthetic:{count}:{seed}:{from_year}".encode()).hexdigest()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ";".join(value)
    return str(value)


def csv_rows(cases: Iterable[RegisterCase]) -> Iterator[list[str]]:
    """The contract's CSV rows (one per person), header first."""
    yield [*CASE_COLUMNS, *PERSON_COLUMNS]
    for case in cases:
        shared = [_text(getattr(case, column)) for column in CASE_COLUMNS]
        for person in case.persons:
            birth = person.birth_date.isoformat() if person.birth_date else _text(person.birth_year)
            yield [*shared, person.person_ref, person.relation, person.first_name, person.last_name, birth,
                   person.sex, person.identity_number]


def write_csv(cases: Iterable[RegisterCase], stream: Any) -> None:
    csvfiles.writer(stream, lineterminator="\n").writerows(csv_rows(cases))
