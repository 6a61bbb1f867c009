"""`hemvag report annual --unit U --year Y --out FILE.pdf [--lang sv|en]`: the unit's annual activity report
as a PDF, made at once (not queued), as the installation (SYSTEM), with a progress bar on standard error."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from hemvag.core.permissions import SYSTEM
from hemvag.core.queries import UnitNotFound, unit_by_argument

LANGUAGES = ("sv", "en")


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a query, not a deployment: start fast (`hemvag check` checks)
    help = "Reports of a unit: `annual` makes its annual activity report as a PDF."

    def add_arguments(self, parser: Any) -> None:
        subcommands = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        annual = subcommands.add_parser("annual", help="The annual activity report of one unit as a PDF.")
        annual.add_argument("--unit", required=True, help="The unit: its id, code or name.")
        annual.add_argument("--year", required=True, type=int, help="The calendar year, e.g. 2026.")
        annual.add_argument("--out", required=True, help="The PDF file to write.")
        annual.add_argument("--lang", default="", help="sv or en (default: the installation's language).")

    def _fail(self, line: str) -> None:
        self.stderr.write(line)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        language = options["lang"] or settings.LANGUAGE_CODE
        if language not in LANGUAGES:
            self._fail(f"--lang: '{language}' is not offered; valid: {', '.join(LANGUAGES)}")
        try:
            unit = unit_by_argument(options["unit"])
        except UnitNotFound as error:
            self._fail(str(error))
        from hemvag.reports import annual, pdf  # matplotlib and WeasyPrint load only for this command

        started = time.monotonic()
        console = Console(file=sys.stderr)
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      TimeElapsedColumn(), console=console, transient=not console.is_terminal) as bar:
            steps = bar.add_task("…", total=None)

            def progress(done: int, total: int, title: str) -> None:
                bar.update(steps, completed=done, total=total + 1, description=title)

            report = annual.build_report(SYSTEM, unit, options["year"], language, progress=progress)
            bar.update(steps, description="PDF")
            data = pdf.report_pdf(report)
            bar.update(steps, advance=1)
        Path(options["out"]).write_bytes(data)
        seconds = time.monotonic() - started
        self.stderr.write(f"{options['out']}: {len(data):,} bytes, {len(report.sections)} sections, {seconds:.1f} s")
