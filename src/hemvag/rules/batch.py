"""The batch path: a whole population (one row per person) as NumPy columns.

It evaluates the *same* programme definitions as the single path (engine.py): every condition's
expression tree is evaluated with ``Expr.many`` instead of ``Expr.one``, and the amount arithmetic
is shared (amounts.py).  Rows are grouped by household (a stable sort keeps file order within a
household).  Households are split into parameter *epochs* (periods in which no parameter changes),
so each epoch is evaluated with one set of parameter values and one regime per programme.

Results per household and programme: regime, outcome (tri value), amount (-1 = none) and the
missing facts as bit masks (facts.FACTS order), turned into JSON paths only when written out.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final, TextIO, cast

import numpy as np
import numpy.typing as npt

from hemvag.rules.amounts import COUPLE_ROLES, capped_total, rate_tables
from hemvag.rules.columns import COLUMN_DTYPES, I8, Array, Columns, choice_code
from hemvag.rules.engine import ADULT, BIRTH_BIT, default_parameters, regime_in_force
from hemvag.rules.expr import U32
from hemvag.rules.facts import FACTS, ROLES, fact, missing_paths, ymd
from hemvag.rules.parameters import ParameterSet, Params
from hemvag.rules.programs import Program, Regime
from hemvag.rules.tri import MET, NOT_MET, OUTCOME_NAMES, UNKNOWN
from hemvag.rules.validation import (
    FieldError,
    check_choice,
    check_country,
    main_applicant_problem,
    member_date_problems,
    parse_date_text,
)

I64 = npt.NDArray[np.int64]
HOUSEHOLD_COLUMNS: Final = ("application_date", "destination_country", "settles_permanently", "in_sweden")
CSV_COLUMNS: Final = (
    "household_id", "application_date", "destination_country", "settles_permanently", "member_id", "role",
    "birth_date", "swedish_citizen", "registered_in_sweden", "lives_with_main_applicant",
    "special_reasons_accepted", "permit_ground", "permit_granted_on", "permit_permanent", "permit_valid",
    "debts_to_authorities", "can_pay_journey", "has_valid_national_passport", "received_grant_before",
    "asylum_outcome", "asylum_decided_on", "asylum_admission_likely",
)  # fmt: skip
# Optional columns: a column that is absent is unknown on every row (docs/cli.md).
OPTIONAL_COLUMNS: Final = ("in_sweden", "asylum_late_application_accepted")
ALL_COLUMNS: Final = (*CSV_COLUMNS, *OPTIONAL_COLUMNS)
RESULT_COLUMNS: Final = ("household_id", "program", "regime", "outcome", "amount_sek", "missing")
MAX_PROBLEMS: Final = 20
_COUPLE_TABLE: Final = np.array([role in COUPLE_ROLES for role in ROLES], dtype=np.int64)
_MAIN_CODE: Final = ROLES.index("main_applicant")
EXCLUDED, OPEN, COUNTED = 0, 1, 2  # ProgramResult.counted


class BatchError(ValueError):
    """Invalid batch input; ``problems`` are ``line N: column: problem`` lines (at most 20)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Population:
    """Columns grouped by household, with the household structure the evaluation needs."""

    columns: Columns
    household_ids: list[str]
    starts: I64  # first row of each household

    @property
    def persons(self) -> int:
        return len(self.columns)

    @property
    def households(self) -> int:
        return len(self.starts)

    def structure(self) -> Structure:
        return Structure.of(self.columns, self.starts)


@dataclass
class Structure:
    starts: I64
    ends: I64  # last row of each household
    household_of_row: npt.NDArray[np.int32]
    main_row: I64
    position: npt.NDArray[np.int32]  # index of the row within its household (file order)
    main: Columns  # the main applicants' rows, on which household conditions are evaluated

    @classmethod
    def of(cls, columns: Columns, starts: I64) -> Structure:
        n = len(columns)
        sizes = np.diff(np.append(starts, n))
        household_of_row = np.repeat(np.arange(len(starts), dtype=np.int32), sizes)
        position = (np.arange(n) - starts[household_of_row]).astype(np.int32)
        main_row = np.flatnonzero(columns["role"] == _MAIN_CODE).astype(np.int64)
        ends = np.append(starts[1:], n) - 1
        return cls(starts, ends, household_of_row, main_row, position, columns.take(main_row))


