"""Backup and restore at size, while the server writes: how long each takes, and that the copy is consistent.

    .venv/bin/python bench/backup/run.py --cases 20000                         # SQLite
    .venv/bin/python bench/backup/run.py --cases 20000 --postgres postgresql://postgres@127.0.0.1:5432/postgres

Builds a database (migrate, the demo, `hemvag cases generate N`) in a temporary folder (on PostgreSQL: a new
database on that server), then runs `hemvag backup` while a second process writes without pause (a new user per
transaction, each with its audit event), once more when it has stopped, restores the first backup into a new
database and prints one Markdown row: the size, the times (wall clock and the command's own CPU time), the writes
the other process made, and the restore's audit-chain verdict (the restore also checks that every table holds the
rows the manifest counted). Never part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRITER = """
import django, itertools, pathlib, sys
django.setup()
from hemvag.core.actions import do_create_user
from hemvag.core.permissions import SYSTEM
stop, written = pathlib.Path(sys.argv[1]), 0
for n in itertools.count():
    if stop.exists():
        break
    do_create_user(actor=SYSTEM, username=f"bench-writer-{n}", password=None)
    written += 1
print(written)
"""


def hemvag(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hemvag", *args], env=env, capture_output=True, text=True,
                          check=True)


def timed(*args: str, env: dict[str, str]) -> tuple[str, str]:
    """Wall-clock and CPU time (user + system, of that process alone) of one `hemvag` run, and its output."""
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = hemvag(*args, env=env)
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return f"{wall:.1f} s ({cpu:.1f} s CPU)", result.stdout


def create_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--postgres", help="a PostgreSQL server URL; two databases are made on it")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hemvag-bench-backup-") as folder:
        tmp = Path(folder)
        base = {**os.environ, "HEMVAG_VAR_DIR": str(tmp), "DJANGO_SETTINGS_MODULE": "hemvag.settings"}
        if options.postgres:
            source_url = create_database(options.postgres, "bench_backup_source")
            target_url = create_database(options.postgres, "bench_backup_target")
        else:
            source_url, target_url = f"sqlite:///{tmp / 'source.sqlite3'}", f"sqlite:///{tmp / 'target.sqlite3'}"
        source = {**base, "HEMVAG_DATABASE_URL": source_url, "HEMVAG_MEDIA_ROOT": str(tmp / "media")}
        target = {**base, "HEMVAG_DATABASE_URL": target_url, "HEMVAG_MEDIA_ROOT": str(tmp / "restored-media")}
        for step in (["migrate", "-v0"], ["demo"], ["cases", "generate", str(options.cases), "--unit", "sth-fa"]):
            hemvag(*step, env=source)

        stop = tmp / "stop"
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop)], env=source, stdout=subprocess.PIPE,
                                  text=True)
        time.sleep(8)  # the writer's Django start-up; it writes before and during the backup
        backup_time, _ = timed("backup", "--out", str(tmp / "backup"), env=source)
        stop.touch()
        written = int((writer.communicate(timeout=120)[0] or "0").strip())
        quiet_time, _ = timed("backup", "--out", str(tmp / "quiet-backup"), env=source)
        manifest = json.loads((tmp / "backup" / "manifest.json").read_text())
        size = sum(path.stat().st_size for path in (tmp / "backup").rglob("*") if path.is_file())

        restore_time, restored = timed("restore", str(tmp / "backup"), env=target)
        load = os.getloadavg()[0]
        print("| database | cases | rows | backup size | backup while writing | backup, quiet | restore | "
              "writes by the other process | restored | load |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        vendor = "PostgreSQL" if options.postgres else "SQLite"
        print(f"| {vendor} | {options.cases:,} | {sum(manifest['tables'].values()):,} | {size / 1e6:.0f} MB | "
              f"{backup_time} | {quiet_time} | {restore_time} | {written:,} | "
              f"{restored.strip().splitlines()[-1]} | {load:.1f} |")


if __name__ == "__main__":
    main()
