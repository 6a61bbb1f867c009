"""Validation of the facts document: every problem is collected, each named by its JSON path."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from scenarios import household

from hemvag.rules.validation import FactsError, parse_facts, parse_facts_json


def problems(document: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(FactsError) as caught:
        parse_facts(document, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_valid_document_parses_with_nested_values() -> None:
    facts = parse_facts(household("single_2026", add=[{"template": "child"}]))
    assert facts.application_date == dt.date(2026, 3, 1)
    assert facts.members[0].permit.granted_on == dt.date(2017, 6, 1)
    assert facts.members[1].id == "p2" and facts.members[1].role == "child"
    assert facts.destination_country == "IQ"


def test_all_problems_are_collected_in_document_order() -> None:
    document = household("single_2026", add=[{"template": "spouse"}])
    document["members"][0]["permit"]["ground"] = "asylum"
    document["members"][1]["permit"]["granted_on"] = "2020-02-30"
    document["members"][1]["role"] = "cousin"
    document["destination_country"] = "XX"
    assert problems(document) == [
        "destination_country: unknown country code 'XX' (expected ISO 3166-1 alpha-2, e.g. IQ)",
        "members[0].permit.ground: unknown ground 'asylum' (expected refugee | subsidiary_protection | "
        "other_protection | quota_refugee | exceptionally_distressing | particularly_distressing | "
        "upper_secondary_school_act | temporary_act_2016 | temporary_protection_directive | family_ties | "
        "work | studies | other)",
        "members[1].role: unknown role 'cousin' (expected main_applicant | spouse | cohabiting_partner | "
        "child | other_relative)",
        "members[1].permit.granted_on: not a date",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"members[0].birth_date": "2026-03-02"}, "members[0].birth_date: after the application date 2026-03-01"),
        (
            {"members[0].permit.granted_on": "1981-05-01"},
            "members[0].permit.granted_on: before the birth date 1981-05-02",
        ),
        ({"members[0].swedish_citizen": "no"}, "members[0].swedish_citizen: not true, false or null"),
        ({"members[0].swedish_citizen": 0}, "members[0].swedish_citizen: not true, false or null"),
        ({"members[0].asylum.outcome": "granted"}, "members[0].asylum.outcome: unknown asylum outcome 'granted'"),
        ({"application_date": "1 March 2026"}, "application_date: not a date"),
        ({"application_date": "20260301"}, "application_date: not a date"),
        ({"members[0].permit": "refugee"}, "members[0].permit: not an object"),
        ({"members[0].role": None}, "members[0].role: required"),
        ({"members[0].role": "spouse"}, "members: exactly one main_applicant required, found 0"),
    ],
)
def test_single_problem(change: dict[str, Any], expected: str) -> None:
    from scenarios import set_path

    document = household("single_2026")
    for path, value in change.items():
        set_path(document, path, value)
    found = problems(document)
    assert any(p.startswith(expected) for p in found), found


def test_two_main_applicants() -> None:
    document = household("single_2026", add=[{"template": "main", "set": {"id": "p2"}}])
    assert problems(document) == ["members: exactly one main_applicant required, found 2"]


def test_duplicate_member_ids() -> None:
    document = household("single_2026", add=[{"template": "child", "set": {"id": "p1"}}])
    assert problems(document) == ["members[1].id: duplicate member id 'p1'"]


def test_birth_after_the_date_given_with_on() -> None:
    child = {"template": "child", "set": {"birth_date": "2025-12-01", "permit.granted_on": "2026-01-15"}}
    document = household("single_2026", add=[child])
    assert parse_facts(document).members[1].birth_date == dt.date(2025, 12, 1)
    assert problems(document, on=dt.date(2025, 6, 1)) == [
        "members[1].birth_date: after the application date 2025-06-01"
    ]


def test_absent_and_null_facts_are_unknown_not_false() -> None:
    facts = parse_facts({"members": [{"role": "main_applicant"}]}, today=dt.date(2026, 5, 5))
    member = facts.members[0]
    assert facts.application_date == dt.date(2026, 5, 5)
    assert member.swedish_citizen is None and member.permit.ground is None and member.asylum.outcome is None
    assert member.id == "p1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"members": [', "$: malformed JSON at line 1 column 14: Expecting value"),
        ("[1, 2]", "$: the facts document must be a JSON object"),
        ("{}", "members: required: a non-empty list of household members"),
        ('{"members": []}', "members: required: a non-empty list of household members"),
    ],
)
def test_document_level_problems(text: str, expected: str) -> None:
    with pytest.raises(FactsError) as caught:
        parse_facts_json(text)
    assert [str(p) for p in caught.value.problems] == [expected]


def test_unknown_fields_are_ignored() -> None:
    document = copy.deepcopy(household("single_2026"))
    document["note"] = "free text"
    document["members"][0]["nickname"] = "x"
    assert parse_facts_json(json.dumps(document)).members[0].id == "p1"


def test_a_byte_order_mark_is_tolerated() -> None:
    text = "\ufeff" + json.dumps(household("single_2026"))
    assert parse_facts_json(text).members[0].id == "p1"


def test_the_new_facts_are_read_and_checked() -> None:
    document = household("reintegration_single")
    document["in_sweden"] = False
    document["members"][0]["asylum"]["late_application_accepted"] = True
    facts = parse_facts(document)
    assert facts.in_sweden is False
    assert facts.members[0].asylum.late_application_accepted is True
    del document["in_sweden"]
    assert parse_facts(document).in_sweden is None  # absent = unknown
    document["in_sweden"] = "yes"
    document["members"][0]["asylum"]["late_application_accepted"] = 1
    assert problems(document) == [
        "in_sweden: not true, false or null",
        "members[0].asylum.late_application_accepted: not true, false or null",
    ]
