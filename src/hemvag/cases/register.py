"""Reading and checking an earlier case register (the statistics contract, §1): one CSV row per person.

Nothing here writes. `read_register` streams the file once, checks every rule and returns the cases it
describes with every problem found, as (line, column, message) in file order; the import action
(`cases.actions.do_import_register`) writes only a register without problems. Line numbers count CSV records,
the header being line 1, so a quoted cell that spans lines still counts as one.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hemvag.cases.models import Channel, DecisionOutcome, Programme, RefusalReasonCode, Stage
from hemvag.core.validation import validate_country_code
from hemvag.people.identity import InvalidIdentityNumber, parse_identity_number
from hemvag.people.models import LegalSex, Relation

REQUIRED_COLUMNS = ("case_ref", "opened_on", "person_ref", "relation")
# The case columns, in the contract's order: identical on every row of a case.
CASE_COLUMNS = ("case_ref", "opened_on", "channel", "programme", "destination_country", "stage", "submitted_on",
                "decision", "decided_on", "decided_amount_sek", "decision_reasons", "departed_on", "closed_on")
PERSON_COLUMNS = ("person_ref", "relation", "first_name", "last_name", "birth_date", "sex", "identity_number")
# The case's dates that must follow each other (birth_date, a person column, comes before all of them).
DATE_ORDER = ("opened_on", "submitted_on", "decided_on", "departed_on", "closed_on")
CLOSING_STAGES = frozenset({Stage.CLOSED, Stage.WITHDRAWN, Stage.CLOSED_WITHOUT_APPLICATION})
DEPARTED_STAGES = frozenset({Stage.DEPARTED, Stage.FOLLOW_UP})
CASE_REF_MAX = 40
NAME_MAX = 100  # Person.first_name / last_name
SHOWN_PROBLEMS = 20
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = re.compile(r"^\d{4}$")
READ_CHUNK = 1 << 20
# Each list once (a TextChoices' `.values` builds a new list at every call, and a register has millions of cells).
CHANNELS, PROGRAMMES, STAGES = tuple(Channel.values), tuple(Programme.values), tuple(Stage.values)
DECISIONS, REASON_CODES = tuple(DecisionOutcome.values), tuple(RefusalReasonCode.values)
RELATIONS, SEXES = tuple(Relation.values), tuple(LegalSex.values)
# "Today" in Europe/Stockholm, fixed while one file is read (and cheaper than asking for every date cell).
_TODAY: ContextVar[dt.date | None] = ContextVar("register_today", default=None)


def today() -> dt.date:
    return _TODAY.get() or timezone.localdate()


@dataclass(frozen=True, order=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.column}: {self.message}" if self.column else \
            f"line {self.line}: {self.message}"


@dataclass(slots=True)
class RegisterPerson:
    line: int
    person_ref: str
    relation: str
    first_name: str = ""
    last_name: str = ""
    birth_date: dt.date | None = None
    birth_year: int | None = None
    sex: str = ""
    identity_number: str = ""  # twelve digits, as stored
    is_coordination_number: bool = False


@dataclass(slots=True)
class RegisterCase:
    line: int  # the case's first row
    case_ref: str
    opened_on: dt.date
    stage: str
    channel: str = Channel.COUNSELLOR
    programme: str = Programme.UNDECIDED
    destination_country: str = ""
    submitted_on: dt.date | None = None
    decision: str = ""
    decided_on: dt.date | None = None
    decided_amount_sek: int | None = None
    decision_reasons: tuple[str, ...] = ()
    departed_on: dt.date | None = None
    closed_on: dt.date | None = None
    persons: list[RegisterPerson] = field(default_factory=list)


@dataclass
class Register:
    """What a file describes: its cases (in the order they first appear) and the problems found."""

    cases: list[RegisterCase]
    problems: list[Problem]
    sha256: str
    rows: int

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def shown_problems(self) -> list[Problem]:
        return self.problems[:SHOWN_PROBLEMS]


class _Hashing:
    """Decodes the byte stream as UTF-8 text lines while hashing the bytes and counting them for progress."""

    def __init__(self, stream: BinaryIO, progress: Callable[[int], None] | None) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        self.progress = progress
        self.first = True

    def chunks(self) -> Iterator[str]:
        while chunk := self.stream.read(READ_CHUNK):
            self.digest.update(chunk)
            text = self.decoder.decode(chunk)
            if self.first:
                text, self.first = text.removeprefix("\ufeff"), False  # a byte-order mark is allowed
            if self.progress is not None:
                self.progress(len(chunk))
            yield text
        yield self.decoder.decode(b"", final=True)

    def lines(self) -> Iterator[str]:
        """Lines split at "\n" only: the csv module itself joins a quoted cell that spans lines."""
        pending = ""
        for text in self.chunks():
            *complete, pending = (pending + text).split("\n")
            for line in complete:
                yield line + "\n"
        if pending:
            yield pending


# --- one cell -----------------------------------------------------------------------------------------------

class CellError(ValueError):
    """The cell's value is not acceptable; the message says why."""


