"""The browser tests run against a plain-http live server; no test after them may run without the production
security settings.

tests/conftest.py runs this module last in every session (pytest-django otherwise sorts tests by their use of the
database, and the command line may name the files in any order), so in a run with browser tests these tests come
after them (the second test checks that); the first also starts that live server itself, so what it proves does
not depend on the order."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import HTTPS_HEADERS
from tests.e2e.liveserver import plain_http_live_server

PRODUCTION = {
    "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True, "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
}


def security_settings() -> dict[str, object]:
    return {name: getattr(settings, name) for name in PRODUCTION}


def assert_production_behaviour() -> None:
    """What the settings do, not only what they say: plain http is redirected, HTTPS gets HSTS and secure cookies."""
    plain = Client().get("/login/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/login/"
    secure = Client(headers=HTTPS_HEADERS).get("/login/")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert secure.cookies["csrftoken"]["secure"] is True


def plain_http_get(url: str, path: str) -> http.client.HTTPResponse:
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


@pytest.mark.django_db(transaction=True)
def test_the_browser_tests_live_server_is_plain_http_only_while_it_runs():
    assert security_settings() == PRODUCTION
    with plain_http_live_server() as server:
        response = plain_http_get(server.url, "/login/")
        assert response.status == 200  # not redirected to https: the browser tests can sign in over http
        assert "secure" not in (response.getheader("Set-Cookie") or "").lower()
        assert settings.SECURE_SSL_REDIRECT is False and settings.SESSION_COOKIE_SECURE is False
    assert security_settings() == PRODUCTION
    assert_production_behaviour()


@pytest.mark.django_db(transaction=True)
def test_after_the_browser_tests_the_production_settings_are_back(request):
    items = request.session.items
    here = items.index(request.node)
    browser_tests = [index for index, item in enumerate(items) if item.nodeid.startswith("tests/e2e/")]
    assert all(index < here for index in browser_tests)  # in a full run they came first
    assert security_settings() == PRODUCTION
    assert_production_behaviour()
