"""The annual activity report: its sections in the order of the unit's own report to its committee, in Swedish
and English, as a tagged PDF with embedded fonts (Arabic included), made in the background by the task worker,
and asked for and downloaded only by the unit's managers."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from hemvag.core import actions as core_actions
from hemvag.core.models import AuditEvent, Role, UnitKind
from hemvag.core.permissions import SYSTEM
from hemvag.reports import annual, pdf
from hemvag.reports.models import ReportRun, RunStatus
from tests.reports.conftest import YEAR

SECTIONS = ["summary", "background", "individual_support", "definitions"]  # seed 004's order
FIGURES = {"summary", "inquiries-applications", "decisions", "persons-granted", "countries", "refusal-reasons",
           "departures-withdrawals"}
ARABIC = "العودة الطوعية"


def figures(report: annual.Report) -> dict[str, object]:
    return {b.key: b for s in report.sections for b in s.blocks if hasattr(b, "headers")}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_report_has_the_sections_of_the_units_own_report_in_english(register, unit):
    register()
    report = annual.build_report(SYSTEM, unit, YEAR, "en")
    assert [s.key for s in report.sections] == SECTIONS
    assert [s.title for s in report.sections] == ["Summary", "Background", "Individual support", "Definitions"]
    assert report.title == f"Activity report {YEAR} – {unit.name}"
    assert set(figures(report)) == FIGURES
    summary = figures(report)["summary"]
    assert summary.headers == ["", str(YEAR - 1), str(YEAR), "Change"]
    granted = next(row for row in summary.rows if row[0] == "Granted cases")
    # Published: 2 is small, and 9 beside 11 decisions would give the 2 refused away.
    assert granted[:3] == ["Granted cases", "..", ".."]
    internal = annual.build_report(SYSTEM, unit, YEAR, "en", published=False)
    granted = next(row for row in figures(internal)["summary"].rows if row[0] == "Granted cases")
    assert granted == ["Granted cases", "2", "9", "+7"]  # two granted the year before, nine this year
    background = " ".join(b.text for b in report.sections[1].blocks)
    assert "10,000" in background and "350,000" in background  # from the rule parameters, not typed in
    assert all(figures(report)[key].svg for key in FIGURES - {"summary"})


def test_the_swedish_report_speaks_the_swedish_catalogue(register, unit):
    register()
    report = annual.build_report(SYSTEM, unit, YEAR, "sv")
    # The seed's own report: Sammanfattning, Bakgrund, the year's work, definitions.
    assert [s.title for s in report.sections] == ["Sammanfattning", "Bakgrund", "Individuellt stöd", "Definitioner"]
    assert report.language == "sv"
    assert '<html lang="sv">' in pdf.report_html(report)
    assert "350\u00a0000" in " ".join(b.text for b in report.sections[1].blocks)  # Swedish digit grouping


def test_the_pdf_is_tagged_titled_and_carries_arabic_script(register, municipality):
    arabic_unit = core_actions.do_create_unit(actor=SYSTEM, municipality=municipality, name=ARABIC,
                                              kind=UnitKind.VOLUNTARY_RETURN, code="t-ar")
    data = pdf.report_pdf(annual.build_report(SYSTEM, arabic_unit, YEAR, "en"))
    reader = PdfReader(io.BytesIO(data))
    assert data.startswith(b"%PDF") and len(reader.pages) >= 4
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert reader.metadata.title == f"Activity report {YEAR} – {ARABIC}"
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"].get("/Font", {}).values()}
    # A subset prefix (ABCDEF+) means the font is embedded: the glyphs travel with the file.
    assert any("+Noto-Sans-Arabic" in name for name in fonts), fonts
    text = pdf_text(data)
    assert "Definitions" in text and any("\u0600" <= ch <= "\u06ff" for ch in text)


@pytest.fixture
def staff_of_the_unit(make_user, unit):
    return [make_user("sara2", Role.COUNSELLOR, unit), make_user("sam", Role.STAFF, unit)]


def report_events() -> list[str]:
    """The audit events of annual reports (signing in is audited too, and is not what these tests count)."""
    return list(AuditEvent.objects.filter(verb__startswith="annual_report.").values_list("verb", flat=True))


def run_worker() -> None:
    """The real worker, once, in this process: it runs every queued task and stops."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)  # the worker opens transactions of its own
