"""Signing in with the city's account: OpenID Connect (mozilla-django-oidc), as docs/sign-in.md describes.

The provider says who someone is, never what they may do: its answer is matched to one existing, active Hemväg
account (by the claim HEMVAG_OIDC_CLAIM), and the roles are that account's memberships. No account is ever
created or changed from a token, and the provider's groups or roles are never read. An answer that fails any check
— signature, issuer, audience, expiry, nonce, an unknown or ambiguous account, a lock-out — signs nobody in, writes
one audit event and leaves a one-line reason for the sign-in page.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from hemvag.core.actions import AUTH_REFUSED, do_record_refused_sign_in
from hemvag.core.models import User

log = logging.getLogger(__name__)

BACKEND = "hemvag.core.signin.CityAccountBackend"
REFUSAL_ATTRIBUTE = "hemvag_signin_refusal"  # on the request: the message the sign-in page shows
METHOD = "oidc"


class Refused(Exception):
    """The provider's answer is not accepted; `reason` (a code for the audit) and `message` (for the person).
    Not a SuspiciousOperation: mozilla-django-oidc would swallow that and leave no reason."""

    def __init__(self, reason: str, message: str, username: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.username = username


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


def unverified_message() -> str:
    return _("The sign-in with your city account could not be verified, so you are not signed in. Try again; "
             "if it happens again, tell your administrator.")


def unknown_account_message() -> str:
    return _("Your city account is not linked to any active Hemväg account, so you are not signed in. Ask your "
             "administrator to create your Hemväg account or check that it is active.")


class CityAccountBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's authorization-code backend, for existing Hemväg accounts only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.enabled = enabled()
        if self.enabled:
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback view's call (it passes the nonce) runs the code flow; a password form never does,
        # whatever its query string carries.
        if not self.enabled or request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except Refused as refusal:
            refuse(request, refusal)
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            refuse(request, Refused(f"token: {error}"[:200], unverified_message()))
        except (requests.RequestException, ValueError, KeyError) as error:
            log.warning("The OpenID Connect provider's answer could not be used: %s", type(error).__name__)
            refuse(request, Refused(f"provider: {type(error).__name__}", unverified_message()))
        return None

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The ID token's signature with the provider's key, and its issuer, audience (this client) and expiry —
        mozilla-django-oidc's own check leaves out the audience."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise Refused(f"algorithm {header.get('alg')!r}", unverified_message())
        try:
            return jwt.decode(
                payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER, leeway=30,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise Refused(f"token: {type(error).__name__}", unverified_message()) from None

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        """The one active account the provider's claim names; refused otherwise. Never creates, never updates."""
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise Refused("userinfo is for another subject", unverified_message())
        value = claims.get(settings.OIDC_CLAIM) or payload.get(settings.OIDC_CLAIM)
        if not isinstance(value, str) or not value.strip():
            raise Refused(f"no {settings.OIDC_CLAIM} claim", unknown_account_message())
        value = value.strip()
        users = list(self.filter_users_by_claims({settings.OIDC_CLAIM: value})[:2])
        if len(users) != 1:
            raise Refused("unknown account" if not users else "several accounts match",
                          unknown_account_message(), username=value)
        user = users[0]
        if AxesProxyHandler.is_locked(self.request, credentials={"username": user.get_username()}):
            raise Refused("locked out", _("The account is locked after too many failed sign-ins. Try again later."),
                          username=user.get_username())
        return user

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        value = claims.get(settings.OIDC_CLAIM, "")
        field = "email__iexact" if settings.OIDC_CLAIM == "email" else "username"
        return User.objects.filter(is_active=True, **{field: value}).order_by("pk")

    def create_user(self, claims: dict[str, Any]) -> User:
        raise Refused("unknown account", unknown_account_message())

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user  # nothing of the provider's is copied onto the account

    def get_user(self, user_id: Any) -> User | None:
        if not self.enabled:
            return None
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


def lockout_ignores(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """For the lock-out (AXES_WHITELIST_CALLABLE): the callback's own attempt, which names no user yet, is not
    counted by client address alone — a city's staff often share one address, and five strangers refused there
    must not lock all of them out. The account the provider names is checked against the lock-out itself
    (get_or_create_user), and every refusal is audited."""
    credentials = credentials or {}
    return "nonce" in credentials and "username" not in credentials


def refuse(request: HttpRequest, refusal: Refused) -> None:
    """Audit the refusal and leave its message for the sign-in page."""
    do_record_refused_sign_in(verb=AUTH_REFUSED, username=refusal.username, method=METHOD, reason=refusal.reason)
    setattr(request, REFUSAL_ATTRIBUTE, refusal.message)


def signed_in_with_city_account(request: HttpRequest) -> bool:
    from django.contrib.auth import BACKEND_SESSION_KEY

    return request.session.get(BACKEND_SESSION_KEY) == BACKEND
