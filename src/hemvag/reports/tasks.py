"""Background work of the reports: the annual report's PDF, made by the task worker (`hemvag db_worker`, which
`hemvag serve` starts beside gunicorn)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from hemvag.core.permissions import SYSTEM
from hemvag.reports import actions, queries

# Where the progress bar stands: the sections take most of the time until the PDF is laid out.
SECTIONS_SHARE, PDF_START = 80, 85


@task()
def build_annual_report(run_id: int) -> int:
    """Make the run's report and keep its PDF; returns its size. The figures are counted as the person who
    asked for them (their rights now, not when they asked); the worker's own writes are the system's."""
    from hemvag.reports import annual, pdf  # WeasyPrint and matplotlib load in the worker only

    run = queries.report_run(run_id)
    actions.do_start_report_run(actor=SYSTEM, run=run)
    reader = run.requested_by or SYSTEM
    try:
        with translation.override(run.language):
            def progress(done: int, total: int, title: str) -> None:
                actions.note_progress(run, SECTIONS_SHARE * done // total, title)

            report = annual.build_report(reader, run.unit, run.year, run.language, progress=progress)
            actions.note_progress(run, PDF_START, _("Laying out the PDF"))
            data = pdf.report_pdf(report)
    except Exception as error:
        actions.do_fail_report_run(actor=SYSTEM, run=run, message=f"{type(error).__name__}: {error}")
        raise
    actions.do_finish_report_run(actor=SYSTEM, run=run, pdf=data)
    return len(data)
