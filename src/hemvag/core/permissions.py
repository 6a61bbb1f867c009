"""The one permission layer. Every view and API route names the permission it needs; none means refused.

Permissions are named actions (`core.view_audit_log`) granted to roles; each app declares its own in its
plugin module and `grants()` joins them into one table, so the whole access model can be read — and tested as
a matrix — in one place. A permission is held *in a unit*: a role in one
unit gives nothing in another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from hemvag.core import plugins
from hemvag.core.models import Membership, Role, Unit, User


@cache
def grants() -> dict[str, frozenset[Role]]:
    """action -> the roles that hold it (in the unit where they have that role), as the installed apps declare
    them in their plugin modules (hemvag.core.plugins). Collected once; the whole access model in one table."""
    return {action: frozenset(Role(role) for role in roles) for action, roles in plugins.permissions().items()}


PUBLIC = "public"  # no login needed: the resident-facing site, login page, health check


# A page asks "may this user …" a dozen times or more (each section of a case page, the menu, the second factor):
# within one request the user's memberships are read once. Outside a request (commands, tests) every question
# reads the database; an action that changes memberships forgets what the request has read.
_request_memberships: ContextVar[dict[int, dict[int, frozenset[Role]]] | None] = ContextVar(
    "hemvag_request_memberships", default=None)


def _memberships(user: User) -> dict[int, frozenset[Role]]:
    """unit id -> the user's roles there, in the active units."""
    known = _request_memberships.get()
    if known is not None and user.pk in known:
        return known[user.pk]
    by_unit: dict[int, set[Role]] = {}
    for unit_id, role in Membership.objects.filter(user=user, unit__is_active=True).values_list("unit_id", "role"):
        by_unit.setdefault(unit_id, set()).add(Role(role))
    memberships = {unit_id: frozenset(roles) for unit_id, roles in by_unit.items()}
    if known is not None:
        known[user.pk] = memberships
    return memberships


def forget_memberships() -> None:
    """Called by the actions that change memberships, so the rest of the request sees the change."""
    known = _request_memberships.get()
    if known is not None:
        known.clear()


class MembershipsPerRequestMiddleware:
    """Reads each user's memberships once per request (see _memberships)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_memberships.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memberships.reset(token)


def roles_in(user: User, unit: Unit | int | None = None) -> set[Role]:
    """The user's roles, in one unit or (unit=None) in any of their units."""
    if not user.is_authenticated or not user.is_active:
        return set()
    memberships = _memberships(user)
    if unit is None:
        return set().union(*memberships.values())
    return set(memberships.get(unit.pk if isinstance(unit, Unit) else unit, frozenset()))


def has_permission(user: Any, action: str, unit: Unit | int | None = None) -> bool:
    """True if the user holds `action` in `unit` (or in at least one unit when unit is None).

    Unknown actions are refused: a typo denies, it never grants.
    """
    granted_to = grants().get(action)
    if not granted_to or user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(roles_in(user, unit) & granted_to)


def units_where(user: User, action: str) -> list[int]:
    """Ids of the units in which the user holds `action`: the filter every query starts from."""
    granted_to = grants().get(action, frozenset())
    if not user.is_authenticated or not user.is_active or not granted_to:
        return []
    return sorted(unit_id for unit_id, roles in _memberships(user).items() if roles & granted_to)


class SystemActor:
    """The operator at the server's command line (demo data, imports, token commands): not a signed-in user,
    and never reachable from a request. Audit events name it "system"."""

    pk = None
    is_authenticated = False

    def get_username(self) -> str:
        return "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def as_user(actor: Any) -> User | None:
    """The user to store as author or creator: None for the system or an anonymous resident."""
    return actor if isinstance(actor, User) else None

# The object kinds that lead to a unit, in the order they are tried: a case, a household, a person, a step …
_UNIT_PATH = ("case", "household", "person", "consent", "referral", "payment", "task")


def unit_of(target: Any) -> int | None:
    """The unit a write concerns, read from the object itself (a unit, or anything with `unit_id`, or anything
    inside a case or household). None only for objects that belong to no unit (a municipality, a user)."""
    if target is None or isinstance(target, int):
        return target
    if isinstance(target, Unit):
        return target.pk
    unit_id = getattr(target, "unit_id", None)
    if unit_id is not None:
        return int(unit_id)
    for name in _UNIT_PATH:
        parent = getattr(target, name, None)
        if parent is not None and parent is not target:
            return unit_of(parent)
    raise TypeError(f"{type(target).__name__} leads to no unit; pass the unit.")


def authorize(actor: Any, action: str, target: Any = None) -> None:
    """The first line of every action: refuse unless `actor` holds `action` in the unit of `target`.

    `SYSTEM` (the command line) may do anything; an anonymous actor (None) only what is `PUBLIC`. Actions call
    this before they validate or write anything, so no view, API route or later caller can forget it.
    """
    if actor is SYSTEM:
        return
    if action == PUBLIC:
        return
    if actor is None or not has_permission(actor, action, unit_of(target)):
        raise PermissionDenied(f"{action} is not granted here.")


@dataclass(frozen=True)
class Rule:
    """What a route needs: `PUBLIC`, or an action the user must hold in some unit."""

    action: str

    @property
    def is_public(self) -> bool:
        return self.action == PUBLIC

    def allows(self, user: Any) -> bool:
        return self.is_public or has_permission(user, self.action)


RULE_ATTRIBUTE = "hemvag_rule"
F = TypeVar("F", bound=Callable[..., Any])


def requires(action: str) -> Callable[[F], F]:
    """Mark a view (or API operation) with the permission it needs."""
    if action != PUBLIC and action not in grants():
        raise ValueError(f"Unknown permission {action!r}: declare it in the app's plugin module first.")

    def mark(view: F) -> F:
        setattr(view, RULE_ATTRIBUTE, Rule(action))
        return view

    return mark


public = requires(PUBLIC)


def rule_of(view: Any) -> Rule | None:
    # Class-based views keep the mark on the class; as_view() copies it onto view.view_class.
    return getattr(view, RULE_ATTRIBUTE, None) or getattr(getattr(view, "view_class", None), RULE_ATTRIBUTE, None)


def is_delegated(namespaces: Iterable[str]) -> bool:
    """Routes whose own framework enforces our rules: the admin site (HemvagAdminSite checks
    core.administer) and the ninja APIs (HemvagRouter refuses operations without a rule)."""
    return is_api(namespaces) or "admin" in namespaces


def is_api(namespaces: Iterable[str]) -> bool:
    """A route of one of the ninja APIs (their URL namespaces start with "api")."""
    return any(namespace.startswith("api") for namespace in namespaces)


class ViewMiddleware:
    """A middleware that acts only once the view is known (process_view): it passes every request on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class PermissionMiddleware(ViewMiddleware):
    """Deny by default: a view reached without a rule answers 403, whoever asks."""

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Iterable[Any], kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and is_delegated(match.namespaces):
            return None
        rule = rule_of(view)
        if rule is None:
            raise PermissionDenied("This page has no permission rule.")
        if rule.allows(request.user):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        raise PermissionDenied
