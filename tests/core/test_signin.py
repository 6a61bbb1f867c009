"""The second factor of admins and auditors, the idle timeout, and the audit of every sign-in, failure and
lock-out. (Signing in with the city's account: test_oidc_tokens.py and tests/e2e/test_oidc.py.)"""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemvag.core import middleware
from hemvag.core.models import AuditEvent, Role
from hemvag.core.twofactor import PENDING_KEY
from tests.conftest import HTTPS_HEADERS, PASSWORD, StoppedClock


def code_for(key_hex: str, offset_steps: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6)
    totp.time = time.time() + offset_steps * 30
    return f"{totp.token():06d}"


def browser(settings) -> Client:
    client = Client(headers=HTTPS_HEADERS)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def password_sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


@pytest.fixture
def admin(make_user, unit):
    return make_user("jonas", Role.ADMIN, unit)


@pytest.fixture
def auditor(make_user, unit):
    return make_user("maria", Role.AUDITOR, unit)


def enrol(client: Client) -> TOTPDevice:
    client.get("/login/code/enrol/")
    key = client.session[PENDING_KEY]
    answer = client.post("/login/code/enrol/", {"code": code_for(key), "next": "/start/"})
    assert answer.status_code == 302 and answer["Location"] == "/start/", answer.content[:500]
    return TOTPDevice.objects.get(key=key)


def test_an_admin_with_a_password_enrols_an_app_before_any_staff_page(settings, admin):
    client = browser(settings)
    assert password_sign_in(client, "jonas")["Location"] == "/start/"
    answer = client.get("/start/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/code/?next=/start/")
    answer = client.get(answer["Location"])
    assert answer.status_code == 302 and answer["Location"].startswith("/login/code/enrol/")
    page = client.get("/login/code/enrol/").content.decode()
    assert "<svg" in page and 'id="otp-secret"' in page and "Set up your authenticator app" in page
    assert client.get("/admin/").status_code == 302  # not before the second factor either

    key = client.session[PENDING_KEY]
    wrong = client.post("/login/code/enrol/", {"code": "000000" if code_for(key) != "000000" else "111111"})
    assert wrong.status_code == 200 and "The code is wrong or has expired" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert AuditEvent.objects.filter(verb="auth.second_factor_failed", object_id=str(admin.pk)).count() == 1

    device = enrol(client)
    assert device.user == admin and device.confirmed
    assert client.get("/start/").status_code == 200
    assert AuditEvent.objects.get(verb="auth.second_factor_enrolled").changes == {"device": "default", "replaced": 0}


def test_every_later_sign_in_asks_for_a_code_and_a_used_code_does_not_work_twice(settings, auditor):
    first = browser(settings)
    password_sign_in(first, "maria")
    device = enrol(first)

    second = browser(settings)
    password_sign_in(second, "maria")
    assert second.get("/audit/")["Location"].startswith("/login/code/?next=/audit/")
    page = second.get("/login/code/?next=/audit/").content.decode()
    assert "Confirm your sign-in" in page
    # The code that enrolled the app is spent; the next one works.
    spent = second.post("/login/code/", {"code": code_for(device.key), "next": "/audit/"})
    assert spent.status_code == 200
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would refuse an immediate retry
    answer = second.post("/login/code/", {"code": code_for(device.key, +1), "next": "/audit/"})
    assert answer.status_code == 302 and answer["Location"] == "/audit/"
    assert second.get("/audit/").status_code == 200
    assert AuditEvent.objects.filter(verb="auth.second_factor_verified", actor=auditor).count() == 1


def test_other_roles_are_not_asked(settings, make_user, unit):
    make_user("sara", Role.COUNSELLOR, unit)
    client = browser(settings)
    password_sign_in(client, "sara")
    assert client.get("/start/").status_code == 200
    assert client.get("/login/code/").status_code == 403  # the page is only for those who need it


def test_an_unverified_session_gets_no_api_answer(settings, admin):
    client = browser(settings)
    password_sign_in(client, "jonas")
    answer = client.get("/api/v1/me")
    assert answer.status_code == 403
    body = answer.json()  # the API's one error shape (core.apierrors)
    assert "authenticator app" in body["detail"] and body["errors"] == []


def test_wrong_codes_count_toward_the_lock_out(settings, admin, ratelimit_clock):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    setup = browser(settings)
    password_sign_in(setup, "jonas")
    device = enrol(setup)
    wrong = "000000" if code_for(device.key, +1) != "000000" else "111111"
    client = browser(settings)
    password_sign_in(client, "jonas")
    for _ in range(4):
        assert client.post("/login/code/", {"code": wrong}).status_code == 200
    locked = client.post("/login/code/", {"code": wrong})
    assert locked.status_code == 429
    assert client.get("/start/").status_code == 302 and "/login/" in client.get("/start/")["Location"]
    assert password_sign_in(client, "jonas").status_code == 429  # the right password does not help now
    assert AuditEvent.objects.filter(verb="auth.second_factor_failed", actor=admin).count() == 5
    locked_out = AuditEvent.objects.filter(verb="auth.locked_out", object_id=str(admin.pk)).first()
    assert locked_out is not None and locked_out.changes["username"] == "jonas"


