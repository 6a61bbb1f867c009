"""Every read of the outreach app, filtered to the units where the actor may see the outreach work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from hemvag.core.models import Unit, User
from hemvag.core.permissions import units_where
from hemvag.outreach.models import (
    Activity,
    Agreement,
    CalendarFeed,
    Consultation,
    CostType,
    FundingApplication,
    Organisation,
    Plan,
    PlanLine,
    Project,
)

VIEW = "outreach.view_outreach"


def units_for(actor: User, action: str = VIEW) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=units_where(actor, action)).select_related("municipality")


def _in_units(actor: User, model: Any) -> QuerySet[Any]:
    return model.objects.filter(unit__in=units_where(actor, VIEW))


def people_of(unit: Unit) -> QuerySet[User]:
    """Who can be responsible for an agreement: the unit's active members."""
    return User.objects.filter(memberships__unit=unit, is_active=True).distinct().order_by("first_name")


def organisations(actor: User) -> QuerySet[Organisation]:
    return _in_units(actor, Organisation).annotate(contact_count=Count("contacts"))


def organisation(actor: User, pk: int) -> Organisation:
    found = _in_units(actor, Organisation).filter(pk=pk).first()
    if found is None:
        raise Http404("No such organisation.")
    return found


def organisation_page(found: Organisation) -> dict[str, Any]:
    """What an organisation's page shows beside it: its contacts, latest activities and agreements."""
    return {"contacts": list(found.contacts.all()), "activities": list(found.activities.all()[:20]),
            "agreements": list(found.agreements.defer("document"))}


def contact(found: Organisation, contact_id: int) -> Any:
    match = found.contacts.filter(pk=contact_id).first()
    if match is None:
        raise Http404("No such contact.")
    return match


def calendar_of(actor: User, today: dt.date) -> tuple[list[Activity], list[Activity]]:
    """The units' coming activities (soonest first) and the latest ones held."""
    found = activities(actor)
    return (list(found.filter(held_on__gte=today).order_by("held_on")[:20]),
            list(found.filter(held_on__lt=today)[:30]))


def organisations_of(unit: Unit) -> QuerySet[Organisation]:
    return Organisation.objects.filter(unit=unit, is_active=True)


def agreements(actor: User) -> QuerySet[Agreement]:
    return _in_units(actor, Agreement).prefetch_related("parties").select_related("responsible").defer("document")


