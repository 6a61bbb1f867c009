"""Signing in with the city's account against a real OpenID Connect provider (django-oidc-provider, started in a
subprocess by tests/oidc_provider), without a browser: the test follows the provider's redirects itself. And the
ID token checks with real key pairs: a token signed with another key, for another client, by another issuer or
expired is refused, and nothing is changed but one audit event."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import BACKEND_SESSION_KEY

from hemvag.core.models import AuditEvent, Role, User
from hemvag.core.signin import BACKEND, CityAccountBackend, Refused
from tests.oidc_provider.running import CLIENT_ID, running_provider

CALLBACK = "https://testserver/login/city/callback/"
CITY_PASSWORD = "city-password-2026"
CITY_USERS = [
    {"username": "sara", "password": CITY_PASSWORD, "email": "sara.lind@testkommun.example"},
    {"username": "nobody-here", "password": CITY_PASSWORD, "email": "nobody@testkommun.example"},
    {"username": "jonas", "password": CITY_PASSWORD, "email": "jonas@testkommun.example"},
]


@pytest.fixture
def client():
    """Behind the TLS proxy, as the host name the provider knows Hemväg's callback by."""
    from django.test import Client

    from tests.conftest import HTTPS_HEADERS

    return Client(headers={**HTTPS_HEADERS, "Host": "testserver"})


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("provider"), redirect_uri=CALLBACK, users=CITY_USERS) as running:
        yield running


@pytest.fixture
def city(provider, settings):
    """Hemväg configured for the provider, as HEMVAG_OIDC_* would configure it."""
    return provider.configure(settings)


def sign_in_at_city(client, username: str, password: str = CITY_PASSWORD):
    """Hemväg's button, the provider's own sign-in form, and back to Hemväg's callback: Hemväg's last answer."""
    start = client.get("/login/city/")
    assert start.status_code == 302, start.content[:300]
    at_city = requests.Session()
    answer = at_city.get(start["Location"], allow_redirects=False, timeout=30)
    assert answer.status_code == 302 and "/accounts/login/" in answer.headers["Location"], answer.text[:800]
    login_url = requests.compat.urljoin(start["Location"], answer.headers["Location"])
    form = at_city.get(login_url, timeout=30)
    next_value = requests.utils.unquote(urlsplit(login_url).query.split("next=", 1)[1])
    answer = at_city.post(login_url, data={"username": username, "password": password, "next": next_value,
                                           "csrfmiddlewaretoken": at_city.cookies["csrftoken"]},
                          headers={"Referer": login_url}, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, form.text[:300]
    answer = at_city.get(requests.compat.urljoin(login_url, answer.headers["Location"]), allow_redirects=False,
                         timeout=30)
    back = answer.headers["Location"]
    assert back.startswith(CALLBACK), back
    return client.get(back[len("https://testserver"):])


def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_a_city_account_signs_in_to_its_hemvag_account_with_hemvags_role(client, city, make_user, unit, settings):
    english(client, settings)
    sara = make_user("sara", Role.COUNSELLOR, unit)
    answer = sign_in_at_city(client, "sara")
    assert answer.status_code == 302 and answer["Location"] == "/start/"
    assert client.session[BACKEND_SESSION_KEY] == BACKEND
    assert client.get("/start/").status_code == 200
    # The provider's "hemvag-admins" group gives nothing: the role is Hemväg's membership.
    assert client.get("/admin/").status_code in {302, 403}
    event = AuditEvent.objects.get(verb="auth.login")
    assert (event.actor, event.changes) == (sara, {"method": "oidc"})


def test_an_admin_signed_in_by_the_city_needs_no_second_code_here(client, city, make_user, unit):
    make_user("jonas", Role.ADMIN, unit)
    sign_in_at_city(client, "jonas")
    assert client.get("/start/").status_code == 200


def test_a_city_account_without_a_hemvag_account_is_refused_and_nothing_is_created(client, city, make_user, unit,
                                                                                    settings):
    english(client, settings)
    make_user("sara", Role.COUNSELLOR, unit)
    users_before = set(User.objects.values_list("username", flat=True))
    answer = sign_in_at_city(client, "nobody-here")
    assert answer.status_code == 302 and answer["Location"] == "/login/"
    page = client.get("/login/").content.decode()
    assert "Your city account is not linked to any active Hemväg account" in page
    assert BACKEND_SESSION_KEY not in client.session
    assert set(User.objects.values_list("username", flat=True)) == users_before
    event = AuditEvent.objects.get(verb="auth.refused")
    assert (event.actor, event.actor_label) == (None, "anonymous")
    assert event.changes == {"username": "nobody-here", "method": "oidc", "reason": "unknown account"}
    assert not AuditEvent.objects.filter(verb="auth.login").exists()


def test_a_switched_off_account_is_refused(client, city, make_user, unit):
    sara = make_user("sara", Role.COUNSELLOR, unit)
    User.objects.filter(pk=sara.pk).update(is_active=False)
    sign_in_at_city(client, "sara")
    assert BACKEND_SESSION_KEY not in client.session
    assert AuditEvent.objects.get(verb="auth.refused").changes["reason"] == "unknown account"


def test_matching_by_email_when_configured(client, city, make_user, unit, settings):
    settings.OIDC_CLAIM = "email"
    from hemvag.core import actions
    from hemvag.core.permissions import SYSTEM

    lind = actions.do_create_user(actor=SYSTEM, username="s.lind", password=None, email="Sara.Lind@testkommun.example")
    actions.do_set_membership(actor=SYSTEM, user=lind, unit=unit, role=Role.COUNSELLOR)
    sign_in_at_city(client, "sara")
    assert client.session["_auth_user_id"] == str(lind.pk)


def test_a_token_signed_with_another_key_is_refused_and_nothing_changes(client, city, make_user, unit, settings):
    """The provider's real token, checked against a key that is not the provider's: its signature fails."""
    english(client, settings)
    make_user("sara", Role.COUNSELLOR, unit)
    settings.OIDC_RP_IDP_SIGN_KEY = public_pem(new_key())
    events_before = AuditEvent.objects.count()
    answer = sign_in_at_city(client, "sara")
    assert answer["Location"] == "/login/"
    assert BACKEND_SESSION_KEY not in client.session
    assert "could not be verified" in client.get("/login/").content.decode()
    refused = AuditEvent.objects.get(verb="auth.refused")
    assert refused.changes["reason"] == "token: InvalidSignatureError"
    assert AuditEvent.objects.count() == events_before + 1


def test_a_callback_nobody_started_is_refused(client, city, db, settings):
    english(client, settings)
    answer = client.get("/login/city/callback/?code=forged&state=forged")
    assert answer.status_code == 302 and answer["Location"] == "/login/"
    assert "could not be verified" in client.get("/login/").content.decode()
    assert AuditEvent.objects.get(verb="auth.refused").changes["reason"] == "no sign-in in progress"


def test_the_password_form_never_runs_the_code_flow(client, city, make_user, unit):
    make_user("sara", Role.COUNSELLOR, unit)
    answer = client.post("/login/?code=forged&state=forged", {"username": "sara", "password": "wrong-password"})
    assert answer.status_code == 200
    assert not AuditEvent.objects.filter(verb="auth.refused").exists()


def test_without_configuration_the_button_and_routes_are_off(client, db, settings):
    settings.OIDC_ENABLED = False
    english(client, settings)
    assert "city account" not in client.get("/login/").content.decode()
    assert client.get("/login/city/").status_code == 404
    assert client.get("/login/city/callback/?code=x&state=y").status_code == 404


def test_the_button_names_the_provider(client, city, db):
    assert "Logga in med Testkommunens konto" in client.get("/login/").content.decode()


# The ID token's own checks, with real keys.

def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(key) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


@pytest.fixture
def signing(settings):
    key = new_key()
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = "https://login.testkommun.example"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.testkommun.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.testkommun.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://login.testkommun.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.testkommun.example/jwks"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "x" * 40
    settings.OIDC_RP_IDP_SIGN_KEY = public_pem(key)
    return key


def token(key, **changes) -> str:
    now = int(time.time())
    claims = {"iss": "https://login.testkommun.example", "aud": CLIENT_ID, "sub": "s-1", "iat": now,
              "exp": now + 300, "nonce": "n-1", **changes}
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, algorithm="RS256")