@dataclass
class ProgramResult:
    """One programme's results for every household of a population."""

    program: str
    regime: dict[int, str | None]  # by epoch index
    epoch: npt.NDArray[np.int16]  # per household
    outcome: I8
    amount: I64
    household_bits: U32  # missing facts deciding the household (main applicant's row)
    member_bits: U32  # per row: missing facts deciding who counts and at which rate
    # For forecasts: the upper end of the amount range (-1 when not eligible), and per row how the
    # member counts (COUNTED: adult or child, OPEN: not known to be excluded, else EXCLUDED).
    high_amount: I64
    counted: I8

    def regime_of(self, household: int) -> str | None:
        return self.regime[int(self.epoch[household])]


# --- evaluation -----------------------------------------------------------------------------------------


def _evaluate_regime(regime: Regime, c: Columns, s: Structure, p: Params) -> tuple[I8, I64, U32, U32, I64, I8]:
    main = s.main
    household_values = [cond.expr.many(main, p) for cond in regime.household]
    h = len(s.starts)
    main_status = np.minimum.reduce(household_values) if household_values else np.full(h, MET, np.int8)
    member_values = [cond.expr.many(c, p) for cond in regime.members]
    own = np.minimum.reduce(member_values) if member_values else np.full(len(c), MET, np.int8)
    own = own.copy()
    own[s.main_row] = MET
    adult = ADULT.many(c, p)

    low_rates, high_rates = (np.array(t, dtype=np.int64).ravel() for t in rate_tables(regime, p))
    status_and_age = own * np.int8(3) + adult  # index into the flattened [status][adult] rate tables
    low_total = _household_amount(np.take(low_rates, status_and_age), c, s, regime, p)
    high_total = _household_amount(np.take(high_rates, status_and_age), c, s, regime, p)

    open_ = (main_status == UNKNOWN) | (low_total != high_total)
    outcome = np.where(main_status == NOT_MET, NOT_MET, np.where(open_, UNKNOWN, MET)).astype(np.int8)
    amount = np.where(outcome == MET, low_total, -1)

    household_bits = np.zeros(h, np.uint32)
    for cond in regime.household:
        cond.expr.mark_missing(main, p, main_status == UNKNOWN, household_bits)
    member_bits = np.zeros(len(c), np.uint32)
    amount_open = ((main_status != NOT_MET) & (low_total != high_total))[s.household_of_row] & (own != NOT_MET)
    member_bits |= (amount_open & (adult == UNKNOWN)).astype(np.uint32) * np.uint32(BIRTH_BIT)
    not_main = amount_open & (c["role"] != _MAIN_CODE)
    for cond in regime.members:
        cond.expr.mark_missing(c, p, not_main, member_bits)
    high = np.where(outcome == NOT_MET, -1, high_total)
    # How a member counts, as in the single path: counted once its own conditions are met and its age is
    # known; excluded when a condition of its own (or of the main applicant) is known to fail.
    status = np.minimum(own, main_status[s.household_of_row])
    counted = np.where(status == NOT_MET, EXCLUDED, np.where((own == MET) & (adult != UNKNOWN), COUNTED, OPEN))
    return outcome, amount, household_bits, member_bits, high, counted.astype(np.int8)


def _household_amount(rates: I64, c: Columns, s: Structure, regime: Regime, p: Params) -> I64:
    """Per household: the members' rates summed, with the couple cap (when in force) and the household cap."""
    total = _household_sums(rates, s.ends)
    if p.amount(regime.amount_key("couple_cap")) is None:
        return capped_total(np.zeros_like(total), total, regime, p)
    couple = _household_sums(rates * _COUPLE_TABLE[c["role"]], s.ends)
    return capped_total(couple, total - couple, regime, p)


def _household_sums(values: I64, ends: I64) -> I64:
    """Per-household sums of a per-row column (households are contiguous): differences of a running sum."""
    return np.diff(np.cumsum(values)[ends], prepend=0)


def _epochs(population: Population, parameters: ParameterSet) -> tuple[npt.NDArray[np.int16], dict[int, Params]]:
    """Epoch index per household, and the parameters of each epoch that occurs."""
    application = population.columns["application_date"][population.starts]
    boundaries = np.array([ymd(day) for day in parameters.change_dates()], dtype=np.int32)
    epoch = np.searchsorted(boundaries, application, side="right").astype(np.int16)
    params = {}
    for index in np.unique(epoch).tolist():
        any_day = int(application[np.argmax(epoch == index)])  # every day of an epoch has the same values
        params[index] = parameters.on(_as_date(any_day))
    return epoch, params


