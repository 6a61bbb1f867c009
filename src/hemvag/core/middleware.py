"""Request and response rules that hold for every route, in one place."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

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
