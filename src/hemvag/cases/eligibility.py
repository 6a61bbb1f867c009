"""A case's eligibility facts — the contract's facts document — prefilled from the people records.

What the people records know (who is in the household, their relation and birth date, living together)
is always taken from them; what only the counsellor knows (permits, debts, passports …) comes from the
facts stored on the case. The rules engine is then run on the merged document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils.translation import gettext_lazy as _

from hemvag.cases.models import Case
from hemvag.core.audit import canonical_json
from hemvag.rules.engine import evaluate as evaluate_household
from hemvag.rules.validation import FactsError, Problem, parse_facts

HOUSEHOLD_FACTS = ("application_date", "destination_country", "settles_permanently", "in_sweden")
MEMBER_FACTS = (
    "swedish_citizen", "registered_in_sweden", "special_reasons_accepted", "debts_to_authorities",
    "can_pay_journey", "has_valid_national_passport", "received_grant_before",
)


def member_id(person_id: int) -> str:
    return f"p{person_id}"


PERMIT_FACTS = ("ground", "granted_on", "permanent", "valid")
ASYLUM_FACTS = ("outcome", "decided_on", "admission_likely", "late_application_accepted")


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _stored_members(stored: dict[str, Any]) -> dict[Any, dict[str, Any]]:
    members = stored.get("members")
    return {m.get("id"): m for m in members if isinstance(m, dict)} if isinstance(members, list) else {}


def _known(value: Any) -> Any:
    """A stored value as a fact: scalars as they are; anything else (a list, an object) as unknown, so an old
    or damaged document still shows — the values were checked when saved, this only keeps the page up."""
    return value if isinstance(value, str | bool | int | float) or value is None else None


def facts_for(case: Case, stored: Any = None) -> dict[str, Any]:
    """The facts document of the case: the people records merged with the stored facts (or `stored`)."""
    stored = _object(case.facts if stored is None else stored)
    stored_members = _stored_members(stored)
    members = []
    for membership in case.household.members.select_related("person").order_by("pk"):
        person = membership.person
        entered = stored_members.get(member_id(person.pk), {})
        member: dict[str, Any] = {fact: _known(entered.get(fact)) for fact in MEMBER_FACTS}
        permit, asylum = _object(entered.get("permit")), _object(entered.get("asylum"))
        member.update(
            id=member_id(person.pk),
            role=membership.relation,
            birth_date=person.birth_date.isoformat() if person.birth_date else None,
            lives_with_main_applicant=membership.lives_with_main_person,
            permit={fact: _known(permit.get(fact)) for fact in PERMIT_FACTS},
            asylum={fact: _known(asylum.get(fact)) for fact in ASYLUM_FACTS},
        )
        members.append(member)
    document: dict[str, Any] = {fact: _known(stored.get(fact)) for fact in HOUSEHOLD_FACTS}
    document["destination_country"] = case.destination_country or document["destination_country"]
    document["members"] = members
    return document


def _shape_problems(case: Case, facts: Any) -> list[Problem]:
    """What the merge would silently drop: the stored document must have the contract's shape."""
    if not isinstance(facts, dict):
        return [Problem("$", "the facts document must be a JSON object")]
    members = facts.get("members")
    if members is None:
        return []
    if not isinstance(members, list):
        return [Problem("members", "must be a list of household members")]
    ids = {member_id(pk) for pk in case.household.members.values_list("person_id", flat=True)}
    problems = []
    for index, member in enumerate(members):
        if not isinstance(member, dict):
            problems.append(Problem(f"members[{index}]", "must be an object"))
        elif member.get("id") not in ids:
            problems.append(Problem(f"members[{index}].id", "not a member of the case's household"))
        else:
            problems.extend(Problem(f"members[{index}].{name}", "must be an object")
                            for name in ("permit", "asylum")
                            if member.get(name) is not None and not isinstance(member[name], dict))
    return problems


class FactsChanged(Exception):
    """The facts were saved by someone else after the writer read them (their version no longer matches)."""

    def __init__(self) -> None:
        super().__init__(_("Someone else saved the eligibility facts after you read them; nothing was saved."))


FACTS_VERSION_LENGTH = 20  # hex digits of a SHA-256: enough that two versions never share one by chance


def facts_version(case: Case) -> str:
    """What identifies the stored facts as a writer read them: a writer who sends it back overwrites nothing
    saved in between (the API's ETag and If-Match, the facts form's hidden field)."""
    return hashlib.sha256(canonical_json(case.facts).encode()).hexdigest()[:FACTS_VERSION_LENGTH]


def checked_facts(case: Case, facts: Any) -> dict[str, Any]:
    """The facts to store, checked as `hemvag eligibility` checks a facts document (merged with the people
    records). Raises FactsError naming each problem by its JSON path in the document given."""
    problems = _shape_problems(case, facts)
    if problems:
        raise FactsError(problems)
    merged = facts_for(case, stored=facts)
    try:
        parse_facts(merged)
    except FactsError as error:
        # The merged document lists members in household order; name them as the caller's document does.
        given = [m.get("id") for m in facts.get("members") or []]
        raise FactsError([_in_given_order(p, merged, given) for p in error.problems]) from None
    return facts


def _in_given_order(problem: Problem, merged: dict[str, Any], given: list[Any]) -> Problem:
    head, bracket, rest = problem.path.partition("[")
    if head != "members" or not bracket:
        return problem
    index, _close, tail = rest.partition("]")
    member = merged["members"][int(index)]["id"]
    return Problem(f"members[{given.index(member)}]{tail}", problem.message) if member in given else problem


def evaluate(facts: dict[str, Any], *, on: dt.date | None = None, lang: str = "sv") -> dict[str, Any]:
    """The contract's result document. Raises FactsError (with JSON paths) if the facts are invalid."""
    return evaluate_household(parse_facts(facts, on=on), "all", lang)

