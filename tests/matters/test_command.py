from __future__ import annotations

import io
import json

import pypdf
import pytest
from django.core.management import call_command

from hemvag.core.models import AuditEvent


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb="matter.exported").order_by("seq"))


def run(*args: str) -> None:
    call_command("matters", "export", *args)


def refused(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        run(*args)
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    return lines[0]


def test_an_unknown_reference(demo_matters, capsys, tmp_path):
    out = tmp_path / "x.pdf"
    line = refused(capsys, "KS 2099/1", "--format", "pdf", "--out", str(out))
    assert line == "KS 2099/1: no matter has this reference or diary number."
    assert not out.exists() and exports() == []


def test_an_unknown_format(demo_matters, capsys, tmp_path):
    out = tmp_path / "x.odt"
    line = refused(capsys, "KS 2023/1387", "--format", "odt", "--out", str(out))
    assert line.startswith("--format: 'odt' is not an export format")
    assert not out.exists() and exports() == []


def test_a_draft_needs_draft(draft_matter, capsys, tmp_path):
    out = tmp_path / "utkast.pdf"
    line = refused(capsys, "MIG 2024-17", "--format", "pdf", "--out", str(out))
    assert "is not approved yet" in line and "--draft" in line
    assert not out.exists() and exports() == []
    run("MIG 2024-17", "--format", "pdf", "--out", str(out), "--draft")
    pages = pypdf.PdfReader(out).pages
    assert all("UTKAST" in page.extract_text() for page in pages)
    (event,) = exports()
    assert event.changes["document"]["after"] == "statement, draft"


def test_an_export_to_a_file(demo_matters, capsys, tmp_path):
    out = tmp_path / "utlatande.pdf"
    run("2017/000991", "--format", "pdf", "--out", str(out))
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Remissammanställning" in text and "Förvaltningens förslag till beslut" in text
    captured = capsys.readouterr()
    assert captured.out == "" and f"{out}: statement+compilation of" in captured.err
    (event,) = exports()
    assert event.object_id == str(demo_matters["motion"].pk) and event.actor_id is None
    assert event.changes["format"]["after"] == "pdf"
    assert [p.name for p in tmp_path.iterdir()] == ["utlatande.pdf"]  # no temporary file left behind


def test_an_export_to_standard_output_by_our_reference(demo_matters, capsysbinary):
    reference = demo_matters["remiss"].reference
    run(reference, "--format", "json")
    data = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert data["header"]["reference"] == reference and data["statement"]["subtitle"].endswith("KS 2023/1387")
    run("KS 2023/1387", "--format", "docx")
    assert capsysbinary.readouterr().out.startswith(b"PK")
    assert [e.changes["format"]["after"] for e in exports()] == ["json", "docx"]


def test_the_sender_number_without_its_prefix_finds_the_matter(demo_matters, capsysbinary):
    run("2023/1387", "--format", "pdf")
    reader = pypdf.PdfReader(io.BytesIO(capsysbinary.readouterr().out))
    assert "Dnr KS 2023/1387" in reader.pages[0].extract_text()


def test_a_file_that_cannot_be_written(demo_matters, capsys, tmp_path):
    line = refused(capsys, "KS 2023/1387", "--format", "json", "--out", str(tmp_path / "saknas" / "x.json"))
    assert "cannot be written" in line
    assert exports() == []  # the audit event went with the file
