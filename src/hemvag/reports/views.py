"""The statistics and annual report pages (thin: parse, ask reports.queries or call an action, render)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hemvag.core.permissions import requires
from hemvag.reports import actions, queries
from hemvag.reports.forms import AnnualReportForm
from hemvag.reports.models import RunStatus

POLL_SECONDS = 2


@requires("reports.view_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def _form(request: HttpRequest, data: object) -> AnnualReportForm:
    units = queries.annual_units(request.user)
    initial = {"year": timezone.localdate().year, "language": request.LANGUAGE_CODE}
    return AnnualReportForm(data, units=units, initial=initial)  # type: ignore[arg-type]


@requires("reports.make_annual_report")
def annual(request: HttpRequest) -> HttpResponse:
    """Choose a unit and a year; with both chosen, the report is shown here and can be made as a PDF."""
    form = _form(request, request.GET if "unit" in request.GET else None)
    report = None
    if form.is_bound and form.is_valid():
        from hemvag.reports.annual import build_report  # matplotlib loads with the first report shown

        unit = queries.annual_unit(request.user, form.cleaned_data["unit"])
        report = build_report(request.user, unit, form.cleaned_data["year"], form.cleaned_data["language"])
    return render(request, "reports/annual/page.html", {
        "form": form, "report": report, "runs": queries.recent_report_runs(request.user)})


@require_POST
@requires("reports.make_annual_report")
def annual_request(request: HttpRequest) -> HttpResponse:
    form = _form(request, request.POST)
    if not form.is_valid():
        return render(request, "reports/annual/page.html", {
            "form": form, "report": None, "runs": queries.recent_report_runs(request.user)}, status=400)
    unit = queries.annual_unit(request.user, form.cleaned_data["unit"])
    run = actions.do_request_annual_report(actor=request.user, unit=unit, year=form.cleaned_data["year"],
                                           language=form.cleaned_data["language"])
    return redirect("reports:annual_run", run_id=run.pk)


@requires("reports.make_annual_report")
def annual_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """The run's state: htmx asks for the status part every two seconds until it is finished; without
    JavaScript the page refreshes itself (and has a link to do so)."""
    run = queries.report_run_for(request.user, run_id)
    template = "reports/annual/_run_status.html" if request.htmx else "reports/annual/run.html"
    return render(request, template, {"run": run, "poll_seconds": POLL_SECONDS})


@requires("reports.make_annual_report")
def annual_download(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.report_run_for(request.user, run_id)
    if run.status != RunStatus.DONE or run.pdf is None:
        raise Http404("The report is not ready.")
    actions.do_record_report_download(actor=request.user, run=run)
    response = HttpResponse(bytes(run.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{run.unit.code}-{run.year}-{run.language}.pdf"'
    return response
