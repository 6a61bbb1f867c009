"""Request and response rules that hold for every route, in one place."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext
from django.utils.translation.trans_real import get_language_from_path, parse_accept_lang_header

from hemvag.core.actions import AUTH_IDLE_TIMEOUT, do_record_auth_event
from hemvag.core.permissions import is_api, rule_of

# Seconds since the epoch; the idle timeout is counted on this clock (tests stop it and move it on).
clock: Callable[[], float] = time.time
LAST_ACTIVITY_KEY = "hemvag_last_activity"
# The last request's time is written at most this often (not a session write on every request); so a session
# may last up to this much longer than HEMVAG_SESSION_IDLE_MINUTES.
ACTIVITY_RESOLUTION_SECONDS = 60


def mark_active(request: HttpRequest) -> None:
    """A new sign-in starts the idle count afresh."""
    request.session[LAST_ACTIVITY_KEY] = int(clock())


class IdleTimeoutMiddleware:
    """A signed-in session without a request for HEMVAG_SESSION_IDLE_MINUTES is signed out (audited), and the sign-in
    page says why. Residents have no accounts: their pages are not touched. API tokens are not sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(clock())
            last = request.session.get(LAST_ACTIVITY_KEY)
            idle_seconds = settings.SESSION_IDLE_SECONDS
            if isinstance(last, int) and now - last > idle_seconds:
                do_record_auth_event(user=user, verb=AUTH_IDLE_TIMEOUT,
                                     changes={"idle_minutes": (now - last) // 60, "limit_minutes": idle_seconds // 60})
                logout(request)
                minutes = idle_seconds // 60
                messages.info(request, ngettext(
                    "You were signed out after %(minutes)d minute without activity. Sign in again to go on.",
                    "You were signed out after %(minutes)d minutes without activity. Sign in again to go on.",
                    minutes) % {"minutes": minutes})
            elif not isinstance(last, int) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)


def carries_personal_data(request: HttpRequest) -> bool:
    """Whether the response may hold personal data: anything a signed-in user (or an API token) is shown, every
    API answer, and every page behind a permission rule. Only public pages seen by nobody in particular are not."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    match = request.resolver_match
    if match is None:
        return False
    if is_api(match.namespaces):
        return True
    rule = rule_of(match.func)
    return rule is None or not rule.is_public


class NoStoreMiddleware:
    """`Cache-Control: no-store` (Django's never_cache) on every response that may carry personal data, so no
    browser cache, shared proxy or "back" button keeps a case page, an export or a document."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if carries_personal_data(request):
            add_never_cache_headers(response)
        return response


# Keep the resident languages on the resident site.
#
# LANGUAGES lists every resident language, so LocaleMiddleware would happily show a staff page in Arabic to a
# browser that asks for it — with the staff texts untranslated and the layout mirrored. Staff pages have no
# language prefix; for them StaffLanguageMiddleware (placed right after LocaleMiddleware) falls back to the
# visitor's best STAFF_LANGUAGES choice.


def staff_language(request: HttpRequest) -> str:
    """The language cookie or the browser's first accepted language that the staff interface speaks."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in settings.STAFF_LANGUAGES:
        return cookie
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in settings.STAFF_LANGUAGES:
            return base
    return settings.LANGUAGE_CODE


class StaffLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if get_language_from_path(request.path_info) is None and (
            translation.get_language() not in settings.STAFF_LANGUAGES
        ):
            language = staff_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