@dataclass
class _Subset:
    """The households of one epoch (the whole population when there is only one)."""

    columns: Columns
    structure: Structure
    households: npt.NDArray[np.intp]
    rows: npt.NDArray[np.intp] | None  # None: all rows


def _subsets(population: Population, epoch: npt.NDArray[np.int16], epochs: list[int]) -> dict[int, _Subset]:
    structure = population.structure()
    if len(epochs) == 1:
        return {epochs[0]: _Subset(population.columns, structure, np.arange(population.households), None)}
    subsets = {}
    for e in epochs:
        households = np.flatnonzero(epoch == e)
        rows = np.flatnonzero((epoch == e)[structure.household_of_row])
        columns = population.columns.take(rows)
        starts = np.searchsorted(rows, population.starts[households]).astype(np.int64)
        subsets[e] = _Subset(columns, Structure.of(columns, starts), households, rows)
    return subsets


def evaluate_population(
    population: Population, programs: Iterable[Program], parameters: ParameterSet | None = None
) -> list[ProgramResult]:
    """Every household of the population in every programme, with the regime in force on its date."""
    epoch, epoch_params = _epochs(population, parameters or default_parameters())
    subsets = _subsets(population, epoch, list(epoch_params))
    return [_evaluate_program(program, population, epoch, epoch_params, subsets) for program in programs]


def _evaluate_program(
    program: Program,
    population: Population,
    epoch: npt.NDArray[np.int16],
    epoch_params: dict[int, Params],
    subsets: dict[int, _Subset],
) -> ProgramResult:
    h, n = population.households, population.persons
    result = ProgramResult(
        program.id, {}, epoch, np.full(h, NOT_MET, np.int8), np.full(h, -1, np.int64),
        np.zeros(h, np.uint32), np.zeros(n, np.uint32), np.full(h, -1, np.int64), np.full(n, EXCLUDED, np.int8),
    )  # fmt: skip
    for e, p in epoch_params.items():
        regime = regime_in_force(program, p)
        result.regime[e] = regime.id if regime else None
        if regime is None:
            continue  # not in force: not eligible, as initialised
        subset = subsets[e]
        outcome, amount, household_bits, member_bits, high, counted = _evaluate_regime(
            regime, subset.columns, subset.structure, p
        )
        result.outcome[subset.households], result.amount[subset.households] = outcome, amount
        result.household_bits[subset.households], result.high_amount[subset.households] = household_bits, high
        if subset.rows is None:
            result.member_bits, result.counted = member_bits, counted
        else:
            result.member_bits[subset.rows], result.counted[subset.rows] = member_bits, counted
    return result


def missing_for(result: ProgramResult, structure: Structure, household: int) -> list[str]:
    start = int(structure.starts[household])
    end = int(structure.starts[household + 1]) if household + 1 < len(structure.starts) else len(result.member_bits)
    member_bits = [(row - start, int(result.member_bits[row])) for row in range(start, end)]
    main_index = int(structure.main_row[household]) - start
    return missing_paths(int(result.household_bits[household]), main_index, member_bits)


def result_rows(population: Population, results: list[ProgramResult]) -> Iterator[list[str]]:
    """CSV rows ``household_id, program, regime, outcome, amount_sek, missing`` in input order."""
    structure = population.structure()
    for household, household_id in enumerate(population.household_ids):
        for result in results:
            amount = int(result.amount[household])
            outcome = int(result.outcome[household])
            missing = missing_for(result, structure, household) if outcome == UNKNOWN else []
            yield [
                household_id,
                result.program,
                result.regime_of(household) or "",
                OUTCOME_NAMES[outcome],
                str(amount) if amount >= 0 else "",
                ";".join(missing),
            ]


def write_results(out: TextIO, population: Population, results: list[ProgramResult]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULT_COLUMNS)
    with _without_cyclic_gc():
        writer.writerows(result_rows(population, results))


# --- reading the CSV ---------------------------------------------------------------------------------------
#
# Cells are checked per distinct value (a column of a million rows has few distinct values), and the
# household rules run on the encoded columns, so reading stays fast for whole populations.

_BOOL_TEXT: Final = {"true": MET, "1": MET, "false": NOT_MET, "0": NOT_MET}
_UNKNOWN_CELL: Final = {"bool": UNKNOWN, "date": 0, "country": 0, "ground": 0, "asylum_outcome": 0}
_POSITION: Final = {column: i for i, column in enumerate(ALL_COLUMNS)}


