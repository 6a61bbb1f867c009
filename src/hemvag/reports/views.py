"""The statistics pages (thin: parse the filters, ask reports.queries, render)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from hemvag.core.permissions import requires


@requires("reports.view_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
