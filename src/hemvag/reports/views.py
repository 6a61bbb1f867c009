"""The statistics and annual report pages (thin: parse the filters, ask reports.queries or call an action,
render). Published figures are the same
for everyone who may see them; internal ones only for the managers of the unit, and marked as such."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hemvag.core.permissions import has_permission, requires
from hemvag.reports import actions, formats, queries
from hemvag.reports.actions import do_record_statistics_export
from hemvag.reports.forms import FIELD_OF, INTERNAL, AnnualReportForm, StatisticsForm, initial_query
from hemvag.reports.measures import DIMENSIONS, INTERNAL_MARKING, MEASURES, SUPPRESSED_SIGN
from hemvag.reports.models import RunStatus
from hemvag.reports.tables import StatisticsError, Table, TableRequest, build_request

DOWNLOADS = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _form(request: HttpRequest) -> tuple[StatisticsForm, TableRequest | None, list[Any] | None]:
    published_units = queries.readable_units(request.user, internal=False)
    internal_units = queries.readable_units(request.user, internal=True)
    data = request.GET if request.GET else None
    form = StatisticsForm(data or initial_query(), units=published_units, internal_allowed=bool(internal_units))
    table_request = form.table_request()
    units = None
    if table_request is not None:
        internal = form.cleaned_data["figures"] == INTERNAL
        try:
            units = queries.chosen_units(request.user, form.cleaned_data["unit"], internal=internal)
        except PermissionDenied:
            message = (_("Internal figures are only for the unit's managers: choose a unit you manage, or "
                         "published figures.") if internal else _("Choose one of the units in the list."))
            form.add_error("unit", message)
            table_request = None
    return form, table_request, units


def _labels(table: Table) -> dict[str, dict[str, str]]:
    return formats.key_labels(table, get_language() or "sv")


def _rows(table: Table, labels: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Rows for the page: each key with its label, margins named "All"."""
    lines = []
    for key, cell in [*table.rows, (("*",) * len(table.by), table.total)]:
        names = [str(_("All")) if part == "*" else labels.get(dim, {}).get(part, part)
                 for dim, part in zip(table.by, key, strict=True)]
        lines.append({"names": names, "values": [cell.values[m.id] for m in table.measures],
                      "is_margin": "*" in key, "is_total": all(part == "*" for part in key)})
    return lines


def _chart(table: Table, labels: dict[str, dict[str, str]]) -> str | None:
    from hemvag.reports import charts  # matplotlib loads with the first chart drawn

    return charts.chart_svg(table, get_language() or "sv", labels)


def _table(request: HttpRequest, form: StatisticsForm, table_request: TableRequest,
           units: list[Any] | None) -> Table | None:
    """The table, or None with the problem beside its filter (a table too large to be read, say)."""
    try:
        return queries.statistics_table(request.user, table_request, units=units)
    except StatisticsError as error:
        for problem in error.problems:
            form.add_error(FIELD_OF[problem.field], problem.message)
        return None


@requires("reports.view_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
    form, table_request, units = _form(request)
    context: dict[str, Any] = {"form": form, "measures": MEASURES.values(), "dimensions": DIMENSIONS.values(),
                               "marking": INTERNAL_MARKING, "suppressed_sign": SUPPRESSED_SIGN,
                               "may_export": has_permission(request.user, "reports.export_statistics"),
                               "query": request.GET.urlencode()}
    table = _table(request, form, table_request, units) if table_request is not None else None
    if table_request is not None and table is not None:
        labels = _labels(table)
        context.update(table=table, rows=_rows(table, labels), chart=_chart(table, labels))
        if not table_request.published and has_permission(request.user, "reports.view_internal_statistics"):
            context["flow"] = queries.flow(request.user, table.period_from, table.period_to, units)
    status = 200 if form.is_valid() else 400
    return render(request, "reports/statistics.html", context, status=status)


@requires("reports.export_statistics")
def download(request: HttpRequest, file_format: str) -> HttpResponse:
    form, table_request, units = _form(request)
    table = _table(request, form, table_request, units) if table_request is not None else None
    if table_request is None or table is None or file_format not in DOWNLOADS:
        return render(request, "reports/statistics.html", {"form": form, "measures": MEASURES.values()}, status=400)
    do_record_statistics_export(actor=request.user, table=table, file_format=file_format)
    language = get_language() or "sv"
    body = formats.as_csv(table, language) if file_format == "csv" else formats.as_xlsx(table, language)
    response = HttpResponse(body, content_type=DOWNLOADS[file_format])
    kind = "published" if table_request.published else "internal"
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="hemvag-statistics-{kind}-{stamp}.{file_format}"'
    return response


@requires("reports.view_statistics")
def definitions(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/definitions.html", {
        "measures": MEASURES.values(), "dimensions": DIMENSIONS.values(), "suppressed_sign": SUPPRESSED_SIGN})


@requires("reports.view_statistics")
def municipality(request: HttpRequest) -> HttpResponse:
    """The committee's view: every unit of the municipality, published figures only."""
    units = queries.readable_units(request.user, internal=False)
    tables = []
    for by in (("year",), ("unit",)):
        table = queries.statistics_table(request.user, build_request(
            measures="inquiries,applications,decisions,granted,departures", by=by, published=True))
        labels = _labels(table)
        tables.append({"table": table, "rows": _rows(table, labels), "chart": _chart(table, labels)})
    return render(request, "reports/municipality.html", {
        "units": units, "tables": tables, "dimensions": DIMENSIONS.values(), "suppressed_sign": SUPPRESSED_SIGN})


POLL_SECONDS = 2


def _annual_form(request: HttpRequest, data: object) -> AnnualReportForm:
    units = queries.annual_units(request.user)
    initial = {"year": timezone.localdate().year, "language": request.LANGUAGE_CODE}
    return AnnualReportForm(data, units=units, initial=initial)  # type: ignore[arg-type]


@requires("reports.make_annual_report")
def annual(request: HttpRequest) -> HttpResponse:
    """Choose a unit and a year; with both chosen, the report is shown here and can be made as a PDF."""
    form = _annual_form(request, request.GET if "unit" in request.GET else None)
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
    form = _annual_form(request, request.POST)
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
