"""`hemvag stats`: the statistics contract's command (docs/cli.md). Bad input is one `place: problem` line per
problem on standard error and exit 2; nothing goes to standard output then."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from rich.console import Console

from hemvag.core.permissions import SYSTEM
from hemvag.core.queries import UnitNotFound, unit_by_argument
from hemvag.reports import formats, queries
from hemvag.reports.actions import do_record_statistics_export
from hemvag.reports.tables import StatisticsError, audit, build_request

FORMATS = ("json", "csv", "xlsx", "text")


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a query, not a deployment: start fast (`hemvag check` checks)
    help = "Statistics from the case register: measures split by dimensions, internal or published."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--measures", required=True, help="Comma-separated measures, e.g. decisions,granted.")
        parser.add_argument("--by", default="", help="Comma-separated dimensions, e.g. year,destination_country.")
        parser.add_argument("--unit", default="", help="One unit: its id, code or name. Default: every unit.")
        parser.add_argument("--from", dest="period_from", default="", help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="period_to", default="", help="Last day, YYYY-MM-DD (default today).")
        parser.add_argument("--published", action="store_true", help="Apply disclosure control for publication.")
        parser.add_argument("--threshold", default=None, help="Smallest count shown when published (default 5).")
        parser.add_argument("--format", dest="file_format", default="", help="json, csv, xlsx or text.")
        parser.add_argument("--out", default="", help="Write to this file instead of standard output.")
        parser.add_argument("--lang", default="", help="sv or en: labels and definitions in this language.")
        parser.add_argument("--audit", action="store_true",
                            help="With --published: prove the table by the interval audit (linear programming).")

    def _fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        raise SystemExit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        file_format = options["file_format"] or ("text" if sys.stdout.isatty() and not options["out"] else "json")
        if file_format not in FORMATS:
            problems.append(f"--format: '{file_format}' is not a format; valid: {', '.join(FORMATS)}")
        if file_format == "xlsx" and not options["out"]:
            problems.append("--out: xlsx is a binary file: give --out FILE.xlsx")
        language = options["lang"] or settings.LANGUAGE_CODE
        if options["lang"] and options["lang"] not in ("sv", "en"):
            problems.append(f"--lang: '{options['lang']}' is not offered; valid: sv, en")
        try:
            with translation.override("en"):  # problem lines in the contract's words, whatever the locale
                request = build_request(measures=options["measures"], by=options["by"],
                                        period_from=options["period_from"], period_to=options["period_to"],
                                        published=options["published"], threshold=options["threshold"])
        except StatisticsError as error:
            problems.extend(f"--{p.field}: {p.message}" for p in error.problems)
        units = None
        if options["unit"]:
            try:
                units = [unit_by_argument(options["unit"])]
            except UnitNotFound as error:
                problems.append(str(error))
        if options["audit"] and not options["published"]:
            problems.append("--audit: only a published table is audited: add --published")
        if problems:
            self._fail(problems)
        try:
            with translation.override("en"):
                table = queries.statistics_table(SYSTEM, request, units=units)
        except StatisticsError as error:  # a table too large to be read
            self._fail([f"--{p.field}: {p.message}" for p in error.problems])
        if options["audit"]:
            self._audit(table)
        labels = formats.key_labels(table, language)
        do_record_statistics_export(actor=SYSTEM, table=table, file_format=file_format)
        self._write(table, file_format, language, labels if options["lang"] else None, labels, options["out"])

    def _audit(self, table: Any) -> None:
        failures = audit(table)
        for failure in failures:
            self.stderr.write(f"audit: {failure.measure} {failure.key} can be narrowed to "
                              f"{failure.min:g}…{failure.max:g}")
        if failures:
            raise SystemExit(1)
        hidden = sum(len(cell.flags) for _key, cell in [*table.rows, ((), table.total)])
        self.stderr.write(f"audit: passed; {hidden} suppressed values, each keeps at least "
                          f"{table.request.threshold} possible values")

    def _write(self, table: Any, file_format: str, language: str, json_labels: Any, labels: Any, out: str) -> None:
        if file_format == "xlsx":
            Path(out).write_bytes(formats.as_xlsx(table, language))
            return
        if file_format == "text":
            text = formats.as_text(table, language, labels)
            if out:
                with open(out, "w", encoding="utf-8") as stream:
                    Console(file=stream, width=160).print(text)
            else:
                Console(file=self.stdout, width=160).print(text)
            return
        text = (json.dumps(formats.as_json(table, language, json_labels), ensure_ascii=False, indent=2) + "\n"
                if file_format == "json" else formats.as_csv(table, language))
        if out:
            Path(out).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