def parse_date(text: str) -> dt.date | None:
    if not text:
        return None
    if not ISO_DATE.match(text):
        raise CellError(_("“%(value)s” is not a date: write YYYY-MM-DD") % {"value": text})
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CellError(_("“%(value)s” is not a date that exists") % {"value": text}) from None
    if day > today():
        raise CellError(_("%(value)s is in the future") % {"value": text})
    return day


def parse_code(text: str, codes: tuple[str, ...], default: str = "") -> str:
    if not text:
        return default
    if text not in codes:
        raise CellError(_("“%(value)s” is not one of: %(codes)s") % {"value": text, "codes": ", ".join(codes)})
    return text


def parse_amount(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) <= 0:
        raise CellError(_("“%(value)s” is not a whole number of kronor above 0") % {"value": text})
    return int(text)


def parse_reasons(text: str) -> tuple[str, ...]:
    if not text:
        return ()
    codes = [code.strip() for code in text.split(";")]
    for code in codes:
        parse_code(code, REASON_CODES)
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise CellError(_("%(codes)s given more than once") % {"codes": ", ".join(repeated)})
    return tuple(sorted(codes))


def parse_country(text: str) -> str:
    if not text:
        return ""
    try:
        if text != text.upper() or len(text) != 2:
            raise ValidationError("")
        validate_country_code(text)
    except ValidationError:
        raise CellError(_("“%(value)s” is not an ISO 3166 country code in capitals, e.g. IQ") % {"value": text}) \
            from None
    return text


def parse_birth(text: str) -> tuple[dt.date | None, int | None]:
    """A date, or only a year (kept as a year)."""
    if YEAR.match(text):
        year = int(text)
        if year > today().year:
            raise CellError(_("%(value)s is in the future") % {"value": text})
        return None, year
    return parse_date(text), None


# --- one row ------------------------------------------------------------------------------------------------

