"""`hemvag forecast`: exact with take-up 1, every bad input named, compare, seeds and reforms."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from csvdocs import BOOLEANS, rows_from_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import APPLICATION_DATES, households

from hemvag.rules.batch import ALL_COLUMNS, CSV_COLUMNS
from hemvag.rules.cli import main
from hemvag.rules.engine import evaluate
from hemvag.rules.validation import parse_facts


def complete(document: dict[str, Any]) -> dict[str, Any]:
    """A facts document with every fact the CSV has: those not given are unknown."""
    members = [
        {"id": f"p{i + 1}", **dict.fromkeys(BOOLEANS), "birth_date": None, "permit": {}, "asylum": {}, **member}
        for i, member in enumerate(document["members"])
    ]
    return {"destination_country": None, "settles_permanently": None, **document, "members": members}


def write_population(path: Path, documents: list[dict[str, Any]], columns: tuple[str, ...] = ALL_COLUMNS) -> None:
    documents = [complete(d) for d in documents]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for index, document in enumerate(documents):
        writer.writerows(rows_from_document(f"h{index}", document))
    path.write_text(out.getvalue(), encoding="utf-8")


def write_scenario(path: Path, scenario: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["forecast", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def forecast(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> dict[str, Any]:
    status, out, err = run(capsys, str(path), "--format", "json", *args)
    assert status == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def without_seconds(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k != "seconds"}


SYNTHETIC: dict[str, Any] = {
    "name": "grund",
    "synthetic": {"persons": 6000, "seed": 3},
    "program": "return_grant",
    "years": [2026, 2027, 2028],
    "take_up": {"default": 0.2, "by_permit_ground": {"refugee": 0.3}, "not_eligible": 0.01},
    "decision_lag_months": 4,
    "instalments": [
        {"share": 0.2, "after_months": 0}, {"share": 0.4, "after_months": 2}, {"share": 0.4, "after_months": 17},
    ],
    "runs": 20,
    "seed": 7,
}


# --- exactness ------------------------------------------------------------------------------------------


def alive_on(document: dict[str, Any], day: dt.date) -> dict[str, Any] | None:
    """The household as the contract counts it on ``day``: members not yet born left out."""
    members = [m for m in document["members"] if m["birth_date"] is None or m["birth_date"] <= day.isoformat()]
    if not any(m["role"] == "main_applicant" for m in members):
        return None
    return {**copy.deepcopy(document), "application_date": day.isoformat(), "members": members}


def single_totals(documents: list[dict[str, Any]], day: dt.date, program: str) -> dict[str, int]:
    totals = {"households": 0, "grants": 0, "amount": 0, "persons": 0}
    for document in documents:
        alive = alive_on(document, day)
        if alive is None:
            continue
        result = evaluate(parse_facts(alive), program=program)["results"][0]
        totals["households"] += 1
        if result["outcome"] == "eligible":
            totals["grants"] += 1
            totals["amount"] += result["amount_sek"]
            totals["persons"] += sum(m["counted_as"] in ("adult", "child") for m in result["members"])
    return totals


# tmp_path is shared by the examples: each example writes both its files anew.
SLOW_OK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(max_examples=50, deadline=None, suppress_health_check=SLOW_OK)
@given(
    st.lists(households(max_others=4), min_size=1, max_size=20),
    st.sampled_from(APPLICATION_DATES),
    st.sampled_from(["return_grant", "reintegration_support"]),
    st.integers(1, 3),
    st.integers(0, 10),
)
def test_take_up_one_is_the_sum_of_single_evaluations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], documents: list[dict[str, Any]], day: dt.date,
    program: str, runs: int, seed: int,
) -> None:  # fmt: skip
    write_population(tmp_path / "population.csv", documents)
    scenario = write_scenario(tmp_path / "s.yaml", {
        "population": "population.csv", "program": program, "years": [day.year],
        "applications_on": day.strftime("%m-%d"), "take_up": {"default": 1, "not_eligible": 1},
        "runs": runs, "seed": seed,
    })  # fmt: skip
    result = forecast(capsys, scenario)
    expected = single_totals(documents, day, program)
    year = result["years"][0]
    assert year["eligible"] == result["eligible"]
    assert result["eligible"]["households"] == expected["grants"]
    assert result["eligible"]["amount_sek"] == expected["amount"]
    exact = {
        "applications": expected["households"], "grants": expected["grants"],
        "refusals": expected["households"] - expected["grants"], "persons": expected["persons"],
        "granted_sek": expected["amount"], "paid_sek": expected["amount"],
    }  # fmt: skip
    for name, value in exact.items():
        mean = float(value) if name in ("applications", "grants", "refusals", "persons") else value
        assert year[name] == {"mean": mean, "p5": value, "p95": value}, name
        assert result["totals"][name] == year[name]
    assert result["totals"]["paid_after_sek"] == {"mean": 0, "p5": 0, "p95": 0}


def test_exact_on_a_simulated_population_over_years_and_a_regime_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = {k: v for k, v in SYNTHETIC.items() if k not in ("instalments", "decision_lag_months")}
    scenario.update(years=[2025, 2026], take_up=1)
    result = forecast(capsys, write_scenario(tmp_path / "s.yaml", scenario))
    first, second = result["years"]
    assert (first["regime"], second["regime"]) == ("return_grant_1984", "return_grant_2026")
    assert first["grants"]["p5"] == first["grants"]["p95"] == result["eligible"]["households"]
    assert first["granted_sek"]["p5"] == result["eligible"]["amount_sek"]
    # those eligible in 2025 applied then and left the pool; only the newly eligible apply in 2026
    applied = second["applications"]
    assert applied["p5"] == applied["p95"] == applied["mean"] <= second["eligible"]["households"]
    assert applied["p5"] < second["eligible"]["households"]


def test_a_year_before_2010_has_no_regime_and_every_figure_is_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = {**SYNTHETIC, "years": [2010], "take_up": 1}
    assert forecast(capsys, write_scenario(tmp_path / "s.yaml", scenario))["years"][0]["regime"] == "return_grant_1984"
    # 2010 is the first encoded year; the contract's lower bound for years is 2010 as well
    status, _, err = run(capsys, str(write_scenario(tmp_path / "t.yaml", {**scenario, "years": [2009]})))
    assert (status, err) == (2, "years[0]: must be a whole year from 2010 to 2100\n")


def test_population_without_application_date_and_members_not_yet_born(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adult = {"role": "main_applicant", "birth_date": "1980-01-01"}
    document = {"application_date": "2026-01-01", "members": [adult, {"role": "child", "birth_date": "2027-03-01"}]}
    write_population(tmp_path / "p.csv", [document], tuple(c for c in CSV_COLUMNS if c != "application_date"))
    scenario = write_scenario(tmp_path / "s.yaml", {"population": "p.csv", "program": "return_grant",
                                                   "years": [2026, 2027, 2028], "take_up": 0})  # fmt: skip
    result = forecast(capsys, scenario)
    assert result["population"] == {"households": 1, "persons": 2}
    assert [y["needs_information"]["persons"] for y in result["years"]] == [1, 2, 2]


def test_the_files_application_dates_are_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = {"application_date": "not a date", "members": [{"role": "main_applicant", "birth_date": "1980-01-01"}]}
    write_population(tmp_path / "p.csv", [document])
    scenario = write_scenario(tmp_path / "s.yaml", {"population": "p.csv", "program": "return_grant",
                                                   "years": [2026], "take_up": 0})  # fmt: skip
    assert forecast(capsys, scenario)["population"] == {"households": 1, "persons": 1}


def test_unknown_as_eligible_is_an_upper_bound(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = {**SYNTHETIC, "years": [2026], "take_up": 1, "decision_lag_months": 0, "runs": 1}
    low = forecast(capsys, write_scenario(tmp_path / "a.yaml", scenario))["years"][0]
    high = forecast(capsys, write_scenario(tmp_path / "b.yaml", {**scenario, "unknown_as": "eligible"}))["years"][0]
    assert high["eligible"] == low["eligible"]  # the engine's eligible households, whatever the assumption
    assert high["grants"]["mean"] == low["grants"]["mean"] + low["needs_information"]["households"]
    assert high["granted_sek"]["mean"] > low["granted_sek"]["mean"]
    assert high["persons"]["mean"] > low["persons"]["mean"]


# --- bad input ------------------------------------------------------------------------------------------

BASE: dict[str, Any] = {"synthetic": {"persons": 100, "seed": 1}, "program": "return_grant", "years": [2026],
                        "take_up": 0.1}  # fmt: skip
BAD_CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({"take_upp": 0.1}, ["take_upp: unknown field"]),
    ({"take_up": 1.5}, ["take_up.default: must be between 0 and 1"]),
    ({"take_up": "often"}, ["take_up: must be a share between 0 and 1 or a mapping"]),
    ({"take_up": {"default": -0.1}}, ["take_up.default: must be between 0 and 1"]),
    ({"take_up": {"by_permit_ground": {"refugee": 0.1}}}, ["take_up.default: required"]),
    ({"take_up": {"default": 0.1, "by_permit_ground": {"refugees": 0.1}}},
     ["take_up.by_permit_ground.refugees: not a permit ground of the eligibility contract"]),
    ({"take_up": {"default": 0.1, "by_year": {2031: 0.2}}}, ["take_up.by_year.2031: not one of years"]),
    ({"take_up": {"default": 0.1, "by_year": {2026: 2}}}, ["take_up.by_year.2026: must be between 0 and 1"]),
    ({"take_up": {"default": 0.1, "by_year": {2026: {"defualt": 0.2}}}},
     ["take_up.by_year.2026.defualt: unknown field"]),
    ({"take_up": {"default": 0.1, "not_eligible": "x"}}, ["take_up.not_eligible: must be between 0 and 1"]),
    ({"instalments": [{"share": 0.5, "after_months": 0}, {"share": 0, "after_months": 2}]},
     ["instalments[1].share: must be greater than 0 and at most 1"]),
    ({"instalments": [{"share": 0.5}, {"share": 0.4}]}, ["instalments: the shares must sum to 1 (they sum to 0.9)"]),
    ({"instalments": [{"share": 1, "after_months": 1.5}]},
     ["instalments[0].after_months: must be a whole number of months, 0 or more"]),
    ({"parameters": {"return_grant.amount_per_adlt": 1}},
     ["parameters.return_grant.amount_per_adlt: no such parameter"]),
    ({"parameters": {"reintegration_support.amount_per_adult": 1}},
     ["parameters.reintegration_support.amount_per_adult: no such parameter"]),
    ({"parameters": {"return_grant.amount_per_adult": -5}},
     ["parameters.return_grant.amount_per_adult: must be whole kronor, 0 or more"]),
    ({"parameters": {"return_grant.permit_granted_on_or_before": "2024-13-01"}},
     ["parameters.return_grant.permit_granted_on_or_before: must be a date (YYYY-MM-DD)"]),
    ({"parameters": {"return_grant.qualifying_grounds": "refugee"}},
     ["parameters.return_grant.qualifying_grounds: must be a list of codes"]),
    ({"parameters": {"return_grant.qualifying_grounds": ["refugee", "pirate"]}},
     ["parameters.return_grant.qualifying_grounds: unknown ground pirate"]),
    ({"years": [2026, 2028]}, ["years: must be strictly ascending and consecutive"]),
    ({"years": []}, ["years: must be a non-empty list of years"]),
    ({"years": [2101]}, ["years[0]: must be a whole year from 2010 to 2100"]),
    ({"years": [2027, 2028], "applications_on": "02-29"}, ["applications_on: 02-29 is not a day of 2027"]),
    ({"applications_on": "July"}, ['applications_on: must be mid_year or a quoted "MM-DD"']),
    ({"program": "grant"}, ["program: must be one of return_grant, reintegration_support"]),
    ({"unknown_as": "maybe"}, ["unknown_as: must be excluded or eligible"]),
    ({"decision_lag_months": -1}, ["decision_lag_months: must be a whole number of months, 0 or more"]),
    ({"runs": 0}, ["runs: must be a whole number from 1 to 100000"]),
    ({"seed": "a"}, ["seed: must be a whole number, 0 or more"]),
    ({"population": "p.csv"}, ["population: give exactly one of population and synthetic"]),
    ({"synthetic": {"persons": 0}}, ["synthetic.persons: must be a whole number, 1 or more"]),
]  # fmt: skip


@pytest.mark.parametrize(("change", "problems"), BAD_CASES)
def test_bad_scenario_is_exit_2_with_each_problem_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], problems: list[str]
) -> None:
    scenario = {**BASE, **change}
    if "take_upp" in change:
        del scenario["take_up"]
        problems = [*problems, "take_up: required"]
    out = tmp_path / "result.json"
    status, stdout, err = run(capsys, str(write_scenario(tmp_path / "s.yaml", scenario)), "--out", str(out))
    assert (status, stdout) == (2, "")
    assert sorted(err.splitlines()) == sorted(problems)
    assert not out.exists()


def test_required_fields_and_at_most_20_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, str(write_scenario(tmp_path / "s.yaml", {"name": "x"})))
    assert status == 2
    assert err.splitlines() == ["program: required", "years: required", "take_up: required",
                                "population: give exactly one of population and synthetic"]  # fmt: skip
    many = {**BASE, **{f"field{i}": 1 for i in range(30)}}
    status, _, err = run(capsys, str(write_scenario(tmp_path / "m.yaml", many)))
    assert status == 2 and len(err.splitlines()) == 20


def test_bad_population_file_names_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = {"application_date": "2026-01-01", "members": [{"role": "main_applicant", "birth_date": "1980-01-01"}]}
    write_population(tmp_path / "p.csv", [document, document])
    text = (tmp_path / "p.csv").read_text().splitlines()
    text[2] = text[2].replace("1980-01-01", "1980-02-30")
    (tmp_path / "p.csv").write_text("\n".join(text) + "\n")
    scenario = write_scenario(tmp_path / "s.yaml", {**without_synthetic(), "population": "p.csv"})
    status, stdout, err = run(capsys, str(scenario))
    assert (status, stdout, err) == (2, "", "population: line 3: birth_date: not a date\n")
    (tmp_path / "p.csv").unlink()
    status, _, err = run(capsys, str(scenario))
    assert (status, err) == (2, "population: cannot read p.csv: No such file or directory\n")


def without_synthetic() -> dict[str, Any]:
    return {k: v for k, v in BASE.items() if k != "synthetic"}


def test_unreadable_scenario_and_invalid_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, str(tmp_path / "none.yaml"))
    assert (status, err) == (2, "none.yaml: cannot read: No such file or directory\n")
    (tmp_path / "bad.yaml").write_text("years: [2026\n")
    status, stdout, err = run(capsys, str(tmp_path / "bad.yaml"))
    assert (status, stdout) == (2, "") and err.startswith("bad.yaml: not valid YAML (line ")


# --- compare, seeds, reforms ----------------------------------------------------------------------------


def test_same_seed_same_numbers_other_seed_other_draws(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_scenario(tmp_path / "s.yaml", SYNTHETIC)
    first, second = forecast(capsys, path), forecast(capsys, path)
    assert without_seconds(first) == without_seconds(second)
    other = forecast(capsys, write_scenario(tmp_path / "o.yaml", {**SYNTHETIC, "seed": 8}))
    assert other["eligible"] == first["eligible"]
    assert other["totals"] != first["totals"]
    totals = first["totals"]
    assert totals["applications"]["p5"] <= totals["applications"]["mean"] <= totals["applications"]["p95"]
    assert first["name"] == "grund" and first["runs"] == 20


def test_halving_every_amount_halves_the_cost_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reform = {"return_grant.amount_per_adult": 175000, "return_grant.amount_per_child": 12500,
              "return_grant.couple_cap": 250000, "return_grant.household_cap": 300000}  # fmt: skip
    base = forecast(capsys, write_scenario(tmp_path / "a.yaml", SYNTHETIC))
    half = forecast(capsys, write_scenario(tmp_path / "b.yaml", {**SYNTHETIC, "parameters": reform}))
    assert half["parameters"] == reform
    assert half["eligible"]["households"] == base["eligible"]["households"]
    assert half["eligible"]["amount_sek"] * 2 == base["eligible"]["amount_sek"]
    for b, h in zip(base["years"], half["years"], strict=True):
        assert h["grants"] == b["grants"]  # the same households, drawn the same way
        for name in ("granted_sek", "paid_sek"):
            assert (h[name]["p5"] * 2, h[name]["p95"] * 2) == (b[name]["p5"], b[name]["p95"])
            assert abs(h[name]["mean"] * 2 - b[name]["mean"]) <= 1


def test_a_lower_amount_per_adult_lowers_single_adults_proportionally(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adult = {"role": "main_applicant", "birth_date": "1980-01-01", "swedish_citizen": False,
             "registered_in_sweden": True, "debts_to_authorities": False, "can_pay_journey": False,
             "received_grant_before": False,
             "permit": {"ground": "refugee", "granted_on": "2017-06-01", "permanent": True, "valid": True}}  # fmt: skip
    document = {"application_date": "2026-07-01", "destination_country": "IQ", "settles_permanently": True,
                "members": [adult]}  # fmt: skip
    write_population(tmp_path / "p.csv", [document] * 3)
    scenario = {"population": "p.csv", "program": "return_grant", "years": [2026], "take_up": 1}
    base = forecast(capsys, write_scenario(tmp_path / "a.yaml", scenario))
    assert base["eligible"] == {"households": 3, "persons": 3, "amount_sek": 1_050_000}
    reform = {**scenario, "parameters": {"return_grant.amount_per_adult": 200000}}
    result = forecast(capsys, write_scenario(tmp_path / "b.yaml", reform))
    assert result["years"][0]["granted_sek"] == {"mean": 600_000, "p5": 600_000, "p95": 600_000}


def test_compare_prints_baseline_reform_and_the_difference_of_means(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write_scenario(tmp_path / "a.yaml", SYNTHETIC)
    b = write_scenario(tmp_path / "b.yaml", {**SYNTHETIC, "name": "reform",
                                             "parameters": {"return_grant.amount_per_adult": 200000}})  # fmt: skip
    out = tmp_path / "out.json"
    status, stdout, _ = run(capsys, str(a), "--compare", str(b), "--out", str(out))
    assert (status, stdout) == (0, "")
    result = json.loads(out.read_text())
    assert set(result) == {"baseline", "reform", "difference"}
    assert result["reform"]["name"] == "reform"
    for diff, base, reform in zip(result["difference"]["years"], result["baseline"]["years"],
                                  result["reform"]["years"], strict=True):  # fmt: skip
        assert diff["year"] == base["year"]
        for name in ("applications", "grants", "refusals", "persons", "granted_sek", "paid_sek"):
            assert diff[name] == {"mean": pytest.approx(reform[name]["mean"] - base[name]["mean"])}
    totals = result["difference"]["totals"]
    assert totals["granted_sek"]["mean"] < 0
    assert set(totals["decided_after"]) == {"grants", "refusals", "granted_sek"}
    assert "paid_after_sek" in totals


def test_text_output_and_decisions_after_the_last_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = {**SYNTHETIC, "years": [2026], "take_up": 1, "decision_lag_months": 6, "runs": 1}
    path = write_scenario(tmp_path / "s.yaml", scenario)
    result = forecast(capsys, path)
    year, after = result["years"][0], result["totals"]["decided_after"]
    assert year["grants"]["mean"] == 0.0 and year["applications"]["mean"] > 0
    assert after["grants"]["mean"] == result["eligible"]["households"]
    assert after["granted_sek"]["mean"] == result["eligible"]["amount_sek"]
    status, text, _ = run(capsys, str(path), "--format", "text", "--lang", "en")
    assert status == 0 and "applications:" in text and "decided after the last year" in text


def test_hemvag_forecast_runs_without_django(tmp_path: Path) -> None:
    """`hemvag forecast` is one of the rules commands: it starts without Django and needs no database."""
    scenario = write_scenario(tmp_path / "s.yaml", {**SYNTHETIC, "runs": 2})
    code = (
        "import sys; from hemvag.__main__ import main; "
        f"status = main(['hemvag', 'forecast', {str(scenario)!r}, '--out', {str(tmp_path / 'r.json')!r}]); "
        "print(status, 'django' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.split() == ["0", "False"], done.stderr
    assert json.loads((tmp_path / "r.json").read_text())["runs"] == 2
