"""The batch path gives exactly the single path's answers (regime, outcome, amount, missing)."""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
from csvdocs import households_from_csv, rows_from_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import households

from hemvag.rules.batch import (
    ALL_COLUMNS,
    CSV_COLUMNS,
    csv_rows,
    evaluate_population,
    read_population_text,
    result_rows,
)
from hemvag.rules.engine import evaluate_numeric
from hemvag.rules.programs import PROGRAMS
from hemvag.rules.simulate import simulate
from hemvag.rules.tri import OUTCOME_NAMES
from hemvag.rules.validation import parse_facts


def single_rows(documents: dict[str, dict[str, Any]]) -> list[list[str]]:
    rows = []
    for household_id, document in documents.items():
        facts = parse_facts(document)
        for program in PROGRAMS.values():
            e = evaluate_numeric(facts, program)
            amount = "" if e.amount is None else str(e.amount)
            rows.append(
                [household_id, program.id, e.regime or "", OUTCOME_NAMES[e.outcome], amount, ";".join(e.missing)]
            )
    return rows


def batch_rows(text: str) -> list[list[str]]:
    population = read_population_text(text)
    return list(result_rows(population, evaluate_population(population, PROGRAMS.values())))


def population_csv(persons: int, seed: int) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(csv_rows(simulate(persons, seed)))
    return out.getvalue()


def test_batch_equals_single_on_ten_thousand_simulated_households() -> None:
    text = population_csv(27_000, seed=2026)
    documents = households_from_csv(text)
    assert len(documents) >= 10_000
    single, batch = single_rows(documents), batch_rows(text)
    assert batch == single
    outcomes = {(row[1], row[2], row[3]) for row in batch}
    # the population exercises every regime with every outcome, and unknowns are asked for
    for regime in ("return_grant_1984", "return_grant_2026", "reintegration_support_2008"):
        for outcome in ("eligible", "not_eligible", "needs_information"):
            assert any(r == regime and o == outcome for _, r, o in outcomes), (regime, outcome)
    assert sum(1 for row in batch if row[5]) > 1000


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(households(), min_size=1, max_size=25))
def test_batch_equals_single_on_random_households(documents: list[dict[str, Any]]) -> None:
    by_id = {f"h{i}": d for i, d in enumerate(documents)}
    rows = [row for household_id, d in by_id.items() for row in rows_from_document(household_id, d)]
    rows.reverse()  # rows of a household may be anywhere; members keep their file order per household
    rows.sort(key=lambda r: r["household_id"] != "h0")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ALL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    batch = {tuple(r[:2]): r for r in batch_rows(out.getvalue())}
    reordered = {household_id: {**d, "members": list(reversed(d["members"]))} for household_id, d in by_id.items()}
    for row in single_rows(reordered):
        assert batch[tuple(row[:2])] == row


def test_simulate_is_seeded_and_has_unknowns() -> None:
    a, b, c = simulate(5000, 1), simulate(5000, 1), simulate(5000, 2)
    assert a.persons == 5000
    assert all(np.array_equal(a.columns[k], b.columns[k]) for k in a.columns.data)
    assert not np.array_equal(a.columns["birth_date"], c.columns["birth_date"])
    share_unknown = float(np.mean(a.columns["debts_to_authorities"] == 1))
    assert 0.05 < share_unknown < 0.25


def test_batch_equals_single_across_regimes_including_none_in_force() -> None:
    from scenarios import household

    documents = {
        "old": household(
            "single_2026", {"application_date": "2009-06-01", "members[0].permit.granted_on": "2005-01-01"}
        ),
        "y1984": household("single_1984", add=[{"template": "spouse"}]),
        "y2026": household("single_2026", add=[{"template": "child"}]),
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ALL_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for household_id, document in documents.items():
        writer.writerows(rows_from_document(household_id, document))
    batch = batch_rows(out.getvalue())
    assert batch == single_rows(documents)
    regimes = [row[2] for row in batch]
    assert regimes == ["", "reintegration_support_2008", "return_grant_1984", "reintegration_support_2008",
                       "return_grant_2026", "reintegration_support_2008"]  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(households(), min_size=1, max_size=15))
def test_absent_optional_columns_are_unknown_everywhere(documents: list[dict[str, Any]]) -> None:
    """Without the optional columns the batch equals the single path with those facts unknown."""
    by_id = {f"h{i}": d for i, d in enumerate(documents)}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for household_id, document in by_id.items():
        writer.writerows(rows_from_document(household_id, document))
    assert "in_sweden" not in out.getvalue().splitlines()[0].split(",")
    unknown = {
        household_id: {
            **d,
            "in_sweden": None,
            "members": [{**m, "asylum": {**m["asylum"], "late_application_accepted": None}} for m in d["members"]],
        }
        for household_id, d in by_id.items()
    }
    assert batch_rows(out.getvalue()) == single_rows(unknown)


def test_simulated_population_exercises_the_new_facts() -> None:
    text = population_csv(6_000, seed=11)
    header = text.splitlines()[0].split(",")
    assert header[-2:] == ["in_sweden", "asylum_late_application_accepted"]
    batch = batch_rows(text)
    assert batch == single_rows(households_from_csv(text))
    missing = ";".join(row[5] for row in batch if row[1] == "reintegration_support")
    assert "in_sweden" in missing and "asylum.late_application_accepted" in missing
