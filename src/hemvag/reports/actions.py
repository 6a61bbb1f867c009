"""The reports' writes: only audit events for exports (who exported which table) and the annual report runs."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from hemvag.core import audit
from hemvag.core.models import Unit
from hemvag.core.permissions import as_user, authorize
from hemvag.reports.models import ReportRun, RunStatus
from hemvag.reports.queries import MAKE_ANNUAL
from hemvag.reports.tables import Table


def describe(table: Table) -> dict[str, Any]:
    """The table, as the audit log keeps it: enough to compute it again."""
    request = table.request
    return {
        "measures": list(request.measures), "by": list(request.by),
        "from": table.period_from.isoformat(), "to": table.period_to.isoformat(),
        "published": request.published, "threshold": request.threshold if request.published else None,
    }


@transaction.atomic
def do_record_statistics_export(*, actor: Any, table: Table, file_format: str) -> None:
    """An exported table (download, API or command line): one audit event naming the table and its units.
    Reading was checked when the table was computed (reports.queries): a published table may count units the
    actor does not manage, so exporting needs the permission in one of the actor's own units."""
    authorize(actor, "reports.export_statistics")
    units = table.units
    audit.record(actor=as_user(actor), verb="statistics.exported", object_type="statistics_table",
                 unit=units[0] if len(units) == 1 else None,
                 changes={"table": {"before": None, "after": describe(table)},
                          "format": {"before": None, "after": file_format},
                          "units": {"before": None, "after": [unit.code for unit in units]}})


# --- the annual report, made in the background ---

def _run_changes(run: ReportRun, **after: Any) -> dict[str, Any]:
    return {"unit": {"before": None, "after": run.unit.code}, "year": {"before": None, "after": run.year},
            "language": {"before": None, "after": run.language},
            **{name: {"before": None, "after": value} for name, value in after.items()}}


@transaction.atomic
def do_request_annual_report(*, actor: Any, unit: Unit, year: int, language: str) -> ReportRun:
    """Ask for the unit's annual report: a run row and its task, queued in the same transaction (the task
    queue is a table in the same database), so neither exists without the other."""
    authorize(actor, MAKE_ANNUAL, unit)
    from hemvag.reports.tasks import build_annual_report  # the task module imports these actions

    run = ReportRun.objects.create(unit=unit, year=year, language=language, requested_by=as_user(actor))
    build_annual_report.enqueue(run.pk)
    audit.record(actor=as_user(actor), verb="annual_report.requested", object_type="report_run", object_id=run.pk,
                 unit=unit, changes=_run_changes(run))
    return run


@transaction.atomic
def do_start_report_run(*, actor: Any, run: ReportRun) -> ReportRun:
    authorize(actor, MAKE_ANNUAL, run)
    run.status, run.progress, run.message = RunStatus.RUNNING, 0, ""
    run.save(update_fields=["status", "progress", "message"])
    audit.record(actor=as_user(actor), verb="annual_report.started", object_type="report_run", object_id=run.pk,
                 unit=run.unit, changes=_run_changes(run))
    return run


def note_progress(run: ReportRun, progress: int, message: str) -> None:
    """How far the worker has come: bookkeeping for the progress bar, not a change of any record, so it is not
    audited (the start and the end are)."""
    run.progress, run.message = max(0, min(progress, 100)), message[:200]
    ReportRun.objects.filter(pk=run.pk).update(progress=run.progress, message=run.message)


@transaction.atomic
def do_finish_report_run(*, actor: Any, run: ReportRun, pdf: bytes) -> ReportRun:
    authorize(actor, MAKE_ANNUAL, run)
    run.status, run.progress, run.pdf, run.finished_at = RunStatus.DONE, 100, pdf, timezone.now()
    run.save(update_fields=["status", "progress", "pdf", "finished_at"])
    audit.record(actor=as_user(actor), verb="annual_report.made", object_type="report_run", object_id=run.pk,
                 unit=run.unit, changes=_run_changes(run, bytes=len(pdf)))
    return run


@transaction.atomic
def do_fail_report_run(*, actor: Any, run: ReportRun, message: str) -> ReportRun:
    authorize(actor, MAKE_ANNUAL, run)
    run.status, run.message, run.finished_at = RunStatus.FAILED, message[:200], timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    audit.record(actor=as_user(actor), verb="annual_report.failed", object_type="report_run", object_id=run.pk,
                 unit=run.unit, changes=_run_changes(run, message=run.message))
    return run


@transaction.atomic
def do_record_report_download(*, actor: Any, run: ReportRun) -> None:
    """A downloaded annual report leaves the system like an exported table: one audit event each time."""
    authorize(actor, MAKE_ANNUAL, run)
    audit.record(actor=as_user(actor), verb="annual_report.downloaded", object_type="report_run", object_id=run.pk,
                 unit=run.unit, changes=_run_changes(run))
