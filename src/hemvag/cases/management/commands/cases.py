"""`hemvag cases import FILE.csv --unit UNIT [--dry-run] [--format text|json]` (the statistics contract, §1) and
`hemvag cases generate N --unit UNIT` (a synthetic register, for scale tests and the demo history).

Exit 0 on success; 2 on invalid input, with one `place: problem` line per problem on standard error and nothing on
standard output; 1 only for failures that are not the input's fault (the `hemvag` script maps those).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from hemvag.cases import synthetic
from hemvag.cases.actions import ImportSummary, do_import_register
from hemvag.cases.register import read_register
from hemvag.core.models import Unit
from hemvag.core.permissions import SYSTEM
from hemvag.core.queries import UnitNotFound, unit_by_argument

PROGRESS_FROM_BYTES = 5 * 1024 * 1024  # a smaller file is read before a bar would be worth drawing
INVALID_INPUT = 2


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a query, not a deployment: start fast (`hemvag check` checks)
    help = "Import an earlier case register (CSV), or generate a synthetic one."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        importing = sub.add_parser("import", help="Import FILE.csv (one row per person) into UNIT, all or nothing.")
        importing.add_argument("file", metavar="FILE.csv")
        importing.add_argument("--unit", required=True, help="The unit's id, code or name.")
        importing.add_argument("--dry-run", action="store_true", help="Check everything and write nothing.")
        importing.add_argument("--format", choices=("text", "json"), default="text")
        generate = sub.add_parser("generate", help="Generate N synthetic cases and import them into UNIT.")
        generate.add_argument("count", type=int, metavar="N")
        generate.add_argument("--unit", required=True, help="The unit's id, code or name.")
        generate.add_argument("--seed", type=int, default=2026)
        generate.add_argument("--from-year", type=int, default=2013, help="The first year of the history.")
        generate.add_argument("--format", choices=("text", "json"), default="text")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        with translation.override("en"):  # the command line speaks the contract's English, whatever the locale
            self._run(subcommand, options)

    def _run(self, subcommand: str, options: dict[str, Any]) -> None:
        unit = self._unit(options["unit"])
        if subcommand == "import":
            summary = self._import(Path(options["file"]), unit, options["dry_run"])
        else:
            summary = self._generate(options["count"], unit, options["seed"], options["from_year"])
        self._report(summary, unit, options["format"])

    def _invalid(self, lines: list[str]) -> NoReturn:
        for line in lines:
            self.stderr.write(line)
        raise SystemExit(INVALID_INPUT)

    def _unit(self, text: str) -> Unit:
        try:
            return unit_by_argument(text)
        except UnitNotFound as error:
            self._invalid([str(error)])

    def _import(self, path: Path, unit: Unit, dry_run: bool) -> ImportSummary:
        try:
            stream = path.open("rb")
            size = os.fstat(stream.fileno()).st_size
        except OSError as error:
            problem = _("cannot be read")
            self._invalid([f"{path}: {problem}: {error.strerror or error}"])
        with stream, self._progress(_("Checking"), size if size >= PROGRESS_FROM_BYTES else 0) as advance:
            register = read_register(stream, advance)
        if not register.is_valid:
            self._invalid([str(problem) for problem in register.shown_problems])
        with self._progress(_("Importing"), len(register.cases) if size >= PROGRESS_FROM_BYTES else 0) as advance:
            return do_import_register(actor=SYSTEM, unit=unit, cases=register.cases, sha256=register.sha256,
                                      dry_run=dry_run, progress=advance)

    def _generate(self, count: int, unit: Unit, seed: int, from_year: int) -> ImportSummary:
        if count < 1:
            problem = _("give a number of cases above 0")
            self._invalid([f"N: {problem}"])
        cases = synthetic.scale_register(count, seed=seed, from_year=from_year)
        with self._progress(_("Generating and importing"), count if count >= 10_000 else 0) as advance:
            return do_import_register(actor=SYSTEM, unit=unit, cases=cases,
                                      sha256=synthetic.fingerprint(count, seed, from_year), progress=advance)

    @contextmanager
    def _progress(self, label: str, total: int) -> Iterator[Callable[[int], None] | None]:
        """A progress bar on standard error, only for a long job and only when someone watches a terminal."""
        if not total or not sys.stderr.isatty():
            yield None
            return
        columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(label, total=total)
            yield lambda done: progress.advance(task, done)

    def _report(self, summary: ImportSummary, unit: Unit, output: str) -> None:
        if output == "json":
            self.stdout.write(json.dumps(summary.as_json()))
            return
        values = {"cases": summary.cases_created, "cases_existing": summary.cases_existing,
                  "persons": summary.persons_created, "persons_existing": summary.persons_existing,
                  "unit": unit.code}
        if summary.dry_run:
            line = _("Dry run, nothing written: would import %(cases)d cases (%(cases_existing)d already there) "
                     "and %(persons)d new persons (%(persons_existing)d already there) into %(unit)s.")
        else:
            line = _("Imported %(cases)d cases (%(cases_existing)d already there) and %(persons)d new persons "
                     "(%(persons_existing)d already there) into %(unit)s.")
        self.stdout.write(line % values)
