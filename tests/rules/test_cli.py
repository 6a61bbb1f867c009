"""The command line exactly as the contract writes it (run as a subprocess, like outside tests do)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from csvdocs import document_from_rows
from scenarios import household

from hemvag.rules.batch import CSV_COLUMNS


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hemvag.rules.cli", *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def facts_file(tmp_path: Path, document: dict[str, Any]) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_json_result_document_on_standard_input() -> None:
    document = household("single_2026", add=[{"template": "spouse"}, {"template": "child"}, {"template": "child"}])
    done = run("eligibility", "-", "--program", "return_grant", stdin=json.dumps(document))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["evaluated_on"] == "2026-03-01"
    (grant,) = result["results"]
    assert (grant["program"], grant["regime"], grant["outcome"], grant["amount_sek"]) == (
        "return_grant", "return_grant_2026", "eligible", 550000,
    )  # fmt: skip
    assert [m["counted_as"] for m in grant["members"]] == ["adult", "adult", "child", "child"]
    reason = next(r for r in grant["reasons"] if r["rule"] == "return_grant_2026.permit_date")
    assert reason == reason | {"member": "p1", "result": "met", "verified": True}
    assert reason["source"].startswith("https://www.migrationsverket.se/")


def test_all_programmes_by_default_and_on_overrides_the_date(tmp_path: Path) -> None:
    done = run("eligibility", facts_file(tmp_path, household("single_2026")), "--on", "2025-12-31")
    assert done.returncode == 0
    results = json.loads(done.stdout)["results"]
    assert [(r["program"], r["regime"]) for r in results] == [
        ("return_grant", "return_grant_1984"), ("reintegration_support", "reintegration_support_2008"),
    ]  # fmt: skip
    assert results[0]["amount_sek"] == 10000


def test_needs_information_is_exit_0_with_missing_paths(tmp_path: Path) -> None:
    document = household("single_2026")
    document["members"][0]["debts_to_authorities"] = None
    done = run("eligibility", facts_file(tmp_path, document), "--program", "return_grant", "--format", "json")
    assert done.returncode == 0
    (result,) = json.loads(done.stdout)["results"]
    assert result["outcome"] == "needs_information" and result["amount_sek"] is None
    assert result["missing"] == ["members[0].debts_to_authorities"]


def test_invalid_input_exit_2_one_line_per_problem_nothing_on_stdout() -> None:
    document = household("single_2026", add=[{"template": "spouse"}])
    document["members"][1]["permit"]["granted_on"] = "2019-13-01"
    document["members"][0]["role"] = "boss"
    done = run("eligibility", "-", stdin=json.dumps(document))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert "members[1].permit.granted_on: not a date" in lines
    assert any(line.startswith("members[0].role: unknown role 'boss'") for line in lines)
    assert "members: exactly one main_applicant required, found 0" in lines
    assert len(lines) == 3


def test_malformed_json() -> None:
    done = run("eligibility", stdin='{"members": [}')
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("$: malformed JSON at line 1")


@pytest.mark.parametrize(
    "args",
    [
        ["eligibility", "--on", "2026-02-30"],
        ["eligibility", "--program", "housing"],
        ["eligibility", "--format", "xml"],
        ["eligibility", "/no/such/file.json"],
        ["bogus"],
        [],
        ["rules", "show", "return_grant_1999"],
        ["simulate", "--persons", "-5", "--seed", "1"],
    ],
)
def test_bad_usage_is_one_line_exit_2_no_traceback(args: list[str]) -> None:
    done = run(*args, stdin="{}")
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_text_format_in_swedish_by_default(tmp_path: Path) -> None:
    document = household("single_2026", add=[{"template": "spouse"}, {"template": "child"}, {"template": "child"}])
    done = run("eligibility", facts_file(tmp_path, document), "--format", "text", "--program", "return_grant")
    assert done.returncode == 0
    assert "HAR RÄTT TILL STÖD — 550 000 kr" in done.stdout
    assert "Ansökningsdag: 2026-03-01" in done.stdout
    assert "Uppehållstillståndet beviljades senast 2024-09-12" in done.stdout
    english = run("eligibility", facts_file(tmp_path, document), "--format", "text", "--lang", "en")
    assert "ELIGIBLE — 550 000 kr" in english.stdout


def test_rules_list_unverified_is_exactly_what_rules_md_leaves_open() -> None:
    listing = run("rules", "list", "--unverified", "--lang", "en").stdout
    flagged = sorted(line.split()[0] for line in listing.splitlines() if line.endswith("[NOT VERIFIED]"))
    assert flagged == sorted([
        # 1984: no payment-plan exception; interpretations; other protection need
        "return_grant_1984.no_debts", "return_grant_1984.settles_in_another_country",
        "return_grant_1984.member_not_swedish_citizen", "return_grant.qualifying_grounds_unverified",
        # 2026: debts wording, settlement, EU/EEA, interpretation, consequences, the instalment schedule
        "return_grant_2026.no_debts", "return_grant_2026.settles_permanently",
        "return_grant_2026.destination_outside_eea", "return_grant_2026.member_not_swedish_citizen",
        "return_grant_2026.leave_within_a_year", "return_grant_2026.repay_on_return",
        "return_grant.excluded_destinations", "return_grant.instalment_schedule",
        "return_grant.last_instalment_months_abroad",
        # reintegration support: the country list before it was read, the amounts
        "reintegration_support.countries", "reintegration_support.amount_per_adult",
        "reintegration_support.amount_per_child", "reintegration_support.household_cap",
    ])  # fmt: skip
    assert "(2008-11-01 – 2026-11-30)" in listing  # only the period before the list was read


def test_rules_list_unverified_and_show() -> None:
    listing = run("rules", "list", "--unverified")
    assert listing.returncode == 0
    assert "return_grant_2026.no_debts" in listing.stdout
    assert "return_grant_2026.permit_date" not in listing.stdout  # verified
    assert "reintegration_support.amount_per_adult = 30 000" in listing.stdout
    shown = run("rules", "show", "return_grant_2026")
    assert shown.returncode == 0
    assert "return_grant_2026.permit_date" in shown.stdout
    assert "return_grant.permit_granted_on_or_before = 2024-09-12" in shown.stdout
    assert "return_grant.amount_per_adult = 350 000" in shown.stdout
    assert "10 000" not in shown.stdout  # the 1984 amount is not in force in this regime
    on_date = run("rules", "list", "--on", "2025-06-01")
    assert "return_grant_1984.permit_ground" in on_date.stdout and "return_grant_2026" not in on_date.stdout


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def test_simulate_then_batch_round_trip(tmp_path: Path) -> None:
    population = tmp_path / "population.csv"
    assert run("simulate", "--persons", "400", "--seed", "7", "--out", str(population)).returncode == 0
    again = run("simulate", "--persons", "400", "--seed", "7")
    assert again.stdout == population.read_text(encoding="utf-8")  # seeded: identical
    rows = list(csv.DictReader(io.StringIO(again.stdout)))
    assert len(rows) == 400
    assert any(row["permit_ground"] == "" for row in rows)  # unknown cells exist
    out = tmp_path / "results.csv"
    done = run("eligibility", "--batch", str(population), "--out", str(out))
    assert done.returncode == 0 and done.stdout == ""
    households = len({row["household_id"] for row in rows})
    assert done.stderr.startswith(f"households: {households}, persons: 400, seconds: ")
    results = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(results) == 2 * households
    assert list(results[0]) == ["household_id", "program", "regime", "outcome", "amount_sek", "missing"]


def test_batch_row_equals_the_single_command(tmp_path: Path) -> None:
    population = tmp_path / "population.csv"
    run("simulate", "--persons", "300", "--seed", "11", "--out", str(population))
    rows = list(csv.DictReader(population.open(encoding="utf-8")))
    results = list(csv.DictReader(io.StringIO(run("eligibility", "--batch", str(population)).stdout)))
    by_household: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_household.setdefault(row["household_id"], []).append(row)
    for household_id in list(by_household)[:5]:  # the in-process test covers 10,000 households
        document = document_from_rows(by_household[household_id])
        single = json.loads(run("eligibility", "-", "--format", "json", stdin=json.dumps(document)).stdout)
        for result in single["results"]:
            row = next(r for r in results if r["household_id"] == household_id and r["program"] == result["program"])
            assert row["regime"] == (result["regime"] or "")
            assert row["outcome"] == result["outcome"]
            assert row["amount_sek"] == ("" if result["amount_sek"] is None else str(result["amount_sek"]))
            assert row["missing"] == ";".join(result["missing"])


def test_batch_errors_name_line_and_column_and_write_nothing(tmp_path: Path) -> None:
    base = {c: "" for c in CSV_COLUMNS}
    rows = [
        base | {"household_id": "h1", "application_date": "2026-03-01", "member_id": "a", "role": "main_applicant"},
        base | {"household_id": "h1", "application_date": "2026-03-01", "member_id": "b", "role": "kid",
                "swedish_citizen": "maybe"},
        base | {"household_id": "h2", "application_date": "2026-03-01", "member_id": "a", "role": "main_applicant",
                "permit_granted_on": "2026/01/01", "destination_country": "QQ"},
        base | {"household_id": "h2", "application_date": "2026-03-01", "member_id": "b", "role": "main_applicant"},
    ]  # fmt: skip
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(source, rows)
    done = run("eligibility", "--batch", str(source), "--out", str(out))
    assert done.returncode == 2 and done.stdout == ""
    assert not out.exists()
    assert done.stderr.splitlines() == [  # in file order: by line, then by column
        "line 3: role: unknown role 'kid' (expected main_applicant | spouse | cohabiting_partner | child | "
        "other_relative)",
        "line 3: swedish_citizen: not a boolean (true/false/1/0 or empty)",
        "line 4: destination_country: unknown country code 'QQ' (expected ISO 3166-1 alpha-2, e.g. IQ)",
        "line 4: permit_granted_on: not a date",
    ]


def test_batch_household_level_errors(tmp_path: Path) -> None:
    base = {c: "" for c in CSV_COLUMNS}
    rows = [
        base | {"household_id": "h1", "application_date": "2026-03-01", "member_id": "a", "role": "spouse"},
        base | {"household_id": "h2", "application_date": "2026-03-01", "member_id": "a", "role": "main_applicant",
                "destination_country": "IQ"},
        base | {"household_id": "h2", "application_date": "2026-03-01", "member_id": "b", "role": "child",
                "destination_country": "AF", "birth_date": "2026-04-01"},
    ]  # fmt: skip
    source = tmp_path / "in.csv"
    _write_csv(source, rows)
    done = run("eligibility", "--batch", str(source))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "line 2: role: household 'h1': exactly one main_applicant required, found 0",
        "line 4: destination_country: differs from line 3 of household 'h2'",
        "line 4: birth_date: after the application date 2026-03-01",
    ]


def test_batch_reports_at_most_20_problems(tmp_path: Path) -> None:
    base = {c: "" for c in CSV_COLUMNS}
    rows = [base | {"household_id": f"h{i}", "member_id": "a", "role": "main_applicant", "birth_date": "x"}
            for i in range(30)]  # fmt: skip
    source = tmp_path / "in.csv"
    _write_csv(source, rows)
    done = run("eligibility", "--batch", str(source))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 20 and lines[0] == "line 2: birth_date: not a date" and lines[-1].startswith("line 21:")


def test_batch_optional_columns_are_checked_like_the_others(tmp_path: Path) -> None:
    base = {c: "" for c in (*CSV_COLUMNS, "in_sweden", "asylum_late_application_accepted")}
    rows = [
        base | {"household_id": "h1", "application_date": "2026-03-01", "member_id": "a", "role": "main_applicant",
                "in_sweden": "true", "asylum_late_application_accepted": "perhaps"},
        base | {"household_id": "h1", "application_date": "2026-03-01", "member_id": "b", "role": "child",
                "in_sweden": "false"},
    ]  # fmt: skip
    source = tmp_path / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(base))
        writer.writeheader()
        writer.writerows(rows)
    done = run("eligibility", "--batch", str(source))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "line 2: asylum_late_application_accepted: not a boolean (true/false/1/0 or empty)",
    ]
    rows[0]["asylum_late_application_accepted"] = "1"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(base))
        writer.writeheader()
        writer.writerows(rows)
    done = run("eligibility", "--batch", str(source))
    assert done.stderr.splitlines() == ["line 3: in_sweden: differs from line 2 of household 'h1'"]


def test_batch_missing_columns(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("household_id,role\nh1,main_applicant\n", encoding="utf-8")
    done = run("eligibility", "--batch", str(source))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines()[0] == "line 1: application_date: missing column"
