"""A counsellor records a meeting and a consultation, a manager follows the plan and a project, in Swedish and
without JavaScript needed; axe checks the pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hemvag.outreach.models import Activity, Consultation, Plan, Project
from tests.e2e.conftest import serious_violations, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_outreach_in_the_browser(page: Page, live_server, demo):
    sign_in_as(page, live_server.url, "counsellor")
    page.get_by_role("link", name="Uppsökande arbete", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppsökande arbete")
    assert serious_violations(page) == []
    before = Activity.objects.count()
    page.get_by_role("link", name="Registrera en aktivitet").click()
    page.get_by_label("Rubrik").fill("Information i föreningen")
    page.get_by_label("Datum").fill("2026-11-20")
    page.get_by_label("Deltagare (ett antal)").fill("40")
    page.get_by_label("Varav kvinnor").fill("50")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#id_women_error")).to_contain_text("inte vara fler än deltagarna")
    assert serious_violations(page) == []
    page.get_by_label("Varav kvinnor").fill("22")
    page.get_by_label("Somaliska föreningen Horn (demo)").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Aktiviteten är registrerad.")).to_be_visible()
    assert Activity.objects.count() == before + 1
    page.get_by_role("link", name="Registrera en konsultation").click()
    page.get_by_label("Frågans ämne").fill("Vem kan få återvandringsbidraget?")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Konsultationen är registrerad.")).to_be_visible()
    assert Consultation.objects.filter(topic="Vem kan få återvandringsbidraget?").exists()

    sign_in_as(page, live_server.url, "manager")
    expect(page.get_by_role("heading", name="Avtal som snart löper ut")).to_be_visible()
    plan = Plan.objects.get(first_year=2026)
    page.goto(f"{live_server.url}/outreach/plans/{plan.pk}/?year=2026")
    expect(page.get_by_role("heading", level=3).first).to_contain_text("1. Fokusera")
    assert serious_violations(page) == []
    project = Project.objects.get()
    page.goto(f"{live_server.url}/outreach/projects/{project.pk}/")
    expect(page.locator("figure.chart img")).to_be_visible()
    assert serious_violations(page) == []
