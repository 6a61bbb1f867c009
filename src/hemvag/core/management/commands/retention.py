"""`hemvag retention rules` shows the retention rules; `hemvag retention run --dry-run` lists what they would
remove today (or on --on DAY), and `hemvag retention run` removes it, one record at a time, each in its own
transaction with its own audit event. Records under a legal hold are listed as kept. Runs as the installation
(SYSTEM); schedule it nightly, like the backup (docs/operations.md).

Exit 0 on success; 2 with one line on standard error, and nothing removed, when the rules are unusable (a rule
without a legal basis, a kind without a rule …) or an argument is wrong.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, NoReturn

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from hemvag.core import plugins, retention
from hemvag.core.actions import do_dispose_record
from hemvag.core.permissions import SYSTEM

INVALID_INPUT = 2


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Retention (gallring): `rules` shows the rules; `run [--dry-run]` lists or removes what is due."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        sub.add_parser("rules", help="Each kind of record, how long it is kept, from when, and the legal basis.")
        run = sub.add_parser("run", help="Remove the personal data whose retention period has passed.")
        run.add_argument("--dry-run", action="store_true", help="Only list what would be removed.")
        run.add_argument("--on", default="", metavar="YYYY-MM-DD",
                         help="Count the periods as on this day (default today); not later than today.")
        run.add_argument("--kind", default="", help="Only this kind (see `hemvag retention rules`).")
        run.add_argument("--format", dest="output", choices=("table", "json"), default="table")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        with translation.override("en"):
            try:
                rules = retention.load_rules()
            except retention.RetentionRulesError as error:
                self._invalid(f"{retention.rules_path()}: {error.problems[0]}"
                              + (f" (and {len(error.problems) - 1} more)" if len(error.problems) > 1 else ""))
            if subcommand == "rules":
                self._show_rules(rules)
            else:
                self._run(rules, options)

    def _invalid(self, line: str) -> NoReturn:
        self.stderr.write(line)
        raise SystemExit(INVALID_INPUT)

    def _show_rules(self, rules: dict[str, retention.Rule]) -> None:
        table = Table(title=f"Retention rules ({retention.rules_path()})")
        for column in ("kind", "what", "kept for", "counted from", "legal basis"):
            table.add_column(column)
        for kind in plugins.retention_kinds():
            rule = rules[kind.key]
            table.add_row(kind.key, str(kind.title), str(rule.keep), str(kind.counted_from), rule.legal_basis)
        Console(file=self.stdout, width=160).print(table)

    def _day(self, text: str) -> dt.date:
        today = timezone.localdate()
        if not text:
            return today
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            self._invalid(f"--on: {text!r} is not a date; write it as YYYY-MM-DD.")
        if day > today:
            self._invalid("--on: the day cannot be later than today; records are removed only once they are due.")
        return day

    def _run(self, rules: dict[str, retention.Rule], options: dict[str, Any]) -> None:
        kinds = {kind.key for kind in plugins.retention_kinds()}
        if options["kind"] and options["kind"] not in kinds:
            self._invalid(f"--kind: choose one of {', '.join(sorted(kinds))}.")
        day = self._day(options["on"])
        plans = retention.plans(day, rules, only=options["kind"])
        if options["output"] == "json":
            self._json(plans, day, options["dry_run"])
        else:
            self._table(plans, day, options["dry_run"])
        if not options["dry_run"]:
            self._dispose(plans)

    def _json(self, plans: list[retention.Plan], day: dt.date, dry_run: bool) -> None:
        document = {"on": day, "dry_run": dry_run, "rules": [{
            "kind": plan.rule.kind, "keep": str(plan.rule.keep), "cutoff": plan.cutoff,
            "legal_basis": plan.rule.legal_basis,
            "due": [{"type": r.object_type, "id": r.object_id, "since": r.period_start, "label": r.label}
                    for r in plan.due],
            "kept_by_legal_hold": [{"type": r.object_type, "id": r.object_id, "label": r.label, "hold": r.hold}
                                   for r in plan.held],
        } for plan in plans]}
        self.stdout.write(json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))

    def _table(self, plans: list[retention.Plan], day: dt.date, dry_run: bool) -> None:
        console = Console(file=self.stdout, width=160)
        for plan in plans:
            if not plan.due and not plan.held:
                self.stdout.write(f"{plan.rule.kind}: nothing due (kept {plan.rule.keep}, due if on or before "
                                  f"{plan.cutoff}).")
                continue
            table = Table(title=f"{plan.rule.kind}: kept {plan.rule.keep}, due if on or before {plan.cutoff}")
            for column in ("record", "since", "what", "status"):
                table.add_column(column)
            for record in plan.due:
                table.add_row(f"{record.object_type} {record.object_id}", f"{record.period_start}", record.label,
                              "would go" if dry_run else "removed")
            for record in plan.held:
                table.add_row(f"{record.object_type} {record.object_id}", f"{record.period_start}", record.label,
                              f"kept: legal hold ({record.hold[:60]})")
            console.print(table)
        due, held = sum(len(p.due) for p in plans), sum(len(p.held) for p in plans)
        verb = "would be removed" if dry_run else "to remove"
        self.stdout.write(f"On {day}: {due} records {verb}; {held} kept by a legal hold.")

    def _dispose(self, plans: list[retention.Plan]) -> None:
        total = sum(len(plan.due) for plan in plans)
        columns = (TextColumn("Removing"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, disable=not self.stderr.isatty() or total < 100, console=Console(stderr=True)) \
                as progress:
            task = progress.add_task("retention", total=total)
            for plan in plans:
                for record in plan.due:
                    do_dispose_record(actor=SYSTEM, plan=plan, record=record)
                    progress.advance(task)
        self.stdout.write(f"Removed {total} records; each has its audit event (verb retention.disposed).")
