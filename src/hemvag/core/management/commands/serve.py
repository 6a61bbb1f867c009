from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from typing import Any

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from hemvag import config


def static_files_collected() -> bool:
    """With hashed static names (the production storage) every page needs the manifest `collectstatic` writes,
    listing every file the apps ship; without it each page would answer 500."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return True
    try:
        manifest, _hash = staticfiles_storage.load_manifest()
    except ValueError:  # a damaged manifest
        return False
    return bool(manifest) and all(
        path in manifest for finder in finders.get_finders() for path, _storage in finder.list(["CVS", ".*", "*~"])
    )


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """In the worker child, before it runs: when its parent (gunicorn's master, after the exec) ends, the
    kernel sends it SIGTERM, so it never outlives the server. Linux only; elsewhere the terminal's Ctrl+C or
    the service manager's stop (which signal the whole group) end it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_task_worker() -> subprocess.Popen[bytes] | None:
    """The background task worker (`hemvag db_worker`), as a child of this process. This process then becomes
    gunicorn (exec keeps the process id), so the worker is gunicorn's child: gunicorn's master reaps any child
    that ends, and signals sent to the server (Ctrl+C to the process group, a service manager's stop to the
    group) reach both. HEMVAG_TASK_WORKER=0 leaves it out (when workers run on their own machines)."""
    if os.environ.get("HEMVAG_TASK_WORKER", "1") == "0":
        return None
    return subprocess.Popen(  # fixed argv, no shell
        [sys.executable, "-m", "hemvag", "db_worker", "--queue-name", "*", "--no-reload"],
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


class Command(BaseCommand):
    help = "Serve Hemväg with gunicorn (HEMVAG_HOST, HEMVAG_PORT, HEMVAG_WORKERS) and the task worker."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            port = config.env_int("HEMVAG_PORT", 8000)
            workers = config.env_int("HEMVAG_WORKERS", config.default_workers(), maximum=64)
        except config.ConfigError as error:
            raise CommandError(str(error)) from None
        host = os.environ.get("HEMVAG_HOST", "127.0.0.1")
        try:
            connection.ensure_connection()
        except DatabaseError as error:
            raise CommandError(f"the database cannot be reached: {str(error).strip().splitlines()[0]}") from None
        if not static_files_collected():
            raise CommandError("the static files are not collected (or are out of date): run "
                               "`hemvag collectstatic --no-input`, then start again.")
        self.stdout.write(f"Hemväg is serving on http://{host}:{port}/ (stop with Ctrl+C)")
        self.stdout.flush()
        argv = [
            sys.executable, "-m", "gunicorn", "hemvag.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers),
            "--access-logfile", "-", "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
        ]
        start_task_worker()
        # Replace this process: signals reach gunicorn directly.
        os.execv(sys.executable, argv)  # noqa: S606  (fixed argv, no shell)