def test_a_well_made_token_passes(signing):
    assert CityAccountBackend().verify_token(token(signing), nonce="n-1")["sub"] == "s-1"


@pytest.mark.parametrize(("label", "make"), [
    ("another key", lambda key: token(new_key())),
    ("another client", lambda key: token(key, aud="someone-else")),
    ("another issuer", lambda key: token(key, iss="https://evil.example")),
    ("expired", lambda key: token(key, iat=int(time.time()) - 900, exp=int(time.time()) - 600)),
    ("no expiry", lambda key: token(key, exp=None)),
    ("HS256 with the client secret", lambda key: jwt.encode(
        {"iss": "https://login.testkommun.example", "aud": CLIENT_ID, "sub": "s-1", "nonce": "n-1",
         "iat": int(time.time()), "exp": int(time.time()) + 300}, "x" * 40, algorithm="HS256")),
])
def test_a_bad_token_is_refused(signing, label, make):
    with pytest.raises(Refused):
        CityAccountBackend().verify_token(make(signing), nonce="n-1")


def test_a_replayed_token_with_another_nonce_is_refused(signing):
    from django.core.exceptions import SuspiciousOperation

    with pytest.raises(SuspiciousOperation):
        CityAccountBackend().verify_token(token(signing), nonce="another")


def test_refusals_of_strangers_do_not_lock_the_address_out_for_everyone(client, city, make_user, unit):
    """A city's staff often share one address: five refused strangers there must not stop a colleague."""
    from axes.models import AccessAttempt

    make_user("sara", Role.COUNSELLOR, unit)
    for _ in range(5):
        sign_in_at_city(client, "nobody-here")
    assert not AccessAttempt.objects.exists()
    sign_in_at_city(client, "sara")
    assert client.session[BACKEND_SESSION_KEY] == BACKEND


def test_a_locked_out_account_is_refused_by_the_city_sign_in_too(client, city, make_user, unit):
    make_user("sara", Role.COUNSELLOR, unit)
    for _ in range(5):
        client.post("/login/", {"username": "sara", "password": "wrong-password"})
    client.cookies.clear()
    sign_in_at_city(client, "sara")
    assert BACKEND_SESSION_KEY not in client.session
    assert AuditEvent.objects.get(verb="auth.refused").changes["reason"] == "locked out"
