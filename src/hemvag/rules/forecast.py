"""Cost forecasts: how many households would apply, be granted and be paid, year by year.

Each year the whole population is evaluated by the batch engine (the same answers as a single case) on
that year's application date, with the regime in force then and any reform values of the scenario.  Who
applies is then drawn per household and year (Monte Carlo, seeded); a household that applies leaves the
pool.  Only the draws are random: with every rate 0 or 1 the result is exact.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from hemvag.rules.batch import (
    COUNTED,
    EXCLUDED,
    BatchError,
    Population,
    evaluate_population,
)
from hemvag.rules.columns import COLUMN_DTYPES, Columns, choice_code
from hemvag.rules.engine import default_parameters, jsonable, regime_in_force
from hemvag.rules.facts import ymd
from hemvag.rules.parameters import ParameterSet, Params, ParamValue
from hemvag.rules.programs import PROGRAMS
from hemvag.rules.scenario import Scenario, ScenarioError, parse_scenario
from hemvag.rules.simulate import simulate
from hemvag.rules.tri import MET, UNKNOWN

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
# Read every member whatever their birth date; each year then leaves out those not yet born.
_FAR_FUTURE: Final = dt.date(9999, 12, 31)
_GROUND_CODES: Final = choice_code("ground")
COUNT_FIGURES: Final = ("applications", "grants", "refusals", "persons")
SEK_FIGURES: Final = ("granted_sek", "paid_sek")


# --- reform parameters ----------------------------------------------------------------------------------


@dataclass
class ReformParameters(ParameterSet):
    """The packaged parameters with some values replaced on every day (the YAML files stay untouched).

    A value replaces the one in force on a day; a parameter not in force on a day (not read by that
    day's regime) stays absent, so the reform has no effect there.
    """

    overrides: dict[str, ParamValue] = field(default_factory=dict)
    _reformed: dict[dt.date, Params] = field(default_factory=dict, repr=False)

    def on(self, day: dt.date) -> Params:
        cached = self._reformed.get(day)
        if cached is None:
            base = super().on(day)
            entries = dict(base.entries)
            for key, value in self.overrides.items():
                if key in entries:
                    entries[key] = dataclasses.replace(
                        entries[key], value=value, reference="scenario", source="", verified=False
                    )
            cached = self._reformed[day] = Params(day, entries)
        return cached


def reform_parameters(overrides: dict[str, ParamValue], base: ParameterSet | None = None) -> ParameterSet:
    base = base or default_parameters()
    return ReformParameters(base.parameters, overrides=overrides) if overrides else base


# --- reading a scenario and its population --------------------------------------------------------------


def load_scenario(path: Path) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError([f"{path.name}: cannot read: {getattr(error, 'strerror', None) or error}"]) from None
    return parse_scenario(text, path, default_parameters())


def load_population(scenario: Scenario) -> Population:
    if scenario.synthetic is not None:
        return simulate(*scenario.synthetic)
    assert scenario.population is not None
    path = scenario.population
    try:
        return _read_population(path)
    except OSError as error:
        raise ScenarioError([f"population: cannot read {path.name}: {error.strerror or error}"]) from None
    except UnicodeDecodeError:
        raise ScenarioError(["population: line 1: (file): not UTF-8 text"]) from None
    except BatchError as error:
        raise ScenarioError([f"population: {line}" for line in error.problems]) from None


def _read_population(path: Path) -> Population:
    """The population file (CSV or Parquet) by the columnar reader; its application dates are not read
    (each year has its own)."""
    from hemvag.rules.columnar import read_population_path  # pyarrow loads only when a file is read

    return read_population_path(path, on=_FAR_FUTURE, application_dates=False)


# --- one year's evaluation ------------------------------------------------------------------------------


@dataclass
class Year:
    """One year's evaluation, per household of the whole population (absent households: not eligible)."""

    year: int
    day: dt.date
    regime: str | None
    outcome: npt.NDArray[np.int8]
    cost: I64  # what a grant would be (0 when the household would not be granted)
    persons: I64  # members counted in a grant
    grantable: npt.NDArray[np.bool_]
    rate: F64  # chance of applying this year
    summary: dict[str, dict[str, int]]  # eligible, needs_information


def _alive(population: Population, day: int) -> tuple[Population, npt.NDArray[np.intp]]:
    """The population on a day: members born after it left out, and households whose main applicant is."""
    structure = population.structure()
    birth = population.columns["birth_date"]
    born = (birth == 0) | (birth <= day)
    main_born = born[structure.main_row]
    households = np.flatnonzero(main_born)
    rows = np.flatnonzero(born & main_born[structure.household_of_row])
    data = {name: population.columns[name][rows] for name in COLUMN_DTYPES}
    data["application_date"] = np.full(len(rows), day, np.int32)
    sizes = np.bincount(structure.household_of_row[rows], minlength=population.households)[households]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    ids = [population.household_ids[i] for i in households.tolist()]
    return Population(Columns(data), ids, starts), households


def _per_household(values: npt.NDArray[np.bool_], population: Population) -> I64:
    counts = np.add.reduceat(values.astype(np.int64), population.starts) if population.persons else values
    return np.asarray(counts, dtype=np.int64)


def evaluate_year(
    scenario: Scenario, population: Population, year: int, parameters: ParameterSet, ground: npt.NDArray[np.int8]
) -> Year:
    day = scenario.application_date(year)
    alive, households = _alive(population, ymd(day))
    h = population.households
    result = evaluate_population(alive, [PROGRAMS[scenario.program]], parameters)[0]
    regime = next(iter(result.regime.values()), None)
    outcome = np.zeros(h, np.int8)
    outcome[households] = result.outcome
    counted = np.zeros(h, np.int64)
    counted[households] = _per_household(result.counted == COUNTED, alive)
    not_excluded = np.zeros(h, np.int64)
    not_excluded[households] = _per_household(result.counted != EXCLUDED, alive)
    low, high = np.zeros(h, np.int64), np.zeros(h, np.int64)
    low[households], high[households] = result.amount, result.high_amount
    eligible, unknown = outcome == MET, outcome == UNKNOWN
    present = np.zeros(h, np.bool_)
    present[households] = regime is not None  # no regime in force: every figure of the year is 0
    grantable = eligible | (unknown if scenario.unknown_as == "eligible" else np.zeros(h, np.bool_))
    cost = np.where(eligible, low, np.where(grantable, high, 0))
    persons = np.where(eligible, counted, np.where(grantable, not_excluded, 0))
    rates = scenario.rates[year]
    by_code = np.full(len(_GROUND_CODES) + 1, rates.default)
    for name, ground_rate in rates.by_ground.items():
        by_code[_GROUND_CODES[name]] = ground_rate
    rate: F64 = np.where(present, np.where(grantable, by_code[ground], scenario.not_eligible), 0.0)
    summary = {
        "eligible": {
            "households": int(eligible.sum()),
            "persons": int(counted[eligible].sum()),
            "amount_sek": int(low[eligible].sum()),
        },
        "needs_information": {"households": int(unknown.sum()), "persons": int(not_excluded[unknown].sum())},
    }
    return Year(year, day, regime, outcome, cost, persons, grantable, rate, summary)


# --- the draws ------------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later; the last day of the month where the day does not exist."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def split_shares(cost: I64, shares: tuple[float, ...]) -> list[I64]:
    """Each grant's instalments in whole kronor (half away from zero); the last takes the remainder."""
    parts = [np.floor(cost * share + 0.5).astype(np.int64) for share in shares[:-1]]
    return [*parts, cost - sum(parts, np.zeros_like(cost))]


@dataclass
class Tallies:
    """Per-run figures: by year (runs x years) and what falls after the last year (per run)."""

    by_year: dict[str, I64]
    after: dict[str, I64]


def _year_index(day: dt.date, first: int, count: int) -> int:
    return min(day.year - first, count)  # `count` stands for "after the last year"


def draw(scenario: Scenario, years: list[Year]) -> Tallies:
    """Monte Carlo: each run, every household still in the pool draws each year whether it applies."""
    runs, count, first = scenario.runs, len(years), scenario.years[0]
    slots = count + 1  # the years, then "after"
    tallies = {name: np.zeros((runs, slots), np.int64) for name in (*COUNT_FIGURES, *SEK_FIGURES)}
    # Only households that could ever apply take part: the same draws for the same scenario and seed.
    candidates = np.flatnonzero(np.any([y.rate > 0 for y in years], axis=0)) if years else np.zeros(0, np.intp)
    shares = tuple(i.share for i in scenario.instalments)
    plans = []
    for y in years:
        decided = add_months(y.day, scenario.decision_lag_months)
        paid = [_year_index(add_months(decided, i.after_months), first, count) for i in scenario.instalments]
        grant = y.grantable[candidates]
        cost = y.cost[candidates]
        columns = [grant, y.persons[candidates] * grant, cost, *split_shares(cost, shares)]
        plans.append((y.rate[candidates], np.stack(columns, axis=1).astype(np.int64), decided, paid))
    rng = np.random.default_rng(scenario.seed)
    for run in range(runs):
        in_pool = np.ones(len(candidates), np.bool_)
        for k, (rate, values, decided, paid) in enumerate(plans):
            applies = np.flatnonzero(in_pool & (rng.random(len(candidates)) < rate))
            in_pool[applies] = False
            sums = values[applies].sum(axis=0)
            d = _year_index(decided, first, count)
            tallies["applications"][run, k] += len(applies)
            tallies["grants"][run, d] += sums[0]
            tallies["refusals"][run, d] += len(applies) - sums[0]
            tallies["persons"][run, d] += sums[1]
            tallies["granted_sek"][run, d] += sums[2]
            for slot, amount in zip(paid, sums[3:], strict=True):
                tallies["paid_sek"][run, slot] += amount
    return Tallies(
        {name: values[:, :count] for name, values in tallies.items()},
        {name: values[:, count] for name, values in tallies.items()},
    )


# --- statistics and the result --------------------------------------------------------------------------


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)  # half away from zero