def test_a_manager_asks_for_the_report_the_worker_makes_it_and_the_manager_downloads_it(register, unit, manager,
                                                                                         login):
    register()
    client = login(manager)
    answer = client.post("/reports/annual/runs/", {"unit": unit.pk, "year": YEAR, "language": "en"})
    run = ReportRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/reports/annual/runs/{run.pk}/"
    assert run.status == RunStatus.QUEUED and run.progress == 0
    waiting = client.get(f"/reports/annual/runs/{run.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in waiting and '<meta http-equiv="refresh" content="2">' in waiting
    assert "Refresh" in waiting  # without JavaScript, a link as well

    run_worker()

    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100 and run.finished_at
    data = bytes(run.pdf)
    assert data.startswith(b"%PDF") and len(PdfReader(io.BytesIO(data)).pages) >= 4
    assert "Individual support" in pdf_text(data)
    ready = client.get(f"/reports/annual/runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in ready and f"/reports/annual/runs/{run.pk}/pdf" in ready  # polling stops
    download = client.get(f"/reports/annual/runs/{run.pk}/pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == data
    assert sorted(report_events()) == sorted(["annual_report.requested", "annual_report.started", "annual_report.made",
                                    "annual_report.downloaded"])


def test_counsellors_and_staff_can_neither_ask_nor_download(register, unit, manager, staff_of_the_unit, login):
    from hemvag.reports.actions import do_request_annual_report

    run = do_request_annual_report(actor=manager, unit=unit, year=YEAR, language="sv")
    before = report_events()
    for user in staff_of_the_unit:
        client = login(user)
        assert client.post("/reports/annual/runs/", {"unit": unit.pk, "year": YEAR, "language": "sv"}
                           ).status_code == 403
        assert client.get(f"/reports/annual/runs/{run.pk}/pdf").status_code == 403
        assert client.get("/reports/annual/").status_code == 403
    assert ReportRun.objects.count() == 1 and report_events() == before  # nothing written


def test_a_manager_of_another_unit_cannot_read_or_download(unit, other_unit, manager, make_user, login):
    from hemvag.reports.actions import do_finish_report_run, do_request_annual_report

    run = do_request_annual_report(actor=manager, unit=unit, year=YEAR, language="sv")
    do_finish_report_run(actor=SYSTEM, run=run, pdf=b"%PDF-1.7 test")
    client = login(make_user("olle", Role.MANAGER, other_unit))
    before = report_events()
    assert client.get(f"/reports/annual/runs/{run.pk}/pdf").status_code == 403
    assert client.get(f"/reports/annual/runs/{run.pk}/").status_code == 403
    assert client.post("/reports/annual/runs/", {"unit": unit.pk, "year": YEAR, "language": "sv"}
                       ).status_code in (400, 403)
    assert ReportRun.objects.count() == 1 and report_events() == before


def test_the_page_shows_the_report_for_a_chosen_unit_and_year(register, unit, manager, login):
    register()
    page = login(manager).get("/reports/annual/", {"unit": unit.pk, "year": YEAR, "language": "en"})
    html = page.content.decode()
    assert page.status_code == 200 and 'id="section-individual_support"' in html
    assert 'src="data:image/svg+xml;base64,' in html and "<script" not in html.split("<main", 1)[1]


def test_the_command_writes_the_pdf_and_refuses_an_unknown_unit(register, unit, tmp_path, capsys):
    register()
    out = tmp_path / "report.pdf"
    call_command("report", "annual", "--unit", unit.code, "--year", str(YEAR), "--out", str(out), "--lang", "en")
    assert out.read_bytes().startswith(b"%PDF")
    assert "4 sections" in capsys.readouterr().err  # the summary line, after the progress bar
    with pytest.raises(SystemExit) as stop:
        call_command("report", "annual", "--unit", "no-such", "--year", str(YEAR), "--out", str(out))
    assert stop.value.code == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("--unit: 'no-such'") and "\n" not in error
