"""Parse and validate a facts document (JSON) into a ``Household``, collecting every problem.

Each problem names the field by its JSON path (``members[1].permit.granted_on: not a date``), the same
paths for the CLI (one line each on standard error) and the API (HTTP 422).  Field checks are shared
with the CSV reader of the batch path (batch.py), which reports them as ``line N: column: problem``.
Unknown fields are ignored, so documents may carry more than the engine reads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from hemvag.rules.facts import ASYLUM_OUTCOMES, GROUNDS, ROLES, Asylum, Household, Member, Permit
from hemvag.rules.parameters import COUNTRY_CODES

T = TypeVar("T")
_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
MEMBER_BOOLEANS: Final = (
    "swedish_citizen",
    "registered_in_sweden",
    "lives_with_main_applicant",
    "special_reasons_accepted",
    "debts_to_authorities",
    "can_pay_journey",
    "has_valid_national_passport",
    "received_grant_before",
)


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class FactsError(ValueError):
    """Invalid facts; ``problems`` holds every problem found, in document order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class FieldError(ValueError):
    """One field's value is invalid; the message is the problem text."""


# --- field checks shared with the CSV reader ---------------------------------------------------------


def parse_date_text(text: str) -> dt.date:
    if not _DATE.fullmatch(text):
        raise FieldError("not a date")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError("not a date") from None


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise FieldError(f"unknown {what} '{value}' (expected {' | '.join(choices)})")
    return value


def check_country(value: str) -> str:
    code = value.upper()
    if len(code) != 2 or code not in COUNTRY_CODES:
        raise FieldError(f"unknown country code '{value}' (expected ISO 3166-1 alpha-2, e.g. IQ)")
    return code


def member_date_problems(birth: dt.date | None, granted: dt.date | None, application: dt.date) -> list[tuple[str, str]]:
    """Impossible dates, as (field path relative to the member, message)."""
    problems = []
    if birth is not None and birth > application:
        problems.append(("birth_date", f"after the application date {application.isoformat()}"))
    if birth is not None and granted is not None and granted < birth:
        problems.append(("permit.granted_on", f"before the birth date {birth.isoformat()}"))
    return problems


def main_applicant_problem(roles: list[str]) -> str | None:
    count = roles.count("main_applicant")
    return None if count == 1 else f"exactly one main_applicant required, found {count}"


# --- JSON documents ------------------------------------------------------------------------------------


class _Reader:
    """Reads typed values out of nested JSON, recording a Problem instead of raising."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def field(self, raw: Mapping[str, Any], name: str, path: str, convert: Callable[[Any], T]) -> T | None:
        value = raw.get(name)
        if value is None:
            return None
        try:
            return convert(value)
        except FieldError as error:
            self.problems.append(Problem(f"{path}{name}", str(error)))
            return None

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError("not true, false or null")
    return value


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError("not a string")
    return value


def _date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise FieldError("not a date")
    return parse_date_text(value)


def _choice(choices: tuple[str, ...], what: str) -> Callable[[Any], str]:
    return lambda value: check_choice(_string(value), choices, what)


def _object(reader: _Reader, raw: Any, path: str) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        reader.add(path, "not an object")
        return {}
    return raw


def _permit(reader: _Reader, raw: Any, path: str) -> Permit:
    raw = _object(reader, raw, path)
    return Permit(
        ground=reader.field(raw, "ground", f"{path}.", _choice(GROUNDS, "ground")),
        granted_on=reader.field(raw, "granted_on", f"{path}.", _date),
        permanent=reader.field(raw, "permanent", f"{path}.", _boolean),
        valid=reader.field(raw, "valid", f"{path}.", _boolean),
    )


def _asylum(reader: _Reader, raw: Any, path: str) -> Asylum:
    raw = _object(reader, raw, path)
    return Asylum(
        outcome=reader.field(raw, "outcome", f"{path}.", _choice(ASYLUM_OUTCOMES, "asylum outcome")),
        decided_on=reader.field(raw, "decided_on", f"{path}.", _date),
        admission_likely=reader.field(raw, "admission_likely", f"{path}.", _boolean),
        late_application_accepted=reader.field(raw, "late_application_accepted", f"{path}.", _boolean),
    )


def _member(reader: _Reader, raw: Any, index: int, application: dt.date) -> Member | None:
    path = f"members[{index}]"
    if not isinstance(raw, dict):
        reader.add(path, "not an object")
        return None
    role = reader.field(raw, "role", f"{path}.", _choice(ROLES, "role"))
    if raw.get("role") is None:
        reader.add(f"{path}.role", "required")
    member_id = reader.field(raw, "id", f"{path}.", _string) or f"p{index + 1}"
    member = Member(
        id=member_id,
        role=role or "",
        birth_date=reader.field(raw, "birth_date", f"{path}.", _date),
        permit=_permit(reader, raw.get("permit"), f"{path}.permit"),
        asylum=_asylum(reader, raw.get("asylum"), f"{path}.asylum"),
        **{name: reader.field(raw, name, f"{path}.", _boolean) for name in MEMBER_BOOLEANS},
    )
    for field_path, message in member_date_problems(member.birth_date, member.permit.granted_on, application):
        reader.add(f"{path}.{field_path}", message)
    return member if role is not None else None


def parse_facts(document: Any, on: dt.date | None = None, today: dt.date | None = None) -> Household:
    """A validated Household from a decoded JSON document.

    The application date is ``on`` if given, else the document's ``application_date``, else ``today``
    (default: the current date), as the contract says.  Raises FactsError with every problem found.
    """
    reader = _Reader()
    if not isinstance(document, dict):
        raise FactsError([Problem("$", "the facts document must be a JSON object")])
    given = reader.field(document, "application_date", "", _date)
    application = on or given or today or dt.date.today()
    country = reader.field(document, "destination_country", "", lambda v: check_country(_string(v)))
    settles = reader.field(document, "settles_permanently", "", _boolean)
    in_sweden = reader.field(document, "in_sweden", "", _boolean)
    raw_members = document.get("members")
    members: list[Member] = []
    if not isinstance(raw_members, list) or not raw_members:
        reader.add("members", "required: a non-empty list of household members")
    else:
        parsed = [_member(reader, raw, i, application) for i, raw in enumerate(raw_members)]
        roles = [raw.get("role") for raw in raw_members if isinstance(raw, dict)]
        problem = main_applicant_problem([r for r in roles if isinstance(r, str)])
        if problem:
            reader.add("members", problem)
        members = [m for m in parsed if m is not None]
        seen: set[str] = set()
        for index, member in enumerate(parsed):
            if member is not None and member.id in seen:
                reader.add(f"members[{index}].id", f"duplicate member id '{member.id}'")
            if member is not None:
                seen.add(member.id)
    if reader.problems:
        raise FactsError(reader.problems)
    return Household(application, country, settles, tuple(members), in_sweden=in_sweden)


def parse_facts_json(text: str | bytes, on: dt.date | None = None, today: dt.date | None = None) -> Household:
    """Like parse_facts, from JSON text; malformed JSON is a FactsError at path ``$``."""
    if isinstance(text, str):
        text = text.removeprefix("\ufeff")  # a byte-order mark, as some editors write
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f" at line {error.lineno} column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "not UTF-8"
        raise FactsError([Problem("$", f"malformed JSON{where}: {reason}")]) from None
    return parse_facts(document, on=on, today=today)
