"""The statistics pages (thin: parse the filters, ask reports.queries, render). Published figures are the same
for everyone who may see them; internal ones only for the managers of the unit, and marked as such."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hemvag.core.permissions import has_permission, requires
from hemvag.reports import formats, queries
from hemvag.reports.actions import do_record_statistics_export
from hemvag.reports.forms import INTERNAL, StatisticsForm, initial_query
from hemvag.reports.measures import DIMENSIONS, INTERNAL_MARKING, MEASURES, SUPPRESSED_SIGN
from hemvag.reports.tables import Table, TableRequest, build_request

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
    names = {"unit": queries.unit_names(), "municipality": queries.municipality_names()}
    return formats.key_labels(table, get_language() or "sv", names)


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
    try:
        from hemvag.reports import charts
    except ImportError:  # charts arrive with the annual report
        return None
    return charts.chart_svg(table, get_language() or "sv", labels)


@requires("reports.view_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
    form, table_request, units = _form(request)
    context: dict[str, Any] = {"form": form, "measures": MEASURES.values(), "dimensions": DIMENSIONS.values(),
                               "marking": INTERNAL_MARKING, "suppressed_sign": SUPPRESSED_SIGN,
                               "may_export": has_permission(request.user, "reports.export_statistics"),
                               "query": request.GET.urlencode()}
    if table_request is not None:
        table = queries.statistics_table(request.user, table_request, units=units)
        labels = _labels(table)
        context.update(table=table, rows=_rows(table, labels), chart=_chart(table, labels))
        if not table_request.published and has_permission(request.user, "reports.view_internal_statistics"):
            context["flow"] = queries.flow(request.user, table.period_from, table.period_to, units)
    status = 200 if form.is_valid() else 400
    return render(request, "reports/statistics.html", context, status=status)


@requires("reports.export_statistics")
def download(request: HttpRequest, file_format: str) -> HttpResponse:
    form, table_request, units = _form(request)
    if table_request is None or file_format not in DOWNLOADS:
        return render(request, "reports/statistics.html", {"form": form, "measures": MEASURES.values()}, status=400)
    table = queries.statistics_table(request.user, table_request, units=units)
    counted = units if units is not None else queries.readable_units(request.user,
                                                                     internal=not table_request.published)
    do_record_statistics_export(actor=request.user, request=table_request, file_format=file_format, units=counted)
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
