"""The API skeleton: session and token authentication, OpenAPI, health."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

from hemvag.core.actions import do_admin_save, do_change_password, do_create_api_token, do_revoke_api_token
from hemvag.core.models import ApiToken, AuditEvent, Role
from hemvag.core.permissions import SYSTEM


@pytest.fixture
def counsellor(make_user, unit):
    return make_user("sara", Role.COUNSELLOR, unit)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_healthz_is_public_and_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_openapi_schema_is_served(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Hemväg API"
    assert "/api/v1/me" in schema["paths"]


def test_me_needs_authentication(client, db):
    assert client.get("/api/v1/me").status_code == 401


def test_me_with_a_session(client, counsellor, unit, login):
    login(counsellor)
    body = client.get("/api/v1/me").json()
    assert body["username"] == "sara"
    assert body["memberships"] == [
        {"unit_id": unit.pk, "unit": unit.name, "municipality": unit.municipality.name, "role": "counsellor"}
    ]


def test_token_is_shown_once_and_stored_only_as_a_digest(client, counsellor):
    api_token, secret = do_create_api_token(actor=SYSTEM, user=counsellor, name="script")
    stored = ApiToken.objects.get(pk=api_token.pk)
    assert secret not in (stored.digest, stored.prefix, stored.name)
    assert secret.startswith(f"hv_{stored.prefix}_")
    assert client.get("/api/v1/me", headers=bearer(secret)).json()["username"] == "sara"
    assert AuditEvent.objects.filter(verb="api_token.created", object_id=str(api_token.pk)).exists()


def test_wrong_or_revoked_token_is_refused(client, counsellor):
    api_token, secret = do_create_api_token(actor=SYSTEM, user=counsellor, name="script")
    assert client.get("/api/v1/me", headers=bearer(secret[:-2] + "xx")).status_code == 401
    assert client.get("/api/v1/me", headers=bearer("hv_nothing_here")).status_code == 401
    do_revoke_api_token(actor=SYSTEM, api_token=api_token)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_token_of_a_deactivated_user_is_refused(client, counsellor):
    _, secret = do_create_api_token(actor=SYSTEM, user=counsellor, name="script")
    counsellor.is_active = False
    do_admin_save(actor=SYSTEM, instance=counsellor, changed_fields=["is_active"], adding=False)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401


def test_token_is_refused_while_its_user_is_locked_out(client, counsellor):
    _, secret = do_create_api_token(actor=SYSTEM, user=counsellor, name="script")
    for _ in range(5):
        client.post("/login/", {"username": "sara", "password": "wrong-password"})
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 403 and "spärrat" in response.json()["detail"]
    AccessAttempt.objects.all().delete()  # the cool-off is over (axes reset)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200


def test_a_password_change_revokes_the_users_tokens_and_audits_it(client, counsellor, make_user):
    other = make_user("olle")
    api_token, secret = do_create_api_token(actor=SYSTEM, user=counsellor, name="script")
    do_create_api_token(actor=SYSTEM, user=other, name="script")
    do_change_password(actor=counsellor, user=counsellor, new_password="a-new-long-password-2026")
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 401
    assert AuditEvent.objects.filter(verb="api_token.revoked", object_id=str(api_token.pk), actor=counsellor).exists()
    assert ApiToken.objects.get(user=other).revoked_at is None  # only the user's own tokens


def test_token_of_a_user_without_the_permission_gets_403(client, make_user):
    loner = make_user("loner")  # no unit, so no permission
    _, secret = do_create_api_token(actor=SYSTEM, user=loner, name="x")
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 403


@pytest.mark.urls("tests.core.urls_without_rules")
def test_session_writes_need_the_csrf_token_but_token_writes_do_not(counsellor):
    from django.test import Client

    from tests.conftest import HTTPS_HEADERS

    browser = Client(enforce_csrf_checks=True, headers=HTTPS_HEADERS)
    browser.force_login(counsellor, backend="django.contrib.auth.backends.ModelBackend")
    refused = browser.post("/api-test/ruled-write")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    browser.get("/login/")  # sets the CSRF cookie as a page load would
    csrf = browser.cookies["csrftoken"].value
    same_site = {"X-CSRFToken": csrf, "Referer": "https://testserver/"}
    assert browser.post("/api-test/ruled-write", headers=same_site, secure=True).json() == {"written": True}
    _, secret = do_create_api_token(actor=SYSTEM, user=counsellor, name="script")
    script = Client(enforce_csrf_checks=True, headers=HTTPS_HEADERS)
    assert script.post("/api-test/ruled-write", headers=bearer(secret)).json() == {"written": True}


def test_token_command_creates_lists_and_revokes(counsellor, capsys):
    call_command("token", "create", "sara", "--name", "report script")
    secret = capsys.readouterr().out.strip()
    prefix = secret.split("_")[1]
    call_command("token", "list", "sara")
    assert f"{prefix}" in capsys.readouterr().out
    call_command("token", "revoke", prefix)
    assert ApiToken.objects.get(prefix=prefix).revoked_at is not None
