"""A counsellor signs in, sees the start page and switches to English; axe finds no serious problems."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hemvag.core.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import pass_second_factor, serious_violations

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def counsellor(make_user, unit):
    return make_user("sara", Role.COUNSELLOR, unit)


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    pass_second_factor(page, username)


@pytest.mark.django_db(transaction=True)
def test_counsellor_signs_in_sees_start_and_switches_to_english(page, live_server, counsellor, unit):
    sign_in(page, live_server.url, "sara", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Sara")
    expect(page.get_by_role("cell", name=unit.name)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sara")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_wrong_password_is_explained_beside_the_form(page, live_server, counsellor):
    sign_in(page, live_server.url, "sara", "wrong-password")
    expect(page.get_by_role("alert")).to_contain_text("Användarnamnet eller lösenordet är fel")
    expect(page).to_have_url(re.compile(r"/login/$"))


@pytest.mark.django_db(transaction=True)
def test_skip_link_is_first_and_moves_focus_to_main(page, live_server):
    page.goto(f"{live_server.url}/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


@pytest.mark.django_db(transaction=True)
def test_login_page_has_no_serious_accessibility_violations(page, live_server):
    page.goto(f"{live_server.url}/login/")
    assert serious_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_start_page_has_no_serious_accessibility_violations(page, live_server, counsellor):
    sign_in(page, live_server.url, "sara", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert serious_violations(page) == []


@pytest.mark.django_db(transaction=True)
def test_every_request_goes_to_our_own_origin(page, live_server, counsellor):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    sign_in(page, live_server.url, "sara", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert requests and all(url.startswith(live_server.url) for url in requests)


def test_the_accessibility_check_does_report_a_real_violation(page):
    # Guards the guard: if axe were not running, the checks above would pass on anything.
    page.set_content('<html lang="sv"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert any(violation.startswith("image-alt") for violation in serious_violations(page))
