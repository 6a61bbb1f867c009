from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from hemvag.core import queries
from hemvag.core.audit import verify_chain


class Command(BaseCommand):
    help = "Audit trail tools. `hemvag audit verify` checks the hash chain and reports the first broken link."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Check every event's hash and link; exit 1 at the first broken link.")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        total = queries.audit_event_count()
        columns = (TextColumn("Verifying audit chain"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, disable=not self.stderr.isatty() or total < 10_000) as progress:
            task = progress.add_task("verify", total=total)
            checked, first_break = verify_chain(lambda n: progress.update(task, completed=n) if n % 1000 == 0 else None)
        if first_break is not None:
            raise CommandError(f"audit chain broken at event #{first_break.seq}: {first_break.problem}")
        self.stdout.write(f"Audit chain intact: {checked} events verified.")