def agreement(actor: User, pk: int) -> Agreement:
    found = agreements(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("No such agreement.")
    return found


def agreement_document(found: Agreement) -> bytes | None:
    data = Agreement.objects.filter(pk=found.pk).values_list("document", flat=True).first()
    return bytes(data) if data is not None else None


def expiring_agreements(actor: User, today: dt.date) -> list[Agreement]:
    """Agreements within their reminder period before expiry: the responsible person's own, and a manager's
    whole unit."""
    managed = units_where(actor, "outreach.manage_agreements")
    mine = Q(responsible=actor, unit__in=units_where(actor, VIEW))
    found = (Agreement.objects.filter(mine | Q(unit__in=managed), valid_to__isnull=False, valid_to__gte=today)
             .prefetch_related("parties").defer("document").order_by("valid_to"))
    return [a for a in found if a.valid_to is not None and (a.valid_to - today).days <= a.remind_days]


def activities(actor: User) -> QuerySet[Activity]:
    return _in_units(actor, Activity).prefetch_related("organisations").select_related("plan_line")


def activity(actor: User, pk: int) -> Activity:
    found = activities(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("No such activity.")
    return found


def consultations(actor: User) -> QuerySet[Consultation]:
    return _in_units(actor, Consultation).select_related("plan_line")


def plans(actor: User) -> QuerySet[Plan]:
    return _in_units(actor, Plan).prefetch_related("lines")


def plan(actor: User, pk: int) -> Plan:
    found = plans(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("No such plan.")
    return found


def plan_lines(actor: User) -> QuerySet[PlanLine]:
    return PlanLine.objects.filter(plan__unit__in=units_where(actor, VIEW)).select_related("plan")


@dataclass
class LineFollowUp:
    line: PlanLine
    activities: list[Activity] = field(default_factory=list)
    participants: int = 0
    consultations: int = 0
    consultation_minutes: int = 0
    referrals: int = 0


def follow_up(found: Plan, year: int) -> list[LineFollowUp]:
    """Per line of the plan, what was done in the year: its activities (with participants) and consultations."""
    rows = []
    for line in found.lines.order_by("number"):
        done = list(line.activities.filter(held_on__year=year).order_by("held_on"))
        consults = line.consultations.filter(held_on__year=year).aggregate(
            n=Count("pk"), minutes=Sum("minutes"), referrals=Count("pk", filter=Q(led_to_referral=True)))
        rows.append(LineFollowUp(line, done, sum(a.participants or 0 for a in done), consults["n"] or 0,
                                 consults["minutes"] or 0, consults["referrals"] or 0))
    return rows


def calendar_feed(token_hash: str) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(token_hash=token_hash, revoked_at__isnull=True).select_related("unit").first()


def feeds_of(actor: User) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(created_by=actor, revoked_at__isnull=True)


def feed_of(actor: User, pk: int) -> CalendarFeed:
    found = feeds_of(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("No such feed.")
    return found


def calendar_activities(unit: Unit, since: dt.date) -> QuerySet[Activity]:
    """For the unit's calendar feed: the activities from `since` on (the feed itself carries no personal data)."""
    return Activity.objects.filter(unit=unit, held_on__gte=since).order_by("held_on")


# --- counts for the annual report and the fact blocks ---

def activity_counts(unit: Unit, year: int) -> QuerySet[Any]:
    return (Activity.objects.filter(unit=unit, held_on__year=year).values("kind")
            .annotate(n=Count("pk"), participants=Sum("participants")).order_by("kind"))


def meetings_in(unit: Unit, year: int) -> dict[str, int]:
    meetings = Activity.objects.filter(unit=unit, held_on__year=year, kind="information_meeting")
    return {"meetings": meetings.count(), "participants": meetings.aggregate(n=Sum("participants"))["n"] or 0,
            "associations": Organisation.objects.filter(activities__in=meetings, kind="association")
            .distinct().count()}


def meetings_by_community(unit: Unit, year: int) -> list[dict[str, Any]]:
    meetings = Activity.objects.filter(unit=unit, held_on__year=year, kind="information_meeting")
    rows = (Organisation.objects.filter(activities__in=meetings).values("communities")
            .annotate(n=Count("activities", distinct=True)).order_by("-n", "communities"))
    return [row for row in rows if row["communities"]]


def consultation_counts(unit: Unit, year: int) -> QuerySet[Any]:
    return (Consultation.objects.filter(unit=unit, held_on__year=year).values("colleague_kind")
            .annotate(n=Count("pk"), minutes=Sum("minutes"), referrals=Count("pk", filter=Q(led_to_referral=True)))
            .order_by("colleague_kind"))


def agreements_in_force(unit: Unit, year: int) -> QuerySet[Agreement]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (Agreement.objects.filter(unit=unit, valid_from__lte=end)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start)).prefetch_related("parties").defer("document"))


# --- projects and funding ---

def projects(actor: User) -> QuerySet[Project]:
    return _in_units(actor, Project).prefetch_related("partners", "lines")


def project(actor: User, pk: int) -> Project:
    found = projects(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("No such project.")
    return found


def project_page(found: Project) -> dict[str, Any]:
    return {"indicators": list(found.indicators.all()), "reports": list(found.reports.all()),
            "applications": list(found.applications.all())}


def applications(actor: User) -> QuerySet[FundingApplication]:
    return _in_units(actor, FundingApplication).select_related("project")


def application(actor: User, pk: int) -> FundingApplication:
    found = applications(actor).filter(pk=pk).first()
    if found is None:
        raise Http404("No such application.")
    return found


@dataclass
class BudgetYear:
    year: int
    budget: int
    spent: int

    @property
    def left(self) -> int:
        return self.budget - self.spent


def budget_vs_spend(found: Project) -> list[BudgetYear]:
    """Per year of the project: the budget and what was spent (every cost type together)."""
    budget = {row["year"]: row["total"] for row in found.budget.values("year").annotate(total=Sum("amount_sek"))}
    spent: dict[int, int] = {}
    for row in found.spend.values("spent_on__year").annotate(total=Sum("amount_sek")):
        spent[row["spent_on__year"]] = row["total"]
    years = range(found.starts_on.year, found.ends_on.year + 1)
    return [BudgetYear(year, budget.get(year, 0), spent.get(year, 0)) for year in years]


def budget_by_cost_type(found: Project) -> list[dict[str, Any]]:
    budget = {row["cost_type"]: row["total"] for row in found.budget.values("cost_type")
              .annotate(total=Sum("amount_sek"))}
    spent = {row["cost_type"]: row["total"] for row in found.spend.values("cost_type")
             .annotate(total=Sum("amount_sek"))}
    return [{"cost_type": kind, "label": label, "budget": budget.get(kind, 0), "spent": spent.get(kind, 0)}
            for kind, label in CostType.choices if kind in budget or kind in spent]


def projects_in(unit: Unit, year: int) -> QuerySet[Project]:
    return Project.objects.filter(unit=unit, starts_on__year__lte=year, ends_on__year__gte=year)


def history(object_type: str, obj: Any) -> list[Any]:
    """An object's audit events, oldest first: an agreement's history on its page."""
    from hemvag.core.models import AuditEvent

    return list(AuditEvent.objects.filter(object_type=object_type, object_id=str(obj.pk)).select_related("actor")
                .order_by("seq"))
