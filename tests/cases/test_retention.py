"""Gallring of cases, legal holds, and a person's rights (register extract, erasure): the published statistics
for past years are the same before and after a retention run; personal data is gone; every removal is audited."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pypdf import PdfReader

from hemvag.cases import actions, synthetic
from hemvag.cases.models import Case, CounsellingNote, Document, LegalHold, Stage
from hemvag.cases.retention import statistical_birth_date
from hemvag.core.audit import verify_chain
from hemvag.core.models import AccessLog, AccessPurpose, AuditEvent, Role
from hemvag.core.permissions import SYSTEM
from hemvag.people.actions import do_create_household, do_create_person
from hemvag.people.models import Person
from hemvag.reports.measures import MEASURES
from tests.conftest import HTTPS_HEADERS

PDF = b"%PDF-1.7\n" + b"x" * 100
LONG_AGO = dt.date(2019, 3, 14)  # closed more than five years ago: past every rule
RECENTLY = timezone.localdate() - dt.timedelta(days=30)
# The published tables a committee gets for past years, over every dimension a person's data could move.
TABLES = (("", "year,sex,age_group"), ("", "year,destination_country"), ("", "year,channel,programme"),
          ("refused", "year,decision_reason"))


def age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((born.month, born.day) > (on.month, on.day))


@hypothesis_settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a shared machine may stall a draw
@given(born=st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)),
       dated=st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)), min_size=0, max_size=6))
def test_statistical_birth_date_gives_the_same_age_on_every_dated_day(born, dated):
    shown = statistical_birth_date(born, dated)
    assert shown.year == born.year
    assert all(age(shown, day) == age(born, day) for day in dated if day >= born)
    assert (shown.month, shown.day) in {(d.month, d.day) for d in dated} | {(12, 31), (2, 28)}


def published(since: int = 2013) -> dict[str, object]:
    """The tables of TABLES for the years before this one, as `hemvag stats` prints them: every count (the
    published figures are a function of these), and one table as published, small counts suppressed."""
    last_year_end = dt.date(timezone.localdate().year - 1, 12, 31).isoformat()
    tables = {}
    for measures, by in (*TABLES, ("decisions,granted", "year,destination_country,published")):
        out = io.StringIO()
        call_command("stats", "--measures", measures or ",".join(m for m in MEASURES if m != "refused"),
                     "--by", by.removesuffix(",published"), "--from", f"{since}-01-01", "--to", last_year_end,
                     "--format", "json", *(["--published"] if by.endswith(",published") else []), stdout=out)
        tables[f"{measures}:{by}"] = json.loads(out.getvalue())
    return tables


def closed_long_ago(case: Case, day: dt.date = LONG_AGO) -> Case:
    """A case that went through counselling and was withdrawn on `day` (set afterwards: actions date today)."""
    actions.do_transition(actor=case.assigned_counsellor or SYSTEM, case=case, target=Stage.COUNSELLING)
    actions.do_transition(actor=SYSTEM, case=case, target=Stage.WITHDRAWN)
    Case.objects.filter(pk=case.pk).update(closed_on=day, opened_on=day - dt.timedelta(days=40))
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def worked_case(case, counsellor, media):
    """A case with what a counsellor records: a note, a consent with its signed copy, a document."""
    main = case.household.members.get(relation="main_applicant").person
    document = actions.do_upload_document(actor=counsellor, case=case, name="pass.pdf", data=PDF,
                                          description="Passkopia")
    actions.do_add_note(actor=counsellor, case=case, held_on=LONG_AGO, form="meeting", interpreter_used=False,
                        language="", text="Amina berättade om sin familj i Erbil.")
    actions.do_record_consent(actor=counsellor, case=case, person=main, recipient="migration_agency",
                              recipient_name="", scope="Ansökan", given_on=LONG_AGO, method="written",
                              document=document)
    Case.objects.filter(pk=case.pk).update(assigned_counsellor=counsellor)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def history(unit):
    # The register of the years before the new law: a handful of cases a year, with whole birth dates.
    cases = list(synthetic.history(seed=7, from_year=2013, today=dt.date(2025, 12, 31)))
    actions.do_import_register(actor=SYSTEM, unit=unit, cases=cases, sha256="retention-test")
    return cases


def run_retention(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("retention", "run", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue()[: out.getvalue().rindex("}") + 1])


def due_ids(report: dict[str, object], kind: str, key: str = "due") -> set[str]:
    rule = next(r for r in report["rules"] if r["kind"] == kind)
    return {item["id"] for item in rule[key]}


def test_a_run_keeps_the_published_statistics_of_past_years_and_removes_the_personal_data(history, worked_case):
    case = closed_long_ago(worked_case)
    main = case.household.members.get(relation="main_applicant").person
    before = published()
    document = Document.objects.get(case=case)
    assert default_storage.exists(document.file.name)

    dry = run_retention("--dry-run")
    assert str(case.pk) in due_ids(dry, "cases.closed_case")
    assert Person.objects.get(pk=main.pk).first_name == "Amina"  # a dry run removes nothing

    report = run_retention()
    disposed = due_ids(report, "cases.closed_case") | due_ids(report, "cases.inquiry")
    assert len(disposed) > 20 and str(case.pk) in disposed
    assert published() == before

    case.refresh_from_db()
    assert case.personal_data_removed_on == timezone.localdate()
    assert not CounsellingNote.objects.filter(case=case).exists() and not case.consents.exists()
    assert not Document.objects.filter(case=case).exists() and not default_storage.exists(document.file.name)
    for person in Person.objects.filter(memberships__household__cases__pk__in=[int(i) for i in disposed]):
        assert (person.first_name, person.last_name, person.identity_number, person.phone) == ("", "", "", "")
    events = AuditEvent.objects.filter(verb="retention.disposed", object_type="case")
    assert {e.object_id for e in events} == disposed
    assert all(e.changes["legal_basis"] and e.changes["rule"] in ("cases.closed_case", "cases.inquiry")
               for e in events)
    assert verify_chain()[1] is None
    # Nothing is due twice.
    assert not due_ids(run_retention("--dry-run"), "cases.closed_case")


def test_a_legal_hold_keeps_a_case_until_it_is_lifted(worked_case, manager, counsellor):
    case = closed_long_ago(worked_case)
    with pytest.raises(PermissionDenied):
        actions.do_place_legal_hold(actor=counsellor, case=case, reason="Begäran om allmän handling")
    with pytest.raises(ValidationError):
        actions.do_place_legal_hold(actor=manager, case=case, reason="   ")
    hold = actions.do_place_legal_hold(actor=manager, case=case, reason="Begäran om allmän handling 2026-11-30")

    report = run_retention()
    assert str(case.pk) in due_ids(report, "cases.closed_case", "kept_by_legal_hold")
    assert str(case.pk) not in due_ids(report, "cases.closed_case")
    assert CounsellingNote.objects.filter(case=case).exists() and Document.objects.filter(case=case).exists()

    actions.do_lift_legal_hold(actor=manager, hold=hold, reason="Handlingarna är lämnade ut")
    with pytest.raises(ValidationError):
        actions.do_lift_legal_hold(actor=manager, hold=LegalHold.objects.get(pk=hold.pk), reason="igen")
    run_retention()
    assert not CounsellingNote.objects.filter(case=case).exists()
    with pytest.raises(ValidationError, match="cannot be reopened"):
        actions.do_reopen_case(actor=manager, case=case, reason="Fel")


def test_documents_go_before_their_case_and_inquiries_after_a_year(case, counsellor, media):
    """Two years after closing the documents go; the case stays until five. An inquiry that never reached
    counselling goes a year after it was closed."""
    main = case.household.members.get(relation="main_applicant").person
    ticket = actions.do_upload_document(actor=counsellor, case=case, name="biljett.pdf", data=PDF,
                                        description="Biljett")
    three_years = timezone.localdate() - dt.timedelta(days=3 * 366)
    closed_long_ago(case, three_years)
    inquiry = actions.do_create_inquiry(actor=None, unit=case.unit, channel="contact_request", name="Karim Test",
                                        contact="070-000 00 00", language="ar", interpreter_needed=False,
                                        message="Ring mig",
                                        consent_text="Ja")
    actions.do_transition(actor=SYSTEM, case=inquiry, target=Stage.CLOSED_WITHOUT_APPLICATION)
    Case.objects.filter(pk=inquiry.pk).update(closed_on=timezone.localdate() - dt.timedelta(days=400))

    report = run_retention()
    assert due_ids(report, "cases.document") == {str(ticket.pk)}
    assert not Document.objects.filter(case=case).exists()
    assert str(case.pk) not in due_ids(report, "cases.closed_case")
    assert Person.objects.get(pk=main.pk).first_name == "Amina"
    assert due_ids(report, "cases.inquiry") == {str(inquiry.pk)}
    inquiry.refresh_from_db()
    assert inquiry.inquiry_message == "" and inquiry.personal_data_removed_on is not None
    assert not Person.objects.filter(first_name="Karim").exists()


def test_rules_without_a_legal_basis_stop_the_run_before_anything_goes(settings, tmp_path, worked_case, capsys):
    case = closed_long_ago(worked_case)
    rules = Path(settings.RETENTION_RULES).read_text(encoding="utf-8")
    broken = tmp_path / "rules.yaml"
    broken.write_text(rules.replace("  - kind: cases.closed_case\n    keep: {years: 5}\n    legal_basis: >-\n",
                                    "  - kind: cases.closed_case\n    keep: {years: 5}\n    old_basis: >-\n"),
                      encoding="utf-8")
    settings.RETENTION_RULES = broken
    events = AuditEvent.objects.count()
    with pytest.raises(SystemExit) as exit_info:
        call_command("retention", "run")
    assert exit_info.value.code == 2
    line = capsys.readouterr().err.strip()
    assert "cases.closed_case" in line and "legal_basis" in line and "\n" not in line
    assert CounsellingNote.objects.filter(case=case).exists() and AuditEvent.objects.count() == events


def test_a_run_cannot_be_dated_in_the_future(capsys, db):
    with pytest.raises(SystemExit):
        call_command("retention", "run", "--dry-run", "--on", "2999-01-01")
    assert "later than today" in capsys.readouterr().err


# --- a person's rights ---


def test_the_register_extract_holds_every_record_and_every_look_and_is_audited(worked_case, manager, counsellor,
                                                                               client):
    main = worked_case.household.members.get(relation="main_applicant").person
    client.force_login(counsellor)
    assert client.get(f"/cases/{worked_case.pk}/", headers=HTTPS_HEADERS).status_code == 200
    assert client.get(f"/cases/people/{main.pk}/rights/", headers=HTTPS_HEADERS).status_code == 403

    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the extract speaks the reader's language
    response = client.get(f"/cases/people/{main.pk}/rights/?format=json", headers=HTTPS_HEADERS)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    extract = json.loads(response.content)
    assert extract["person"]["first_name"] == "Amina"
    [case] = extract["cases"]
    assert case["reference"] == worked_case.reference
    assert case["notes"][0]["text"] == "Amina berättade om sin familj i Erbil."
    assert case["consents"][0]["scope"] == "Ansökan" and case["documents"][0]["original_name"] == "pass.pdf"
    assert "Omar" not in response.content.decode()  # another member's data is theirs
    assert extract["households"][0]["other_members"] == ["Spouse", "Child"]
    assert any(look["by"] == counsellor.get_full_name() and look["purpose"] == "Viewed"
               for look in extract["access_log"])
    assert any(event["what"] == "case.opened" for event in extract["audit_trail"])

    event = AuditEvent.objects.filter(verb="person.register_extract").get()
    assert event.actor == manager and event.object_id == str(main.pk) and event.changes["format"] == "json"
    assert AccessLog.objects.filter(actor=manager, purpose=AccessPurpose.EXPORT, person_id=str(main.pk)).exists()

    pdf = client.get(f"/cases/people/{main.pk}/rights/?format=pdf", headers=HTTPS_HEADERS)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Register extract" in text and "Amina" in text and worked_case.reference in text


def test_a_manager_of_another_unit_cannot_see_the_person(worked_case, make_user, other_unit, client):
    main = worked_case.household.members.get(relation="main_applicant").person
    client.force_login(make_user("olle", Role.MANAGER, other_unit))
    assert client.get(f"/cases/people/{main.pk}/rights/?format=json", headers=HTTPS_HEADERS).status_code == 404
    assert not AuditEvent.objects.filter(verb="person.register_extract").exists()


def test_erasure_is_refused_while_a_retention_period_or_a_hold_applies(worked_case, manager, client):
    main = worked_case.household.members.get(relation="main_applicant").person
    with pytest.raises(ValidationError, match="is open"):
        actions.do_erase_person(actor=manager, person=main, reason="Begäran 2026-11-30")
    case = closed_long_ago(worked_case, RECENTLY)
    kept_until = (RECENTLY.replace(year=RECENTLY.year + 5)).isoformat()
    with pytest.raises(ValidationError, match=f"must be kept until {kept_until}.*Arkivlagen"):
        actions.do_erase_person(actor=manager, person=main, reason="Begäran 2026-11-30")

    Case.objects.filter(pk=case.pk).update(closed_on=LONG_AGO)
    hold = actions.do_place_legal_hold(actor=manager, case=case, reason="JO-anmälan")
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/cases/people/{main.pk}/rights/", headers=HTTPS_HEADERS)
    assert "legal hold: JO-anmälan" in page.content.decode()
    refused = client.post(f"/cases/people/{main.pk}/erase/", {"reason": "Begäran"}, headers=HTTPS_HEADERS)
    assert refused.status_code == 422 and Person.objects.get(pk=main.pk).first_name == "Amina"

    actions.do_lift_legal_hold(actor=manager, hold=hold, reason="Avslutad")
    erased = client.post(f"/cases/people/{main.pk}/erase/", {"reason": "Begäran 2026-11-30 per brev"},
                         headers=HTTPS_HEADERS)
    assert erased.status_code == 302
    person = Person.objects.get(pk=main.pk)
    assert (person.first_name, person.last_name) == ("", "")
    assert Case.objects.get(pk=case.pk).personal_data_removed_on is not None
    event = AuditEvent.objects.get(verb="person.erased")
    assert event.changes["cases"] == [case.reference] and event.changes["record"] == "anonymised"
    assert verify_chain()[1] is None


def test_a_person_in_no_case_is_deleted_on_request(unit, counsellor, manager):
    person = do_create_person(actor=counsellor, unit=unit, first_name="Felregistrerad", last_name="Test")
    do_create_household(actor=counsellor, unit=unit, main_person=person)
    with pytest.raises(PermissionDenied):
        actions.do_erase_person(actor=counsellor, person=person, reason="Begäran")
    actions.do_erase_person(actor=manager, person=person, reason="Registrerad av misstag")
    assert not Person.objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.get(verb="person.erased").changes["record"] == "deleted"


def test_disposal_removes_every_person_field_but_what_the_statistics_count():
    from hemvag.cases.retention import REMOVED_PERSON_FIELDS
    from hemvag.people.actions import PERSON_FIELDS

    assert set(PERSON_FIELDS) - set(REMOVED_PERSON_FIELDS) == {"birth_date", "sex"}
