"""The counsellor's blocks on the start page (UX.md): new inquiries, my open cases by stage, overdue tasks,
follow-ups due this month."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hemvag.cases import queries
from hemvag.core.permissions import has_permission


def counsellor_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    if not has_permission(request.user, "cases.work_case"):
        return None
    return "cases/_start_panel.html", {"panel": queries.start_page(request.user)}

