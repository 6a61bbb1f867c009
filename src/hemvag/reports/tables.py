"""The statistics engine: one table per request, counted in the database (GROUP BY, never a Python loop over
cases), with every margin, and — when published — protected by disclosure control (disclosure.py).

A request names measures and dimensions (measures.py); `check_request` says what is wrong with one in the
contract's words, `compute_table` answers it from a queryset of cases that reports.queries has already limited
to what the reader may count.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import (
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractQuarter, ExtractYear
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _

from hemvag.cases.models import Case, DecisionOutcome, Stage
from hemvag.people.models import Relation
from hemvag.reports.measures import (
    AGE_GROUPS,
    DECISION_MEASURES,
    DEFAULT_THRESHOLD,
    DIMENSIONS,
    FIRST_DAY,
    MARGIN,
    MAX_TABLE_CELLS,
    MEASURES,
    MIN_THRESHOLD,
    SUPPRESSED,
    UNKNOWN,
    Measure,
)
from hemvag.rules.validation import FieldError, parse_date_text

Key = tuple[str, ...]


@dataclass(frozen=True)
class TableRequest:
    measures: tuple[str, ...]
    by: tuple[str, ...] = ()
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    published: bool = False
    threshold: int = DEFAULT_THRESHOLD


@dataclass(frozen=True)
class Problem:
    field: str  # the request's field: measures, by, from, to, threshold
    message: str


class StatisticsError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


@dataclass
class Cell:
    values: dict[str, int | None]
    flags: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    request: TableRequest
    period_from: dt.date
    period_to: dt.date
    dim_values: tuple[tuple[str, ...], ...]  # the listed values of each dimension of `by`, in order
    rows: list[tuple[Key, Cell]]  # details first, then margins (more "*" last)
    total: Cell
    protections: list[Any] = field(default_factory=list)  # what `audit` proves, for a published table
    units: list[Any] = field(default_factory=list)  # the units counted (set by reports.queries)

    @property
    def measures(self) -> list[Measure]:
        return [MEASURES[m] for m in self.request.measures]

    @property
    def by(self) -> tuple[str, ...]:
        return self.request.by

    @property
    def detail_rows(self) -> list[tuple[Key, Cell]]:
        return [(key, cell) for key, cell in self.rows if MARGIN not in key]

    @property
    def has_suppressed(self) -> bool:
        return any(cell.flags for _key, cell in [*self.rows, ((), self.total)])


# --- checking a request ---


def _split(text: str | Iterable[str]) -> tuple[str, ...]:
    items = text.split(",") if isinstance(text, str) else list(text)
    return tuple(item.strip() for item in items if item.strip())


def parse_date(text: str, name: str) -> dt.date:
    try:
        return parse_date_text(text)  # the project's one reading of YYYY-MM-DD
    except FieldError:
        raise StatisticsError([Problem(name, _("'%(value)s' is not a date: write YYYY-MM-DD, e.g. 2025-01-31")
                                       % {"value": text})]) from None


def build_request(*, measures: str | Iterable[str], by: str | Iterable[str] = "", period_from: str = "",
                  period_to: str = "", published: bool = False, threshold: str | int | None = None) -> TableRequest:
    """A request from text (the command line or a page's query string), or StatisticsError listing every
    problem. Threshold None means the default."""
    problems: list[Problem] = []
    wanted, dims = _split(measures), _split(by)
    unknown = [m for m in wanted if m not in MEASURES]
    if not wanted:
        problems.append(Problem("measures", _("name at least one measure: %(valid)s") % {"valid": ", ".join(MEASURES)}))
    elif unknown:
        problems.append(Problem("measures", _("unknown measure %(names)s; valid: %(valid)s")
                                % {"names": ", ".join(f"'{m}'" for m in unknown), "valid": ", ".join(MEASURES)}))
    elif len(set(wanted)) != len(wanted):
        problems.append(Problem("measures", _("a measure is named twice")))
    problems.extend(_dimension_problems(wanted, dims))
    start = end = None
    for name, text in (("from", period_from), ("to", period_to)):
        if text:
            try:
                day = parse_date(text, name)
            except StatisticsError as error:
                problems.extend(error.problems)
                continue
            start, end = (day, end) if name == "from" else (start, day)
    if start and start < dt.date.fromisoformat(FIRST_DAY):
        problems.append(Problem("from", _("%(day)s is before any register: give a day from %(first)s")
                                % {"day": start.isoformat(), "first": FIRST_DAY}))
    if start and end and end < start:
        problems.append(Problem("to", _("the period ends (%(to)s) before it starts (%(from)s)")
                                % {"to": end.isoformat(), "from": start.isoformat()}))
    level = DEFAULT_THRESHOLD
    if threshold not in (None, ""):
        try:
            level = int(str(threshold))
        except ValueError:
            level = 0
        if not published:
            problems.append(Problem("threshold", _("a threshold applies only to published figures: add --published")))
        elif level < MIN_THRESHOLD:
            problems.append(Problem("threshold", _("the threshold must be a whole number of at least %(min)d")
                                    % {"min": MIN_THRESHOLD}))
    if problems:
        raise StatisticsError(problems)
    return TableRequest(measures=wanted, by=dims, period_from=start, period_to=end, published=published,
                        threshold=level)


def _dimension_problems(measures: tuple[str, ...], dims: tuple[str, ...]) -> list[Problem]:
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown:
        return [Problem("by", _("unknown dimension %(names)s; valid: %(valid)s")
                        % {"names": ", ".join(f"'{d}'" for d in unknown), "valid": ", ".join(DIMENSIONS)})]
    if len(set(dims)) != len(dims):
        return [Problem("by", _("a dimension may be named only once"))]
    if sum(DIMENSIONS[d].is_time for d in dims) > 1:
        return [Problem("by", _("at most one time dimension (year, quarter or month)"))]
    if "decision_reason" in dims and tuple(measures) != ("refused",):
        return [Problem("by", _("decision_reason goes only with the single measure refused"))]
    return []


# --- counting in the database ---


def _condition(measure: Measure) -> Q:
    """The cases a measure counts: those with the date it is dated by (and the outcome it names)."""
    dated = Q(**{f"{measure.date_field}__isnull": False})
    if measure.id == "decisions":
        return dated & Q(decision__in=[DecisionOutcome.GRANTED, DecisionOutcome.REFUSED])
    if measure.id in ("granted", "persons_granted", "amount_granted_sek"):
        return dated & Q(decision=DecisionOutcome.GRANTED)
    if measure.id == "refused":
        return dated & Q(decision=DecisionOutcome.REFUSED)
    if measure.id == "withdrawn":
        return dated & Q(stage=Stage.WITHDRAWN)
    return dated


def _age_group(person: str, dated: str) -> tuple[Any, DbCase]:
    """Completed years on the dated day; a birth year alone counts as born on 1 July (the contract)."""
    born = f"{person}__birth_date"
    whole = IntegerField()
    birth_year = Coalesce(ExtractYear(born), F(f"{person}__birth_year"), output_field=whole)
    birth_day = Coalesce(ExtractMonth(born) * 100 + ExtractDay(born), Value(701), output_field=whole)
    day = ExtractMonth(dated) * 100 + ExtractDay(dated)
    before_birthday = DbCase(When(GreaterThan(birth_day, day), then=Value(1)), default=Value(0), output_field=whole)
    age = ExpressionWrapper(ExtractYear(dated) - birth_year - before_birthday, output_field=whole)
    whens = [When(Q(_age__gte=low) & (Q(_age__lte=high) if high is not None else Q()), then=Value(key))
             for key, low, high in AGE_GROUPS]
    return age, DbCase(*whens, default=Value(UNKNOWN))


def _grouped(cases: QuerySet[Case], measures: list[Measure], dims: tuple[str, ...], start: dt.date | None,
             end: dt.date) -> tuple[dict[str, dict[Key, int]], dt.date | None]:
    """Each measure's value per combination of the dimensions' keys (only combinations that occur), in one
    GROUP BY for measures dated by the same day: decisions, granted, refused and the amount scan the cases once.
    Without a start, everything up to `end` counts, and the first counted day comes back with the counts (the
    default period starts in its year: no scan of its own to find it)."""
    queries: dict[tuple[str, bool], list[Measure]] = defaultdict(list)
    for measure in measures:
        queries[(measure.date_field, measure.id == "persons_granted")].append(measure)
    grouped: dict[str, dict[Key, int]] = {}
    firsts: list[dt.date] = []
    for (dated, per_person), together in queries.items():
        counts, first = _grouped_by_day(cases, together, dims, dated, per_person, start, end)
        grouped.update(counts)
        firsts += [first] if first else []
    return grouped, min(firsts, default=None)


def _grouped_by_day(cases: QuerySet[Case], measures: list[Measure], dims: tuple[str, ...], dated: str,
                    per_person: bool, start: dt.date | None,
                    end: dt.date) -> tuple[dict[str, dict[Key, int]], dt.date | None]:
    either = Q()
    for measure in measures:
        either |= _condition(measure)
    within = {f"{dated}__lte": end, **({f"{dated}__gte": start} if start else {})}
    rows = cases.filter(either, **within)
    person = "household__members__person" if per_person else "main_member__person"
    if not per_person and any(d in ("sex", "age_group") for d in dims):
        rows = rows.annotate(main_member=FilteredRelation(
            "household__members", condition=Q(household__members__relation=Relation.MAIN_APPLICANT)))
    columns: dict[str, Any] = {}
    for dim in dims:
        if dim == "year":
            columns["_year"] = ExtractYear(dated)
        elif dim == "quarter":
            columns.update(_year=ExtractYear(dated), _quarter=ExtractQuarter(dated))
        elif dim == "month":
            columns.update(_year=ExtractYear(dated), _month=ExtractMonth(dated))
        elif dim == "sex":
            columns["_sex"] = F(f"{person}__sex")
        elif dim == "age_group":
            age, group = _age_group(person, dated)
            rows = rows.annotate(_age=age)
            columns["_age_group"] = group
        elif dim == "decision_reason":
            columns["_reason"] = F("refusal_reasons__code")
        elif dim == "unit":
            columns["_unit"] = F("unit__code")
        elif dim == "municipality":
            columns["_municipality"] = F("unit__municipality__code")
        else:
            columns[f"_{dim}"] = F(dim)
    values = {f"_n_{m.id}": (Sum("decided_amount_sek", filter=_condition(m)) if m.is_sum
                             else Count("household__members", filter=_condition(m)) if per_person
                             else Count("pk", filter=_condition(m))) for m in measures}
    values["_first"] = Min(dated)
    grouped: dict[str, dict[Key, int]] = {m.id: defaultdict(int) for m in measures}
    first: dt.date | None = None
    # Without a dimension it is one aggregate: .values() with no field would group by every column of the case.
    found = ([rows.aggregate(**values)] if not columns
             else rows.annotate(**columns).values(*columns).annotate(**values).order_by())
    for row in found:
        if row["_first"] and (first is None or row["_first"] < first):
            first = row["_first"]
        key = tuple(_key_of(dim, row) for dim in dims)
        for measure in measures:
            if value := row[f"_n_{measure.id}"]:
                grouped[measure.id][key] += int(value)
    return {measure_id: dict(counts) for measure_id, counts in grouped.items()}, first


def _key_of(dim: str, row: Mapping[str, Any]) -> str:
    if dim == "year":
        return str(row["_year"])
    if dim == "quarter":
        return f"{row['_year']}-Q{row['_quarter']}"
    if dim == "month":
        return f"{row['_year']}-{row['_month']:02d}"
    value = row["_age_group" if dim == "age_group" else "_reason" if dim == "decision_reason" else f"_{dim}"]
    return str(value) if value else UNKNOWN


def _periods(dim: str, start: dt.date, end: dt.date) -> tuple[str, ...]:
    """Every year, quarter or month that overlaps the period."""
    if dim == "year":
        return tuple(str(year) for year in range(start.year, end.year + 1))
    months = [(y, m) for y in range(start.year, end.year + 1) for m in range(1, 13)
              if (start.year, start.month) <= (y, m) <= (end.year, end.month)]
    if dim == "month":
        return tuple(f"{y}-{m:02d}" for y, m in months)
    return tuple(dict.fromkeys(f"{y}-Q{(m - 1) // 3 + 1}" for y, m in months))


def _listed(dim: str, start: dt.date, end: dt.date, seen: set[str]) -> tuple[str, ...]:
    spec = DIMENSIONS[dim]
    if spec.is_time:
        return _periods(dim, start, end)
    if spec.from_data:
        return tuple(sorted(seen - {UNKNOWN})) + ((UNKNOWN,) if UNKNOWN in seen else ())
    return tuple(key for key, _label in spec.listed)


# --- the whole table: details, margins, total ---


def _lattice(details: Mapping[Key, int], values: tuple[tuple[str, ...], ...],
             margin_source: Mapping[Key, int] | None = None, overlap: int | None = None) -> dict[Key, int]:
    """Every cell: details (zeros included), each partial margin and the total, summed from the details. For an
    overlapping dimension (a case under each of its reasons) the margins over it come from `margin_source`,
    counted without that dimension, so each case counts once there."""
    cells: dict[Key, int] = {key: 0 for key in itertools.product(*[(*v, MARGIN) for v in values])}
    width = len(values)
    stars = [subset for r in range(width + 1) for subset in itertools.combinations(range(width), r)]
    for key, count in details.items():
        for subset in stars:
            if overlap is not None and overlap in subset:
                continue
            cells[tuple(MARGIN if i in subset else part for i, part in enumerate(key))] += count
    if overlap is not None and margin_source is not None:
        for key, count in margin_source.items():
            for subset in stars:
                if overlap in subset:
                    starred = tuple(MARGIN if i in subset else part for i, part in enumerate(key))
                    cells[starred] += count
    return cells


def compute_table(cases: QuerySet[Case], request: TableRequest, *, today: dt.date | None = None) -> Table:
    today = today or timezone.localdate()
    needed = _needed_measures(request)
    end = request.period_to or today
    dims = request.by
    grouped, first = _grouped(cases, needed, dims, request.period_from, end)
    start = request.period_from or dt.date((first or end).year, 1, 1)
    seen: dict[str, set[str]] = {d: set() for d in dims}
    for measure_id in request.measures:
        for key in grouped[measure_id]:
            for dim, part in zip(dims, key, strict=True):
                seen[dim].add(part)
    values = tuple(_listed(d, start, end, seen[d]) for d in dims)
    _check_size(values)
    overlap = dims.index("decision_reason") if "decision_reason" in dims else None
    once: dict[str, dict[Key, int]] = {}
    if overlap is not None:  # the reasons' margins: each refused case once, counted without the reasons
        others = dims[:overlap] + dims[overlap + 1:]
        once = {m: {(*k[:overlap], MARGIN, *k[overlap:]): v for k, v in counts.items()}
                for m, counts in _grouped(cases, needed, others, start, end)[0].items()}
    cells: dict[str, dict[Key, int]] = {}
    for measure in needed:
        details = {k: v for k, v in grouped[measure.id].items() if all(
            part in allowed for part, allowed in zip(k, values, strict=True))}
        cells[measure.id] = _lattice(details, values, once.get(measure.id), overlap)
    protections: list[Protection] = []
    suppressed = (_protect(cells, values, overlap, request, protections) if request.published
                  else {m: frozenset() for m in cells})
    table = _assemble(request, start, end, values, cells, suppressed)
    table.protections = protections
    return table


def audit(table: Table) -> list[Any]:
    """The interval audit of a published table: every table its figures were protected as, proven by linear
    programming (disclosure.audit). Empty when every suppressed count keeps at least `threshold` values."""
    from hemvag.reports import disclosure

    return [failure for counts, pattern in table.protections
            for failure in disclosure.audit(counts, pattern, table.request.threshold)]


def _check_size(values: tuple[tuple[str, ...], ...]) -> None:
    cells = math.prod(len(listed) + 1 for listed in values)
    if cells > MAX_TABLE_CELLS:
        raise StatisticsError([Problem("by", _(
            "the table would have %(cells)s cells (at most %(max)s): choose a shorter period, a coarser one or "
            "fewer dimensions") % {"cells": f"{cells:,}", "max": f"{MAX_TABLE_CELLS:,}"})])


def _needed_measures(request: TableRequest) -> list[Measure]:
    """The requested measures, and for published figures those their protection depends on: the decision
    triple whenever one of it (or the amount) is asked for."""
    ids = list(request.measures)
    if request.published and any(m in DECISION_MEASURES or m == "amount_granted_sek" for m in ids):
        ids += [m for m in DECISION_MEASURES if m not in ids]
    return [MEASURES[m] for m in ids]


Protection = tuple[Any, dict[str, frozenset[Key]]]  # (disclosure.CountTable, its suppressed cells)


def _protect(cells: dict[str, dict[Key, int]], values: tuple[tuple[str, ...], ...], overlap: int | None,
             request: TableRequest, protections: list[Protection]) -> dict[str, frozenset[Key]]:
    """Each protected table's suppressed cells, per measure; every protected table is kept in `protections`
    so that `audit` can prove it."""
    from hemvag.reports import disclosure  # here, not above: the LP solver loads only when figures are published

    threshold = request.threshold
    suppressed: dict[str, frozenset[Key]] = {}

    def protect(table: disclosure.CountTable) -> dict[str, frozenset[Key]]:
        pattern = disclosure.protect(table, threshold)
        protections.append((table, pattern))
        return pattern

    counts = {m: c for m, c in cells.items() if not MEASURES[m].is_sum}
    if overlap is not None:
        # The reasons' margins are the refused cases themselves: they inherit the pattern the decision triple
        # gets over the other dimensions, so this table never shows what the decisions table hides.
        others = values[:overlap] + values[overlap + 1:]
        triple = _triple_over(cells, overlap)
        inherited = protect(disclosure.CountTable(dims=others, counts=triple, linked=DECISION_MEASURES))
        forced = frozenset((*k[:overlap], MARGIN, *k[overlap:]) for k in inherited["refused"])
        table = disclosure.CountTable(dims=values, counts={"refused": counts["refused"]}, overlap_dim=overlap,
                                      forced={"refused": forced})
        suppressed.update(protect(table))
        # decisions and granted were counted only for the pattern refused inherits: refused is the one measure
        counts = {m: c for m, c in counts.items() if m not in DECISION_MEASURES}
    linked = {m: counts.pop(m) for m in DECISION_MEASURES if m in counts}
    if linked:
        suppressed.update(protect(disclosure.CountTable(dims=values, counts=linked, linked=DECISION_MEASURES)))
    for measure_id, measure_cells in counts.items():
        suppressed.update(protect(disclosure.CountTable(dims=values, counts={measure_id: measure_cells})))
    if "amount_granted_sek" in cells:
        suppressed["amount_granted_sek"] = _hidden_amounts(values, suppressed["granted"])
    return suppressed


def _triple_over(cells: dict[str, dict[Key, int]], overlap: int) -> dict[str, dict[Key, int]]:
    """The decision triple with the overlapping dimension taken out (its margins only)."""
    return {m: {k[:overlap] + k[overlap + 1:]: v for k, v in cells[m].items() if k[overlap] == MARGIN}
            for m in DECISION_MEASURES if m in cells}


def _hidden_amounts(values: tuple[tuple[str, ...], ...], granted_hidden: frozenset[Key]) -> frozenset[Key]:
    """An amount is shown only where its granted count is shown and so is every detail amount it adds up."""
    hidden = set(granted_hidden)
    hidden_details = [k for k in granted_hidden if MARGIN not in k]
    for key in itertools.product(*[(*v, MARGIN) for v in values]):
        if key in hidden or MARGIN not in key:
            continue
        if any(all(part == MARGIN or part == detail[i] for i, part in enumerate(key)) for detail in hidden_details):
            hidden.add(key)
    return frozenset(hidden)


def _assemble(request: TableRequest, start: dt.date, end: dt.date, values: tuple[tuple[str, ...], ...],
              cells: dict[str, dict[Key, int]], suppressed: Mapping[str, frozenset[Key]]) -> Table:
    def cell(key: Key) -> Cell:
        result = Cell(values={})
        for measure_id in request.measures:
            if key in suppressed.get(measure_id, frozenset()):
                result.values[measure_id] = None
                result.flags[measure_id] = SUPPRESSED
            else:
                result.values[measure_id] = cells[measure_id][key]
        return result

    width = len(values)
    details = list(itertools.product(*values)) if width else []  # without --by, only the total
    margins: list[Key] = []
    if width >= 2:
        for stars in range(1, width):
            # (a, "*") before ("*", b): the later dimensions are summed over first
            for subset in reversed(list(itertools.combinations(range(width), stars))):
                kept = [values[i] if i not in subset else (MARGIN,) for i in range(width)]
                margins.extend(itertools.product(*kept))
    rows = [(key, cell(key)) for key in (*details, *margins)]
    return Table(request=request, period_from=start, period_to=end, dim_values=values, rows=rows,
                 total=cell((MARGIN,) * width))