def _bool_cell(text: str) -> int:
    value = _BOOL_TEXT.get(text.lower())
    if value is None:
        raise FieldError("not a boolean (true/false/1/0 or empty)")
    return value


def _encoder(column: str) -> Callable[[str], int]:
    """Text of a non-empty cell -> its code in the column encoding (raises FieldError)."""
    if column == "application_date":
        return lambda text: ymd(parse_date_text(text))
    kind = "role" if column == "role" else fact(column).kind
    if kind == "bool":
        return _bool_cell
    if kind == "date":
        return lambda text: ymd(parse_date_text(text))
    if kind == "country":
        countries = choice_code("country")
        return lambda text: countries[check_country(text)]
    if kind == "role":
        return lambda text: ROLES.index(check_choice(text, ROLES, "role"))
    codes = choice_code(kind)
    choices, what = tuple(codes), {"ground": "ground", "asylum_outcome": "asylum outcome"}[kind]
    return lambda text: codes[check_choice(text, choices, what)]


class Problems:
    """Problems as (row index, column); reported in file order as ``line N: column: problem``."""

    def __init__(self) -> None:
        self.found: list[tuple[int, int, str, str]] = []

    def add(self, row: int, column: str, problem: str) -> None:
        self.found.append((row, _POSITION.get(column, len(_POSITION)), column, problem))

    def __bool__(self) -> bool:
        return bool(self.found)

    def lines(self) -> list[str]:
        first = sorted(self.found)[:MAX_PROBLEMS]
        return [f"line {row + 2}: {column}: {problem}" for row, _, column, problem in first]


def empty_code(column: str) -> int:
    """The code of an empty cell (unknown; an empty role is reported as required)."""
    return 0 if column in ("application_date", "role") else _UNKNOWN_CELL[fact(column).kind]


