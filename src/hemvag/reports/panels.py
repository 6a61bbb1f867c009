"""The manager's start-page panel: this year against last year, open cases by stage, the cases waiting longest
(the units they manage; exact, internal figures)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hemvag.cases.models import Stage
from hemvag.reports import queries
from hemvag.reports.measures import INTERNAL_MARKING


def manager_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    board = queries.dashboard(request.user)
    if board is None:
        return None
    comparison = [
        {"measure": measure, "now": board.this_year.total.values[measure.id],
         "before": board.last_year.total.values[measure.id]}
        for measure in board.this_year.measures
    ]
    stages = [(Stage(stage).label, count) for stage, count in board.open_by_stage]
    return "reports/_start_panel.html", {"board": board, "comparison": comparison, "stages": stages,
                                         "marking": INTERNAL_MARKING}
