"""Every read the core views and API need, already limited to what the actor may see."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemvag.core.actions import REFUSED_SIGN_IN_VERBS
from hemvag.core.models import AccessLog, ApiToken, AuditEvent, Membership, Unit, UnitKind, User
from hemvag.core.permissions import units_where


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, unit__is_active=True).select_related("unit", "unit__municipality")


@dataclass(frozen=True)
class LogFilter:
    """The search an auditor makes; every field optional. Dates are inclusive, in local time."""

    user: str = ""
    verb: str = ""
    object_type: str = ""
    object_id: str = ""
    person_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _within_period(queryset: QuerySet, log_filter: LogFilter) -> QuerySet:
    if log_filter.date_from:
        queryset = queryset.filter(created_at__date__gte=log_filter.date_from)
    if log_filter.date_to:
        queryset = queryset.filter(created_at__date__lte=log_filter.date_to)
    return queryset


def audit_events(actor: User, log_filter: LogFilter) -> QuerySet[AuditEvent]:
    """Events of the units where the actor audits, unit-less events (sign-ins, accounts) of their people, and
    the attempts to sign in as an account that does not exist, which belong to no unit but are every auditor's
    concern (someone trying names at the sign-in page)."""
    unit_ids = units_where(actor, "core.view_audit_log")
    if not unit_ids:
        return AuditEvent.objects.none()
    members = Membership.objects.filter(unit_id__in=unit_ids)
    # Failed and refused sign-ins have no actor (nobody signed in); the account they were for is their object.
    their_accounts = members.values(as_text=Cast("user_id", CharField()))
    sign_in_attempts = Q(unit__isnull=True, actor__isnull=True, object_type="user")
    events = AuditEvent.objects.filter(
        Q(unit_id__in=unit_ids) | Q(unit__isnull=True, actor_id__in=members.values("user_id"))
        | sign_in_attempts & Q(object_id__in=their_accounts)
        | sign_in_attempts & Q(object_id="", verb__in=REFUSED_SIGN_IN_VERBS)
    )
    if log_filter.user:
        events = events.filter(actor_label__icontains=log_filter.user)
    if log_filter.verb:
        events = events.filter(verb__startswith=log_filter.verb)
    if log_filter.object_type:
        events = events.filter(object_type=log_filter.object_type)
    if log_filter.object_id:
        events = events.filter(object_id=log_filter.object_id)
    return _within_period(events, log_filter).select_related("unit").order_by("-seq")


def access_entries(actor: User, log_filter: LogFilter) -> QuerySet[AccessLog]:
    """Who looked at which record, in the units where the actor audits access."""
    unit_ids = units_where(actor, "core.view_access_log")
    entries = AccessLog.objects.filter(unit_id__in=unit_ids)
    if log_filter.user:
        entries = entries.filter(
            Q(actor__username__icontains=log_filter.user) | Q(actor__last_name__icontains=log_filter.user)
        )
    if log_filter.person_id:
        entries = entries.filter(person_id=log_filter.person_id)
    if log_filter.object_type:
        entries = entries.filter(object_type=log_filter.object_type)
    if log_filter.object_id:
        entries = entries.filter(object_id=log_filter.object_id)
    return _within_period(entries, log_filter).select_related("actor", "unit").order_by("-created_at", "-id")


def active_token(prefix: str) -> ApiToken | None:
    return (
        ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def units_for(actor: User, action: str) -> QuerySet[Unit]:
    """The units in which the actor holds `action`, e.g. where a counsellor may open a case."""
    return Unit.objects.filter(pk__in=units_where(actor, action)).select_related("municipality")


def units_taking_inquiries() -> QuerySet[Unit]:
    """The active voluntary-return units a resident or a colleague can send an inquiry to."""
    return Unit.objects.filter(is_active=True, kind=UnitKind.VOLUNTARY_RETURN).select_related("municipality")


# --- reads for pages, forms and commands ---


def access_entries_for_person(person_id: str) -> QuerySet[AccessLog]:
    """Every look at one person's records, oldest first: the register extract (`hemvag access-log`)."""
    return AccessLog.objects.filter(person_id=person_id).select_related("actor", "unit").order_by("created_at", "id")


def audit_event_count() -> int:
    return AuditEvent.objects.count()


def token_by_prefix(prefix: str) -> ApiToken | None:
    """The token with this prefix, revoked or not (`hemvag token revoke`)."""
    return ApiToken.objects.filter(prefix=prefix).select_related("user").order_by("-created_at").first()


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).order_by("pk").first()


class UnitNotFound(ValueError):
    """A `--unit` argument that names no unit, or several: the message says which and what to give instead."""


def unit_by_argument(text: str) -> Unit:
    """The unit a command-line argument names: its id (all digits), else its code, else its name (after NFC
    normalisation and trimming). One rule for every command that takes `--unit` (the statistics contract)."""
    wanted = unicodedata.normalize("NFC", text).strip()
    units = Unit.objects.select_related("municipality")
    if wanted.isdigit() and (unit := units.filter(pk=int(wanted)).first()):
        return unit
    if unit := units.filter(code=wanted).first():
        return unit
    named = [unit for unit in units.order_by("code") if unicodedata.normalize("NFC", unit.name).strip() == wanted]
    if len(named) == 1:
        return named[0]
    if named:
        codes = ", ".join(unit.code for unit in named)
        raise UnitNotFound(f"--unit: '{text}' names {len(named)} units ({codes}): give the code")
    raise UnitNotFound(f"--unit: '{text}' is no unit's id, code or name: give the unit's code, e.g. sth-fa")


def second_factor_device(user: User) -> TOTPDevice | None:
    """The user's enrolled authenticator app, if any (one per user: a new enrolment replaces the old)."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