class _RowChecker:
    """Checks one row and turns it into a case and a person; each problem is added, in column order."""

    def __init__(self, line: int, cells: dict[str, str], problems: list[Problem]) -> None:
        self.line = line
        self.cells = cells
        self.problems = problems

    def add(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))

    def cell(self, column: str, parse: Callable[[str], object]) -> object:
        try:
            return parse(self.cells.get(column, ""))
        except CellError as error:
            self.add(column, str(error))
            return None

    def required(self, column: str) -> bool:
        if self.cells.get(column, ""):
            return True
        self.add(column, _("required"))
        return False

    def case(self) -> RegisterCase | None:
        before = len(self.problems)
        case_ref = self.cells.get("case_ref", "")
        if self.required("case_ref") and len(case_ref) > CASE_REF_MAX:
            self.add("case_ref", _("longer than %(max)d characters") % {"max": CASE_REF_MAX})
        self.required("opened_on")
        opened_on = self.cell("opened_on", parse_date)
        values = {
            "channel": self.cell("channel", lambda text: parse_code(text, CHANNELS, Channel.COUNSELLOR)),
            "programme": self.cell("programme", lambda text: parse_code(text, PROGRAMMES, Programme.UNDECIDED)),
            "destination_country": self.cell("destination_country", parse_country),
        }
        if self.required("stage"):
            values["stage"] = self.cell("stage", lambda text: parse_code(text, STAGES))
        for column in ("submitted_on", "decided_on", "departed_on", "closed_on"):
            values[column] = self.cell(column, parse_date)
        values["decision"] = self.cell("decision", lambda text: parse_code(text, DECISIONS))
        values["decided_amount_sek"] = self.cell("decided_amount_sek", parse_amount)
        values["decision_reasons"] = self.cell("decision_reasons", parse_reasons)
        if len(self.problems) > before:
            return None  # the rules between fields are checked on cells that are each valid
        case = RegisterCase(line=self.line, case_ref=case_ref, opened_on=opened_on, **values)  # type: ignore[arg-type]
        self._check_case_rules(case)
        return case

    def _check_case_rules(self, case: RegisterCase) -> None:
        self._check_date_order(case)
        if case.decision and not case.decided_on:
            self.add("decided_on", _("required with a decision"))
        if case.decided_on and not case.decision:
            self.add("decision", _("required with decided_on"))
        if case.decision and not case.submitted_on:
            self.add("submitted_on", _("required with a decision"))
        if case.decision == DecisionOutcome.GRANTED and case.decided_amount_sek is None:
            self.add("decided_amount_sek", _("required when the decision is granted"))
        if case.decided_amount_sek is not None and case.decision != DecisionOutcome.GRANTED:
            self.add("decided_amount_sek", _("allowed only when the decision is granted"))
        if case.decision_reasons and case.decision != DecisionOutcome.REFUSED:
            self.add("decision_reasons", _("allowed only when the decision is refused"))
        self._check_stage_rules(case)

    def _check_date_order(self, case: RegisterCase) -> None:
        earlier: tuple[str, dt.date] | None = None
        for column in DATE_ORDER:
            day = getattr(case, column)
            if day is None:
                continue
            if earlier is not None and day < earlier[1]:
                self.add(column, _("%(day)s is before %(column)s %(earlier)s") % {
                    "day": day.isoformat(), "column": earlier[0], "earlier": earlier[1].isoformat()})
            earlier = (column, day)

    def _check_stage_rules(self, case: RegisterCase) -> None:
        if case.stage in CLOSING_STAGES and not case.closed_on:
            self.add("closed_on", _("required for stage %(stage)s") % {"stage": case.stage})
        if case.stage not in CLOSING_STAGES and case.closed_on:
            self.add("closed_on", _("only for a closed, withdrawn or closed_without_application case"))
        if case.stage == Stage.CLOSED_WITHOUT_APPLICATION and case.submitted_on:
            self.add("submitted_on", _("not allowed for stage closed_without_application"))
        if case.stage in DEPARTED_STAGES and not case.departed_on:
            self.add("departed_on", _("required for stage %(stage)s") % {"stage": case.stage})

    def person(self, opened_on: dt.date | None) -> RegisterPerson | None:
        before = len(self.problems)
        self.required("person_ref")
        relation = self.cell("relation", lambda text: parse_code(text, RELATIONS)) \
            if self.required("relation") else None
        names = {column: self.cells.get(column, "") for column in ("first_name", "last_name")}
        for column, name in names.items():
            if len(name) > NAME_MAX:
                self.add(column, _("longer than %(max)d characters") % {"max": NAME_MAX})
        birth = self.cell("birth_date", parse_birth)
        sex = self.cell("sex", lambda text: parse_code(text, SEXES))
        person = RegisterPerson(line=self.line, person_ref=self.cells.get("person_ref", ""),
                                relation=str(relation or ""), sex=str(sex or ""), **names)
        if birth is not None:
            person.birth_date, person.birth_year = birth  # type: ignore[misc]
        self._apply_identity(person)
        self._check_birth_order(person, opened_on)
        return person if len(self.problems) == before else None

    def _apply_identity(self, person: RegisterPerson) -> None:
        raw = self.cells.get("identity_number", "")
        if not raw:
            return
        try:
            number = parse_identity_number(raw, today=today())
        except InvalidIdentityNumber as error:
            self.add("identity_number", str(error))
            return
        person.identity_number, person.is_coordination_number = number.normalised, number.is_coordination
        if person.birth_year is not None and person.birth_year != number.birth_date.year:
            self.add("birth_date", _("the year %(year)d does not agree with the identity number") % {
                "year": person.birth_year})
        elif person.birth_date is not None and person.birth_date != number.birth_date:
            self.add("birth_date", _("%(day)s does not agree with the identity number") % {
                "day": person.birth_date.isoformat()})
        elif person.birth_date is None and person.birth_year is None:
            person.birth_date = number.birth_date  # empty: taken from the number

    def _check_birth_order(self, person: RegisterPerson, opened_on: dt.date | None) -> None:
        if opened_on is None:
            return
        if (person.birth_date is not None and person.birth_date > opened_on) \
                or (person.birth_year is not None and person.birth_year > opened_on.year):
            self.add("birth_date", _("later than opened_on %(day)s") % {"day": opened_on.isoformat()})


# --- the whole file -----------------------------------------------------------------------------------------

def _case_signature(cells: dict[str, str]) -> tuple[object, ...]:
    """The case columns as compared between a case's rows: decision_reasons as a set."""
    return tuple(frozenset(code.strip() for code in cells.get(column, "").split(";")) - {""}
                 if column == "decision_reasons" else cells.get(column, "") for column in CASE_COLUMNS)


