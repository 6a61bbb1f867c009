"""The reports' writes: only audit events for exports (who exported which table) and the annual report runs."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hemvag.core import audit
from hemvag.core.models import Unit
from hemvag.core.permissions import as_user, authorize
from hemvag.reports.tables import TableRequest


def describe(request: TableRequest) -> dict[str, Any]:
    """The table, as the audit log keeps it: enough to compute it again."""
    return {
        "measures": list(request.measures), "by": list(request.by),
        "from": request.period_from.isoformat() if request.period_from else None,
        "to": request.period_to.isoformat() if request.period_to else None,
        "published": request.published, "threshold": request.threshold if request.published else None,
    }


@transaction.atomic
def do_record_statistics_export(*, actor: Any, request: TableRequest, file_format: str,
                                units: list[Unit]) -> None:
    """An exported table (download, API or command line): one audit event per export, per unit counted."""
    for unit in units or [None]:  # type: ignore[list-item]
        authorize(actor, "reports.export_statistics", unit)
    audit.record(actor=as_user(actor), verb="statistics.exported", object_type="statistics_table",
                 unit=units[0] if len(units) == 1 else None,
                 changes={"table": {"before": None, "after": describe(request)},
                          "format": {"before": None, "after": file_format},
                          "units": {"before": None, "after": [unit.code for unit in units]}})
