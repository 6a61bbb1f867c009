"""The second factor in the browser: an admin enrols an authenticator app from the QR page (typing the secret shown
in text into a real TOTP generator), and the demo admin signs in with the code `hemvag otp code admin` prints."""

from __future__ import annotations

import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from hemvag.core.models import AuditEvent, Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import confirm_with_code, current_code, serious_violations, sign_in_as


def app_code(secret_text: str, offset_steps: int = 0) -> str:
    """An authenticator app's code for the base32 secret as the page shows it (groups of four)."""
    import base64

    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + offset_steps * 30
    return f"{totp.token():06d}"


@pytest.mark.django_db(transaction=True)
def test_an_admin_enrols_an_app_and_then_reaches_the_administration(page: Page, live_server, make_user, unit):
    make_user("jonas", Role.ADMIN, unit)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill("jonas")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(re.compile(r"/login/code/enrol/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ställ in din autentiseringsapp")
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_label("Kod från din autentiseringsapp").fill("12")
    page.get_by_role("button", name="Ställ in").click()
    expect(page.locator(".error-message")).to_contain_text("Koden är fel eller har gått ut")
    secret = page.locator("#otp-secret").inner_text()
    page.get_by_label("Kod från din autentiseringsapp").fill(app_code(secret))
    page.get_by_role("button", name="Ställ in").click()
    expect(page.get_by_role("status")).to_contain_text("Din autentiseringsapp är klar")
    page.get_by_role("navigation").get_by_role("link", name="Administration").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    assert AuditEvent.objects.filter(verb="auth.second_factor_enrolled").count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_demo_admin_signs_in_with_the_printed_code(page: Page, live_server, demo):
    sign_in_as(page, live_server.url, "admin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
    # A new sign-in asks again; a wrong code is a clear message, not a way in.
    page.context.clear_cookies()
    from hemvag.core.demo import DEMO_PASSWORD

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill("auditor")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta din inloggning")
    assert serious_violations(page) == []
    confirm_with_code(page, "000000" if current_code("auditor") != "000000" else "111111")
    expect(page.locator(".error-message")).to_contain_text("Koden är fel eller har gått ut")
