"""The browser tests' live server: plain http on localhost, as `make run` serves it (HEMVAG_HTTPS=false).

Only while it runs: the production security settings are put back the moment it stops, so no test after the
browser tests runs without them (tests/test_settings_after_e2e.py checks that)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.test.utils import override_settings
from pytest_django.live_server_helper import LiveServer

PLAIN_HTTP = {
    "SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
    "LANGUAGE_COOKIE_SECURE": False, "SECURE_PROXY_SSL_HEADER": None, "SECURE_HSTS_SECONDS": 0,
}


@contextmanager
def plain_http_live_server(addr: str = "localhost") -> Iterator[LiveServer]:
    with override_settings(**PLAIN_HTTP):
        # Started inside the override: Django's SecurityMiddleware reads the redirect setting once, when the
        # server thread builds its handler.
        server = LiveServer(addr)
        try:
            yield server
        finally:
            server.stop()
