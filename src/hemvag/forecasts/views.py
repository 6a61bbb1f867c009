"""The forecast pages (thin: read through forecasts.queries, write through forecasts.actions, render).

A scenario is saved once and run in the background; its runs keep their results, so a page of results is
always the run's own numbers, whoever opens it later."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hemvag.core.permissions import has_permission, requires
from hemvag.forecasts import actions, charts, presentation, queries, scenarios
from hemvag.forecasts.forms import (
    SYNTHETIC,
    ScenarioForm,
    as_parameter_lines,
    initial_from,
    parameter_help,
    schedule_text,
)
from hemvag.forecasts.models import ForecastRun, RunStatus
from hemvag.rules.forecast import compare as compare_results
from hemvag.rules.programs import PROGRAMS
from hemvag.rules.scenario import ScenarioError

DOWNLOADS = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
POLL_SECONDS = 2


@requires(queries.VIEW)
def index(request: HttpRequest) -> HttpResponse:
    runs = queries.finished_runs_for(request.user)[:50]
    return render(request, "forecasts/index.html", {
        "scenarios": queries.scenarios_for(request.user)[:100], "runs": runs,
        "may_run": has_permission(request.user, queries.RUN)})


def _initial(request: HttpRequest, units: Any) -> dict[str, Any]:
    copy = request.GET.get("copy", "")
    if copy.isdigit():
        source = queries.scenario_for(request.user, int(copy))
        return initial_from(source.document, _("Copy of %(name)s") % {"name": source.name}, source.assumptions,
                            source.unit_id)
    year = timezone.localdate().year
    first = units.first()
    return {"unit": first.pk if first else None, "first_year": year, "last_year": year + 3,
            "instalments": schedule_text(timezone.localdate()), "program": "return_grant"}


def _form_page(request: HttpRequest, form: ScenarioForm, status: int = 200) -> HttpResponse:
    program = form.data.get("program") or form.initial.get("program")
    return render(request, "forecasts/new.html", {
        "form": form, "parameter_names": parameter_help(program if program in PROGRAMS else "return_grant")},
        status=status)


@requires(queries.RUN)
def new(request: HttpRequest) -> HttpResponse:
    units = queries.units_for(request.user)
    if request.method != "POST":
        return _form_page(request, ScenarioForm(units=units, initial=_initial(request, units)))
    form = ScenarioForm(request.POST, request.FILES, units=units)
    document = form.document() if form.is_valid() else None
    if document is None:
        return _form_page(request, form, status=400)
    upload = form.cleaned_data.get("population_file")
    population = ((upload.name, upload.read()) if form.cleaned_data["population_source"] != SYNTHETIC and upload
                  else None)
    based_on = request.POST.get("based_on", "")
    try:
        scenario = actions.do_create_scenario(
            actor=request.user, unit=form.cleaned_data["unit"], name=form.cleaned_data["name"],
            assumptions=form.cleaned_data["assumptions"], document=document, population=population,
            based_on=queries.scenario_for(request.user, int(based_on)) if based_on.isdigit() else None)
    except ScenarioError as error:
        form.add_problems(error.problems)
        return _form_page(request, form, status=400)
    run = actions.do_request_forecast_run(actor=request.user, scenario=scenario)
    messages.success(request, _("Scenario %(number)d is saved and is being computed.") % {"number": scenario.pk})
    return redirect("forecasts:run", run_id=run.pk)


@requires(queries.VIEW)
def scenario(request: HttpRequest, scenario_id: int) -> HttpResponse:
    found = queries.scenario_for(request.user, scenario_id)
    return render(request, "forecasts/scenario.html", {
        "scenario": found, "runs": queries.runs_of(found), "yaml": scenarios.as_yaml(found.document),
        "parameters": as_parameter_lines(found.document.get("parameters", {})),
        "may_run": has_permission(request.user, queries.RUN, found.unit)})


@requires(queries.VIEW)
def scenario_file(request: HttpRequest, scenario_id: int) -> HttpResponse:
    """The scenario as `hemvag forecast` reads it (with an uploaded population, the file it names is needed
    beside it)."""
    found = queries.scenario_for(request.user, scenario_id)
    response = HttpResponse(scenarios.as_yaml(found.document), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hemvag-scenario-{found.pk}.yaml"'
    return response


@require_POST
@requires(queries.RUN)
def run_again(request: HttpRequest, scenario_id: int) -> HttpResponse:
    found = queries.scenario_for(request.user, scenario_id)
    run = actions.do_request_forecast_run(actor=request.user, scenario=found)
    return redirect("forecasts:run", run_id=run.pk)


def _result_context(run: ForecastRun) -> dict[str, Any]:
    if run.status != RunStatus.DONE or run.result is None:
        return {}
    result = run.result
    return {"rows": presentation.rows(result), "figures": presentation.FIGURES,
            "cost_chart": charts.cost_chart(result, f"cost-{run.pk}"),
            "volume_chart": charts.volume_chart(result, f"volume-{run.pk}")}


@requires(queries.VIEW)
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run: htmx asks for the status part every two seconds until it is finished (without JavaScript the
    page refreshes itself); when it is done, its table, charts and the rules it used."""
    found = queries.run_for(request.user, run_id)
    context = {"run": found, "poll_seconds": POLL_SECONDS}
    if request.htmx and not found.finished:
        return render(request, "forecasts/_run_status.html", context)
    if request.htmx:  # finished while polling: the whole page, with the results
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context.update(_result_context(found))
    return render(request, "forecasts/run.html", context)


