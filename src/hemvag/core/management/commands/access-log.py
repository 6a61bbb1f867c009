"""`hemvag access-log --person ID`: a person's register extract of who looked at their records, when and why."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from hemvag.core import csvfiles, queries


class Command(BaseCommand):
    help = "Print who looked at a person's records (for a register extract under GDPR art. 15)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--person", required=True, help="The person's id in Hemväg.")
        parser.add_argument("--format", choices=("table", "csv"), default="table")

    def handle(self, *args: Any, person: str, format: str, **options: Any) -> None:
        if not person.isdigit():
            raise CommandError(f"--person must be a person id (a whole number), not {person!r}.")
        entries = queries.access_entries_for_person(person)
        rows = [
            [entry.created_at.strftime("%Y-%m-%d %H:%M:%S"), entry.actor.username,
             entry.actor.get_full_name(), entry.unit.name if entry.unit else "", entry.get_purpose_display(),
             f"{entry.object_type} {entry.object_id}", entry.reason]
            for entry in entries.iterator()
        ]
        header = ["time", "user", "name", "unit", "purpose", "record", "reason"]
        if format == "csv":
            writer = csvfiles.writer(self.stdout)
            writer.writerow(header)
            writer.writerows(rows)
            return
        table = Table(title=f"Access to person {person}: {len(rows)} entries")
        for column in header:
            table.add_column(column)
        for row in rows:
            table.add_row(*row)
        Console(file=self.stdout, width=160).print(table)
