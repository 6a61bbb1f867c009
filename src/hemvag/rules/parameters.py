"""Dated parameters loaded from YAML (the law as data).

Each YAML file under ``parameters/`` maps a parameter key to its description, type and a list of
dated values, OpenFisca style::

    return_grant.amount_per_adult:
      description: {sv: Belopp per vuxen, en: Amount per adult}
      type: amount
      values:
        - start: 2026-01-01          # inclusive
          value: 350000
          reference: "förordning (2025:970) …"
          source: https://www.migrationsverket.se/…
          verified: true
          last_reviewed: 2026-11-22

A value holds from its ``start`` until the day before the next value's start, or until its explicit
``until`` (inclusive).  A value of ``null`` closes the period: the parameter is not in force from then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeVar, cast

import pycountry
import yaml

from hemvag.rules.facts import ASYLUM_OUTCOMES, GROUNDS, ROLES

ParamValue = int | str | dt.date | tuple[str, ...] | tuple[int, ...] | None
T = TypeVar("T")

COUNTRY_CODES: Final = frozenset(c.alpha_2 for c in pycountry.countries)
_ITEM_CHOICES: Final[dict[str, frozenset[str]]] = {
    "ground_list": frozenset(GROUNDS),
    "country_list": COUNTRY_CODES,
    "asylum_outcome_list": frozenset(ASYLUM_OUTCOMES),
    "role_list": frozenset(ROLES),
}
# percent_list: whole per cents that add up to 100 (e.g. the shares of instalments).
TYPES: Final = ("amount", "integer", "date", "string", "percent_list", *_ITEM_CHOICES)


class ParameterError(ValueError):
    """A parameter file is malformed; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class DatedValue:
    start: dt.date
    until: dt.date | None  # inclusive; None = open-ended (or closed by the next value)
    value: ParamValue
    reference: str
    source: str
    verified: bool
    last_reviewed: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)


@dataclass(frozen=True, slots=True)
class Parameter:
    key: str
    type: str
    description_sv: str
    description_en: str
    values: tuple[DatedValue, ...]  # sorted by start, with `until` filled in

    def entry_on(self, day: dt.date) -> DatedValue | None:
        for value in reversed(self.values):
            if value.covers(day):
                return value if value.value is not None else None
        return None


@dataclass(frozen=True, slots=True)
class Params:
    """The parameter values in force on one day."""

    day: dt.date
    entries: Mapping[str, DatedValue]
    # Values derived from these parameters only (texts, rate tables): computed once per day.
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, key: Hashable, compute: Callable[[], T]) -> T:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]  # type: ignore[no-any-return]

    def get(self, key: str) -> ParamValue:
        entry = self.entries.get(key)
        return None if entry is None else entry.value

    def amount(self, key: str) -> int | None:
        value = self.get(key)
        return value if isinstance(value, int) else None

    def items(self, key: str) -> tuple[str, ...]:
        """A list parameter; a list not in force is empty."""
        value = self.get(key)
        return cast("tuple[str, ...]", value) if isinstance(value, tuple) else ()

    def percents(self, key: str) -> tuple[int, ...]:
        """A percent_list parameter; not in force: empty."""
        value = self.get(key)
        return tuple(v for v in value if isinstance(v, int)) if isinstance(value, tuple) else ()

    def verified(self, key: str) -> bool:
        """The verified flag of the value in force (a parameter not in force has nothing unverified)."""
        entry = self.entries.get(key)
        return entry is None or entry.verified

    def date(self, key: str) -> dt.date | None:
        value = self.get(key)
        return value if isinstance(value, dt.date) else None


@dataclass
class ParameterSet:
    parameters: dict[str, Parameter]
    _by_day: dict[dt.date, Params] = field(default_factory=dict, repr=False)

    def on(self, day: dt.date) -> Params:
        # Parameters are immutable once loaded, so memoising per day is safe in any process.
        cached = self._by_day.get(day)
        if cached is None:
            entries = {}
            for key, parameter in self.parameters.items():
                entry = parameter.entry_on(day)
                if entry is not None:
                    entries[key] = entry
            cached = self._by_day[day] = Params(day, entries)
        return cached

    def change_dates(self) -> list[dt.date]:
        """Every day on which some parameter value starts or stops: the batch path's epochs."""
        days: set[dt.date] = set()
        for parameter in self.parameters.values():
            for value in parameter.values:
                days.add(value.start)
                if value.until is not None:
                    days.add(value.until + dt.timedelta(days=1))
        return sorted(days)


def _require(raw: Mapping[str, Any], name: str, where: str) -> Any:
    if name not in raw:
        raise ParameterError(f"{where}: missing '{name}'")
    return raw[name]


def _as_date(raw: object, where: str) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise ParameterError(f"{where}: not a date (YYYY-MM-DD): {raw!r}")


