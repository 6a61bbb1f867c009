"""A case's eligibility facts — the contract's facts document — prefilled from the people records.

What the people records know (who is in the household, their relation and birth date, living together)
is always taken from them; what only the counsellor knows (permits, debts, passports …) comes from the
facts stored on the case. The rules engine is then run on the merged document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hemvag.cases.models import Case
from hemvag.rules.engine import evaluate as evaluate_household
from hemvag.rules.validation import parse_facts

HOUSEHOLD_FACTS = ("application_date", "destination_country", "settles_permanently")
MEMBER_FACTS = (
    "swedish_citizen", "registered_in_sweden", "special_reasons_accepted", "debts_to_authorities",
    "can_pay_journey", "has_valid_national_passport", "received_grant_before",
)


def member_id(person_id: int) -> str:
    return f"p{person_id}"


def facts_for(case: Case) -> dict[str, Any]:
    stored = case.facts or {}
    stored_members = {member.get("id"): member for member in stored.get("members", []) if isinstance(member, dict)}
    members = []
    for membership in case.household.members.select_related("person").order_by("pk"):
        person = membership.person
        entered = stored_members.get(member_id(person.pk), {})
        member: dict[str, Any] = {fact: entered.get(fact) for fact in MEMBER_FACTS}
        member.update(
            id=member_id(person.pk),
            role=membership.relation,
            birth_date=person.birth_date.isoformat() if person.birth_date else None,
            lives_with_main_applicant=membership.lives_with_main_person,
            permit=entered.get("permit") or {"ground": None, "granted_on": None, "permanent": None, "valid": None},
            asylum=entered.get("asylum") or {"outcome": None, "decided_on": None, "admission_likely": None},
        )
        members.append(member)
    document: dict[str, Any] = {fact: stored.get(fact) for fact in HOUSEHOLD_FACTS}
    document["destination_country"] = case.destination_country or stored.get("destination_country")
    document["members"] = members
    return document


def evaluate(facts: dict[str, Any], *, on: dt.date | None = None, lang: str = "sv") -> dict[str, Any]:
    """The contract's result document. Raises FactsError (with JSON paths) if the facts are invalid."""
    return evaluate_household(parse_facts(facts, on=on), "all", lang)

