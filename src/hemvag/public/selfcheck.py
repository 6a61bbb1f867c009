"""The anonymous self-check: which question comes next, and the household facts built from the answers.

Nothing here is stored. The answers travel with the visitor, as hidden form fields posted from page to page
(``answer`` = "key=value", in the order given, "?" for "I don't know"); the server rebuilds the facts
document from them on every request, asks the rules engine, and forgets them when the response is sent.

Three setup questions come first (which support, partner, children); after that every question is the first
fact in the engine's ``missing`` list that the visitor has not answered yet, most decisive first, until the
outcome is decided or nothing more can be asked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Final

from hemvag.rules.engine import evaluate
from hemvag.rules.facts import ASYLUM_OUTCOMES, FACTS, GROUNDS, Fact, Household
from hemvag.rules.validation import FactsError, FieldError, check_country, parse_date_text, parse_facts

PROGRAMS: Final = ("return_grant", "reintegration_support")
PARTNER_CHOICES: Final = ("none", "spouse", "cohabiting_partner")
MAX_CHILDREN: Final = 10
UNKNOWN: Final = "?"
SETUP_KEYS: Final = ("program", "partner", "children")
MEMBER_PATH: Final = re.compile(r"^members\[(\d+)\]\.(.+)$")
# An honest upper bound on how many answers a household of this size can need; more is tampering.
MAX_ANSWERS: Final = len(SETUP_KEYS) + len(FACTS) * (2 + MAX_CHILDREN)


class BadAnswers(ValueError):
    """The hidden answers are not ones this wizard could have produced (edited by hand, or stale)."""


@dataclass(frozen=True)
class Question:
    """One question: a setup key or a JSON path into the facts document."""

    key: str
    kind: str  # program | partner | children | bool | date | country | ground | asylum_outcome
    member: int | None = None  # index into members for member facts
    column: str | None = None  # the engine's fact column, for member and household facts


def fact_for_path(path: str) -> tuple[Fact, int | None]:
    """The engine's Fact behind a JSON path, and the member index (None for household facts)."""
    match = MEMBER_PATH.match(path)
    relative, member = (match.group(2), int(match.group(1))) if match else (path, None)
    for candidate in FACTS:
        if candidate.path == relative and candidate.household_level == (member is None):
            return candidate, member
    raise BadAnswers(f"unknown fact {path}")


def question_for(key: str) -> Question:
    if key in SETUP_KEYS:
        return Question(key, key)
    found, member = fact_for_path(key)
    return Question(key, found.kind, member, found.column)


def check_value(question: Question, value: str) -> Any:
    """The typed value of an answer, or BadAnswers. Used for posted hidden answers and new ones alike."""
    try:
        if question.kind == "program":
            return _choice(value, PROGRAMS)
        if question.kind == "partner":
            return _choice(value, PARTNER_CHOICES)
        if question.kind == "children":
            number = int(value) if value.isdigit() else -1
            if not 0 <= number <= MAX_CHILDREN:
                raise BadAnswers(value)
            return number
        if question.kind == "bool":
            return {"true": True, "false": False}[value]
        if question.kind == "date":
            return parse_date_text(value).isoformat()
        if question.kind == "country":
            return check_country(value)
        if question.kind == "ground":
            return _choice(value, GROUNDS)
        if question.kind == "asylum_outcome":
            return _choice(value, ASYLUM_OUTCOMES)
    except (KeyError, FieldError) as error:
        raise BadAnswers(value) from error
    raise BadAnswers(question.kind)


def _choice(value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise BadAnswers(value)
    return value


@dataclass
class Answers:
    """The visitor's answers so far, in the order given."""

    items: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_posted(cls, raw: list[str]) -> Answers:
        if len(raw) > MAX_ANSWERS:
            raise BadAnswers("too many answers")
        answers = cls()
        for item in raw:
            key, separator, value = item.partition("=")
            if not separator or answers.has(key):
                raise BadAnswers(item)
            if value != UNKNOWN or key in SETUP_KEYS:
                check_value(question_for(key), value)
            answers.items.append((key, value))
        # Setup answers come first and in order: otherwise the member indexes would not be ours.
        keys = [key for key, _value in answers.items]
        if keys[: len(SETUP_KEYS)] != list(SETUP_KEYS)[: min(len(keys), len(SETUP_KEYS))]:
            raise BadAnswers("setup order")
        return answers

    def has(self, key: str) -> bool:
        return any(existing == key for existing, _value in self.items)

    def get(self, key: str) -> str | None:
        return next((value for existing, value in self.items if existing == key), None)

    def added(self, key: str, value: str) -> Answers:
        return Answers([*[(k, v) for k, v in self.items if k != key], (key, value)])

    def without_last(self) -> tuple[Answers, tuple[str, str] | None]:
        if not self.items:
            return self, None
        return Answers(self.items[:-1]), self.items[-1]

    def encoded(self) -> list[str]:
        return [f"{key}={value}" for key, value in self.items]

    @property
    def program(self) -> str | None:
        return self.get("program")

    @property
    def setup_done(self) -> bool:
        return all(self.has(key) for key in SETUP_KEYS)


@dataclass(frozen=True)
class Person:
    """Who a member question is about, for the question text."""

    index: int
    role: str
    number: int = 0  # children are numbered 1, 2, … in the texts


def household_people(answers: Answers) -> list[Person]:
    people = [Person(0, "main_applicant")]
    partner = answers.get("partner")
    if partner and partner != "none":
        people.append(Person(1, partner))
    children = int(answers.get("children") or 0)
    people.extend(Person(len(people), "child", number) for number in range(1, children + 1))
    return people


def _set_path(document: dict[str, Any], path: str, value: Any) -> None:
    match = MEMBER_PATH.match(path)
    target: dict[str, Any] = document["members"][int(match.group(1))] if match else document
    parts = (match.group(2) if match else path).split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def facts_document(answers: Answers, today: dt.date) -> dict[str, Any]:
    """The contract's facts document built from the answers; "I don't know" stays absent (= unknown)."""
    people = household_people(answers)
    document: dict[str, Any] = {
        "application_date": today.isoformat(),
        "members": [{"id": f"p{person.index + 1}", "role": person.role} for person in people],
    }
    for key, value in answers.items:
        if key in SETUP_KEYS or value == UNKNOWN:
            continue
        match = MEMBER_PATH.match(key)
        if match and int(match.group(1)) >= len(people):
            raise BadAnswers(key)
        _set_path(document, key, check_value(question_for(key), value))
    return document


def household(answers: Answers, today: dt.date) -> Household:
    try:
        return parse_facts(facts_document(answers, today))
    except FactsError as error:
        raise BadAnswers(str(error)) from error


@dataclass(frozen=True)
class Step:
    """What to show next: a question (with how many at most may follow), or the engine's result."""

    question: Question | None
    number: int
    remaining: int
    result: dict[str, Any] | None = None


def next_step(answers: Answers, today: dt.date, lang: str) -> Step:
    number = len(answers.items) + 1
    for key in SETUP_KEYS:
        if not answers.has(key):
            # How many questions follow depends on the household, which is not known yet: no count.
            return Step(question_for(key), number, 0)
    program = answers.program or PROGRAMS[0]
    result = evaluate(household(answers, today), program=program, lang=lang)["results"][0]
    open_paths = [path for path in result["missing"] if not answers.has(path)]
    if result["outcome"] != "needs_information" or not open_paths:
        return Step(None, number, 0, result)
    return Step(question_for(open_paths[0]), number, len(open_paths))
