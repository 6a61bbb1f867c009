"""Rate limits count each client, in the shared cache; behind a trusted proxy, by the address it forwarded."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from hemvag.core.ratelimit import allow, client_address

pytestmark = pytest.mark.django_db


def request(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_limit_counts_per_client_and_scope(ratelimit_clock):
    first, second = request("192.0.2.1"), request("192.0.2.2")
    assert [allow(first, "test", 3, 3600) for _ in range(4)] == [True, True, True, False]
    assert allow(second, "test", 3, 3600) is True
    assert allow(first, "other-scope", 3, 3600) is True


def test_the_count_starts_again_in_the_next_window_and_not_before(ratelimit_clock):
    client = request("192.0.2.1")
    assert [allow(client, "test", 2, 60) for _ in range(3)] == [True, True, False]
    ratelimit_clock.advance(59.9)  # the last moment of the same window
    assert allow(client, "test", 2, 60) is False
    ratelimit_clock.advance(0.1)
    assert [allow(client, "test", 2, 60) for _ in range(3)] == [True, True, False]


def test_windows_follow_the_clock_not_the_first_request(ratelimit_clock):
    # A fixed window: a client who starts late in one gets a fresh count at its end, not a minute after starting.
    client = request("192.0.2.1")
    ratelimit_clock.advance(50)
    assert [allow(client, "test", 1, 60) for _ in range(2)] == [True, False]
    ratelimit_clock.advance(10)
    assert allow(client, "test", 1, 60) is True


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = 0
    assert client_address(request("10.0.0.1", "203.0.113.9")) == "10.0.0.1"


def test_behind_one_proxy_the_address_it_appended_counts(settings):
    settings.TRUSTED_PROXIES = 1
    # The client forged the first entry; our proxy appended the real one last.
    assert client_address(request("10.0.0.1", "198.51.100.7, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request("10.0.0.1")) == "10.0.0.1"


def test_clients_behind_the_same_proxy_are_limited_separately(settings, ratelimit_clock):
    settings.TRUSTED_PROXIES = 1
    for _ in range(2):
        assert allow(request("10.0.0.1", "203.0.113.1"), "contact", 2, 3600)
    assert not allow(request("10.0.0.1", "203.0.113.1"), "contact", 2, 3600)
    assert allow(request("10.0.0.1", "203.0.113.2"), "contact", 2, 3600)
