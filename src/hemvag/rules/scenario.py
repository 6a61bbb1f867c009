"""A forecast scenario (YAML), read and checked as the forecast contract (docs/cli.md) describes.

Every problem is collected as ``path: problem`` (dotted keys, list indexes), so a committee's analyst sees
all of them at once; at most 20 are reported.  Nothing here reads the population: that is forecast.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml

from hemvag.rules.facts import GROUNDS
from hemvag.rules.parameters import ParameterSet, ParamValue
from hemvag.rules.programs import PROGRAMS

MAX_PROBLEMS: Final = 20
FIELDS: Final = (
    "name", "population", "synthetic", "program", "years", "applications_on", "take_up", "unknown_as",
    "decision_lag_months", "instalments", "parameters", "runs", "seed",
)  # fmt: skip
TAKE_UP_FIELDS: Final = ("default", "by_permit_ground", "by_year", "not_eligible")
YEAR_FIELDS: Final = ("default", "by_permit_ground")
MID_YEAR: Final = (7, 1)
_LIST_KINDS: Final = ("ground_list", "country_list", "asylum_outcome_list", "role_list")


class ScenarioError(ValueError):
    """An invalid scenario (or population): ``problems`` are ``path: problem`` lines, at most 20."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems[:MAX_PROBLEMS]


@dataclass(frozen=True)
class Rates:
    """Take-up in one year: the default rate and the rates by the main applicant's permit ground."""

    default: float
    by_ground: Mapping[str, float]


@dataclass(frozen=True)
class Instalment:
    share: float
    after_months: int


@dataclass(frozen=True)
class Scenario:
    name: str
    program: str
    years: tuple[int, ...]
    application_day: tuple[int, int]  # month, day
    rates: Mapping[int, Rates]  # by year
    not_eligible: float
    unknown_as: str
    decision_lag_months: int
    instalments: tuple[Instalment, ...]
    parameters: Mapping[str, ParamValue]  # parsed values, by `hemvag rules show` name
    runs: int
    seed: int
    population: Path | None = None
    synthetic: tuple[int, int] | None = None  # persons, seed

    def application_date(self, year: int) -> dt.date:
        return dt.date(year, *self.application_day)


@dataclass
class _Problems:
    lines: list[str] = field(default_factory=list)

    def add(self, path: str, problem: str) -> None:
        self.lines.append(f"{path}: {problem}")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _rate(value: object, path: str, problems: _Problems) -> float:
    if not _is_number(value) or not 0 <= float(value) <= 1:  # type: ignore[arg-type]
        problems.add(path, "must be between 0 and 1")
        return 0.0
    return float(value)  # type: ignore[arg-type]


def _unknown_fields(raw: Mapping[Any, Any], allowed: tuple[str, ...], prefix: str, problems: _Problems) -> None:
    for key in raw:
        if key not in allowed:
            problems.add(f"{prefix}{key}", "unknown field")