def value_codes(column: str, values: Iterable[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Each distinct cell text -> its code, and the invalid ones -> their problem (their code is 0).

    Both readers check cells through this one function, per distinct text, so their messages agree."""
    encode = _encoder(column)
    empty = empty_code(column)
    mapping: dict[str, int] = {}
    bad: dict[str, str] = {}
    for value in set(values):
        text = value.strip()
        if not text:
            if column == "role":
                bad[value] = "required"
            mapping[value] = empty
            continue
        try:
            mapping[value] = encode(text)
        except FieldError as error:
            bad[value] = str(error)
    mapping.update(dict.fromkeys(bad, 0))
    return mapping, bad


def _encode_column(column: str, texts: tuple[str, ...], problems: Problems) -> Array:
    mapping, bad = value_codes(column, texts)
    if bad:
        for row in (i for i, value in enumerate(texts) if value in bad):
            problems.add(row, column, bad[texts[row]])
    return np.fromiter(map(mapping.__getitem__, texts), dtype=COLUMN_DTYPES[column], count=len(texts))


def _table(source: TextIO) -> tuple[dict[str, tuple[str, ...]], int]:
    """The CSV as text columns (only the contract's columns; an absent optional one is all empty), and the
    number of data rows."""
    reader = csv.reader(source)
    try:
        header = [name.strip() for name in next(reader, [])]
        missing = [c for c in CSV_COLUMNS if c not in header]
        if missing:
            raise BatchError([f"line 1: {c}: missing column" for c in missing][:MAX_PROBLEMS])
        rows = [row for row in reader if row]
    except csv.Error as error:
        raise BatchError([f"line {reader.line_num}: (row): malformed CSV: {error}"]) from None
    width = len(header)
    if any(len(row) != width for row in rows):  # short rows: the missing cells are empty
        rows = [(row + [""] * width)[:width] for row in rows]
    by_position = list(zip(*rows, strict=True)) if rows else [() for _ in header]
    table = {name: by_position[header.index(name)] for name in CSV_COLUMNS}
    for name in OPTIONAL_COLUMNS:
        table[name] = by_position[header.index(name)] if name in header else ("",) * len(rows)
    return table, len(rows)


def _as_date(value: int) -> dt.date:
    return dt.date(value // 10000, value // 100 % 100, value % 100)


def household_problems(
    data: dict[str, Array], household: npt.NDArray[np.int64], first_row: npt.NDArray[np.int64], ids: list[str],
    problems: Problems,
) -> None:  # fmt: skip
    """Household columns agree with the household's first row; exactly one main applicant."""
    for column in HOUSEHOLD_COLUMNS:
        values = data[column]
        # Only the first 20 of a kind can be among the first 20 in file order: the rest are not formatted.
        for row in np.flatnonzero(values != values[first_row][household])[:MAX_PROBLEMS].tolist():
            h = int(household[row])
            problems.add(row, column, f"differs from line {int(first_row[h]) + 2} of household '{ids[h]}'")
    mains = np.bincount(household, weights=data["role"] == ROLES.index("main_applicant"), minlength=len(ids))
    for index in np.flatnonzero(mains != 1)[:MAX_PROBLEMS].tolist():  # first rows ascend with the index
        problem = main_applicant_problem(["main_applicant"] * int(mains[index]))
        problems.add(int(first_row[index]), "role", f"household '{ids[index]}': {problem}")


def date_problems(data: dict[str, Array], application: Array, problems: Problems) -> None:
    """Birth after the application date, permit granted before birth (same messages as the JSON path)."""
    birth, granted = data["birth_date"], data["permit_granted_on"]
    suspicious = ((birth != 0) & (birth > application)) | ((birth != 0) & (granted != 0) & (granted < birth))
    for row in np.flatnonzero(suspicious)[: 2 * MAX_PROBLEMS]:  # each row gives at most two, one per column
        b, g, a = (int(birth[row]), int(granted[row]), int(application[row]))
        for path, message in member_date_problems(_as_date(b), _as_date(g) if g else None, _as_date(a)):
            problems.add(int(row), path.replace(".", "_"), message)


def _member_id_problems(
    texts: tuple[str, ...], household: npt.NDArray[np.int64], ids: list[str], problems: Problems
) -> None:
    seen: set[tuple[int, str]] = set()
    position = [0] * len(ids)
    for row, (h, text) in enumerate(zip(household.tolist(), texts, strict=True)):
        member = text.strip() or f"p{position[h] + 1}"
        position[h] += 1
        if (h, member) in seen:
            problems.add(row, "member_id", f"duplicate member id '{member}' in household '{ids[h]}'")
        seen.add((h, member))


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Millions of small lists and strings, none cyclic: without this the cyclic collector keeps
    rescanning the growing heap and reading a million rows takes several times longer."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_population(source: TextIO, on: dt.date | None = None, today: dt.date | None = None) -> Population:
    """Read and validate the batch CSV with Python's csv module: the exact reader, whose messages are the
    contract's (the columnar reader, columnar.py, gives the same answers faster and falls back on this one).
    Raises BatchError with the first 20 problems in file order."""
    with _without_cyclic_gc():
        return _read_population(source, on, today)


def _read_population(source: TextIO, on: dt.date | None, today: dt.date | None) -> Population:
    texts, n = _table(source)
    problems = Problems()
    if n == 0:
        raise BatchError(["line 2: household_id: no rows"])
    ids: dict[str, int] = {}
    household = np.array([ids.setdefault(h.strip(), len(ids)) for h in texts["household_id"]], dtype=np.int64)
    for row in (i for i, h in enumerate(texts["household_id"]) if not h.strip()):
        problems.add(row, "household_id", "required")
    data = {column: _encode_column(column, texts[column], problems) for column in COLUMN_DTYPES}
    if problems:
        raise BatchError(problems.lines())
    names = list(ids)

    def member_ids(grouping: Grouping, problems: Problems) -> None:
        _member_id_problems(texts["member_id"], household, names, problems)

    return assemble(data, household, names, member_ids, problems, default_application_date(on, today), on is not None)


@dataclass
class Grouping:
    """Rows grouped by household: ``order`` (None when the file already is), sizes and first rows."""

    order: I64 | None
    starts: I64
    first_row: I64

    @classmethod
    def of(cls, household: I64, households: int) -> Grouping:
        contiguous = bool(np.all(household[1:] >= household[:-1]))  # households in order of first appearance
        order = None if contiguous else np.argsort(household, kind="stable")  # stable: file order within
        sizes = np.bincount(household, minlength=households)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        return cls(order, starts, starts if order is None else order[starts])

    def positions(self, household: I64) -> I64:
        """Index of each row within its household, in file order."""
        grouped = household if self.order is None else household[self.order]
        position = np.arange(len(household), dtype=np.int64) - self.starts[grouped]
        if self.order is None:
            return position
        result = np.empty_like(position)
        result[self.order] = position
        return result


def default_application_date(on: dt.date | None, today: dt.date | None) -> int:
    return ymd(on or today or dt.date.today())


def assemble(
    data: dict[str, Array], household: I64, names: list[str], member_ids: Callable[[Grouping, Problems], None],
    problems: Problems, default: int, override: bool,
) -> Population:  # fmt: skip
    """The encoded columns (file order) checked household by household and grouped into a Population.

    ``default`` is the application date (yyyymmdd) of households without one, or of every household when
    ``override`` (``--on``).  Raises BatchError with the first 20 problems in file order."""
    grouping = Grouping.of(household, len(names))
    household_problems(data, household, grouping.first_row, names, problems)
    given = data["application_date"][grouping.first_row]
    application = np.where((given == 0) | override, default, given)[household].astype(np.int32)
    date_problems(data, application, problems)
    member_ids(grouping, problems)
    if problems:
        raise BatchError(problems.lines())
    data["application_date"] = application
    order = grouping.order
    columns = data if order is None else {name: values[order] for name, values in data.items()}
    return Population(Columns(columns), names, grouping.starts)


def without_application_dates(source: TextIO) -> TextIO:
    """For the exact reader: the file's `application_date` may be absent and its values are ignored (each
    forecast year has its own date): the header's column is renamed out of the way and an empty one appended,
    which the batch reader fills in for every row (short rows get empty cells)."""
    header = next(csv.reader([source.readline()]), [])
    names = ["(ignored) application_date" if name.strip() == "application_date" else name for name in header]
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([*names, "application_date"])
    return cast("TextIO", itertools.chain([line.getvalue()], source))  # csv.reader needs only an iterator of lines


def read_population_text(text: str, on: dt.date | None = None, today: dt.date | None = None) -> Population:
    return read_population(io.StringIO(text), on=on, today=today)


# --- columns back to facts documents (for the single path, tests and the benchmark) ----------------------


def _decode(column: str, value: int) -> Any:
    kind = fact(column).kind
    if kind == "bool":
        return None if value == UNKNOWN else value == MET
    if value == 0:
        return None
    if kind == "date":
        return _as_date(value).isoformat()
    return list(choice_code(kind))[value - 1]


def household_document(population: Population, household: int, member_ids: list[str] | None = None) -> dict[str, Any]:
    """The facts document of one household, as the single command would read it."""
    c = population.columns
    start = int(population.starts[household])
    end = int(population.starts[household + 1]) if household + 1 < population.households else population.persons
    first = start
    document: dict[str, Any] = {
        "application_date": _as_date(int(c["application_date"][first])).isoformat(),
        "destination_country": _decode("destination_country", int(c["destination_country"][first])),
        "settles_permanently": _decode("settles_permanently", int(c["settles_permanently"][first])),
        "in_sweden": _decode("in_sweden", int(c["in_sweden"][first])),
        "members": [],
    }
    for row in range(start, end):
        value = {f.column: _decode(f.column, int(c[f.column][row])) for f in FACTS if not f.household_level}
        member_id = member_ids[row - start] if member_ids else f"p{row - start + 1}"
        document["members"].append(
            {
                "id": member_id,
                "role": ROLES[int(c["role"][row])],
                "birth_date": value["birth_date"],
                **{
                    f.path: value[f.column]
                    for f in FACTS
                    if not f.household_level and "." not in f.path and f.column != "birth_date"
                },
                "permit": {k: value[f"permit_{k}"] for k in ("ground", "granted_on", "permanent", "valid")},
                "asylum": {
                    k: value[f"asylum_{k}"]
                    for k in ("outcome", "decided_on", "admission_likely", "late_application_accepted")
                },
            }
        )
    return document


def csv_rows(population: Population) -> Iterator[list[str]]:
    """The population as batch-CSV rows (header first, optional columns last); unknown cells are empty."""
    yield list(ALL_COLUMNS)
    c = population.columns
    cells: dict[str, list[str]] = {}
    for column in ALL_COLUMNS:
        if column in ("household_id", "member_id"):
            continue
        if column == "application_date":
            cells[column] = [_as_date(int(v)).isoformat() for v in c[column]]
        elif column == "role":
            cells[column] = [ROLES[int(v)] for v in c[column]]
        else:
            decoded = [_decode(column, int(v)) for v in c[column]]
            cells[column] = [
                "" if v is None else ("true" if v is True else "false" if v is False else str(v)) for v in decoded
            ]
    structure = population.structure()
    for row in range(population.persons):
        household = int(structure.household_of_row[row])
        values = [
            population.household_ids[household]
            if column == "household_id"
            else f"p{int(structure.position[row]) + 1}"
            if column == "member_id"
            else cells[column][row]
            for column in ALL_COLUMNS
        ]
        yield values
