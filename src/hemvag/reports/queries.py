"""Every read the reports need, limited to what the actor may count. Case data arrives only through
cases.queries; published tables are computed the same way for everyone who may see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from hemvag.cases.queries import case_flow_dates, cases_for_statistics, longest_waiting, open_cases_by_stage
from hemvag.core.models import Unit, User
from hemvag.core.permissions import SYSTEM, has_permission, units_where
from hemvag.reports.funnel import FunnelStep, funnel
from hemvag.reports.models import ReportRun
from hemvag.reports.tables import Table, TableRequest, compute_table

VIEW_PUBLISHED = "reports.view_statistics"
VIEW_INTERNAL = "reports.view_internal_statistics"


def readable_units(actor: object, *, internal: bool) -> list[Unit]:
    """The units whose figures the actor may count. Published figures: every unit of the municipalities where
    the actor reads statistics (the committee's view). Internal figures: only the units the actor manages.
    The command line (SYSTEM) is the installation's statistics reader and may count every unit."""
    units = Unit.objects.select_related("municipality").order_by("municipality__name", "name")
    if actor is SYSTEM:
        return list(units)
    assert isinstance(actor, User)
    if internal:
        return list(units.filter(pk__in=units_where(actor, VIEW_INTERNAL)))
    municipalities = Unit.objects.filter(pk__in=units_where(actor, VIEW_PUBLISHED)).values("municipality_id")
    return list(units.filter(municipality_id__in=municipalities))


def _counted_units(actor: object, units: list[Unit] | None, *, internal: bool) -> list[Unit]:
    """`units` if the actor may count each of them, else PermissionDenied; None means all they may count."""
    allowed = readable_units(actor, internal=internal)
    if units is None:
        return allowed
    if not {unit.pk for unit in units} <= {unit.pk for unit in allowed}:
        raise PermissionDenied("These figures are not yours to read.")
    return units


def statistics_table(actor: object, request: TableRequest, *, units: list[Unit] | None = None,
                     today: dt.date | None = None) -> Table:
    """One table for the actor: over `units` (each one the actor may count) or over all they may count. The
    table keeps the units it counted, for its labels and the audit of an export."""
    counted = _counted_units(actor, units, internal=not request.published)
    table = compute_table(cases_for_statistics([unit.pk for unit in counted]), request, today=today)
    table.units = counted
    return table



def chosen_units(actor: object, unit_id: str, *, internal: bool) -> list[Unit] | None:
    """The one unit picked in a filter (None: all the actor may count); PermissionDenied if not theirs."""
    if not unit_id:
        return None
    for unit in readable_units(actor, internal=internal):
        if str(unit.pk) == unit_id:
            return [unit]
    raise PermissionDenied("These figures are not yours to read.")


def flow(actor: object, start: dt.date, end: dt.date, units: list[Unit] | None = None) -> list[FunnelStep]:
    """The flow of cases opened in the period, in the units the actor manages (internal figures)."""
    counted = _counted_units(actor, units, internal=True)
    return funnel(case_flow_dates([unit.pk for unit in counted], start, end))


@dataclass(frozen=True)
class Dashboard:
    year: int
    units: list[Unit]
    this_year: Table
    last_year: Table
    open_by_stage: list[tuple[str, int]]
    waiting: list[Any]


DASHBOARD_MEASURES = ("inquiries", "applications", "decisions", "granted", "departures")


def dashboard(actor: object, today: dt.date | None = None) -> Dashboard | None:
    """The manager's start page: this year so far against the same days last year, open cases by stage and the
    cases waiting longest, for the units they manage (internal figures: they are the unit's managers)."""
    units = readable_units(actor, internal=True)
    if not units:
        return None
    today = today or timezone.localdate()
    ids = [unit.pk for unit in units]
    cases = cases_for_statistics(ids)

    def year_to_date(year: int) -> Table:
        last_day = _same_day_in(year, today)
        return compute_table(cases, TableRequest(measures=DASHBOARD_MEASURES, period_from=dt.date(year, 1, 1),
                                                 period_to=last_day), today=today)

    return Dashboard(year=today.year, units=units, this_year=year_to_date(today.year),
                     last_year=year_to_date(today.year - 1), open_by_stage=open_cases_by_stage(ids),
                     waiting=list(longest_waiting(ids)))


def _same_day_in(year: int, day: dt.date) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return dt.date(year, 2, 28)


MAKE_ANNUAL = "reports.make_annual_report"


def annual_units(actor: User) -> list[Unit]:
    """The units whose annual report the actor may make (their managers)."""
    return list(Unit.objects.filter(pk__in=units_where(actor, MAKE_ANNUAL)).select_related("municipality")
                .order_by("name"))


def annual_unit(actor: User, unit_id: int) -> Unit:
    for unit in annual_units(actor):
        if unit.pk == unit_id:
            return unit
    raise PermissionDenied("This unit's report is not yours to make.")


def report_run(run_id: int) -> ReportRun:
    """A run as the worker reads it (the worker acts for the installation)."""
    return ReportRun.objects.select_related("unit__municipality", "requested_by").get(pk=run_id)


def report_run_for(actor: User, run_id: int) -> ReportRun:
    """A run, for a manager of its unit only: anyone else is refused, whoever asked for it."""
    run = ReportRun.objects.select_related("unit__municipality").filter(pk=run_id).first()
    if run is None:
        raise Http404("No such report.")
    if not has_permission(actor, MAKE_ANNUAL, run.unit_id):
        raise PermissionDenied("This report is not yours to read.")
    return run


def recent_report_runs(actor: User, limit: int = 10) -> list[ReportRun]:
    return list(ReportRun.objects.filter(unit_id__in=units_where(actor, MAKE_ANNUAL)).defer("pdf")
                .select_related("unit")[:limit])
