"""Disclosure control for published count tables: primary and secondary cell suppression, proven by an interval audit.

Pure Python + NumPy + SciPy: no Django, no database. A table is the whole lattice of a cross-tabulation (every
detail cell, every partial margin and the grand total) for one or more measures. `protect` chooses the cells to
suppress; `audit` proves by linear programming that no suppressed count can be narrowed to fewer than `threshold`
possible values from the published numbers. See docs/disclosure-control.md.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from math import inf, isinf

import highspy
import numpy as np


def _without_banner() -> None:
    """HiGHS prints its banner on standard output (at the C level, past Python's sys.stdout) when a process makes
    its first solver: `hemvag stats --format json` would not be JSON any more. Make that first solver with file
    descriptor 1 pointed at /dev/null; later ones print nothing."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_without_banner()

Key = tuple[str, ...]
TOTAL = "*"

EQUAL = "equal"  # margin = sum of children
OVERLAP = "overlap"  # each child <= margin and sum of children >= margin


@dataclass(frozen=True)
class CountTable:
    """The counts of every cell of a lattice, per measure, with the table's additive structure."""

    dims: tuple[tuple[str, ...], ...]
    counts: Mapping[str, Mapping[Key, int]]
    overlap_dim: int | None = None
    linked: tuple[str, str, str] | None = None
    forced: Mapping[str, frozenset[Key]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_table(self)


@dataclass(frozen=True)
class AuditFailure:
    """A suppressed cell whose feasible interval [min, max] holds fewer than `threshold` whole numbers."""

    measure: str
    key: Key
    min: float
    max: float


Cell = tuple[str, Key]


@dataclass(frozen=True)
class _Relation:
    kind: str
    margin: int  # cell index
    children: tuple[int, ...]


@dataclass
class _Graph:
    """The table flattened: cells as indexes, relations between them, and each cell's relations."""

    cells: list[Cell]
    values: np.ndarray
    level: list[int]  # how aggregated a cell is: number of "*" (+1 for the linked total measure)
    relations: list[_Relation]
    relations_of: list[list[int]]
    index: dict[Cell, int]


# ----------------------------------------------------------------------------------------------------------------
# The lattice


def lattice(dims: tuple[tuple[str, ...], ...]) -> Iterator[Key]:
    """Every key of the lattice: details first, then margins with more "*" later (the contract's row order)."""
    keys = itertools.product(*[(*values, TOTAL) for values in dims])
    return iter(sorted(keys, key=lambda key: key.count(TOTAL)))


def _children(key: Key, position: int, dims: tuple[tuple[str, ...], ...]) -> list[Key]:
    """The cells one level down from `key` along the dimension at `position`."""
    return [(*key[:position], value, *key[position + 1 :]) for value in dims[position]]


def _check_table(table: CountTable) -> None:
    """Fail early on a malformed table: a missing cell, a negative count, or relations that do not hold."""
    keys = set(lattice(table.dims))
    if table.linked is not None and not set(table.linked) <= set(table.counts):
        raise ValueError(f"linked measures {table.linked} are not all in the table")
    if table.overlap_dim is not None and not 0 <= table.overlap_dim < len(table.dims):
        raise ValueError(f"overlap_dim {table.overlap_dim} is not a dimension")
    for measure, counts in table.counts.items():
        if set(counts) != keys:
            raise ValueError(f"measure {measure!r} does not count exactly the cells of the lattice")
        if any(count < 0 for count in counts.values()):
            raise ValueError(f"measure {measure!r} has a negative count")
    for measure, keys_forced in table.forced.items():
        if measure not in table.counts or not keys_forced <= keys:
            raise ValueError(f"forced cells of {measure!r} are not cells of the table")
    graph = _build_graph(table)
    for relation in graph.relations:
        if not _holds(relation, graph.values):
            margin = graph.cells[relation.margin]
            raise ValueError(f"counts do not add up at {margin}")


def _holds(relation: _Relation, values: np.ndarray) -> bool:
    margin = values[relation.margin]
    children = values[list(relation.children)]
    if relation.kind == EQUAL:
        return bool(margin == children.sum())
    return bool(children.max(initial=0) <= margin <= children.sum())


def _build_graph(table: CountTable) -> _Graph:
    cells = [(measure, key) for measure in table.counts for key in lattice(table.dims)]
    index = {cell: i for i, cell in enumerate(cells)}
    values = np.array([table.counts[measure][key] for measure, key in cells], dtype=np.int64)
    linked_total = table.linked[0] if table.linked else None
    level = [key.count(TOTAL) + (measure == linked_total) for measure, key in cells]
    relations = list(_lattice_relations(table, index)) + list(_linked_relations(table, index))
    relations_of: list[list[int]] = [[] for _ in cells]
    for r, relation in enumerate(relations):
        for cell in (relation.margin, *relation.children):
            relations_of[cell].append(r)
    return _Graph(cells, values, level, relations, relations_of, index)


def _lattice_relations(table: CountTable, index: dict[Cell, int]) -> Iterator[_Relation]:
    """For every margin cell and every dimension it sums over: margin against the cells one level down."""
    for measure in table.counts:
        for key in lattice(table.dims):
            for position, part in enumerate(key):
                if part != TOTAL:
                    continue
                kind = OVERLAP if position == table.overlap_dim else EQUAL
                children = tuple(index[(measure, child)] for child in _children(key, position, table.dims))
                yield _Relation(kind, index[(measure, key)], children)


def _linked_relations(table: CountTable, index: dict[Cell, int]) -> Iterator[_Relation]:
    """decisions = granted + refused in every cell: the linked total is a margin over the two parts."""
    if table.linked is None:
        return
    total, first, second = table.linked
    for key in lattice(table.dims):
        yield _Relation(EQUAL, index[(total, key)], (index[(first, key)], index[(second, key)]))


# ----------------------------------------------------------------------------------------------------------------
# The interval audit


def audit(table: CountTable, suppressed: Mapping[str, frozenset[Key]], threshold: int) -> list[AuditFailure]:
    """Every suppressed cell whose feasible interval is narrower than `threshold`; an empty list means safe.

    Unknowns are the suppressed counts (each >= 1, no upper bound); the shown counts are constants of the
    table's relations. Each unknown is maximised and minimised with HiGHS, except where the feasible points
    already found prove its interval wide enough. A failure's min and max are the exact LP optima.
    """
    graph = _build_graph(table)
    hidden = _hidden_indexes(graph, suppressed)
    return [
        AuditFailure(graph.cells[cell][0], graph.cells[cell][1], low, high)
        for cell, (low, high) in _intervals(graph, hidden, threshold).items()
        if not _wide_enough(low, high, threshold)
    ]


def _hidden_indexes(graph: _Graph, suppressed: Mapping[str, frozenset[Key]]) -> set[int]:
    hidden: set[int] = set()
    for measure, keys in suppressed.items():
        for key in keys:
            cell = graph.index.get((measure, key))
            if cell is None:
                raise ValueError(f"suppressed cell {(measure, key)} is not in the table")
            if graph.values[cell] == 0:
                # The audit's model says every unknown is >= 1 because zeros are shown; a hidden zero breaks it.
                raise ValueError(f"suppressed cell {(measure, key)} is zero; zeros are always shown")
            hidden.add(cell)
    return hidden


def _wide_enough(low: float, high: float, threshold: int) -> bool:
    return isinf(high) or round(high) - round(low) + 1 >= threshold


@dataclass
class _Rows:
    """Linear constraints over the unknowns: `a x (== or <=) b`, one entry per row."""

    equal: list[tuple[dict[int, float], float]] = field(default_factory=list)
    upper: list[tuple[dict[int, float], float]] = field(default_factory=list)


def _constraint_rows(graph: _Graph, hidden: set[int]) -> _Rows:
    """The relations that touch an unknown, with the shown counts moved to the right-hand side."""
    rows = _Rows()
    for relation in graph.relations:
        if relation.margin not in hidden and not any(child in hidden for child in relation.children):
            continue
        margin_minus_children = {relation.margin: 1.0, **{child: -1.0 for child in relation.children}}
        if relation.kind == EQUAL:
            rows.equal.append(_split(margin_minus_children, graph.values, hidden))
            continue
        rows.upper.append(_split(margin_minus_children, graph.values, hidden))  # margin - sum(children) <= 0
        for child in relation.children:
            if child in hidden or relation.margin in hidden:
                rows.upper.append(_split({child: 1.0, relation.margin: -1.0}, graph.values, hidden))
    return rows


def _split(coefficients: dict[int, float], values: np.ndarray, hidden: set[int]) -> tuple[dict[int, float], float]:
    """Unknown part and right-hand side of `sum(coefficients * cells) (== or <=) 0`."""
    unknown = {cell: c for cell, c in coefficients.items() if cell in hidden}
    constant = sum(c * float(values[cell]) for cell, c in coefficients.items() if cell not in hidden)
    return unknown, -constant


def _components(hidden: set[int], rows: _Rows) -> list[list[int]]:
    """Groups of unknowns tied together by some row; each group is an independent, smaller LP."""
    parent = {cell: cell for cell in hidden}

    def root(cell: int) -> int:
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for unknown, _ in itertools.chain(rows.equal, rows.upper):
        first, *others = unknown
        for other in others:
            parent[root(other)] = root(first)
    groups: dict[int, list[int]] = {}
    for cell in sorted(hidden):
        groups.setdefault(root(cell), []).append(cell)
    return list(groups.values())


def _intervals(graph: _Graph, hidden: set[int], threshold: int) -> dict[int, tuple[float, float]]:
    rows = _constraint_rows(graph, hidden)
    components = _components(hidden, rows)
    component_of = {cell: n for n, group in enumerate(components) for cell in group}
    by_component: dict[int, _Rows] = {}
    for name in ("equal", "upper"):
        for row in getattr(rows, name):
            getattr(by_component.setdefault(component_of[next(iter(row[0]))], _Rows()), name).append(row)
    result: dict[int, tuple[float, float]] = {}
    for n, group in enumerate(components):
        result.update(_component_intervals(group, by_component.get(n, _Rows()), graph.values, threshold))
    return result


def _model(rows: _Rows, column: dict[int, int]) -> highspy.Highs:
    """One component's LP for HiGHS (through its own Python interface, which loads in a tenth of the time
    scipy.optimize does: `hemvag stats --published` starts fast): every unknown in [1, inf), the equal rows as
    `b <= a x <= b`, the upper rows as `a x <= b`, stored row-wise. The objective is set per solve."""
    size = len(column)
    lp = highspy.HighsLp()
    lp.num_col_ = size
    lp.col_cost_ = np.zeros(size)
    lp.col_lower_ = np.ones(size)
    lp.col_upper_ = np.full(size, highspy.kHighsInf)
    starts, index, value, lower, upper = [0], [], [], [], []
    for kind, constraints in (("equal", rows.equal), ("upper", rows.upper)):
        for unknown, bound in constraints:
            for cell, coefficient in unknown.items():
                index.append(column[cell])
                value.append(coefficient)
            starts.append(len(index))
            lower.append(bound if kind == "equal" else -highspy.kHighsInf)
            upper.append(bound)
    lp.num_row_ = len(lower)
    lp.row_lower_, lp.row_upper_ = np.array(lower, dtype=float), np.array(upper, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = size, len(lower)
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.passModel(lp)
    return solver


def _component_intervals(
    group: list[int], rows: _Rows, values: np.ndarray, threshold: int
) -> dict[int, tuple[float, float]]:
    """An interval per unknown of one component: exact (LP min and max) for a failing cell, for a passing one
    possibly only an inner estimate already wide enough.

    Every LP solution is a feasible point, so it lies inside every unknown's interval: the range of points seen
    so far (starting with the true counts) is a proven lower bound on each interval's width, and a cell already
    wide enough by it needs no LP of its own. This cuts the LPs to a fraction.
    """
    column = {cell: c for c, cell in enumerate(group)}
    solver = _model(rows, column)
    seen_low = values[group].astype(float)
    seen_high = seen_low.copy()

    def widen(point: np.ndarray) -> None:
        np.minimum(seen_low, point, out=seen_low)
        np.maximum(seen_high, point, out=seen_high)

    result: dict[int, tuple[float, float]] = {}
    for cell, c in column.items():
        if not _wide_enough(seen_low[c], seen_high[c], threshold):
            _solve_extreme(solver, c, seen_high, widen, maximise=True)
        if not _wide_enough(seen_low[c], seen_high[c], threshold):
            _solve_extreme(solver, c, seen_low, widen, maximise=False)
        result[cell] = (float(seen_low[c]), float(seen_high[c]))
    return result


def _solve_extreme(
    solver: highspy.Highs,
    c: int,
    seen: np.ndarray,
    widen: Callable[[np.ndarray], None],
    *,
    maximise: bool,
) -> None:
    """Maximise or minimise unknown `c`; record the optimum in `seen` and the optimal point through `widen`."""
    size = solver.getNumCol()
    cost = np.zeros(size)
    cost[c] = -1.0 if maximise else 1.0
    solver.changeColsCost(size, np.arange(size, dtype=np.int32), cost)
    status = _run(solver)
    if status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        # Presolve can call an unbounded problem infeasible; the true counts prove it feasible, so ask again
        # without presolve.
        solver.setOptionValue("presolve", "off")
        status = _run(solver)
        solver.setOptionValue("presolve", "choose")
    if status == highspy.HighsModelStatus.kUnbounded and maximise:  # unbounded above (never below: x >= 1)
        seen[c] = inf
        return
    if status != highspy.HighsModelStatus.kOptimal:
        # The true counts are always a feasible point, so this is a solver failure, not a safe table.
        raise RuntimeError(f"interval audit LP failed: {solver.modelStatusToString(status)}")
    widen(np.asarray(solver.getSolution().col_value))
    objective = solver.getInfo().objective_function_value
    seen[c] = -objective if maximise else objective


def _run(solver: highspy.Highs) -> highspy.HighsModelStatus:
    solver.clearSolver()  # each extreme from scratch: a warm start from the last basis could carry its status
    solver.run()
    return solver.getModelStatus()


# ----------------------------------------------------------------------------------------------------------------
# Protection


def protect(table: CountTable, threshold: int) -> dict[str, frozenset[Key]]:
    """The cells to suppress, per measure: primary (1..threshold-1 and forced), then secondary until the audit passes.

    Deterministic; zeros are never suppressed; detail cells are chosen before margins and the total.
    """
    if threshold < 2:
        raise ValueError("threshold must be at least 2")
    graph = _build_graph(table)
    hidden = _primary(graph, table, threshold)
    _propagate(graph, hidden, threshold, range(len(graph.relations)))
    while failures := _failing_cells(graph, hidden, threshold):
        added = _fix_failures(graph, hidden, failures)
        _propagate(graph, hidden, threshold, _relations_touching(graph, added))
    return _by_measure(graph, hidden, table)


def _primary(graph: _Graph, table: CountTable, threshold: int) -> set[int]:
    small = {cell for cell, value in enumerate(graph.values) if 1 <= value < threshold}
    # A forced zero stays shown: zeros reveal nothing and the audit's model assumes hidden counts are >= 1.
    forced = {graph.index[(measure, key)] for measure, keys in table.forced.items() for key in keys}
    return small | {cell for cell in forced if graph.values[cell] > 0}


def _by_measure(graph: _Graph, hidden: set[int], table: CountTable) -> dict[str, frozenset[Key]]:
    result: dict[str, set[Key]] = {measure: set() for measure in table.counts}
    for cell in hidden:
        measure, key = graph.cells[cell]
        result[measure].add(key)
    return {measure: frozenset(keys) for measure, keys in result.items()}


def _relations_touching(graph: _Graph, cells: Iterable[int]) -> list[int]:
    return sorted({r for cell in cells for r in graph.relations_of[cell]})


def _propagate(graph: _Graph, hidden: set[int], threshold: int, start: Iterable[int]) -> None:
    """Fix every relation whose own numbers pin a hidden cell to fewer than `threshold` values, until none does.

    Only a necessary condition (the whole table can narrow intervals further); the LP audit settles the rest.
    """
    pending = deque(sorted(set(start)))
    queued = set(pending)
    while pending:
        r = pending.popleft()
        queued.discard(r)
        for cell in _local_fix(graph, hidden, threshold, graph.relations[r]):
            hidden.add(cell)
            for other in graph.relations_of[cell]:
                if other not in queued:
                    queued.add(other)
                    pending.append(other)


def _local_fix(graph: _Graph, hidden: set[int], threshold: int, relation: _Relation) -> list[int]:
    """Cells to add so that this relation alone no longer pins a hidden member; [] when it is fine."""
    children = relation.children
    hidden_children = [child for child in children if child in hidden]
    margin_hidden = relation.margin in hidden
    if not margin_hidden and not hidden_children:
        return []
    if _locally_safe(graph, relation, hidden, threshold):
        return []
    candidates = [child for child in children if child not in hidden and graph.values[child] > 0]
    chosen: list[int] = []
    for candidate in sorted(candidates, key=lambda cell: _preference(graph, hidden, cell, relation)):
        chosen.append(candidate)
        if _locally_safe(graph, relation, hidden | set(chosen), threshold):
            return chosen
    # No choice of cells one level down protects this relation: its margin must go (a last resort).
    return [relation.margin] if not margin_hidden else chosen


def _locally_safe(graph: _Graph, relation: _Relation, hidden: set[int], threshold: int) -> bool:
    values = graph.values
    shown_sum = int(sum(values[child] for child in relation.children if child not in hidden))
    hidden_count = sum(1 for child in relation.children if child in hidden)
    if relation.margin in hidden:
        if relation.kind == EQUAL or hidden_count:
            return hidden_count > 0  # margin = shown + (at least one unbounded unknown)
        shown_max = int(max((values[child] for child in relation.children), default=0))
        return shown_sum - shown_max + 1 >= threshold  # margin in [max child, sum of children]
    margin = int(values[relation.margin])
    if relation.kind == EQUAL:
        # Hidden children sum to `rest`, each >= 1: a lone one equals it; k of them lie in [1, rest - (k - 1)].
        rest = margin - shown_sum
        return hidden_count >= 2 and rest - hidden_count + 1 >= threshold
    if hidden_count >= 2:
        return margin >= threshold  # each child in [1, margin] at least as far as this relation knows
    low = max(1, margin - shown_sum)
    return margin - low + 1 >= threshold


def _preference(graph: _Graph, hidden: set[int], cell: int, relation: _Relation | None) -> tuple[object, ...]:
    """Sort key for candidate cells: details first, then cells that open no new relation, small counts, key order."""
    opens = sum(
        1
        for r in graph.relations_of[cell]
        if graph.relations[r] is not relation and not _touches_hidden(graph.relations[r], hidden)
    )
    measure, key = graph.cells[cell]
    return (graph.level[cell], opens, int(graph.values[cell]), key, measure)


def _touches_hidden(relation: _Relation, hidden: set[int]) -> bool:
    return relation.margin in hidden or any(child in hidden for child in relation.children)


def _failing_cells(graph: _Graph, hidden: set[int], threshold: int) -> list[int]:
    intervals = _intervals(graph, hidden, threshold)
    return sorted(cell for cell, (low, high) in intervals.items() if not _wide_enough(low, high, threshold))


def _fix_failures(graph: _Graph, hidden: set[int], failures: list[int]) -> list[int]:
    """For each cell the audit rejects, hide the most preferable shown non-zero cell that shares a relation with it.

    Falls back to any shown non-zero cell, so the loop ends: with every non-zero count hidden the system is
    homogeneous, every maximum is unbounded and the audit passes.
    """
    added: list[int] = []
    for cell in failures:
        candidates = _neighbours(graph, hidden, cell) or _shown_nonzero(graph, hidden)
        if not candidates:
            continue
        best = min(candidates, key=lambda other: _preference(graph, hidden, other, None))
        hidden.add(best)
        added.append(best)
    if not added:
        raise RuntimeError("protect: the audit fails with every non-zero count hidden")
    return added


def _neighbours(graph: _Graph, hidden: set[int], cell: int) -> list[int]:
    near: set[int] = set()
    for r in graph.relations_of[cell]:
        relation = graph.relations[r]
        near.update(other for other in (relation.margin, *relation.children))
    return sorted(other for other in near if other not in hidden and graph.values[other] > 0)


def _shown_nonzero(graph: _Graph, hidden: set[int]) -> list[int]:
    return [cell for cell in range(len(graph.cells)) if cell not in hidden and graph.values[cell] > 0]
