from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hemvag.core.backup import BackupRefused, RestoreMismatch, restore_backup
from hemvag.core.management.progress import RichSteps


class Command(BaseCommand):
    help = ("Restore a folder made by `hemvag backup` into the configured database, which must be empty (new, or "
            "only migrated), and the configured documents folder, which must hold no file. Checks every file's "
            "SHA-256 first, then verifies the audit chain of the restored copy.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", metavar="DIR", help="A folder made by `hemvag backup`.")

    def handle(self, *args: Any, source: str, **options: Any) -> None:
        try:
            with RichSteps(self.stderr._out) as steps:
                result = restore_backup(Path(source), steps)
        except (BackupRefused, RestoreMismatch) as problem:
            raise CommandError(str(problem)) from None
        except OSError as error:
            raise CommandError(f"the restore could not read or write a file ({error.strerror}: {error.filename}). "
                               "Check the permissions and free space of the backup and of HEMVAG_MEDIA_ROOT.") from None
        manifest = result.manifest
        self.stdout.write(f"Restored the backup of {manifest.get('created_at', '?')} (Hemväg "
                          f"{manifest.get('hemvag_version', '?')}): {sum(manifest['tables'].values())} rows in "
                          f"{len(manifest['tables'])} tables and "
                          f"{sum(1 for name in manifest['files'] if name.startswith('documents/'))} documents.")
        if manifest["missing_documents"]:
            self.stdout.write(f"Missing already when the backup was made: {', '.join(manifest['missing_documents'])}.")
        if result.pending_migrations:
            self.stdout.write(f"This Hemväg has {len(result.pending_migrations)} migrations the backup predates: "
                              "run `hemvag migrate` next.")
        if result.chain_break is not None:
            raise CommandError(f"audit chain broken at event #{result.chain_break.seq}: {result.chain_break.problem}")
        self.stdout.write(f"Audit chain intact: {result.events_checked} events verified.")
