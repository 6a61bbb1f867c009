"""A fixed-window rate limit per client, kept in the shared cache so every worker counts together."""

from __future__ import annotations

import hashlib
import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Seconds since the epoch; the windows are counted on this clock (tests stop it, so a count never straddles two).
clock: Callable[[], float] = time.time


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind N trusted proxies (HEMVAG_TRUSTED_PROXIES) it is the N-th address from the
    right of X-Forwarded-For — the one our own proxy wrote; anything further left the client could forge."""
    trusted = settings.TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if trusted and len(forwarded) >= trusted:
        return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "unknown")


def client_ip(request: HttpRequest) -> str | None:
    """`client_address` when it is an IP address (what the lock-out stores), else None: a test request without
    REMOTE_ADDR, or a proxy that wrote something else, must not fail a sign-in."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_key(request: HttpRequest) -> str:
    # Hashed with the secret key: the cache never holds a client's address in clear.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]


def allow(request: HttpRequest, scope: str, limit: int, window_seconds: int) -> bool:
    """Count this request; False once the client has made more than `limit` in the current window."""
    window = int(clock() // window_seconds)
    key = f"ratelimit:{scope}:{client_key(request)}:{window}"
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the window's first request
        cache.set(key, 1, timeout=window_seconds + 1)
        count = 1
    return count <= limit
