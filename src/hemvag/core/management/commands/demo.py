from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.table import Table

from hemvag.cases import demo as cases_demo
from hemvag.content import demo as content_demo
from hemvag.core import demo
from hemvag.core.models import Role


class Command(BaseCommand):
    help = "Create synthetic demonstration data (idempotent) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Only load when the database has no units.")

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        console = Console(file=self.stdout, highlight=False)
        if if_empty and not demo.is_empty():
            console.print("Demo data: the database already has data; nothing loaded.")
        else:
            demo.load()
            content_demo.load()  # information pages for residents and staff (issue 5)
            with console.status("Creating the demo cases …"):
                cases = cases_demo.load()  # about 40 cases in both municipalities (issue 4)
            console.print(f"Demo cases created: {cases}.")
            console.print("Demo data loaded (synthetic only).")
        table = Table(title="Demo logins")
        for column in ("user name", "password", "role", "unit"):
            table.add_column(column)
        units = {unit.code: unit.name for unit in demo.UNITS}
        for user in demo.USERS:
            table.add_row(user.username, demo.DEMO_PASSWORD, str(user.role.label), units[user.unit_code])
        table.add_row(cases_demo.SECOND_COUNSELLOR[0], demo.DEMO_PASSWORD, str(Role.COUNSELLOR.label),
                      units["gbg-fa"])
        console.print(table)
