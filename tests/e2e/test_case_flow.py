"""A counsellor takes a family from inquiry to departure in the browser, in Swedish: eligibility, consent and
referral included. axe checks the case list and the case page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from hemvag.core.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def counsellor(make_user, unit):
    return make_user("sara", Role.COUNSELLOR, unit)


def sign_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Användarnamn").fill("sara")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")


def open_and_submit(page: Page, summary: str, fields: dict[str, str], button: str) -> None:
    """Open a <details> form by its summary, fill it and send it."""
    page.locator("summary", has_text=summary).first.click()
    form = page.locator("details[open] form").last
    for label, value in fields.items():
        field = form.get_by_label(re.compile("^" + re.escape(label) + r"(\s*\(|$)"))
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name=button).click()


def step(page: Page, button: str, fields: dict[str, str] | None = None) -> None:
    if fields:
        open_and_submit(page, button, fields, button)
    else:
        page.locator("#header").get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".message-success")).to_be_visible()


def test_family_from_inquiry_to_departure(page: Page, live_server, counsellor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/cases/new/")
    page.get_by_label("Förnamn").fill("Amina")
    page.get_by_label(re.compile("^Efternamn")).fill("Testsson")
    page.get_by_label(re.compile("^Födelsedatum")).fill("1980-05-02")
    page.get_by_label(re.compile("^Land att flytta till")).select_option("IQ")
    page.get_by_label("Stöd", exact=True).select_option("return_grant")
    page.get_by_role("button", name="Öppna ärendet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"TFA-\d{4}-0001"))
    expect(page.locator("h1 .tag")).to_have_text("Förfrågan")

    open_and_submit(page, "Lägg till en familjemedlem",
                    {"Förnamn": "Omar", "Födelsedatum": "1979-01-03", "Relation till huvudpersonen": "Make/maka"},
                    "Lägg till i hushållet")
    open_and_submit(page, "Lägg till en familjemedlem",
                    {"Förnamn": "Lina", "Födelsedatum": "2015-08-09", "Relation till huvudpersonen": "Barn"},
                    "Lägg till i hushållet")
    expect(page.locator("#household tbody tr")).to_have_count(3)

    step(page, "Börja rådgivning")
    open_and_submit(page, "Registrera ett samtycke",
                    {"Mottagare": "Migrationsverket", "Vad som får lämnas ut": "Uppgifter för ansökan",
                     "Lämnat den": "2026-02-01"}, "Registrera samtycket")
    expect(page.locator("#consents")).to_contain_text("giltigt")

    page.locator("summary", has_text="Uppgifter för prövningen av rätt till stöd").click()
    page.get_by_label(re.compile("^Ansökningsdatum")).fill("2026-03-01")
    page.get_by_label(re.compile("^Grund för uppehållstillstånd")).first.select_option("refugee")
    page.get_by_label(re.compile("^Tillstånd beviljat den")).first.fill("2017-06-01")
    page.get_by_role("button", name="Spara och pröva rätten till stöd").click()
    expect(page.locator("#eligibility .result").first).to_contain_text("Återvandringsbidrag")
    expect(page.locator("#eligibility")).to_contain_text("return_grant_2026")

    open_and_submit(page, "Skicka en hänvisning", {"Mottagare": "Migrationsverket", "Syfte": "Stöd i ansökan",
                                                "Skickad den": "2026-02-02"}, "Skicka hänvisningen")
    expect(page.locator("#referrals tbody")).to_contain_text("Skickad")

    step(page, "Börja förbereda ansökan")
    step(page, "Registrera inskickad ansökan", {"Inskickad": "2026-03-01", "Migrationsverkets ärendenummer": "MV-1"})
    step(page, "Registrera Migrationsverkets beslut",
         {"Beslut": "Beviljat", "Beslutsdatum": "2026-04-01", "Beviljat belopp (kr)": "550000"})
    step(page, "Planera avresan", {"Planerad avresa": "2026-05-01"})
    step(page, "Registrera avresan", {"Avresedatum": "2026-05-02"})
    expect(page.locator("h1 .tag")).to_have_text("Har rest")
    expect(page.locator("#follow-up tbody tr")).to_have_count(4)
    expect(page.locator("#timeline")).to_contain_text("Avresa planerad → Har rest")


def test_case_list_and_case_page_have_no_serious_accessibility_violations(page: Page, live_server, counsellor,
                                                                          unit):
    from hemvag.cases.actions import do_open_case
    from hemvag.people.actions import do_create_household, do_create_person

    person = do_create_person(actor=counsellor, unit=unit, first_name="Amina", birth_date="1980-05-02")
    case = do_open_case(actor=counsellor, unit=unit,
                        household=do_create_household(actor=counsellor, unit=unit, main_person=person))
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/cases/")
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    for summary in page.locator("details > summary").all():
        summary.click()  # check the forms too, not only the closed page
    expect(page.locator(".page-form-link")).to_have_count(0)  # each fetched and in place (htmx)
    assert serious_violations(page) == []
