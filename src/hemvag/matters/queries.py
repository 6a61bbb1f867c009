"""Every read of the matters app, already filtered to what the actor may see: the matters of the units where
they hold `matters.view_matters`; a matter that has been sent is a public document and readable by anyone who
may read matters in any unit, a draft only inside its unit."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from hemvag.core.models import Unit, User
from hemvag.core.permissions import SYSTEM, units_where
from hemvag.matters.models import ConsultedBody, Matter, MatterDocument, StatementVersion, Status

VIEW = "matters.view_matters"
PUBLIC_STATUSES = (Status.SENT, Status.CLOSED)
SEARCHED = ("reference", "title", "sender", "sender_reference", "motion_number", "consulted_elsewhere",
            "decision_text", "versions__summary", "versions__views", "versions__matter_text",
            "bodies__name", "bodies__wording")


def matters_for(actor: User) -> QuerySet[Matter]:
    units = units_where(actor, VIEW)
    if not units:
        return Matter.objects.none()
    return (Matter.objects.filter(Q(unit__in=units) | Q(status__in=PUBLIC_STATUSES))
            .select_related("unit", "handler"))


def search(actor: User, text: str) -> QuerySet[Matter]:
    """Full-text search in Swedish on PostgreSQL (stemmed: "återvandringen" finds "återvandring"); on SQLite a
    search for every word anywhere in the same fields."""
    found = matters_for(actor)
    words = text.split()
    if not words:
        return found
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*SEARCHED, config="swedish")
        ids = (Matter.objects.annotate(search=vector)
               .filter(search=SearchQuery(text, config="swedish", search_type="websearch")).values("pk"))
        return found.filter(pk__in=ids)
    for word in words:
        condition = Q()
        for name in SEARCHED:
            condition |= Q(**{f"{name}__icontains": word})
        found = found.filter(pk__in=Matter.objects.filter(condition).values("pk"))
    return found


def matter_for(actor: User, matter_id: int) -> Matter:
    matter = matters_for(actor).filter(pk=matter_id).first()
    if matter is None:
        raise Http404("No such matter.")
    return matter


def matter_by_reference(reference: str) -> Matter | None:
    """For the command line (the system): our reference or the sender's diary number, as written."""
    text = reference.strip()
    return (Matter.objects.filter(reference__iexact=text).first()
            or Matter.objects.filter(sender_reference__iexact=text).order_by("-received_on").first()
            or Matter.objects.filter(sender_reference__iendswith=f" {text}").order_by("-received_on").first())


def units_for(actor: User, action: str) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=units_where(actor, action)).select_related("municipality")


def officials(units: Any) -> QuerySet[User]:
    """Who may be a matter's official: those who may draft statements in the unit (or units)."""
    from hemvag.core.permissions import grants

    roles = [role.value for role in grants().get("matters.draft_statement", frozenset())]
    units = [units] if isinstance(units, Unit) else units
    return (User.objects.filter(memberships__unit__in=units, memberships__role__in=roles, is_active=True)
            .distinct().order_by("first_name", "last_name"))


def versions(matter: Matter) -> QuerySet[StatementVersion]:
    return matter.versions.select_related("created_by").order_by("-number")


def version(matter: Matter, number: int) -> StatementVersion:
    found = matter.versions.filter(number=number).first()
    if found is None:
        raise Http404("No such version.")
    return found


def bodies(matter: Matter) -> QuerySet[ConsultedBody]:
    return matter.bodies.order_by("order", "pk")


def body(matter: Matter, body_id: int) -> ConsultedBody:
    found = matter.bodies.filter(pk=body_id).first()
    if found is None:
        raise Http404("No such body.")
    return found


def documents(matter: Matter) -> QuerySet[MatterDocument]:
    return matter.documents.defer("data").select_related("uploaded_by")


def document(matter: Matter, document_id: int) -> MatterDocument:
    found = matter.documents.filter(pk=document_id).first()
    if found is None:
        raise Http404("No such document.")
    return found


def timeline(matter: Matter) -> list[Any]:
    """The matter's history: its audit events, oldest first."""
    from hemvag.core.models import AuditEvent

    return list(AuditEvent.objects.filter(object_type="matter", object_id=str(matter.pk))
                .select_related("actor").order_by("seq"))


def deadlines(actor: User, today: dt.date) -> list[Matter]:
    """Open matters with a deadline: the official's own, and for a manager every open matter of the unit."""
    if actor is SYSTEM:
        return []
    managed = units_where(actor, "matters.approve_statement")
    mine = Q(handler=actor, unit__in=units_where(actor, VIEW))
    return list(Matter.objects.filter(mine | Q(unit__in=managed)).exclude(status=Status.CLOSED)
                .select_related("unit", "handler").order_by("answer_by", "received_on")[:20])


def compare_versions(older: StatementVersion, newer: StatementVersion) -> list[tuple[str, list[str]]]:
    """Per section, the lines that changed (a unified diff), for the versions page."""
    from hemvag.matters.actions import SECTIONS

    changes = []
    for name in ("proposal", *SECTIONS):
        before, after = getattr(older, name), getattr(newer, name)
        before_lines = before if isinstance(before, list) else before.splitlines()
        after_lines = after if isinstance(after, list) else after.splitlines()
        diff = list(difflib.unified_diff(before_lines, after_lines, lineterm="", n=1))[2:]
        if diff:
            changes.append((name, diff))
    return changes
