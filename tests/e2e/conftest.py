"""Browser tests: Debian's Chromium through Playwright, against a live server on plain http (see liveserver.py)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tests.conftest import in_ci
from tests.e2e.liveserver import plain_http_live_server

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach outside hosts (see RECIPES.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

# Playwright's sync API runs an event loop in this thread; the test's own database calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if in_ci():
        raise pytest.UsageError(f"CI=true but {CHROMIUM} is missing: install Debian's chromium package.")
    reason = f"{CHROMIUM} is not installed (apt-get install chromium) – browser tests skipped"
    print(f"\n{reason}")
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE"}


@pytest.fixture(scope="package")
def live_server(request):
    """pytest-django's live server, but for this package only and over plain http: started before the first browser
    test and stopped after the last one, which puts the production settings back for every test after them."""
    addr = request.config.getvalue("liveserver") or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    with plain_http_live_server(addr) as server:
        yield server


@pytest.fixture
def demo(transactional_db):
    """The whole demo, as `make run` loads it."""
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())


def sign_in_as(page, url: str, username: str) -> None:
    """Signed in as a demo user through the login page, any earlier session forgotten."""
    from hemvag.core.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    pass_second_factor(page, username)


def pass_second_factor(page, username: str) -> None:
    """Admins and auditors signing in with a password land on the second factor: enrol an app from the secret the
    page shows, or confirm with the code their enrolled app shows now (the demo's, or one a test enrolled)."""
    import base64
    import time

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_load_state()
    if "/login/code/enrol/" in page.url:
        secret = page.locator("#otp-secret").inner_text().replace(" ", "")
        totp = TOTP(base64.b32decode(secret + "=" * (-len(secret) % 8)), step=30, t0=0, digits=6)
        totp.time = time.time()
        page.get_by_label("Kod från din autentiseringsapp").fill(f"{totp.token():06d}")
        page.get_by_role("button", name="Ställ in").click()
        page.wait_for_load_state()
    elif "/login/code/" in page.url:
        device = TOTPDevice.objects.get(user__username=username)
        totp = TOTP(device.bin_key, step=30, t0=0, digits=6)
        totp.time = time.time()
        if totp.t() <= device.last_t:  # this step's code is spent (it enrolled the app): the next one is good too
            totp.time += 30
        confirm_with_code(page, f"{totp.token():06d}")
        page.wait_for_load_state()


def current_code(username: str) -> str:
    """What the user's authenticator app shows now (`hemvag otp code` for the demo's accounts)."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("otp", "code", username, stdout=out)
    return out.getvalue().strip()


def confirm_with_code(page, code: str) -> None:
    page.get_by_label("Kod från din autentiseringsapp").fill(code)
    page.get_by_role("button", name="Bekräfta").click()


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
