"""Disclosure control: hand-made tables with known answers, and random tables that must pass the interval audit."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from hemvag.reports.disclosure import AuditFailure, CountTable, Key, audit, lattice, protect

LINKED = ("decisions", "granted", "refused")

# A record counts under one value per dimension, except the overlap dimension where it may count under several.
Record = tuple[tuple[frozenset[str], ...], int, int]  # (values per dimension, granted weight, refused weight)


def counts_from_records(dims: tuple[tuple[str, ...], ...], records: Sequence[Record]) -> dict[str, dict[Key, int]]:
    """Every lattice cell of decisions, granted and refused, counted the way the statistics module counts cases."""
    counts: dict[str, dict[Key, int]] = {measure: {} for measure in LINKED}
    for key in lattice(dims):
        matching = [
            r for r in records if all(part == "*" or part in values for part, values in zip(key, r[0], strict=True))
        ]
        counts["granted"][key] = sum(granted for _, granted, _ in matching)
        counts["refused"][key] = sum(refused for _, _, refused in matching)
        counts["decisions"][key] = counts["granted"][key] + counts["refused"][key]
    return counts


def table_of_details(dims: tuple[tuple[str, ...], ...], details: Mapping[Key, int], **kwargs: object) -> CountTable:
    """A one-measure table ("n") from its detail counts; margins and total added up."""
    records = [(tuple(frozenset({part}) for part in key), count, 0) for key, count in details.items()]
    return CountTable(dims, {"n": counts_from_records(dims, records)["granted"]}, **kwargs)  # type: ignore[arg-type]


def one_dim(**details: int) -> CountTable:
    dims = (tuple(details),)
    return table_of_details(dims, {(name,): count for name, count in details.items()})


def keys(*names: str) -> frozenset[Key]:
    return frozenset((name,) for name in names)


# ----------------------------------------------------------------------------------------------------------------
# Known answers


def test_one_small_cell_in_a_row_forces_a_second_the_smallest_partner() -> None:
    table = one_dim(a=2, b=10, c=20)
    assert protect(table, 5) == {"n": keys("a", "b")}


def test_two_small_cells_whose_interval_is_too_narrow_need_a_third() -> None:
    # a + b = 5 with each >= 1 puts each in [1, 4]: four values, fewer than the threshold 5.
    table = one_dim(a=2, b=3, c=10, d=20)
    assert audit(table, {"n": keys("a", "b")}, 5) == [
        AuditFailure("n", ("a",), 1.0, 4.0),
        AuditFailure("n", ("b",), 1.0, 4.0),
    ]
    assert protect(table, 5) == {"n": keys("a", "b", "c")}


def test_the_total_is_hidden_when_no_choice_of_details_protects() -> None:
    # The total 6 is shown; a + b + c = 6 leaves each in [1, 4]: only hiding the total helps.
    table = one_dim(a=2, b=2, c=2)
    assert protect(table, 5) == {"n": keys("a", "b", "c") | {("*",)}}


def test_a_one_dimensional_table_with_one_small_nonzero_detail_hides_the_total_and_shows_zeros() -> None:
    table = one_dim(a=0, b=3, c=0)
    assert protect(table, 5) == {"n": keys("b") | {("*",)}}


def test_a_margin_is_hidden_only_where_details_cannot_protect_it() -> None:
    dims = (("a", "b"), ("x", "y"))
    table = table_of_details(dims, {("a", "x"): 2, ("a", "y"): 1, ("b", "x"): 10, ("b", "y"): 10})
    suppressed = protect(table, 5)["n"]
    # (a, *) = 3 is primary; the total = (a, *) + (b, *) gives it away unless (b, *) or the total goes.
    assert ("a", "*") in suppressed
    assert ("b", "*") in suppressed
    assert ("*", "*") not in suppressed
    assert ("*", "x") not in suppressed and ("*", "y") not in suppressed
    assert audit(table, {"n": suppressed}, 5) == []


def test_a_single_small_cell_in_two_dimensions_is_covered_by_a_rectangle_of_small_counts() -> None:
    dims = (("a", "b", "c"), ("x", "y", "z"))
    details = {("a", "x"): 2, ("a", "y"): 10, ("a", "z"): 20, ("b", "x"): 7, ("b", "y"): 8, ("b", "z"): 30}
    details |= {("c", "x"): 9, ("c", "y"): 6, ("c", "z"): 40}
    assert protect(table_of_details(dims, details), 5) == {
        "n": frozenset({("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")})
    }


def test_granted_and_refused_are_protected_as_the_details_of_decisions() -> None:
    dims = (("2020", "2021", "2022"),)
    granted = {"2020": 2, "2021": 10, "2022": 12}
    refused = {"2020": 10, "2021": 8, "2022": 9}
    records = [((frozenset({year}),), granted[year], refused[year]) for year in granted]
    table = CountTable(dims, counts_from_records(dims, records), linked=LINKED)
    suppressed = protect(table, 5)
    assert suppressed == {
        "decisions": frozenset(),
        "granted": keys("2020", "2021"),
        "refused": keys("2020", "2021"),
    }
    # Granted's pattern alone is safe in its own table, but decisions − refused gives granted 2020 away.
    alone = {"decisions": frozenset(), "granted": keys("2020", "2021"), "refused": frozenset[Key]()}
    assert AuditFailure("granted", ("2020",), 2.0, 2.0) in audit(table, alone, 5)


def test_overlapping_details_bound_a_lone_hidden_reason_only_by_its_margin() -> None:
    # Three refused cases; reasons overlap, so the details add up to more than the total.
    dims = (("r1", "r2", "r3"),)
    records = [((frozenset({"r1", "r2"}),), 0, 3), ((frozenset({"r2", "r3"}),), 0, 7), ((frozenset({"r3"}),), 0, 10)]
    counts = counts_from_records(dims, records)["refused"]
    assert counts == {("r1",): 3, ("r2",): 10, ("r3",): 17, ("*",): 20}
    table = CountTable(dims, {"refused": counts}, overlap_dim=0)
    # r1 <= 20 and r1 >= 20 - 27: anything in [1, 20]; as an equality it would be exactly 20 − 27 < 0.
    assert protect(table, 5) == {"refused": keys("r1")}
    assert audit(table, {"refused": keys("r1")}, 5) == []
    with pytest.raises(ValueError, match="do not add up"):
        CountTable(dims, {"refused": counts})


def test_an_overlapping_margin_with_no_other_nonzero_reason_pins_a_hidden_reason_and_must_go() -> None:
    # r1 <= 7 and r1 >= 7 - 0: a forced r1 is pinned by its margin; no detail can help, so the total goes.
    dims = (("r1", "r2"),)
    table = CountTable(
        dims, {"refused": {("r1",): 7, ("r2",): 0, ("*",): 7}}, overlap_dim=0, forced={"refused": keys("r1")}
    )
    assert audit(table, {"refused": keys("r1")}, 5) == [AuditFailure("refused", ("r1",), 7.0, 7.0)]
    assert protect(table, 5) == {"refused": keys("r1") | {("*",)}}


def test_forced_cells_are_hidden_and_protected_but_a_forced_zero_stays_shown() -> None:
    table = one_dim(a=0, b=10, c=20, d=30)
    table = CountTable(table.dims, table.counts, forced={"n": keys("a", "c")})
    assert protect(table, 5) == {"n": keys("b", "c")}


def test_zeros_are_never_hidden_even_when_a_zero_would_be_the_cheapest_partner() -> None:
    table = one_dim(a=0, b=2, c=9, d=0)
    assert protect(table, 5) == {"n": keys("b", "c")}
    with pytest.raises(ValueError, match="zero"):
        audit(table, {"n": keys("a", "b")}, 5)


def test_the_same_data_gives_the_same_cells_whatever_the_order_of_the_mapping() -> None:
    dims = (("a", "b", "c", "d"), ("x", "y", "z"))
    details = {key: 7 + 5 * (i % 4) for i, key in enumerate(itertools.product(*dims))}
    details[("b", "y")] = 1
    details[("d", "z")] = 3
    table = table_of_details(dims, details)
    shuffled_items = list(table.counts["n"].items())
    random.Random(4).shuffle(shuffled_items)
    shuffled = CountTable(dims, {"n": dict(shuffled_items)})
    assert protect(table, 5) == protect(table, 5) == protect(shuffled, 5)


def test_the_audit_catches_primary_suppression_alone() -> None:
    dims = (("a", "b"), ("x", "y", "z"))
    details = {key: 20 for key in itertools.product(*dims)} | {("a", "y"): 3}
    table = table_of_details(dims, details)
    assert audit(table, {"n": frozenset({("a", "y")})}, 5) == [AuditFailure("n", ("a", "y"), 3.0, 3.0)]


def test_an_unbounded_maximum_that_presolve_calls_infeasible_passes() -> None:
    # r1 <= margin, r2 <= margin, margin <= r1 + r2, all hidden: HiGHS's presolve reports the max "infeasible".
    dims = (("r1", "r2"),)
    table = CountTable(dims, {"refused": {("r1",): 2, ("r2",): 3, ("*",): 4}}, overlap_dim=0)
    assert audit(table, {"refused": keys("r1", "r2") | {("*",)}}, 5) == []


def test_an_unbounded_cell_passes() -> None:
    # Hidden total and hidden detail: total = detail + 10, both free upwards.
    table = one_dim(a=3, b=10)
    assert audit(table, {"n": keys("a") | {("*",)}}, 5) == []


def test_a_table_without_dimensions_hides_only_a_small_total() -> None:
    assert protect(CountTable((), {"n": {(): 3}}), 5) == {"n": frozenset({()})}
    assert protect(CountTable((), {"n": {(): 0}}), 5) == {"n": frozenset()}


def test_malformed_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="exactly the cells"):
        CountTable((("a",),), {"n": {("a",): 1}})
    with pytest.raises(ValueError, match="linked"):
        CountTable((), {"n": {(): 1}}, linked=LINKED)
    with pytest.raises(ValueError, match="threshold"):
        protect(CountTable((), {"n": {(): 1}}), 1)


# ----------------------------------------------------------------------------------------------------------------
# Random tables

SMALL_COUNTS = st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 12, 20])


@st.composite
def random_tables(draw: st.DrawFn) -> CountTable:
    """0-3 dimensions of 1-3 values, many zeros and small counts; sometimes linked, sometimes an overlap dimension."""
    sizes = draw(st.lists(st.integers(1, 3), max_size=3))
    dims = tuple(tuple(f"{chr(ord('a') + d)}{v}" for v in range(size)) for d, size in enumerate(sizes))
    overlap_dim = draw(st.none() | st.integers(0, len(dims) - 1)) if dims else None
    linked = draw(st.booleans()) and overlap_dim is None
    records: list[Record] = []
    for _ in range(draw(st.integers(0, 10))):
        values = []
        for d, dim in enumerate(dims):
            if d == overlap_dim:
                values.append(frozenset(draw(st.sets(st.sampled_from(dim), min_size=1))))
            else:
                values.append(frozenset({draw(st.sampled_from(dim))}))
        records.append((tuple(values), draw(SMALL_COUNTS), draw(SMALL_COUNTS) if linked else 0))
    counts = counts_from_records(dims, records)
    if linked:
        return CountTable(dims, counts, linked=LINKED)
    return CountTable(dims, {"n": counts["granted"]}, overlap_dim=overlap_dim)


@settings(max_examples=60, deadline=None)
@given(table=random_tables(), threshold=st.integers(2, 10))
def test_random_tables_are_protected_so_that_the_audit_passes(table: CountTable, threshold: int) -> None:
    suppressed = protect(table, threshold)
    for measure, counts in table.counts.items():
        primary = {key for key, count in counts.items() if 1 <= count < threshold}
        assert primary <= suppressed[measure]
        assert all(counts[key] > 0 for key in suppressed[measure])
    assert audit(table, suppressed, threshold) == []
    assert protect(table, threshold) == suppressed


def reference_intervals(table: CountTable, hidden: list[tuple[str, Key]]) -> dict[tuple[str, Key], tuple[float, float]]:
    """The audit's model written out plainly: dense constraints, both LPs for every hidden cell."""
    column = {cell: i for i, cell in enumerate(hidden)}
    equal: list[tuple[list[float], float]] = []
    upper: list[tuple[list[float], float]] = []

    def row(terms: list[tuple[float, tuple[str, Key]]]) -> tuple[list[float], float]:
        coefficients, constant = [0.0] * len(hidden), 0.0
        for sign, cell in terms:
            if cell in column:
                coefficients[column[cell]] += sign
            else:
                constant -= sign * table.counts[cell[0]][cell[1]]
        return coefficients, constant

    for measure in table.counts:
        for key in lattice(table.dims):
            for position in [p for p, part in enumerate(key) if part == "*"]:
                parts = [(measure, (*key[:position], v, *key[position + 1 :])) for v in table.dims[position]]
                if position == table.overlap_dim:
                    upper.append(row([(1.0, (measure, key))] + [(-1.0, part) for part in parts]))
                    upper.extend(row([(1.0, part), (-1.0, (measure, key))]) for part in parts)
                else:
                    equal.append(row([(1.0, (measure, key))] + [(-1.0, part) for part in parts]))
    if table.linked:
        total, first, second = table.linked
        for key in lattice(table.dims):
            equal.append(row([(1.0, (total, key)), (-1.0, (first, key)), (-1.0, (second, key))]))
    problem: dict[str, object] = {"bounds": (1, None), "method": "highs"}
    if equal:
        problem |= {"A_eq": [a for a, _ in equal], "b_eq": [b for _, b in equal]}
    if upper:
        problem |= {"A_ub": [a for a, _ in upper], "b_ub": [b for _, b in upper]}
    result = {}
    for cell, i in column.items():
        objective = [0.0] * len(hidden)
        objective[i] = 1.0
        low = linprog(objective, **problem, options={"presolve": False}).fun
        objective[i] = -1.0
        solution = linprog(objective, **problem, options={"presolve": False})  # presolve can misreport unbounded
        assert solution.status in (0, 3), solution.message
        result[cell] = (low, float("inf") if solution.status == 3 else -solution.fun)
    return result


@settings(max_examples=40, deadline=None)
@given(table=random_tables(), threshold=st.integers(2, 10), seed=st.integers(0, 1000))
def test_the_audit_reports_exactly_the_cells_the_plain_model_finds_too_narrow(
    table: CountTable, threshold: int, seed: int
) -> None:
    nonzero = sorted((m, k) for m, counts in table.counts.items() for k, count in counts.items() if count > 0)
    hidden = random.Random(seed).sample(nonzero, k=random.Random(seed).randint(0, len(nonzero)))
    expected = [
        AuditFailure(measure, key, low, high)
        for (measure, key), (low, high) in sorted(reference_intervals(table, hidden).items())
        if high != float("inf") and round(high) - round(low) + 1 < threshold
    ]
    suppressed = {m: frozenset(k for mm, k in hidden if mm == m) for m in table.counts}
    found = sorted(audit(table, suppressed, threshold), key=lambda f: (f.measure, f.key))
    assert [(f.measure, f.key) for f in found] == [(f.measure, f.key) for f in expected]
    for got, want in zip(found, expected, strict=True):
        assert got.min == pytest.approx(want.min) and got.max == pytest.approx(want.max)
