"""`hemvag stats` as the contract states it: exit codes, one line per problem on standard error, nothing on
standard output then; JSON, CSV and XLSX carrying the same table; every export audited."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from hemvag.cases.models import DecisionOutcome
from hemvag.core.models import AuditEvent


def stats(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("stats", *arguments, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_internal_json_is_exact_and_marked(decided_case, unit):
    decided_case(decision=DecisionOutcome.REFUSED)
    code, out, err = stats("--measures", "decisions,refused", "--by", "unit", "--format", "json", "--lang", "en")
    document = json.loads(out)
    assert (code, err) == (0, "")
    assert document["published"] is False
    assert document["marking"] == "Internal – contains small counts"
    assert "threshold" not in document
    assert document["rows"] == [{"key": {"unit": unit.code}, "values": {"decisions": 1, "refused": 1}, "flags": {}}]
    assert document["labels"] == {"unit": {unit.code: unit.name}}
    assert document["measures"][0] == {"id": "decisions", "label": "Decided cases",
                                       "definition": "Cases with a decision, counted by the day of the decision"}


@pytest.mark.django_db
def test_the_swedish_labels_are_the_contracts(decided_case):
    decided_case()
    _code, out, _err = stats("--measures", "decisions,granted", "--format", "json")
    measures = json.loads(out)["measures"]
    assert measures == [
        {"id": "decisions", "label": "Avgjorda ärenden", "definition": "Ärenden med beslut, räknade på beslutsdatum"},
        {"id": "granted", "label": "Beviljade", "definition": "Ärenden med beslut om bifall, räknade på beslutsdatum"},
    ]


@pytest.mark.django_db
def test_csv_has_the_total_line_then_definitions_and_the_marking(decided_case):
    decided_case()
    code, out, _err = stats("--measures", "granted", "--by", "sex", "--format", "csv", "--lang", "en")
    lines = out.splitlines()
    assert code == 0
    assert lines[:5] == ["sex,granted", "female,1", "male,0", "unknown,0", "*,1"]
    assert lines[5] == ""
    assert lines[6] == "measure,label,definition"
    assert lines[-1] == "Internal – contains small counts"


@pytest.mark.django_db
def test_xlsx_needs_out_and_carries_the_table_and_the_definitions(decided_case, tmp_path):
    decided_case()
    assert stats("--measures", "granted", "--format", "xlsx")[0] == 2
    target = tmp_path / "t.xlsx"
    code, out, _err = stats("--measures", "granted", "--by", "sex", "--format", "xlsx", "--out", str(target),
                            "--lang", "en")
    book = load_workbook(target)
    assert (code, out) == (0, "")
    assert [[c.value for c in r] for r in book.worksheets[0].iter_rows(max_row=2)] == [["sex", "granted"],
                                                                                        ["female", 1]]
    assert book.sheetnames[1] == "Definitions"


@pytest.mark.django_db
def test_every_export_is_audited_as_the_command_line(decided_case):
    decided_case()
    stats("--measures", "granted", "--by", "year", "--format", "json")
    event = AuditEvent.objects.get(verb="statistics.exported")
    assert event.actor_label == "system"
    assert event.changes["table"]["after"]["measures"] == ["granted"]
    assert event.changes["format"]["after"] == "json"


@pytest.mark.django_db
@pytest.mark.parametrize(("arguments", "line"), [
    (["--measures", "nope"], "--measures: unknown measure 'nope'; valid: inquiries, applications"),
    (["--measures", "refused,granted", "--by", "decision_reason"], "--by: decision_reason goes only with"),
    (["--measures", "granted", "--from", "2026-13-01"], "--from: '2026-13-01' is not a date"),
    (["--measures", "granted", "--from", "2026-02-01", "--to", "2026-01-01"], "--to: the period ends"),
    (["--measures", "granted", "--published", "--threshold", "1"], "--threshold: the threshold must be"),
    (["--measures", "granted", "--threshold", "3"], "--threshold: a threshold applies only to published"),
    (["--measures", "granted", "--unit", "no-such-unit"], "--unit: 'no-such-unit' is no unit's id, code or name"),
    (["--measures", "granted", "--format", "pdf"], "--format: 'pdf' is not a format"),
])
def test_bad_input_is_one_line_on_standard_error_and_exit_2(arguments, line):
    code, out, err = stats(*arguments)
    assert (code, out) == (2, "")
    assert err.splitlines()[0].startswith(line)
    assert not AuditEvent.objects.filter(verb="statistics.exported").exists()


@pytest.mark.django_db
def test_a_unit_name_shared_by_two_units_asks_for_the_code(municipality, unit):
    from hemvag.core import actions
    from hemvag.core.models import UnitKind
    from hemvag.core.permissions import SYSTEM

    other = actions.do_create_municipality(actor=SYSTEM, name="Malmö", code="1280")
    actions.do_create_unit(actor=SYSTEM, municipality=other, name=unit.name, kind=UnitKind.VOLUNTARY_RETURN,
                           code="mmo-fa")
    code, _out, err = stats("--measures", "granted", "--unit", f"  {unit.name} ")
    assert code == 2
    assert err.strip() == f"--unit: '  {unit.name} ' names 2 units (mmo-fa, t-fa): give the code"


@pytest.mark.django_db
def test_a_table_too_large_to_read_is_refused_in_one_line(decided_case):
    decided_case()
    code, out, err = stats("--measures", "decisions", "--by", "month,age_group,sex",
                           "--from", "1900-01-01")
    assert (code, out) == (2, "")
    assert err.startswith("--by: the table would have ")
    assert "choose a shorter period, a coarser one or fewer dimensions" in err
    assert stats("--measures", "decisions", "--from", "1899-12-31")[2].startswith("--from: 1899-12-31 is before")


def test_published_json_from_a_real_process_is_json_and_nothing_else(tmp_path):
    """The LP solver's library prints a banner past Python's stdout when a process makes its first solver; a
    shell reading `hemvag stats --format json` must get JSON only."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "HEMVAG_DATABASE_URL": f"sqlite:///{tmp_path / 'stats.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def hemvag(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "hemvag", *arguments], env=env, capture_output=True,
                              text=True, check=True)

    hemvag("migrate", "--no-input", "-v", "0")
    hemvag("shell", "-c", "from hemvag.core import actions; from hemvag.core.permissions import SYSTEM; "
           "actions.do_create_unit(actor=SYSTEM, municipality=actions.do_create_municipality(actor=SYSTEM, "
           "name='Provkommun', code='9980'), name='Prov', kind='voluntary_return', code='prov-fa')")
    hemvag("cases", "generate", "300", "--unit", "prov-fa")
    out = hemvag("stats", "--measures", "decisions,granted", "--by", "year,destination_country", "--published",
                 "--format", "json").stdout
    document = json.loads(out)  # fails on a banner before the JSON
    assert document["published"] is True
    assert any(row["flags"] for row in document["rows"])  # the solver did run: something was suppressed
