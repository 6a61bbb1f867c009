"""Request and response rules that hold for every route, in one place."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation.trans_real import get_language_from_path, parse_accept_lang_header

from hemvag.core.permissions import is_api, rule_of


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
