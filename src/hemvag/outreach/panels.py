"""The start page's reminder of agreements that expire soon: the responsible person's own, a manager's unit's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from hemvag.core.permissions import has_permission
from hemvag.outreach import queries


def agreements_panel(request: HttpRequest) -> tuple[str, dict[str, Any]] | None:
    if not has_permission(request.user, queries.VIEW):
        return None
    today = timezone.localdate()
    expiring = queries.expiring_agreements(request.user, today)  # type: ignore[arg-type]
    if not expiring:
        return None
    rows = [{"agreement": a, "days": (a.valid_to - today).days} for a in expiring if a.valid_to]
    return "outreach/_agreements_panel.html", {"rows": rows}
