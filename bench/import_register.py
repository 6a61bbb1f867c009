"""Time `hemvag cases import` on a synthetic register of 100,000 cases (never part of `make test`).

    .venv/bin/python bench/import_register.py [--cases 100000] [--postgres postgresql://…]

Writes the register (invented "Demo-…" names, no identity numbers) to a CSV file, migrates a fresh SQLite
database in a temporary directory (and, with --postgres or a PostgreSQL HEMVAG_DATABASE_URL, that database,
which must be empty and throwaway), creates one unit and times the import as a shell would run it: a fresh
`hemvag` process, start-up included. A second run of the same file times the re-import (it creates nothing).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEMVAG = [sys.executable, "-m", "hemvag"]
SETUP_UNIT = ("from hemvag.core import actions; from hemvag.core.permissions import SYSTEM; "
              "from hemvag.core.models import Unit; "
              "Unit.objects.filter(code='bench-fa').exists() or actions.do_create_unit(actor=SYSTEM, "
              "municipality=actions.do_create_municipality(actor=SYSTEM, name='Benchkommun', code='9990'), "
              "name='Bench', kind='voluntary_return', code='bench-fa')")


def hemvag(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEMVAG_DATABASE_URL": database_url}
    return subprocess.run([*HEMVAG, *args], env=env, capture_output=True, text=True, check=True)


def write_register(path: Path, cases: int) -> float:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemvag.settings")
    os.environ.setdefault("HEMVAG_DATABASE_URL", f"sqlite:///{path.parent / 'unused.sqlite3'}")
    import django

    django.setup()
    from hemvag.cases import synthetic

    started = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="") as stream:
        synthetic.write_csv(synthetic.scale_register(cases, seed=2026), stream)
    return time.perf_counter() - started


def timed_import(database_url: str, path: Path) -> tuple[float, float, dict[str, int]]:
    hemvag(database_url, "migrate", "--no-input", "-v", "0")
    hemvag(database_url, "shell", "-c", SETUP_UNIT)
    started = time.perf_counter()
    first = hemvag(database_url, "cases", "import", str(path), "--unit", "bench-fa", "--format", "json")
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    hemvag(database_url, "cases", "import", str(path), "--unit", "bench-fa", "--format", "json")
    return first_seconds, time.perf_counter() - started, json.loads(first.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    postgres = args.postgres or (os.environ.get("HEMVAG_DATABASE_URL", "")
                                 if os.environ.get("HEMVAG_DATABASE_URL", "").startswith("postgres") else "")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.csv"
        generated = write_register(path, args.cases)
        size = path.stat().st_size
        rows = sum(1 for _line in path.open(encoding="utf-8")) - 1
        print(f"register: {args.cases:,} cases, {rows:,} rows, {size / 1e6:.1f} MB, written in {generated:.1f} s")
        targets = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")] + ([("PostgreSQL", postgres)]
                                                                               if postgres else [])
        for name, url in targets:
            first, again, summary = timed_import(url, path)
            print(f"{name}: import {first:.1f} s ({summary['cases_created']:,} cases, "
                  f"{summary['persons_created']:,} persons); re-import {again:.1f} s (creates nothing)")
    print(f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
