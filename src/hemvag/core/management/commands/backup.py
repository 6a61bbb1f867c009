from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hemvag.core.backup import BackupRefused, make_backup
from hemvag.core.management.progress import RichSteps

# Finished, but documents the database refers to were not on disk: a scheduler should raise the alarm.
MISSING_DOCUMENTS_STATUS = 2


class Command(BaseCommand):
    help = ("Back up the database and the uploaded documents into a new folder, with a manifest of every file's "
            "SHA-256. The folder holds personal data: keep it where only the operators can read it.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", required=True, metavar="DIR",
                            help="The folder to create (it must not exist yet; its parent must).")

    def handle(self, *args: Any, out: str, **options: Any) -> None:
        try:
            with RichSteps(self.stderr._out) as steps:
                result = make_backup(Path(out), steps)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        except OSError as error:  # a full disk, a folder we may not write: nothing is left behind
            raise CommandError(f"the backup could not be written ({error.strerror}: {error.filename}); nothing was "
                               "kept. Free space or choose a folder you may write to.") from None
        manifest = result.manifest
        documents = sum(1 for name in manifest["files"] if name.startswith("documents/"))
        self.stdout.write(f"Backup written to {result.path}: {manifest['database']['vendor']} database "
                          f"({sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables) and "
                          f"{documents} documents.")
        if result.missing_documents:
            shown = ", ".join(result.missing_documents[:5])
            raise CommandError(
                f"{len(result.missing_documents)} documents the database refers to were not in the documents folder "
                f"and are not in the backup ({shown}{' …' if len(result.missing_documents) > 5 else ''}); the "
                "manifest lists them under missing_documents. Find them (HEMVAG_MEDIA_ROOT) and back up again.",
                returncode=MISSING_DOCUMENTS_STATUS)
