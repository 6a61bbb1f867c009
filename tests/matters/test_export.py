from __future__ import annotations

import io
import json

import docx
import pypdf
import pytest

from hemvag.core.models import AuditEvent
from hemvag.core.permissions import SYSTEM
from hemvag.matters import documents, exporting
from hemvag.matters.documents import ExportError


def pdf_pages(data: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def test_the_2017_pdf_has_the_utlatande_then_the_remissammanstallning(demo_matters):
    rendered = exporting.render(demo_matters["motion"], "pdf")
    assert rendered.content_type == "application/pdf" and rendered.data.startswith(b"%PDF")
    reader, pages = pdf_pages(rendered.data)
    text = "\n".join(pages)
    assert len(pages) >= 3
    assert in_order(text, ["Förvaltningens förslag till beslut", "Sammanfattning", "Ärendet", "Ärendets beredning",
                           "Förvaltningens synpunkter och förslag", "Bilaga", "Remissammanställning", "Ärendet",
                           "Beredning", "Stadsledningskontoret", "Arbetsmarknadsnämnden", "Norrmalms stadsdelsnämnd"])
    assert ("Arbetsmarknadsnämnden beslutade vid sitt sammanträde den 30 januari 2018 att hänvisa till"
            in " ".join(text.split()))
    for number, page in enumerate(pages, start=1):
        assert "Stockholms stad" in page and "Frivillig återvandring" in page
        assert "Dnr 2017/000991" in page and demo_matters["motion"].reference in page
        assert f"Sida {number} av {len(pages)}" in page
        assert "UTKAST" not in page
    assert reader.metadata.title.startswith("Utlåtande: Kommunen skall informera om återvandringsbidrag")
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged


def test_the_2023_pdf_has_seed_000s_sections(demo_matters):
    _reader, pages = pdf_pages(exporting.render(demo_matters["remiss"], "pdf").data)
    text = "\n".join(pages)
    assert in_order(text, ["Remiss av Motion om samverkan", "Svar på remiss från Kommunstyrelsen, Dnr KS 2023/1387",
                           "Förvaltningens förslag till beslut", "Sammanfattning", "Bakgrund", "Ärendet",
                           "Ärendets beredning", "Förvaltningens synpunkter och förslag", "Veronica Wolgast Carstorp",
                           "Socialdirektör", "Bilaga"])
    assert "Remissammanställning" not in text
    assert all("Dnr KS 2023/1387" in page for page in pages)


def test_a_draft_pdf_says_utkast_on_every_page_and_lists_its_facts(draft_matter):
    with pytest.raises(documents.DraftNotFinal):
        exporting.render(draft_matter, "pdf")
    rendered = exporting.render(draft_matter, "pdf", draft=True)
    reader, pages = pdf_pages(rendered.data)
    assert all("UTKAST" in page for page in pages)
    assert reader.metadata.title.startswith("UTKAST")
    text = "\n".join(pages)
    assert "Faktauppgifter" in text and "Hushåll med minst ett rådgivningssamtal under året." in text
    assert "[[fakta" not in text
    assert rendered.filename.endswith("-utkast-utlatande.pdf")


def test_the_word_file_has_heading_styles_numbered_points_and_the_header(demo_matters):
    data = exporting.render(demo_matters["motion"], "docx").data
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:5] == ["Förvaltningens förslag till beslut", "Sammanfattning", "Ärendet", "Ärendets beredning",
                            "Förvaltningens synpunkter och förslag"]
    assert "Beredning" in headings
    assert [p.text for p in document.paragraphs if p.style.name == "Title"][1] == "Remissammanställning"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"][:2] == [
        "Stadsledningskontoret", "Arbetsmarknadsnämnden"]
    points = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert points[0].text == "Motionen besvaras med hänvisning till vad som anförs i utlåtandet."
    numbering = {p._p.pPr.numPr.numId.val for p in points}
    assert len(numbering) == 2  # the proposal and the attachments, each numbered from 1
    texts = [p.text for p in document.paragraphs]
    assert ("Stadsledningskontorets tjänsteutlåtande daterat den 15 februari 2018 har i huvudsak följande lydelse."
            in texts)
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "Stockholms stad" in header and "Frivillig återvandring" in header
    assert f"Dnr 2017/000991 · Vår beteckning {demo_matters['motion'].reference}" in header
    assert "UTKAST" not in header
    signatures = document.tables[0].cell(0, 0).text
    assert signatures.startswith("Karin Wanngård")
    positions = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert positions[0] == ["Ställningstagande", "Antal", "Remissinstanser"]
    assert positions[1] == ["Tar inte ställning", "1", "Farsta stadsdelsnämnd"]
    assert document.core_properties.title.startswith("Utlåtande: ")
    assert document.core_properties.language == "sv-SE"


def test_a_draft_word_file_says_utkast_in_its_header(draft_matter):
    document = docx.Document(io.BytesIO(exporting.render(draft_matter, "docx", draft=True).data))
    assert "UTKAST" in "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert document.paragraphs[0].text.startswith("Utkast till tjänsteutlåtande")


def test_the_word_file_uses_the_units_template(draft_matter, tmp_path, settings):
    template = docx.Document()
    template.add_paragraph("Mallens exempeltext")
    template.sections[0].header.paragraphs[0].text = "Kommunens logotyp"
    template.styles["Normal"].font.name = "Garamond"
    path = tmp_path / "mall.docx"
    template.save(path)
    settings.MATTERS_DOCX_TEMPLATE = str(path)
    document = docx.Document(io.BytesIO(exporting.render(draft_matter, "docx", draft=True).data))
    texts = [p.text for p in document.paragraphs]
    assert "Mallens exempeltext" not in texts and "Remiss om informationsinsatser" in texts
    header = [p.text for p in document.sections[0].header.paragraphs]
    assert header[0] == "Kommunens logotyp" and any("MIG 2024-17" in line for line in header)
    assert document.styles["Normal"].font.name == "Garamond"  # the unit's styles are kept


def test_an_unreadable_template_is_one_clear_error(draft_matter, tmp_path, settings):
    settings.MATTERS_DOCX_TEMPLATE = str(tmp_path / "saknas.docx")
    with pytest.raises(ExportError, match="HEMVAG_MATTERS_DOCX_TEMPLATE"):
        exporting.render(draft_matter, "docx", draft=True)


def test_json_is_the_structure(demo_matters):
    rendered = exporting.render(demo_matters["motion"], "json")
    data = json.loads(rendered.data.decode("utf-8"))
    assert data == json.loads(json.dumps(documents.build(demo_matters["motion"]).as_json()))
    assert data["compilation"]["bodies"][1]["statement_sentence"].startswith("Arbetsmarknadsförvaltningens")
    assert data["statement"]["sections"][0]["heading"] == "Sammanfattning"
    assert "ö" in rendered.data.decode("utf-8")  # Swedish as written, not \u escapes


def test_an_unknown_format_is_refused(demo_matters):
    with pytest.raises(exporting.UnknownFormat, match="pdf, docx, json"):
        exporting.render(demo_matters["motion"], "odt")


def test_an_export_is_audited(demo_matters):
    matter = demo_matters["remiss"]
    exporting.export(SYSTEM, matter, "json")
    event = AuditEvent.objects.filter(verb="matter.exported", object_id=str(matter.pk)).get()
    assert event.changes["format"]["after"] == "json" and event.changes["document"]["after"] == "statement"
    assert event.unit_id == matter.unit_id