def test_a_wrong_password_and_the_lock_out_are_in_the_audit_log(settings, make_user, unit, other_unit, auditor,
                                                                 login):
    sara = make_user("sara", Role.COUNSELLOR, unit)
    client = browser(settings)
    password_sign_in(client, "sara", "wrong-password")
    failed = AuditEvent.objects.get(verb="auth.login_failed")
    assert (failed.actor, failed.actor_label, failed.object_id) == (None, "anonymous", str(sara.pk))
    assert failed.changes == {"username": "sara", "method": "password"}
    for _ in range(4):
        password_sign_in(client, "sara", "wrong-password")
    assert password_sign_in(client, "sara", PASSWORD).status_code == 429
    assert AuditEvent.objects.filter(verb="auth.locked_out", object_id=str(sara.pk)).exists()
    password_sign_in(client, "nobody", "wrong-password")
    assert AuditEvent.objects.filter(verb="auth.login_failed", object_id="").get().changes["username"] == "nobody"
    # Sara's auditor sees the failures against her account, and the attempt as an account that does not exist;
    # an auditor elsewhere sees that attempt too (it is no unit's), but nothing of Sara's.
    page = login(auditor).get("/audit/?verb=auth.").content.decode()
    assert "auth.login_failed" in page and "auth.locked_out" in page
    assert "<strong>username</strong>: sara</div>" in page and "<strong>username</strong>: nobody</div>" in page
    elsewhere = login(make_user("olle", Role.AUDITOR, other_unit)).get("/audit/?verb=auth.").content.decode()
    assert "<strong>username</strong>: nobody</div>" in elsewhere and "auth.locked_out" not in elsewhere
    assert "<strong>username</strong>: sara</div>" not in elsewhere
    assert login(sara).get("/audit/").status_code == 403  # not an auditor: no log at all


def test_a_sign_in_records_how(settings, make_user, unit):
    sara = make_user("sara", Role.COUNSELLOR, unit)
    password_sign_in(browser(settings), "sara")
    assert AuditEvent.objects.get(verb="auth.login", actor=sara).changes == {"method": "password"}


@pytest.fixture
def idle_clock(monkeypatch) -> StoppedClock:
    clock = StoppedClock(1_800_000_000.0)
    monkeypatch.setattr(middleware, "clock", clock)
    return clock


def test_an_idle_staff_session_is_signed_out_and_the_sign_in_page_says_why(settings, make_user, unit, idle_clock):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    sara = make_user("sara", Role.COUNSELLOR, unit)
    client = browser(settings)
    password_sign_in(client, "sara")
    idle_clock.advance(29 * 60)
    assert client.get("/start/").status_code == 200  # activity: the count starts again
    idle_clock.advance(29 * 60)
    assert client.get("/start/").status_code == 200
    idle_clock.advance(31 * 60)
    answer = client.get("/start/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")
    assert "You were signed out after 30 minutes without activity" in client.get(answer["Location"]).content.decode()
    event = AuditEvent.objects.get(verb="auth.idle_timeout")
    assert event.actor == sara and event.changes == {"idle_minutes": 31, "limit_minutes": 30}
    assert AuditEvent.objects.filter(verb="auth.logout", actor=sara).exists()


def test_residents_pages_are_not_touched_by_the_idle_timeout(settings, db, idle_clock):
    client = browser(settings)
    client.get("/sv/")
    idle_clock.advance(24 * 60 * 60)
    assert client.get("/sv/").status_code == 200
    assert not AuditEvent.objects.filter(verb="auth.idle_timeout").exists()


def test_an_admin_resets_a_lost_app_from_the_command_line(settings, admin):
    client = browser(settings)
    password_sign_in(client, "jonas")
    enrol(client)
    out = io.StringIO()
    call_command("otp", "reset", "jonas", stdout=out)
    assert "1 authenticator app(s) removed" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert AuditEvent.objects.get(verb="auth.second_factor_reset").changes == {"removed": 1}
    with pytest.raises(CommandError, match="no user named"):
        call_command("otp", "reset", "nobody")


def test_codes_are_printed_only_for_the_demos_devices(settings, admin):
    client = browser(settings)
    password_sign_in(client, "jonas")
    enrol(client)
    with pytest.raises(CommandError, match="no demo authenticator app"):
        call_command("otp", "code", "jonas")


def test_the_demo_admin_signs_in_with_the_code_the_command_prints(settings, db):
    call_command("demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("otp", "code", "admin", stdout=out)
    from hemvag.core.demo import DEMO_PASSWORD

    client = browser(settings)
    password_sign_in(client, "admin", DEMO_PASSWORD)
    answer = client.post("/login/code/", {"code": out.getvalue().strip(), "next": "/start/"})
    assert answer.status_code == 302 and answer["Location"] == "/start/"
    assert client.get("/start/").status_code == 200


def test_the_demo_says_how_its_admin_gets_a_code(db):
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "hemvag otp code admin" in " ".join(out.getvalue().split())