def _mapping(value: object, path: str, problems: _Problems) -> Mapping[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        problems.add(path, "must be a mapping")
        return {}
    return value


def _ground_rates(value: object, path: str, problems: _Problems) -> dict[str, float]:
    rates = {}
    for ground, rate in _mapping(value, path, problems).items():
        if ground not in GROUNDS:
            problems.add(f"{path}.{ground}", "not a permit ground of the eligibility contract")
            continue
        rates[str(ground)] = _rate(rate, f"{path}.{ground}", problems)
    return rates


def _years(value: object, problems: _Problems) -> tuple[int, ...]:
    if not isinstance(value, list) or not value:
        problems.add("years", "must be a non-empty list of years")
        return ()
    years = []
    for index, year in enumerate(value):
        if not _whole(year, 2010) or year > 2100:
            problems.add(f"years[{index}]", "must be a whole year from 2010 to 2100")
        else:
            years.append(year)
    if len(years) == len(value) and any(b != a + 1 for a, b in itertools.pairwise(years)):
        problems.add("years", "must be strictly ascending and consecutive")
    return tuple(years)


def _application_day(value: object, years: tuple[int, ...], problems: _Problems) -> tuple[int, int]:
    if value == "mid_year":
        return MID_YEAR
    match = re.fullmatch(r"(\d\d)-(\d\d)", value) if isinstance(value, str) else None
    if match is None:
        problems.add("applications_on", 'must be mid_year or a quoted "MM-DD"')
        return MID_YEAR
    month, day = int(match[1]), int(match[2])
    for year in years:
        if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
            problems.add("applications_on", f"{value} is not a day of {year}")
            return MID_YEAR
    return month, day


def _take_up(value: object, years: tuple[int, ...], problems: _Problems) -> tuple[dict[int, Rates], float]:
    """The rates of each year, resolved as the contract orders them, and the not-eligible rate."""
    if not _is_number(value) and not isinstance(value, Mapping):
        problems.add("take_up", "must be a share between 0 and 1 or a mapping")
        return {}, 0.0
    raw = {"default": value} if _is_number(value) else _mapping(value, "take_up", problems)
    _unknown_fields(raw, TAKE_UP_FIELDS, "take_up.", problems)
    if "default" not in raw:
        problems.add("take_up.default", "required")
    default = _rate(raw.get("default", 0), "take_up.default", problems)
    by_ground = _ground_rates(raw.get("by_permit_ground"), "take_up.by_permit_ground", problems)
    not_eligible = _rate(raw.get("not_eligible", 0), "take_up.not_eligible", problems)
    rates = {year: Rates(default, by_ground) for year in years}
    for key, year_value in _mapping(raw.get("by_year"), "take_up.by_year", problems).items():
        path = f"take_up.by_year.{key}"
        year = int(key) if isinstance(key, str) and key.isdigit() else key
        if year not in years:
            problems.add(path, "not one of years")
            continue
        if _is_number(year_value):  # a number replaces every rate of that year
            rates[year] = Rates(_rate(year_value, path, problems), {})
            continue
        override = _mapping(year_value, path, problems)
        _unknown_fields(override, YEAR_FIELDS, f"{path}.", problems)
        year_default = _rate(override["default"], f"{path}.default", problems) if "default" in override else default
        grounds = _ground_rates(override.get("by_permit_ground"), f"{path}.by_permit_ground", problems)
        rates[year] = Rates(year_default, {**by_ground, **grounds})
    return rates, not_eligible


def _instalments(value: object, problems: _Problems) -> tuple[Instalment, ...]:
    if value is None:
        return (Instalment(1.0, 0),)
    if not isinstance(value, list) or not value:
        problems.add("instalments", "must be a non-empty list")
        return ()
    schedule = []
    for index, item in enumerate(value):
        path = f"instalments[{index}]"
        if not isinstance(item, Mapping):
            problems.add(path, "must be a mapping {share, after_months}")
            continue
        _unknown_fields(item, ("share", "after_months"), f"{path}.", problems)
        share, months = item.get("share"), item.get("after_months", 0)
        if not _is_number(share) or not 0 < float(share) <= 1:  # type: ignore[arg-type]
            problems.add(f"{path}.share", "must be greater than 0 and at most 1")
        elif not _whole(months, 0):
            problems.add(f"{path}.after_months", "must be a whole number of months, 0 or more")
        else:
            schedule.append(Instalment(float(share), months))  # type: ignore[arg-type]
    total = math.fsum(i.share for i in schedule)
    if len(schedule) == len(value) and abs(total - 1) > 1e-9:
        problems.add("instalments", f"the shares must sum to 1 (they sum to {total:g})")
    return tuple(schedule)


def parameter_names(program: str, parameters: ParameterSet) -> dict[str, str]:
    """Name -> kind of every parameter `hemvag rules show` prints for some regime of the programme."""
    names: dict[str, str] = {}
    for regime in PROGRAMS[program].regimes:
        for key in regime.parameter_keys:
            if key in parameters.parameters:
                names[key] = parameters.parameters[key].type
    return names


def _parameter_value(value: object, kind: str, path: str, problems: _Problems) -> ParamValue:
    """The value if it has the parameter's kind (the same kinds the parameter files use)."""
    if kind == "amount" and _whole(value, 0):
        return value  # type: ignore[return-value]
    if kind == "integer" and _whole(value, -(2**62)):
        return value  # type: ignore[return-value]
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
    if kind == "string" and isinstance(value, str):
        return value
    if kind == "percent_list" and isinstance(value, list) and all(_whole(v, 0) for v in value) and sum(value) == 100:
        return tuple(value)
    if kind in _LIST_KINDS and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _codes(tuple(value), kind, path, problems)
    problems.add(path, _KIND_PROBLEMS.get(kind, f"must be a {kind}"))
    return None


_KIND_PROBLEMS: Final = {
    "amount": "must be whole kronor, 0 or more",
    "integer": "must be a whole number",
    "date": "must be a date (YYYY-MM-DD)",
    "string": "must be a text",
    "percent_list": "must be a list of whole per cents adding up to 100",
    **{kind: "must be a list of codes" for kind in _LIST_KINDS},
}


def _codes(codes: tuple[str, ...], kind: str, path: str, problems: _Problems) -> ParamValue:
    from hemvag.rules.parameters import ParameterError, _as_value  # the parameter files' own check

    try:
        return _as_value(list(codes), kind, path)
    except ParameterError as error:
        problems.add(path, str(error).removeprefix(f"{path}: "))
        return None


def _parameters(value: object, program: str, parameters: ParameterSet, problems: _Problems) -> dict[str, ParamValue]:
    names = parameter_names(program, parameters)
    regimes = {regime.id for regime in PROGRAMS[program].regimes}
    reform: dict[str, ParamValue] = {}
    for key, raw in _mapping(value, "parameters", problems).items():
        path = f"parameters.{key}"
        if key not in names:
            problems.add(path, "no such parameter")
            continue
        parsed = _parameter_value(raw, names[key], path, problems)
        if key == f"{program}.regime" and parsed is not None and parsed not in regimes:
            problems.add(path, f"must be one of {', '.join(sorted(regimes))}")
            continue
        if parsed is not None:
            reform[str(key)] = parsed
    return reform


def _population(raw: Mapping[str, Any], base: Path, problems: _Problems) -> tuple[Path | None, tuple[int, int] | None]:
    if ("population" in raw) == ("synthetic" in raw):
        problems.add("population", "give exactly one of population and synthetic")
        return None, None
    if "population" in raw:
        name = raw["population"]
        if not isinstance(name, str) or not name.strip():
            problems.add("population", "must be the name of a batch CSV (or .parquet) file")
            return None, None
        return base / name, None
    synthetic = _mapping(raw["synthetic"], "synthetic", problems)
    _unknown_fields(synthetic, ("persons", "seed"), "synthetic.", problems)
    persons, seed = synthetic.get("persons"), synthetic.get("seed", 0)
    if not _whole(persons, 1):
        problems.add("synthetic.persons", "must be a whole number, 1 or more")
    if not _whole(seed, 0):
        problems.add("synthetic.seed", "must be a whole number, 0 or more")
    if isinstance(persons, int) and isinstance(seed, int) and _whole(persons, 1) and _whole(seed, 0):
        return None, (persons, seed)
    return None, None


def parse_scenario(text: str, path: Path, parameters: ParameterSet) -> Scenario:
    """The scenario of a YAML text read from ``path`` (population files are relative to it)."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ScenarioError([f"{path.name}: not valid YAML{where}"]) from None
    if not isinstance(raw, Mapping):
        raise ScenarioError([f"{path.name}: must be a mapping of the scenario's fields"])
    problems = _Problems()
    _unknown_fields(raw, FIELDS, "", problems)
    for required in ("program", "years", "take_up"):
        if required not in raw:
            problems.add(required, "required")
    name = raw.get("name", path.name)
    if not isinstance(name, str):
        problems.add("name", "must be a text")
    program = raw.get("program", "return_grant")
    if program not in PROGRAMS:
        problems.add("program", f"must be one of {', '.join(PROGRAMS)}")
        program = "return_grant"
    population, synthetic = _population(raw, path.parent, problems)
    years = _years(raw.get("years", [2026]), problems)
    application_day = _application_day(raw.get("applications_on", "mid_year"), years, problems)
    rates, not_eligible = _take_up(raw.get("take_up", 0), years, problems)
    unknown_as = raw.get("unknown_as", "excluded")
    if unknown_as not in ("excluded", "eligible"):
        problems.add("unknown_as", "must be excluded or eligible")
    lag = raw.get("decision_lag_months", 0)
    if not _whole(lag, 0):
        problems.add("decision_lag_months", "must be a whole number of months, 0 or more")
    schedule = _instalments(raw.get("instalments"), problems)
    reform = _parameters(raw.get("parameters"), program, parameters, problems)
    runs, seed = raw.get("runs", 1), raw.get("seed", 0)
    if not _whole(runs, 1) or runs > 100_000:
        problems.add("runs", "must be a whole number from 1 to 100000")
    if not _whole(seed, 0):
        problems.add("seed", "must be a whole number, 0 or more")
    if problems.lines:
        raise ScenarioError(problems.lines)
    return Scenario(
        name=name, program=program, years=years, application_day=application_day, rates=rates,
        not_eligible=not_eligible, unknown_as=unknown_as, decision_lag_months=lag, instalments=schedule,
        parameters=reform, runs=runs, seed=seed,
        population=population, synthetic=synthetic,
    )  # fmt: skip
