from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every .po file of the project and its apps into .mo files (pure Python; no gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        package = Path(settings.PACKAGE_DIR)
        for po_path in sorted(package.glob("**/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)
            compiled += 1
        self.stdout.write(f"Translations compiled: {compiled} file(s) updated.")