def statistic(values: I64, sek: bool) -> dict[str, Any]:
    """Mean over runs (counts to one decimal, SEK to whole kronor) and nearest-rank p5 and p95."""
    ordered = np.sort(values)
    runs = len(ordered)
    mean = Decimal(int(ordered.sum())) / Decimal(runs)

    def rank(percent: int) -> int:
        return int(ordered[-(-percent * runs // 100) - 1])  # the ⌈p·runs⌉-th smallest

    shown: int | float = int(_round(mean, "1")) if sek else float(_round(mean, "0.1"))
    return {"mean": shown, "p5": rank(5), "p95": rank(95)}


def _figures(tallies: dict[str, I64]) -> dict[str, Any]:
    return {name: statistic(tallies[name], name in SEK_FIGURES) for name in (*COUNT_FIGURES, *SEK_FIGURES)}


Progress = Callable[[int, int], None]  # steps done, steps in all (each year's evaluation, then the draws)


def forecast(scenario: Scenario, population: Population, progress: Progress | None = None) -> dict[str, Any]:
    """The result document of the forecast contract (``seconds`` covers the evaluation and the draws)."""
    started = time.perf_counter()
    parameters = reform_parameters(dict(scenario.parameters))
    ground = population.columns["permit_ground"][population.structure().main_row].astype(np.int8)
    steps = len(scenario.years) + 1
    years = []
    for year in scenario.years:
        years.append(evaluate_year(scenario, population, year, parameters, ground))
        if progress is not None:
            progress(len(years), steps)
    tallies = draw(scenario, years)
    year_results = []
    for k, y in enumerate(years):
        per_year = {name: values[:, k] for name, values in tallies.by_year.items()}
        year_results.append({"year": y.year, "regime": y.regime, **y.summary, **_figures(per_year)})
    totals = _figures({name: values.sum(axis=1) for name, values in tallies.by_year.items()})
    totals["decided_after"] = {
        name: statistic(tallies.after[name], name == "granted_sek") for name in ("grants", "refusals", "granted_sek")
    }
    totals["paid_after_sek"] = statistic(tallies.after["paid_sek"], True)
    first = years[0]
    return {
        "name": scenario.name,
        "program": scenario.program,
        "regime": first.regime,
        "parameters": {key: jsonable(value) for key, value in scenario.parameters.items()},
        "population": {"households": population.households, "persons": population.persons},
        **first.summary,
        "years": year_results,
        "totals": totals,
        "runs": scenario.runs,
        "seconds": round(time.perf_counter() - started, 2),
    }


def rules_used(scenario: Scenario) -> list[dict[str, Any]]:
    """Per year: the application date, the regime in force then and the values of the parameters it reads,
    each with its legal reference, so a saved forecast says which rules its numbers come from."""
    parameters = reform_parameters(dict(scenario.parameters))
    years = []
    for year in scenario.years:
        day = scenario.application_date(year)
        params = parameters.on(day)
        regime = regime_in_force(PROGRAMS[scenario.program], params)
        values = []
        for key in regime.parameter_keys if regime is not None else ():
            entry = params.entries.get(key)
            if entry is not None:
                values.append({
                    "name": key, "value": jsonable(entry.value), "reference": entry.reference,
                    "verified": entry.verified, "from_scenario": key in scenario.parameters,
                })  # fmt: skip
        years.append({"year": year, "application_date": day.isoformat(),
                      "regime": regime.id if regime is not None else None, "parameters": values})  # fmt: skip
    return years


def _difference(reform: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    """Reform minus baseline, means only, nested as the results are."""
    out: dict[str, Any] = {}
    for key, value in reform.items():
        if key not in baseline or not isinstance(value, dict):
            continue
        if "mean" in value:
            mean = value["mean"] - baseline[key]["mean"]
            out[key] = {"mean": round(mean, 1) if isinstance(mean, float) else mean}
        else:
            out[key] = _difference(value, baseline[key])
    return out


def compare(baseline: dict[str, Any], reform: dict[str, Any]) -> dict[str, Any]:
    base_years = {y["year"]: y for y in baseline["years"]}
    years = [
        {"year": y["year"], **_difference(_only_figures(y), _only_figures(base_years[y["year"]]))}
        for y in reform["years"]
        if y["year"] in base_years
    ]
    return {
        "baseline": baseline,
        "reform": reform,
        "difference": {"years": years, "totals": _difference(reform["totals"], baseline["totals"])},
    }


def _only_figures(year: dict[str, Any]) -> dict[str, Any]:
    return {name: year[name] for name in (*COUNT_FIGURES, *SEK_FIGURES)}


# --- text ----------------------------------------------------------------------------------------------

LABELS: Final = {
    "sv": {
        "regime": "regelverk", "population": "population", "households": "hushåll", "persons": "personer",
        "eligible": "berättigade", "needs_information": "behöver uppgifter", "year": "år",
        "applications": "ansökningar", "grants": "beviljade", "refusals": "avslag",
        "granted_sek": "beviljat (kr)", "paid_sek": "utbetalt (kr)", "totals": "summa", "runs": "körningar",
        "decided_after": "beslut efter sista året", "paid_after_sek": "utbetalt efter sista året (kr)",
        "difference": "skillnad (reform − grund)", "mean": "medel",
    },
    "en": {
        "regime": "regime", "population": "population", "households": "households", "persons": "persons",
        "eligible": "eligible", "needs_information": "needs information", "year": "year",
        "applications": "applications", "grants": "grants", "refusals": "refusals",
        "granted_sek": "granted (SEK)", "paid_sek": "paid (SEK)", "totals": "totals", "runs": "runs",
        "decided_after": "decided after the last year", "paid_after_sek": "paid after the last year (SEK)",
        "difference": "difference (reform − baseline)", "mean": "mean",
    },
}  # fmt: skip


def _stat_text(value: dict[str, Any]) -> str:
    if "p5" not in value:
        return f"{value['mean']:,}".replace(",", " ")
    return f"{value['mean']:,} ({value['p5']:,}–{value['p95']:,})".replace(",", " ")


def _figure_lines(figures: dict[str, Any], t: dict[str, str], indent: str) -> Iterator[str]:
    for name in (*COUNT_FIGURES, *SEK_FIGURES):
        if name in figures:
            yield f"{indent}{t[name]}: {_stat_text(figures[name])}"


def render_text(result: dict[str, Any], lang: str) -> str:
    t = LABELS[lang]
    if "baseline" in result:
        parts = [render_text(result["baseline"], lang), render_text(result["reform"], lang), f"{t['difference']}:"]
        for year in result["difference"]["years"]:
            parts += [f"  {year['year']}:", *_figure_lines(year, t, "    ")]
        parts += [f"  {t['totals']}:", *_figure_lines(result["difference"]["totals"], t, "    ")]
        return "\n".join(parts) + "\n"
    population, eligible = result["population"], result["eligible"]
    lines = [
        f"{result['name']} ({result['program']}, {t['runs']}: {result['runs']})",
        f"{t['population']}: {population['households']} {t['households']}, {population['persons']} {t['persons']}",
        f"{t['eligible']}: {eligible['households']} {t['households']}, {eligible['amount_sek']:,} kr".replace(",", " "),
    ]
    for year in result["years"]:
        lines += [f"{year['year']} ({t['regime']}: {year['regime'] or '—'}):", *_figure_lines(year, t, "  ")]
    totals = result["totals"]
    lines += [f"{t['totals']}:", *_figure_lines(totals, t, "  ")]
    lines.append(f"  {t['decided_after']}: {t['grants']} {_stat_text(totals['decided_after']['grants'])}")
    lines.append(f"  {t['paid_after_sek']}: {_stat_text(totals['paid_after_sek'])}")
    return "\n".join(lines) + "\n"