@dataclass
class _CaseState:
    """What the reader remembers of a case between its rows."""

    first_line: int
    signature: tuple[object, ...]
    case: RegisterCase | None
    person_refs: dict[str, int] = field(default_factory=dict)
    identity_numbers: dict[str, int] = field(default_factory=dict)
    main_lines: list[int] = field(default_factory=list)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.cases: dict[str, _CaseState] = {}
        self.rows = 0

    def header(self, cells: list[str]) -> list[str] | None:
        columns = [cell.strip().removeprefix("\ufeff") for cell in cells]
        missing = [column for column in REQUIRED_COLUMNS if column not in columns]
        for column in missing:
            self.problems.append(Problem(1, column, _("the header has no such column; it is required")))
        return None if missing else columns

    def row(self, line: int, columns: list[str], raw: list[str]) -> None:
        if not any(cell.strip() for cell in raw):
            return  # a blank record carries nothing
        self.rows += 1
        if len(raw) != len(columns):
            self.problems.append(Problem(line, "", _("%(cells)d cells where the header has %(columns)d") % {
                "cells": len(raw), "columns": len(columns)}))
            return
        cells = {column: cell.strip() for column, cell in zip(columns, raw, strict=True) if column}
        checker = _RowChecker(line, cells, self.problems)
        state = self._state_for(line, cells, checker)
        person = checker.person(state.case.opened_on if state and state.case else None)
        if state is not None:
            self._check_person_in_case(line, state, cells, checker)
            if person is not None and state.case is not None:
                state.case.persons.append(person)

    def _state_for(self, line: int, cells: dict[str, str], checker: _RowChecker) -> _CaseState | None:
        case_ref = cells.get("case_ref", "")
        state = self.cases.get(case_ref) if case_ref else None
        if state is None:
            case = checker.case()
            if not case_ref:
                return None
            state = self.cases[case_ref] = _CaseState(line, _case_signature(cells), case)
            return state
        signature = _case_signature(cells)
        for column, mine, first in zip(CASE_COLUMNS, signature, state.signature, strict=True):
            if mine != first:
                checker.add(column, _("differs from line %(line)d of the same case") % {"line": state.first_line})
        return state

    def _check_person_in_case(self, line: int, state: _CaseState, cells: dict[str, str],
                              checker: _RowChecker) -> None:
        person_ref = cells.get("person_ref", "")
        if person_ref and person_ref in state.person_refs:
            checker.add("person_ref", _("already used in this case on line %(line)d") % {
                "line": state.person_refs[person_ref]})
        elif person_ref:
            state.person_refs[person_ref] = line
        number = re.sub(r"\D", "", cells.get("identity_number", ""))[-10:]
        if number and number in state.identity_numbers:
            checker.add("identity_number", _("the same person as on line %(line)d of this case") % {
                "line": state.identity_numbers[number]})
        elif number:
            state.identity_numbers[number] = line
        if cells.get("relation") == Relation.MAIN_APPLICANT:
            state.main_lines.append(line)

    def finish(self) -> list[RegisterCase]:
        """The checks that need every row of a case: exactly one main applicant."""
        for case_ref, state in self.cases.items():
            if not state.main_lines:
                self.problems.append(Problem(state.first_line, "relation", _(
                    "case %(case_ref)s has no main_applicant") % {"case_ref": case_ref}))
            for line in state.main_lines[1:]:
                self.problems.append(Problem(line, "relation", _(
                    "a second main_applicant in the case (the first is on line %(line)d)") % {
                    "line": state.main_lines[0]}))
        self.problems.sort(key=lambda problem: problem.line)  # stable: column order within a line stays
        return [state.case for state in self.cases.values() if state.case is not None]


def read_register(stream: BinaryIO, progress: Callable[[int], None] | None = None) -> Register:
    """Read and check the whole file; `progress(bytes)` is called as it is read."""
    token = _TODAY.set(timezone.localdate())
    try:
        return _read(stream, progress)
    finally:
        _TODAY.reset(token)


def _read(stream: BinaryIO, progress: Callable[[int], None] | None) -> Register:
    source = _Hashing(stream, progress)
    reader = _Reader()
    line = 1
    try:
        records = csv.reader(source.lines(), strict=True)
        first = next(records, None)
        columns = reader.header(first) if first is not None else None
        if first is None:
            reader.problems.append(Problem(1, "", _("the file is empty")))
        if columns is None:
            for _rest in source.chunks():
                pass  # the hash covers the whole file all the same
        else:
            for line, raw in enumerate(records, start=2):
                reader.row(line, columns, raw)
    except UnicodeDecodeError:
        return Register([], [Problem(1, "", _("the file is not UTF-8 text"))], source.digest.hexdigest(), 0)
    except csv.Error as error:
        reader.problems.append(Problem(line + 1, "", _("not valid CSV: %(error)s") % {"error": error}))
    if not reader.problems and not reader.cases:
        reader.problems.append(Problem(1, "", _("the file has a header but no rows")))
    cases = reader.finish()
    return Register(cases, reader.problems, source.digest.hexdigest(), reader.rows)
