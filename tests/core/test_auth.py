"""Signing in and out, the lock-out, and changing one's password."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from hemvag.core.models import AuditEvent, Role
from tests.conftest import PASSWORD


@pytest.fixture
def counsellor(make_user, unit):
    return make_user("sara", Role.COUNSELLOR, unit)


def post_login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_login_page_is_public_and_in_swedish(client, db):
    response = client.get("/login/")
    assert response.status_code == 200
    assert 'lang="sv"' in response.content.decode()


def test_correct_password_signs_in_and_is_audited(client, counsellor):
    response = post_login(client, "sara", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/start/"
    assert client.get("/start/").status_code == 200
    assert AuditEvent.objects.filter(verb="auth.login", actor=counsellor).count() == 1


def test_password_is_hashed_with_argon2(settings, make_user):
    from django.conf import settings as live

    settings.PASSWORD_HASHERS = live.PASSWORD_HASHERS[1:]  # the production list, without the test hasher
    assert make_user("anna").password.startswith("argon2$")


def test_wrong_password_shows_a_clear_message_and_counts_toward_lock_out(client, counsellor):
    response = post_login(client, "sara", "not-the-password")
    assert response.status_code == 200
    # The sign-in page is Swedish by default; the message is only there after a failed attempt.
    assert "Användarnamnet eller lösenordet är fel. Kontrollera båda och försök igen. Efter 5 misslyckade försök" \
        in response.content.decode()
    assert "Efter 5 misslyckade" not in client.get("/login/").content.decode()
    assert AccessAttempt.objects.get(username="sara").failures_since_start == 1
    assert not AuditEvent.objects.filter(verb="auth.login").exists()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, counsellor):
    for _ in range(5):
        post_login(client, "sara", "wrong-password")
    response = post_login(client, "sara", PASSWORD)
    assert response.status_code == 429
    assert client.get("/start/").status_code == 302  # still signed out


def test_behind_a_proxy_the_lock_out_counts_the_client_not_the_load_balancer(settings, counsellor):
    from django.test import Client

    from tests.conftest import HTTPS_HEADERS

    settings.TRUSTED_PROXIES = 1
    # Both come through the same load balancer (one REMOTE_ADDR); it appends each client's address.
    attacker = Client(headers={**HTTPS_HEADERS, "X-Forwarded-For": "203.0.113.9"}, REMOTE_ADDR="10.0.0.2")
    sara = Client(headers={**HTTPS_HEADERS, "X-Forwarded-For": "198.51.100.7"}, REMOTE_ADDR="10.0.0.2")
    for _ in range(5):
        post_login(attacker, "sara", "wrong-password")
    assert post_login(attacker, "sara", PASSWORD).status_code == 429
    assert AccessAttempt.objects.get(username="sara").ip_address == "203.0.113.9"
    # The real user, from her own address, still signs in.
    assert post_login(sara, "sara", PASSWORD).status_code == 302


def test_a_forwarded_value_that_is_no_address_does_not_break_the_sign_in(settings, counsellor):
    from django.test import Client

    from tests.conftest import HTTPS_HEADERS

    settings.TRUSTED_PROXIES = 1
    client = Client(headers={**HTTPS_HEADERS, "X-Forwarded-For": "not-an-address"})
    assert post_login(client, "sara", "wrong-password").status_code == 200
    assert AccessAttempt.objects.get(username="sara").ip_address is None


def test_logout_signs_out_and_is_audited(client, counsellor):
    post_login(client, "sara", PASSWORD)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/start/").status_code == 302
    assert AuditEvent.objects.filter(verb="auth.logout", actor=counsellor).exists()


def test_password_change_through_the_action(client, counsellor, login):
    login(counsellor)
    new = "a-much-longer-new-passphrase"
    response = client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    counsellor.refresh_from_db()
    assert counsellor.check_password(new)
    event = AuditEvent.objects.get(verb="user.password_changed")
    assert event.changes == {}  # that it changed, never the value
    assert client.get("/start/").status_code == 200  # still signed in


def test_password_change_errors_are_shown_beside_the_field_and_nothing_changes(client, counsellor, login):
    login(counsellor)
    response = client.post(
        "/password/", {"old_password": "wrong", "new_password1": "short", "new_password2": "short"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page
    assert 'id="id_old_password_error"' in page
    counsellor.refresh_from_db()
    assert counsellor.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(verb="user.password_changed").exists()
