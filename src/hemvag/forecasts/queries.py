"""Every read of the forecasts, already filtered to the units where the actor may see them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hemvag.core.models import Unit, User
from hemvag.core.permissions import SYSTEM, has_permission, units_where
from hemvag.forecasts.models import ForecastRun, RunStatus, Scenario

VIEW = "forecasts.view_forecasts"
RUN = "forecasts.run_forecasts"


def units_for(actor: User, action: str = RUN) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=units_where(actor, action)).select_related("municipality")


def scenarios_for(actor: User) -> QuerySet[Scenario]:
    return (Scenario.objects.filter(unit__in=units_where(actor, VIEW))
            .select_related("unit", "created_by").defer("population_csv"))


def scenario_for(actor: User, scenario_id: int) -> Scenario:
    scenario = scenarios_for(actor).filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404("No such scenario.")
    return scenario


def population_of(scenario: Scenario) -> bytes | None:
    """The uploaded population (for a run or a check), read only when needed: it can be megabytes."""
    data = Scenario.objects.filter(pk=scenario.pk).values_list("population_csv", flat=True).first()
    return bytes(data) if data is not None else None


def runs_for(actor: User) -> QuerySet[ForecastRun]:
    return (ForecastRun.objects.filter(scenario__unit__in=units_where(actor, VIEW))
            .select_related("scenario", "scenario__unit", "requested_by"))


def run_for(actor: User, run_id: int) -> ForecastRun:
    run = runs_for(actor).filter(pk=run_id).first()
    if run is None:
        raise Http404("No such forecast run.")
    return run


def finished_runs_for(actor: User) -> QuerySet[ForecastRun]:
    return runs_for(actor).filter(status=RunStatus.DONE)


def runs_of(scenario: Scenario) -> QuerySet[ForecastRun]:
    """The runs of a scenario the caller has already read through scenario_for."""
    return ForecastRun.objects.filter(scenario=scenario).select_related("requested_by")


def run(run_id: int) -> ForecastRun:
    """For the worker, which acts for the system."""
    return ForecastRun.objects.select_related("scenario", "scenario__unit", "requested_by").get(pk=run_id)


REPORT_RUNS = 5  # the annual report shows the latest run of at most this many scenarios


def report_runs(actor: object, unit: Unit, year: int) -> list[ForecastRun]:
    """For the annual report: the latest finished run, in the year, of each of the unit's scenarios."""
    if actor is not SYSTEM and not has_permission(actor, VIEW, unit):
        return []
    finished = (ForecastRun.objects.filter(scenario__unit=unit, status=RunStatus.DONE, finished_at__year=year)
                .select_related("scenario").order_by("-finished_at", "-pk"))
    latest: dict[int, ForecastRun] = {}
    for run in finished:
        latest.setdefault(run.scenario_id, run)
        if len(latest) == REPORT_RUNS:
            break
    return list(latest.values())


def unit_run(unit: Unit, run_id: int) -> ForecastRun | None:
    """A finished run of the unit's scenarios, for a fact quoted in the unit's own statement."""
    return (ForecastRun.objects.filter(pk=run_id, scenario__unit=unit, status=RunStatus.DONE)
            .select_related("scenario").first())
