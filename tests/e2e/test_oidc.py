"""Signing in with the city's account in a real browser, at a real OpenID Connect provider (django-oidc-provider,
started in a subprocess by tests/oidc_provider): Hemväg's button, the provider's own sign-in page, and back in
Hemväg with the role of the matching Hemväg account — or refused, with the reason on the sign-in page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hemvag.core.models import AuditEvent, Role
from tests.oidc_provider.running import running_provider

CITY_PASSWORD = "city-password-2026"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    users = [{"username": "sara", "password": CITY_PASSWORD, "email": "sara@testkommun.example"},
             {"username": "okand", "password": CITY_PASSWORD, "email": "okand@testkommun.example"}]
    with running_provider(tmp_path_factory.mktemp("provider"), redirect_uri=f"{live_server.url}/login/city/callback/",
                          users=users) as running:
        yield running


@pytest.fixture
def city(provider, settings):
    """Hemväg configured for the provider, as HEMVAG_OIDC_* would configure it."""
    return provider.configure(settings)


def sign_in_at_city(page: Page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.get_by_role("link", name="Logga in med Testkommunens konto").click()
    expect(page.get_by_role("heading", name="Test city sign-in")).to_be_visible()
    page.get_by_label("City user name").fill(username)
    page.get_by_label("City password").fill(CITY_PASSWORD)
    page.get_by_role("button", name="Sign in at the city").click()


@pytest.mark.django_db(transaction=True)
def test_a_counsellor_signs_in_with_the_city_account_and_has_her_hemvag_role(page, live_server, city, make_user, unit):
    sara = make_user("sara", Role.COUNSELLOR, unit)
    sign_in_at_city(page, live_server.url, "sara")
    expect(page).to_have_url(f"{live_server.url}/start/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")
    # Her role is the counsellor's: the cases are in her menu, the administration is not.
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    assert AuditEvent.objects.get(verb="auth.login").actor == sara
    assert AuditEvent.objects.get(verb="auth.login").changes == {"method": "oidc"}


@pytest.mark.django_db(transaction=True)
def test_a_city_account_without_a_hemvag_account_is_refused_with_the_reason(page, live_server, city, make_user,
                                                                              unit):
    make_user("sara", Role.COUNSELLOR, unit)
    sign_in_at_city(page, live_server.url, "okand")
    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.get_by_role("status")).to_contain_text("inte kopplat till något aktivt Hemväg-konto")
    page.goto(f"{live_server.url}/start/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/start/")
    refused = AuditEvent.objects.get(verb="auth.refused")
    assert refused.changes == {"username": "okand", "method": "oidc", "reason": "unknown account"}
