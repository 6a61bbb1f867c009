"""The official and the manager of the demo take a remiss through the browser, in Swedish: register it, draft
the statement with a live fact, send it for review; the manager approves, records the decision and downloads
the PDF and the Word file. axe checks the pages."""

from __future__ import annotations

import re

import pytest
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from hemvag.matters.models import Matter, Status
from tests.e2e.conftest import serious_violations, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_remiss_from_registration_to_the_exported_answer(page: Page, live_server, demo):
    sign_in_as(page, live_server.url, "counsellor")
    page.get_by_role("link", name="Motioner och remisser", exact=True).first.click()
    expect(page.get_by_text("KS 2023/1387").first).to_be_visible()  # the demo's own answer, sent
    page.get_by_role("link", name="Registrera ett ärende").click()
    page.get_by_label("Ärendemening").fill("Remiss av motion om information om återvandringsbidraget")
    page.get_by_label(re.compile(r"^Avsändare( \(frivilligt\))?$")).fill("Kommunstyrelsen")
    page.get_by_label("Avsändarens diarienummer").fill("1388")
    page.get_by_label("Mottagen").fill("2026-11-02")
    page.get_by_label("Svar senast").fill("2027-01-15")
    page.get_by_label("Handläggare").select_option(label="Sara Lindqvist (demo)")
    page.get_by_role("button", name="Registrera", exact=True).click()
    expect(page.locator("#id_sender_reference_error")).to_contain_text("KS 2023/1387")
    assert serious_violations(page) == []
    page.get_by_label("Avsändarens diarienummer").fill("KS 2026/1388")
    page.get_by_role("button", name="Registrera", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remiss av motion om information om "
                                                              "återvandringsbidraget")
    assert serious_violations(page) == []

    page.get_by_role("link", name="Skriv utkastet").click()
    page.get_by_label("Förvaltningens förslag till beslut").fill(
        "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.")
    page.get_by_label("Sammanfattning").fill("Kommunstyrelsen har remitterat en motion om information.")
    page.get_by_label("Förvaltningens synpunkter och förslag").fill("Ärendet har behandlats av förvaltningen.")
    page.get_by_role("button", name="Spara som ny version").click()
    expect(page.get_by_text("passiv form")).to_be_visible()  # a plain-language hint, not a refusal
    page.get_by_label("Faktauppgift", exact=True).select_option(label="Beslut och beviljade per år (publicerade)")
    page.get_by_role("button", name="Lägg till faktauppgiften").click()
    expect(page.get_by_text("Under de senaste 10 åren").first).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Tillbaka till ärendet").click()
    page.get_by_role("button", name="Skicka för granskning").click()
    expect(page.get_by_text("Någon annan än den som skrev tjänsteutlåtandet godkänner det.")).to_be_visible()

    matter = Matter.objects.get(sender_reference="KS 2026/1388")
    sign_in_as(page, live_server.url, "manager")
    page.goto(f"{live_server.url}/matters/{matter.pk}/")
    page.get_by_role("button", name="Godkänn tjänsteutlåtandet").click()
    expect(page.get_by_role("heading", name="Det godkända tjänsteutlåtandet")).to_be_visible()
    page.get_by_label("Beslutsdatum").fill("2026-12-15")
    page.get_by_label("Sammanträde").fill("Socialnämnden")
    page.get_by_label("Beslut", exact=True).fill("Socialnämnden godkänner förvaltningens tjänsteutlåtande.")
    page.get_by_role("button", name="Registrera nämndens beslut").click()
    expect(page.get_by_text("Beslutat av nämnden").first).to_be_visible()
    assert serious_violations(page) == []
    matter.refresh_from_db()
    assert matter.status == Status.DECIDED and matter.approved_version.facts_frozen

    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF", exact=True).click()
    text = "".join(p.extract_text() for p in PdfReader(pdf.value.path()).pages)
    assert "Förvaltningens förslag till beslut" in text and "KS 2026/1388" in text and "Under de senaste" in text
    with page.expect_download() as word:
        page.get_by_role("link", name="Word", exact=True).click()
    paragraphs = [p.text for p in Document(word.value.path()).paragraphs]
    assert "Sammanfattning" in paragraphs and any("Under de senaste" in p for p in paragraphs)