def _as_value(raw: object, type_: str, where: str) -> ParamValue:
    if raw is None:
        return None
    if type_ in ("amount", "integer"):
        if isinstance(raw, bool) or not isinstance(raw, int) or (type_ == "amount" and raw < 0):
            raise ParameterError(f"{where}: not a {'non-negative amount' if type_ == 'amount' else 'integer'}")
        return raw
    if type_ == "date":
        return _as_date(raw, where)
    if type_ == "string":
        if not isinstance(raw, str):
            raise ParameterError(f"{where}: not a string")
        return raw
    if type_ == "percent_list":
        if not isinstance(raw, list) or not raw or not all(
            isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 100 for item in raw
        ):
            raise ParameterError(f"{where}: not a list of whole per cents (0-100)")
        if sum(raw) != 100:
            raise ParameterError(f"{where}: the per cents add up to {sum(raw)}, not 100")
        return tuple(raw)
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ParameterError(f"{where}: not a list of strings")
    unknown = sorted(set(raw) - _ITEM_CHOICES[type_])
    if unknown:
        raise ParameterError(f"{where}: unknown {type_.removesuffix('_list')} {', '.join(unknown)}")
    return tuple(raw)


def _parse_value(raw: object, type_: str, where: str) -> DatedValue:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: each value must be a mapping")
    value = _as_value(_require(raw, "value", where), type_, f"{where}.value")
    closes = value is None
    verified = raw.get("verified", False if closes else _require(raw, "verified", where))
    if not isinstance(verified, bool):
        raise ParameterError(f"{where}.verified: not true/false")
    reference = raw.get("reference", "")
    source = raw.get("source", "")
    if not closes and not (reference or source):
        raise ParameterError(f"{where}: a value needs a 'reference' (statute) or a 'source' (URL)")
    reviewed = raw.get("last_reviewed")
    if not closes and reviewed is None:
        raise ParameterError(f"{where}: missing 'last_reviewed'")
    return DatedValue(
        start=_as_date(_require(raw, "start", where), f"{where}.start"),
        until=_as_date(raw["until"], f"{where}.until") if raw.get("until") is not None else None,
        value=value,
        reference=str(reference),
        source=str(source),
        verified=verified,
        last_reviewed=_as_date(reviewed, f"{where}.last_reviewed") if reviewed is not None else None,
    )


def _close_periods(values: list[DatedValue], where: str) -> tuple[DatedValue, ...]:
    """Sort by start, reject overlaps, and let each value end where the next one starts."""
    values.sort(key=lambda v: v.start)
    closed: list[DatedValue] = []
    for current, following in zip(values, [*values[1:], None], strict=True):
        until = current.until
        if following is not None:
            if until is not None and until >= following.start:
                raise ParameterError(f"{where}: value from {current.start} overlaps the one from {following.start}")
            if following.start == current.start:
                raise ParameterError(f"{where}: two values start on {current.start}")
            until = until or following.start - dt.timedelta(days=1)
        if until is not None and until < current.start:
            raise ParameterError(f"{where}: value from {current.start} ends before it starts")
        closed.append(
            DatedValue(
                current.start,
                until,
                current.value,
                current.reference,
                current.source,
                current.verified,
                current.last_reviewed,
            )
        )
    return tuple(closed)


def _parse_parameter(key: str, raw: object, where: str) -> Parameter:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where}: must be a mapping")
    type_ = _require(raw, "type", where)
    if type_ not in TYPES:
        raise ParameterError(f"{where}.type: {type_!r} is not one of {', '.join(TYPES)}")
    description = raw.get("description") or {}
    if not isinstance(description, dict) or not {"sv", "en"} <= description.keys():
        raise ParameterError(f"{where}.description: needs 'sv' and 'en' texts")
    raw_values = _require(raw, "values", where)
    if not isinstance(raw_values, list) or not raw_values:
        raise ParameterError(f"{where}.values: must be a non-empty list")
    values = [_parse_value(v, type_, f"{where}.values[{i}]") for i, v in enumerate(raw_values)]
    return Parameter(key, type_, str(description["sv"]), str(description["en"]), _close_periods(values, where))


def parse_parameter_document(text: str, name: str) -> dict[str, Parameter]:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ParameterError(f"{name}: not valid YAML: {error}") from error
    if not isinstance(raw, dict):
        raise ParameterError(f"{name}: the top level must map parameter keys to definitions")
    return {str(key): _parse_parameter(str(key), value, f"{name}: {key}") for key, value in raw.items()}


def load_parameters(paths: Iterable[Path] | None = None) -> ParameterSet:
    """Load and validate parameter files (default: the packaged ``parameters/*.yaml``)."""
    parameters: dict[str, Parameter] = {}
    if paths is None:
        folder = resources.files("hemvag.rules") / "parameters"
        documents = sorted(
            (entry.name, entry.read_text(encoding="utf-8"))
            for entry in folder.iterdir()
            if entry.name.endswith(".yaml")
        )
    else:
        documents = [(path.name, path.read_text(encoding="utf-8")) for path in paths]
    for name, text in documents:
        for key, parameter in parse_parameter_document(text, name).items():
            if key in parameters:
                raise ParameterError(f"{name}: {key} is defined twice")
            parameters[key] = parameter
    return ParameterSet(parameters)