def _stamp(run: ForecastRun) -> str:
    return f"scenario-{run.scenario_id}-run-{run.pk}"


def _file(body: str | bytes, file_format: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=DOWNLOADS[file_format])
    response["Content-Disposition"] = f'attachment; filename="hemvag-forecast-{name}.{file_format}"'
    return response


def _done(run: ForecastRun) -> ForecastRun:
    if run.status != RunStatus.DONE or run.result is None:
        raise Http404("The forecast is not ready.")
    return run


@requires(queries.VIEW)
def run_download(request: HttpRequest, run_id: int, file_format: str) -> HttpResponse:
    found = _done(queries.run_for(request.user, run_id))
    if file_format not in DOWNLOADS:
        raise Http404("No such format.")
    actions.do_record_forecast_download(actor=request.user, runs=[found], file_format=file_format)
    if file_format == "csv":
        return _file(presentation.as_csv(presentation.lines(found)), "csv", _stamp(found))
    return _file(presentation.as_xlsx([(_("Forecast"), presentation.lines(found))]), "xlsx", _stamp(found))


def _pair(request: HttpRequest) -> tuple[ForecastRun, ForecastRun] | None:
    chosen = [request.GET.get("baseline", ""), request.GET.get("reform", "")]
    if not all(value.isdigit() for value in chosen):
        return None
    return (_done(queries.run_for(request.user, int(chosen[0]))),
            _done(queries.run_for(request.user, int(chosen[1]))))


@requires(queries.VIEW)
def compare(request: HttpRequest) -> HttpResponse:
    """Two finished runs side by side and the difference per year (reform minus baseline)."""
    pair = _pair(request)
    choices = queries.finished_runs_for(request.user)[:100]
    if pair is None:
        status = 400 if request.GET else 200
        return render(request, "forecasts/compare.html", {"choices": choices, "chosen": request.GET},
                      status=status)
    baseline, reform = pair
    comparison = compare_results(baseline.result, reform.result)
    return render(request, "forecasts/compare.html", {
        "choices": choices, "chosen": request.GET, "baseline": baseline, "reform": reform,
        "baseline_rows": presentation.rows(baseline.result), "reform_rows": presentation.rows(reform.result),
        "difference_rows": presentation.difference_rows(comparison), "figures": presentation.FIGURES})


@requires(queries.VIEW)
def compare_download(request: HttpRequest, file_format: str) -> HttpResponse:
    pair = _pair(request)
    if pair is None or file_format not in DOWNLOADS:
        raise Http404("Choose two finished runs.")
    baseline, reform = pair
    comparison = compare_results(baseline.result, reform.result)
    actions.do_record_forecast_download(actor=request.user, runs=[baseline, reform], file_format=file_format)
    name = f"compare-{baseline.pk}-{reform.pk}"
    if file_format == "csv":
        return _file(presentation.as_csv(presentation.comparison_lines(baseline, reform, comparison)), "csv", name)
    return _file(presentation.as_xlsx([
        (_("Difference"), presentation.comparison_lines(baseline, reform, comparison)),
        (_("Baseline"), presentation.lines(baseline)), (_("Reform"), presentation.lines(reform))]), "xlsx", name)
