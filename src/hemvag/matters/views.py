"""The matters pages (thin: read through matters.queries, write through matters.actions, render)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hemvag.core.permissions import requires
from hemvag.matters import queries


@requires(queries.VIEW)
def index(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:200]
    return render(request, "matters/index.html", {"matters": queries.search(request.user, text)[:200], "q": text})


@requires(queries.VIEW)
def matter(request: HttpRequest, matter_id: int) -> HttpResponse:
    found = queries.matter_for(request.user, matter_id)
    return render(request, "matters/matter.html", {"matter": found})
