"""`hemvag cases import` (statistics contract §1): every rule, its exact `line N: column:` report, all or nothing,
re-import, dry run, JSON, identity reuse, years of birth, refusal reasons, the audit event and the unit rule.
Synthetic data only (the identity numbers are built from invented dates with a valid check digit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from stdnum import luhn

from hemvag.cases.models import Case, RefusalReason
from hemvag.core import actions as core_actions
from hemvag.core.models import AuditEvent, Role, UnitKind
from hemvag.core.permissions import SYSTEM
from hemvag.people.models import Household, HouseholdMember, Person

HEADER = ("case_ref,opened_on,channel,programme,destination_country,stage,submitted_on,decision,decided_on,"
          "decided_amount_sek,decision_reasons,departed_on,closed_on,person_ref,relation,first_name,last_name,"
          "birth_date,sex,identity_number")
GRANTED = "R-1,2020-01-10,counsellor,return_grant,IQ,closed,2020-02-01,granted,2020-05-01,30000,,2020-06-01,2021-06-01"
REFUSED = "R-2,2021-03-01,,,SO,closed,2021-04-01,refused,2021-08-01,,debts;no_passport,,2021-09-01"
OPEN = "R-3,2022-01-05,contact_request,undecided,,counselling,,,,,,,"


def pnr(yymmdd: str, serial3: str = "123") -> str:
    """An invented personnummer with a correct check digit."""
    return f"19{yymmdd}-{serial3}{luhn.calc_check_digit(yymmdd + serial3)}"


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join((header, *rows)) + "\n"


def valid_rows() -> tuple[str, ...]:
    return (
        f"{GRANTED},p1,main_applicant,Demo-Ali,Demo-Test,1981-12-28,male,{pnr('811228')}",
        f"{GRANTED},p2,spouse,Demo-Sara,Demo-Test,1983,female,",
        f"{REFUSED},a,main_applicant,,,1975-01-01,,",
        f"{OPEN},x,main_applicant,Demo-Nour,Demo-Test,,female,",
        f"{OPEN},y,child,Demo-Kid,Demo-Test,2015-06-01,,",
    )


def run(tmp_path: Path, text: str | bytes, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("cases", "import", str(path), *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def written() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Case, Person, Household, HouseholdMember, RefusalReason)} | {
        "imports": AuditEvent.objects.filter(verb="register.imported").count()}


NOTHING = {"Case": 0, "Person": 0, "Household": 0, "HouseholdMember": 0, "RefusalReason": 0, "imports": 0}


def invalid(tmp_path: Path, text: str | bytes) -> list[str]:
    """Run an import that must fail: exit 2, nothing on stdout, nothing written; the problem lines."""
    code, out, err = run(tmp_path, text, "--unit", "t-fa")
    assert (code, out) == (2, "")
    assert written() == NOTHING
    return err.splitlines()


# --- success ------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_valid_register_is_imported_with_its_summary(tmp_path, unit):
    code, out, err = run(tmp_path, csv_text(*valid_rows()), "--unit", "t-fa", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"cases_created": 3, "cases_existing": 0, "persons_created": 5, "persons_existing": 0,
                               "dry_run": False}
    case = Case.objects.get(register_ref="R-1")
    assert (case.reference, case.shown_reference, case.is_imported, case.unit) == ("", "R-1", True, unit)
    assert (case.stage, case.opened_on, case.decided_amount_sek, case.departed_on, case.closed_on) == (
        "closed", dt.date(2020, 1, 10), 30000, dt.date(2020, 6, 1), dt.date(2021, 6, 1))
    assert case.assigned_counsellor is None
    assert Case.objects.get(register_ref="R-2").channel == "counsellor"  # empty: counsellor
    main = case.household.members.get(relation="main_applicant").person
    assert (main.identity_number, main.birth_date, main.sex) == (pnr("811228").replace("-", ""),
                                                                 dt.date(1981, 12, 28), "male")


@pytest.mark.django_db
def test_a_year_of_birth_stays_a_year(tmp_path, unit):
    run(tmp_path, csv_text(*valid_rows()), "--unit", "t-fa")
    spouse = Person.objects.get(first_name="Demo-Sara")
    assert (spouse.birth_year, spouse.birth_date, spouse.sex) == (1983, None, "female")


@pytest.mark.django_db
def test_refusal_reasons_are_stored(tmp_path, unit):
    run(tmp_path, csv_text(*valid_rows()), "--unit", "t-fa")
    case = Case.objects.get(register_ref="R-2")
    assert sorted(case.refusal_reasons.values_list("code", flat=True)) == ["debts", "no_passport"]


@pytest.mark.django_db
def test_the_import_is_audited_as_import_with_the_files_sha256(tmp_path, unit):
    text = csv_text(*valid_rows())
    run(tmp_path, text, "--unit", "t-fa")
    event = AuditEvent.objects.get(verb="register.imported")
    assert (event.actor_id, event.actor_label, event.unit_id) == (None, "import", unit.pk)
    assert event.changes["sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert event.changes["cases_created"] == 3


@pytest.mark.django_db
def test_importing_the_same_file_twice_creates_nothing_new(tmp_path, unit):
    run(tmp_path, csv_text(*valid_rows()), "--unit", "t-fa")
    before = written()
    code, out, _err = run(tmp_path, csv_text(*valid_rows()), "--unit", "t-fa", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"cases_created": 0, "cases_existing": 3, "persons_created": 0, "persons_existing": 5,
                               "dry_run": False}
    assert written() == before | {"imports": 2}


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path, unit):
    code, out, _err = run(tmp_path, csv_text(*valid_rows()), "--unit", "t-fa", "--dry-run", "--format", "json")
    assert code == 0
    assert json.loads(out)["dry_run"] is True and json.loads(out)["cases_created"] == 3
    assert written() == NOTHING


@pytest.mark.django_db
def test_text_summary_is_one_line(tmp_path, unit):
    code, out, _err = run(tmp_path, csv_text(*valid_rows()), "--unit", "t-fa")
    assert code == 0 and len(out.strip().splitlines()) == 1 and "3" in out


@pytest.mark.django_db
def test_a_person_with_a_number_already_in_the_unit_is_reused(tmp_path, unit):
    existing = Person.objects.create(unit=unit, first_name="Demo-Known", identity_number=pnr("811228").replace("-", ""),
                                     birth_date=dt.date(1981, 12, 28))
    code, out, _err = run(tmp_path, csv_text(*valid_rows()), "--unit", "t-fa", "--format", "json")
    assert code == 0
    assert json.loads(out)["persons_created"] == 4 and json.loads(out)["persons_existing"] == 1
    case = Case.objects.get(register_ref="R-1")
    assert case.household.members.get(relation="main_applicant").person == existing


@pytest.mark.django_db
def test_a_byte_order_mark_and_missing_optional_columns_are_fine(tmp_path, unit):
    text = "\ufeffcase_ref,opened_on,stage,person_ref,relation\nK-1,2024-01-01,inquiry,p,main_applicant\n"
    code, _out, err = run(tmp_path, text, "--unit", "t-fa")
    assert (code, err) == (0, "")
    assert Case.objects.get(register_ref="K-1").programme == "undecided"


# --- the unit -----------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("given", ["id", "t-fa", " Återvandring Test "])
def test_unit_by_id_code_or_name(tmp_path, unit, given):
    code, _out, _err = run(tmp_path, csv_text(*valid_rows()), "--unit", str(unit.pk) if given == "id" else given)
    assert code == 0
    assert Case.objects.filter(unit=unit).count() == 3


@pytest.mark.django_db
def test_a_name_two_units_share_is_refused(tmp_path, unit):
    elsewhere = core_actions.do_create_municipality(actor=SYSTEM, name="Annan kommun", code="9903")
    core_actions.do_create_unit(actor=SYSTEM, municipality=elsewhere, name="Återvandring Test",
                                kind=UnitKind.VOLUNTARY_RETURN, code="t-fb")
    code, out, err = run(tmp_path, csv_text(*valid_rows()), "--unit", "Återvandring Test")
    assert (code, out) == (2, "")
    assert err.strip() == "--unit: 'Återvandring Test' names 2 units (t-fa, t-fb): give the code"
    assert written() == NOTHING


@pytest.mark.django_db
def test_an_unknown_unit_is_refused(tmp_path, unit):
    code, out, err = run(tmp_path, csv_text(*valid_rows()), "--unit", "nowhere")
    assert (code, out) == (2, "")
    assert err.startswith("--unit: 'nowhere'")


@pytest.mark.django_db
def test_an_unreadable_file_is_exit_2(unit, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("cases", "import", str(tmp_path / "missing.csv"), "--unit", "t-fa", stdout=out, stderr=err)
    assert exit_.value.code == 2 and out.getvalue() == ""
    assert "missing.csv" in err.getvalue()


# --- every rule: the exact line and column, nothing written ---------------------------------------------------

def row(case: str = GRANTED, person: str = "p1,main_applicant,,,,,") -> str:
    return f"{case},{person}"


def with_case(**cells: str) -> str:
    """The granted case with some case columns replaced."""
    columns = HEADER.split(",")[:13]
    values = dict(zip(columns, GRANTED.split(","), strict=True)) | cells
    return ",".join(values[column] for column in columns)


FUTURE = (dt.date.today() + dt.timedelta(days=400)).isoformat()
RULES = [
    ("not utf-8", b"case_ref,opened_on\n\xff\xfe\n", "line 1: the file is not UTF-8 text"),
    ("empty", "", "line 1: the file is empty"),
    ("missing column", "case_ref,opened_on,stage\nA,2020-01-01,inquiry\n",
     "line 1: person_ref: the header has no such column; it is required"),
    ("case_ref required", csv_text(row(with_case(case_ref=""))), "line 2: case_ref: required"),
    ("case_ref too long", csv_text(row(with_case(case_ref="X" * 41))), "line 2: case_ref: longer than 40 characters"),
    ("opened_on required", csv_text(row(with_case(opened_on=""))), "line 2: opened_on: required"),
    ("bad date", csv_text(row(with_case(opened_on="2020-1-10"))), "line 2: opened_on: “2020-1-10” is not a date"),
    ("impossible date", csv_text(row(with_case(opened_on="2020-02-30"))), "line 2: opened_on: “2020-02-30” is not a"),
    ("future date", csv_text(row(with_case(closed_on=FUTURE))), f"line 2: closed_on: {FUTURE} is in the future"),
    ("channel", csv_text(row(with_case(channel="phone"))), "line 2: channel: “phone” is not one of"),
    ("programme", csv_text(row(with_case(programme="Return_grant"))), "line 2: programme: “Return_grant”"),
    ("country", csv_text(row(with_case(destination_country="iq"))), "line 2: destination_country: “iq” is not"),
    ("country unknown", csv_text(row(with_case(destination_country="ZZ"))), "line 2: destination_country: “ZZ”"),
    ("stage required", csv_text(row(with_case(stage=""))), "line 2: stage: required"),
    ("stage", csv_text(row(with_case(stage="done"))), "line 2: stage: “done” is not one of"),
    ("decision", csv_text(row(with_case(decision="yes"))), "line 2: decision: “yes” is not one of"),
    ("amount", csv_text(row(with_case(decided_amount_sek="0"))), "line 2: decided_amount_sek: “0” is not a whole"),
    ("amount text", csv_text(row(with_case(decided_amount_sek="1e4"))), "line 2: decided_amount_sek: “1e4”"),
    ("reason", csv_text(row(with_case(decision="refused", decided_amount_sek="", decision_reasons="debt"))),
     "line 2: decision_reasons: “debt” is not one of"),
    ("reason twice", csv_text(row(with_case(decision="refused", decided_amount_sek="",
                                            decision_reasons="debts;debts"))),
     "line 2: decision_reasons: debts given more than once"),
    ("date order", csv_text(row(with_case(submitted_on="2019-12-31"))),
     "line 2: submitted_on: 2019-12-31 is before opened_on 2020-01-10"),
    ("date order skips empty", csv_text(row(with_case(decided_on="", decision="", decided_amount_sek="",
                                                      departed_on="2020-01-20", stage="closed"))),
     "line 2: departed_on: 2020-01-20 is before submitted_on 2020-02-01"),
    ("decided_on without decision", csv_text(row(with_case(decision="", decided_amount_sek=""))),
     "line 2: decision: required with decided_on"),
    ("decision without decided_on", csv_text(row(with_case(decided_on=""))),
     "line 2: decided_on: required with a decision"),
    ("decision without submitted_on", csv_text(row(with_case(submitted_on=""))),
     "line 2: submitted_on: required with a decision"),
    ("granted without amount", csv_text(row(with_case(decided_amount_sek=""))),
     "line 2: decided_amount_sek: required when the decision is granted"),
    ("amount without granted", csv_text(row(with_case(decision="refused"))),
     "line 2: decided_amount_sek: allowed only when the decision is granted"),
    ("reasons without refused", csv_text(row(with_case(decision_reasons="debts"))),
     "line 2: decision_reasons: allowed only when the decision is refused"),
    ("closed needs closed_on", csv_text(row(with_case(closed_on=""))), "line 2: closed_on: required for stage closed"),
    ("open has no closed_on", csv_text(row(with_case(stage="follow_up"))),
     "line 2: closed_on: only for a closed, withdrawn or closed_without_application case"),
    ("without application, no submission",
     csv_text(row(with_case(stage="closed_without_application", decision="", decided_on="", decided_amount_sek="",
                            departed_on=""))),
     "line 2: submitted_on: not allowed for stage closed_without_application"),
    ("departed needs departed_on", csv_text(row(with_case(stage="departed", departed_on="", closed_on=""))),
     "line 2: departed_on: required for stage departed"),
    ("case columns differ", csv_text(row(), row(with_case(destination_country="SO"), "p2,spouse,,,,,")),
     "line 3: destination_country: differs from line 2 of the same case"),
    ("no main applicant", csv_text(row(person="p1,spouse,,,,,")), "line 2: relation: case R-1 has no main_applicant"),
    ("two main applicants", csv_text(row(), row(person="p2,main_applicant,,,,,")),
     "line 3: relation: a second main_applicant in the case (the first is on line 2)"),
    ("person_ref twice", csv_text(row(), row(person="p1,child,,,,,")),
     "line 3: person_ref: already used in this case on line 2"),
    ("person_ref required", csv_text(row(person=",main_applicant,,,,,")), "line 2: person_ref: required"),
    ("relation", csv_text(row(person="p1,husband,,,,,")), "line 2: relation: “husband” is not one of"),
    ("sex", csv_text(row(person="p1,main_applicant,,,,F,")), "line 2: sex: “F” is not one of"),
    ("birth_date", csv_text(row(person="p1,main_applicant,,,81-12-28,,")), "line 2: birth_date: “81-12-28”"),
    ("birth after opening", csv_text(row(person="p1,main_applicant,,,2020-02-01,,")),
     "line 2: birth_date: later than opened_on 2020-01-10"),
    ("birth year after opening", csv_text(row(person="p1,main_applicant,,,2021,,")),
     "line 2: birth_date: later than opened_on 2020-01-10"),
    ("identity number", csv_text(row(person="p1,main_applicant,,,,,19811228-1235")),
     "line 2: identity_number: The check digit does not match"),
    ("identity disagrees", csv_text(row(person=f"p1,main_applicant,,,1981-12-27,,{pnr('811228')}")),
     "line 2: birth_date: 1981-12-27 does not agree with the identity number"),
    ("identity year disagrees", csv_text(row(person=f"p1,main_applicant,,,1980,,{pnr('811228')}")),
     "line 2: birth_date: the year 1980 does not agree with the identity number"),
    ("cells", csv_text(row() + ",extra"), "line 2: 21 cells where the header has 20"),
    ("header only", csv_text(), "line 1: the file has a header but no rows"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "text", "expected"), RULES, ids=[rule[0] for rule in RULES])
def test_every_rule_is_reported_on_its_line_and_nothing_is_written(tmp_path, unit, name, text, expected):
    lines = invalid(tmp_path, text)
    assert any(line.startswith(expected) for line in lines), lines


@pytest.mark.django_db
def test_problems_come_in_file_order_and_only_the_first_20(tmp_path, unit):
    rows = [row(with_case(case_ref=f"C{n}", stage="done")) for n in range(30)]
    rows.insert(0, row(with_case(case_ref="C-first"), "p1,spouse,,,,,"))  # reported at the end of reading
    lines = invalid(tmp_path, csv_text(*rows))
    assert len(lines) == 20
    assert lines[0] == "line 2: relation: case C-first has no main_applicant"
    assert lines[1].startswith("line 3: stage:")


@pytest.mark.django_db
def test_one_bad_case_stops_the_whole_file(tmp_path, unit):
    lines = invalid(tmp_path, csv_text(*valid_rows(), row(with_case(case_ref="R-9", stage="done"))))
    assert lines == ["line 7: stage: “done” is not one of: " + ", ".join(
        ["inquiry", "counselling", "preparing_application", "submitted", "decided", "departure_planned",
         "departed", "follow_up", "closed", "withdrawn", "closed_without_application"])]


@pytest.mark.django_db
def test_decision_reasons_are_compared_as_a_set(tmp_path, unit):
    refused = with_case(decision="refused", decided_amount_sek="", decision_reasons="debts;other")
    swapped = with_case(decision="refused", decided_amount_sek="", decision_reasons="other; debts")
    code, _out, err = run(tmp_path, csv_text(row(refused), row(swapped, "p2,spouse,,,,,")), "--unit", "t-fa")
    assert (code, err) == (0, "")


# --- a real process: the exit codes as a shell sees them -------------------------------------------------------

def test_exit_codes_through_the_hemvag_script(tmp_path):
    env = {**os.environ, "HEMVAG_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    hemvag = [sys.executable, "-m", "hemvag"]

    def shell(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*hemvag, *args], env=env, capture_output=True, text=True, timeout=300, check=False)

    assert shell("migrate", "--no-input", "-v", "0").returncode == 0
    setup = ("from hemvag.core import actions; from hemvag.core.permissions import SYSTEM; "
             "m = actions.do_create_municipality(actor=SYSTEM, name='Testkommun', code='9901'); "
             "actions.do_create_unit(actor=SYSTEM, municipality=m, name='Test', kind='voluntary_return', code='t-fa')")
    assert shell("shell", "-c", setup).returncode == 0
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(csv_text(*valid_rows()))
    bad.write_text(csv_text(row(with_case(stage="done"))))
    failed = shell("cases", "import", str(bad), "--unit", "t-fa")
    assert (failed.returncode, failed.stdout) == (2, "")
    assert failed.stderr.startswith("line 2: stage: ")
    assert shell("cases", "import", str(good), "--unit", "nowhere").returncode == 2
    done = shell("cases", "import", str(good), "--unit", "t-fa", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["cases_created"] == 3


# --- the upload page ----------------------------------------------------------------------------------------

@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("register.csv", text.encode(), content_type="text/csv")


@pytest.mark.django_db
def test_an_admin_checks_then_imports_exactly_the_checked_file(client, login, make_user, unit, private_media):
    login(make_user("jonas", Role.ADMIN, unit))
    checked = client.post("/cases/import/", {"unit": unit.pk, "file": upload(csv_text(*valid_rows()))})
    assert checked.status_code == 200
    page = checked.content.decode()
    assert "R-1" in page and written() == NOTHING  # the check writes nothing
    sha256 = hashlib.sha256(csv_text(*valid_rows()).encode()).hexdigest()
    assert sha256 in page
    done = client.post("/cases/import/", {"unit": unit.pk, "sha256": sha256}, follow=True)
    assert done.status_code == 200
    assert Case.objects.filter(unit=unit).count() == 3
    event = AuditEvent.objects.get(verb="register.imported")
    assert (event.actor_label, event.changes["sha256"]) == ("import", sha256)


@pytest.mark.django_db
def test_the_page_lists_the_problems_line_by_line(client, login, make_user, unit, private_media):
    login(make_user("jonas", Role.ADMIN, unit))
    response = client.post("/cases/import/", {"unit": unit.pk, "file": upload(csv_text(row(with_case(stage="x"))))})
    assert response.status_code == 400
    assert "line 2: stage:" in response.content.decode()
    assert written() == NOTHING


@pytest.mark.django_db
def test_a_file_that_is_too_large_is_refused_with_a_message(client, login, make_user, unit, private_media, settings):
    settings.UPLOAD_MAX_BYTES = 100
    login(make_user("jonas", Role.ADMIN, unit))
    response = client.post("/cases/import/", {"unit": unit.pk, "file": upload(csv_text(*valid_rows()))})
    assert response.status_code == 400
    assert "hemvag cases import" in response.content.decode()
    assert written() == NOTHING


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MANAGER, Role.COUNSELLOR])
def test_managers_and_counsellors_are_refused(client, login, make_user, unit, private_media, role):
    login(make_user("someone", role, unit))
    assert client.get("/cases/import/").status_code == 403
    sha256 = hashlib.sha256(csv_text(*valid_rows()).encode()).hexdigest()
    assert client.post("/cases/import/", {"unit": unit.pk, "file": upload(csv_text(*valid_rows()))}).status_code == 403
    assert client.post("/cases/import/", {"unit": unit.pk, "sha256": sha256}).status_code == 403
    assert written() == NOTHING


@pytest.mark.django_db
def test_an_admin_of_another_unit_cannot_import_here(client, login, make_user, unit, other_unit, private_media):
    login(make_user("elsewhere", Role.ADMIN, other_unit))
    response = client.post("/cases/import/", {"unit": unit.pk, "file": upload(csv_text(*valid_rows()))})
    assert response.status_code == 400  # not a unit they may choose
    assert client.post("/cases/import/", {"unit": unit.pk, "sha256": "a" * 64}).status_code == 403
    assert written() == NOTHING


@pytest.mark.django_db
def test_generate_imports_synthetic_cases_and_again_adds_nothing(unit):
    out = io.StringIO()
    call_command("cases", "generate", "300", "--unit", "t-fa", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["cases_created"] == 300
    assert not Person.objects.exclude(identity_number="").exists()  # no invented identity numbers
    out = io.StringIO()
    call_command("cases", "generate", "300", "--unit", "t-fa", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["cases_existing"] == 300
