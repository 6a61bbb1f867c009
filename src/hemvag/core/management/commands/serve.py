from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from hemvag import config


class Command(BaseCommand):
    help = "Serve Hemväg with gunicorn (HEMVAG_HOST, HEMVAG_PORT, HEMVAG_WORKERS)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            port = config.env_int("HEMVAG_PORT", 8000)
            workers = config.env_int("HEMVAG_WORKERS", 2, maximum=64)
        except config.ConfigError as error:
            raise CommandError(str(error)) from None
        host = os.environ.get("HEMVAG_HOST", "127.0.0.1")
        try:
            connection.ensure_connection()
        except DatabaseError as error:
            raise CommandError(f"the database cannot be reached: {str(error).strip().splitlines()[0]}") from None
        self.stdout.write(f"Hemväg is serving on http://{host}:{port}/ (stop with Ctrl+C)")
        self.stdout.flush()
        argv = [
            sys.executable, "-m", "gunicorn", "hemvag.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--access-logfile", "-", "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
        ]
        # Replace this process: signals reach gunicorn directly.
        os.execv(sys.executable, argv)  # noqa: S606  (fixed argv, no shell)
