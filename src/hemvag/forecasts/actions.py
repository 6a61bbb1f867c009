"""The forecasts' writes: saving a scenario, asking for a run, the worker's start, progress and end, and the
audit event of each download."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from hemvag.core import audit
from hemvag.core.models import Unit
from hemvag.core.permissions import as_user, authorize
from hemvag.forecasts import scenarios
from hemvag.forecasts.models import ForecastRun, RunStatus, Scenario
from hemvag.forecasts.queries import RUN, VIEW


def _after(**values: Any) -> dict[str, Any]:
    return {name: {"before": None, "after": value} for name, value in values.items()}


@transaction.atomic
def do_create_scenario(*, actor: Any, unit: Unit, name: str, assumptions: str, document: dict[str, Any],
                       population: tuple[str, bytes] | None = None, based_on: Scenario | None = None) -> Scenario:
    """Save a scenario after the rules engine has read it and its population exactly as a run will (the
    rules' ScenarioError, with `path: problem` lines, when it cannot). `population` is an uploaded file's
    name and contents; without it the document must name the synthetic generator."""
    authorize(actor, RUN, unit)
    document = {**document, "name": name}
    data = None
    if population is not None:
        document["population"] = scenarios.population_file_name(population[0])
        data = population[1]
    households, persons = scenarios.check(document, data)
    scenario = Scenario.objects.create(
        unit=unit, name=name, assumptions=assumptions, document=document,
        population_name=population[0][:200] if population else "", population_csv=data,
        population_sha256=hashlib.sha256(data).hexdigest() if data is not None else "",
        based_on=based_on, created_by=as_user(actor))
    audit.record(actor=as_user(actor), verb="forecast_scenario.created", object_type="forecast_scenario",
                 object_id=scenario.pk, unit=unit,
                 changes=_after(name=name, document=document, population_sha256=scenario.population_sha256 or None,
                                households=households, persons=persons,
                                based_on=based_on.pk if based_on else None))
    return scenario


@transaction.atomic
def do_request_forecast_run(*, actor: Any, scenario: Scenario) -> ForecastRun:
    """A run row and its task, queued in the same transaction (the queue is a table in the same database)."""
    authorize(actor, RUN, scenario.unit)
    from hemvag.forecasts.tasks import run_forecast  # the task module imports these actions

    run = ForecastRun.objects.create(scenario=scenario, requested_by=as_user(actor))
    run_forecast.enqueue(run.pk)
    audit.record(actor=as_user(actor), verb="forecast.requested", object_type="forecast_run", object_id=run.pk,
                 unit=scenario.unit, changes=_after(scenario=scenario.pk))
    return run


@transaction.atomic
def do_start_forecast_run(*, actor: Any, run: ForecastRun) -> ForecastRun:
    authorize(actor, RUN, run.scenario.unit)
    run.status, run.progress, run.message = RunStatus.RUNNING, 0, ""
    run.save(update_fields=["status", "progress", "message"])
    audit.record(actor=as_user(actor), verb="forecast.started", object_type="forecast_run", object_id=run.pk,
                 unit=run.scenario.unit, changes=_after(scenario=run.scenario_id))
    return run


def note_progress(run: ForecastRun, progress: int, message: str) -> None:
    """How far the worker has come: bookkeeping for the progress bar, not a change of any record, so it is not
    audited (the start and the end are)."""
    run.progress, run.message = max(0, min(progress, 100)), message[:200]
    ForecastRun.objects.filter(pk=run.pk).update(progress=run.progress, message=run.message)


@transaction.atomic
def do_finish_forecast_run(*, actor: Any, run: ForecastRun, result: dict[str, Any],
                           rules: list[dict[str, Any]]) -> ForecastRun:
    authorize(actor, RUN, run.scenario.unit)
    run.status, run.progress, run.message = RunStatus.DONE, 100, ""
    run.result, run.rules, run.finished_at = result, rules, timezone.now()
    run.save(update_fields=["status", "progress", "message", "result", "rules", "finished_at"])
    regimes = sorted({year["regime"] for year in result["years"] if year["regime"]})
    audit.record(actor=as_user(actor), verb="forecast.finished", object_type="forecast_run", object_id=run.pk,
                 unit=run.scenario.unit, changes=_after(scenario=run.scenario_id, regimes=regimes,
                                                        seconds=result["seconds"]))
    return run


@transaction.atomic
def do_fail_forecast_run(*, actor: Any, run: ForecastRun, message: str) -> ForecastRun:
    authorize(actor, RUN, run.scenario.unit)
    run.status, run.message, run.finished_at = RunStatus.FAILED, message[:200], timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    audit.record(actor=as_user(actor), verb="forecast.failed", object_type="forecast_run", object_id=run.pk,
                 unit=run.scenario.unit, changes=_after(scenario=run.scenario_id, message=run.message))
    return run


@transaction.atomic
def do_record_forecast_download(*, actor: Any, runs: list[ForecastRun], file_format: str) -> None:
    """A downloaded forecast (one run, or two compared): who took which figures out of Hemväg."""
    for run in runs:
        authorize(actor, VIEW, run.scenario.unit)
    audit.record(actor=as_user(actor), verb="forecast.downloaded", object_type="forecast_run",
                 object_id=",".join(str(run.pk) for run in runs), unit=runs[0].scenario.unit,
                 changes=_after(format=file_format, runs=[run.pk for run in runs]))
