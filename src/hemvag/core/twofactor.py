"""The second factor (django-otp, TOTP) of admins and auditors who sign in with a local password.

Their session reaches no staff page, no admin page and no API route until they have typed a code from their
authenticator app: first enrolling it (a QR code and the secret in text), then on every sign-in. The other roles
are not asked, and a sign-in with the city's account (signin.py) counts as the provider's own second factor.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hemvag.core.apierrors import error_body
from hemvag.core.models import Role
from hemvag.core.permissions import ViewMiddleware, is_api, roles_in, rule_of
from hemvag.core.signin import signed_in_with_city_account

ROLES_WITH_SECOND_FACTOR = frozenset({Role.ADMIN, Role.AUDITOR})
EXEMPT_ATTRIBUTE = "hemvag_before_second_factor"  # on the views an unverified session may reach (enrol, verify)
PENDING_KEY = "hemvag_second_factor_pending"  # the session's secret while enrolling


def before_second_factor(view: Any) -> Any:
    """Mark a view an admin or auditor reaches before their second factor (the enrolment and verify pages)."""
    setattr(view, EXEMPT_ATTRIBUTE, True)
    return view


def needs_second_factor(request: HttpRequest) -> bool:
    """True for a signed-in admin or auditor whose session came from a local password and is not verified yet."""
    user = request.user
    if not user.is_authenticated or signed_in_with_city_account(request):
        return False
    if getattr(user, "is_verified", lambda: False)():
        return False
    return bool(roles_in(user) & ROLES_WITH_SECOND_FACTOR)


def otpauth_uri(username: str, key_hex: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code (RFC 4648 base32 secret)."""
    issuer = settings.OTP_TOTP_ISSUER
    return (f"otpauth://totp/{quote(issuer)}:{quote(username)}?secret={base32_secret(key_hex)}"
            f"&issuer={quote(issuer)}&algorithm=SHA1&digits=6&period=30")


def base32_secret(key_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(uri: str) -> str:
    """The QR code as inline SVG (no script, no outside image: the content security policy allows it)."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", omitsize=False)


class SecondFactorMiddleware(ViewMiddleware):
    """Send an unverified admin or auditor to the verify page (or enrolment, before they have a device)."""

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Iterable[Any], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        rule = rule_of(view)
        if (rule is not None and rule.is_public) or getattr(view, EXEMPT_ATTRIBUTE, False):
            return None
        if not needs_second_factor(request):
            return None
        match = request.resolver_match
        if match is not None and is_api(match.namespaces):
            return JsonResponse(error_body(_("Confirm your sign-in with a code from your authenticator app first.")),
                                status=403)
        return redirect(f"{reverse('core:second_factor')}?next={quote(request.get_full_path())}")
