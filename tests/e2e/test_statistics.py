"""A manager reads the statistics of the demo in the browser, in Swedish: the published table with its chart,
the internal figures and the flow of cases, a definition one click away, a CSV download. axe checks the pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hemvag.core.demo import DEMO_PASSWORD
from hemvag.core.models import AuditEvent
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_manager_reads_published_and_internal_figures(page: Page, live_server, demo):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill("manager")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name=re.compile(r"^\d{4} hittills$"))).to_be_visible()

    page.get_by_role("link", name="Statistik", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik")
    table = page.locator("table.stats-table")
    expect(table.locator("caption")).to_contain_text("publicerade")
    expect(page.locator("figure.chart img")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_label("Interna (exakta tal, bara för enhetens chefer)").check()
    page.get_by_role("button", name="Visa siffrorna").click()
    expect(page.locator(".notice").first).to_contain_text("Internt – innehåller små tal")
    expect(page.get_by_role("heading", name="Flödet för ärenden som öppnats under perioden")).to_be_visible()
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert AuditEvent.objects.filter(verb="statistics.exported", actor__username="manager").count() == 1

    page.get_by_role("link", name="Förfrågningar").first.click()
    expect(page.locator("#measure-inquiries")).to_be_visible()


def test_a_manager_reads_the_annual_report_of_the_earlier_register(page: Page, live_server, demo):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill("manager")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Verksamhetsrapport", exact=True).first.click()
    page.get_by_label("Enhet").select_option(label="Frivillig återvandring – tidigare register")
    page.get_by_label("År").select_option("2025")
    page.get_by_role("button", name="Visa rapporten").click()
    expect(page.get_by_role("heading", name="Sammanfattning")).to_be_visible()
    expect(page.get_by_role("heading", name="Individuellt stöd")).to_be_visible()
    expect(page.get_by_role("heading", name="Definitioner")).to_be_visible()
    expect(page.locator("img.report-chart").first).to_be_visible()
    assert serious_violations(page) == []
