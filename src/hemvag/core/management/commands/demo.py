from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string
from rich.console import Console
from rich.table import Table

from hemvag.core import demo, plugins


class Command(BaseCommand):
    help = "Create synthetic demonstration data (idempotent) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Only load when the database has no units.")

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        """Run every installed app's demo steps in their declared order (core's units and users first)."""
        console = Console(file=self.stdout, highlight=False)
        load = not (if_empty and not demo.is_empty())
        if not load:
            console.print("Demo data: the database already has data; nothing loaded.")
        logins: list[tuple[str, str, str]] = []
        for step in plugins.demo_steps():
            with console.status(str(step.status or "…")):
                outcome = import_string(step.load)(create=load)
            if outcome is None:
                continue
            if load and outcome.summary:
                console.print(outcome.summary)
            logins.extend(outcome.logins)
        if load:
            console.print("Demo data loaded (synthetic only).")
        table = Table(title="Demo logins")
        for column in ("user name", "password", "role", "unit"):
            table.add_column(column)
        for username, role, unit in logins:
            table.add_row(username, demo.DEMO_PASSWORD, role, unit)
        console.print(table)
        console.print(demo.SECOND_FACTOR_NOTE)
