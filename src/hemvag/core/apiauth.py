"""The API's side of the permission layer: session or bearer token, then the route's rule; none means 403."""

from __future__ import annotations

import secrets
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.utils import check_csrf

from hemvag.core import queries
from hemvag.core.actions import token_digest
from hemvag.core.apilinks import add_links
from hemvag.core.permissions import Rule, rule_of

PERMISSION = "x-hemvag-permission"  # in each operation of the OpenAPI document: the permission it needs


class Anonymous:
    """The truthy 'authenticated as nobody' ninja needs for a public route."""

    def __bool__(self) -> bool:
        return True


def user_from_bearer(request: HttpRequest) -> Any | None:
    """The token's user, if the token is known, not revoked, and its user still active (see queries.active_token)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or token.count("_") < 2:
        return None
    prefix = token.split("_", 2)[1]
    api_token = queries.active_token(prefix)
    if api_token is None or not secrets.compare_digest(api_token.digest, token_digest(token.strip())):
        return None
    return api_token.user


class RuleAuth:
    """ninja auth callable for one route: authenticates, then checks the route's permission."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    def __call__(self, request: HttpRequest) -> Any:
        if self.rule.is_public:
            return Anonymous()
        if "Authorization" in request.headers:
            user = user_from_bearer(request)
            if user is None:
                raise AuthenticationError(message=_("The token is unknown or revoked."))
            # A token is no way around the lock-out: while the user is locked out from this address
            # (as the sign-in page counts it), their tokens are refused too.
            if AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()}):
                raise HttpError(403, _("The account is locked after too many failed sign-ins. Try again later."))
            request.user = user
        else:
            user = request.user
            if not user.is_authenticated:
                return None
            # A session cookie alone must not be enough for a cross-site request.
            csrf_error = check_csrf(request)
            if csrf_error:
                raise HttpError(403, _("CSRF check failed: send the X-CSRFToken header."))
        if not self.rule.allows(user):
            raise HttpError(403, _("You do not have permission for this."))
        return user


class DenyAll:
    """What a route gets when it names no rule: refused, whoever asks."""

    def __call__(self, request: HttpRequest) -> Any:
        raise HttpError(403, _("This route has no permission rule."))


class HemvagRouter(Router):
    """A ninja Router whose every operation goes through the permission layer (deny by default)."""

    def add_api_operation(self, path: str, methods: list[str], view_func: Any, **kwargs: Any) -> None:
        rule = rule_of(view_func)
        kwargs["auth"] = [RuleAuth(rule)] if rule is not None else [DenyAll()]
        # The rule is part of the published document, so a client (and the API's fuzz test) can see who may call.
        kwargs["openapi_extra"] = {**(kwargs.get("openapi_extra") or {}),
                                   PERMISSION: rule.action if rule is not None else None}
        super().add_api_operation(path, methods, view_func, **kwargs)


class HemvagAPI(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(default_router=HemvagRouter(), **kwargs)

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> Any:
        """ninja's document, with the links from each create operation to the operations on what it created."""
        return add_links(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))

    def add_router(self, prefix: str, router: Router | str, **kwargs: Any) -> None:
        if isinstance(router, Router) and not isinstance(router, HemvagRouter):
            raise TypeError("Mount only HemvagRouter instances: plain routers bypass the permission layer.")
        super().add_router(prefix, router, **kwargs)
