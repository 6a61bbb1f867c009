"""A colleague reads the guidance, refers a resident with consent and then sees only the referral's status."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hemvag.content import demo as content_demo
from hemvag.core.actions import do_create_unit
from hemvag.core.models import Role, UnitKind
from hemvag.core.permissions import SYSTEM
from tests.conftest import PASSWORD
from tests.e2e.conftest import serious_violations
from tests.e2e.test_shell import sign_in

pytestmark = [pytest.mark.e2e]


@pytest.mark.django_db(transaction=True)
def test_staff_reads_guidance_refers_and_follows_the_status(page, live_server, make_user, unit, municipality):
    content_demo.load()
    social = do_create_unit(actor=SYSTEM, municipality=municipality, name="Socialtjänst Test",
                            kind=UnitKind.SOCIAL_SERVICES, code="t-soc")
    make_user("omar", Role.STAFF, social)
    sign_in(page, live_server.url, "omar", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Vägledning").click()
    page.get_by_role("link", name="När en invånare frågar om återvandring").click()
    expect(page.locator("article")).to_contain_text("350 000 kr")
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/refer/")
    page.get_by_role("button", name="Skicka hänvisningen").click()
    expect(page.get_by_role("alert")).to_contain_text("Du kan bara hänvisa en invånare som har samtyckt.")
    assert serious_violations(page) == []
    page.get_by_label("Invånarens namn eller alias").fill("Karim")
    page.get_by_label("Hur invånaren kan nås").fill("070-111 11 11")
    page.get_by_label("Språk som invånaren vill tala").fill("Dari")
    page.get_by_label("Invånaren har samtyckt", exact=False).check()
    page.get_by_label("Muntligt, vid ett möte").check()
    page.get_by_role("button", name="Skicka hänvisningen").click()
    expect(page.get_by_role("status")).to_contain_text("Hänvisningen är skickad")
    expect(page.get_by_role("cell", name="Mottagen")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("070-111 11 11")


@pytest.mark.django_db(transaction=True)
def test_admin_edits_publishes_and_the_resident_sees_it(page, live_server, make_user, unit):
    content_demo.load()
    make_user("jonas", Role.ADMIN, unit)
    sign_in(page, live_server.url, "jonas", PASSWORD)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Informationssidor").click()
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/content/residence-permit/sv/")
    page.get_by_label("Rubrik").fill("Vad händer med uppehållstillståndet?")
    page.get_by_role("button", name="Spara som utkast").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Publicera den här versionen").click()
    expect(page.locator("main")).to_contain_text("Version 2 är nu publicerad.")
    page.goto(f"{live_server.url}/sv/information/residence-permit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vad händer med uppehållstillståndet?")
