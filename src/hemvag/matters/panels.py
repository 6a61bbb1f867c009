"""The start page's panel of matters with a deadline: the official's own, and for a manager the unit's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from hemvag.core.permissions import has_permission
from hemvag.matters import queries


def deadlines_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    if not has_permission(request.user, queries.VIEW):
        return None
    today = timezone.localdate()
    matters = queries.deadlines(request.user, today)  # type: ignore[arg-type]
    if not matters:
        return None
    rows = [{"matter": m, "overdue": m.answer_by is not None and m.answer_by < today,
             "days": (m.answer_by - today).days if m.answer_by else None} for m in matters]
    return "matters/_deadlines_panel.html", {"rows": rows, "today": today}
