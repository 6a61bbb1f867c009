"""Time the statistics and the annual report on a large synthetic register (never part of `make test`).

    .venv/bin/python bench/statistics/run.py --postgres postgresql://…/EMPTY_DB [--cases 1000000]

Migrates the (empty, throwaway) database, creates one unit, fills it with `hemvag cases generate N` (the
synthetic register behind the demo history, through the import), then times, each as a shell would run it (a
fresh `hemvag` process, start-up included), the median of three runs of
    hemvag stats --measures decisions,granted --by year,destination_country --published
and of
    hemvag report annual --unit bench-fa --year Y --out FILE.pdf
and prints a Markdown table for bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEMVAG = [sys.executable, "-m", "hemvag"]
UNIT = "bench-fa"
SETUP_UNIT = ("from hemvag.core import actions; from hemvag.core.permissions import SYSTEM; "
              "from hemvag.core.models import Unit; "
              f"Unit.objects.filter(code='{UNIT}').exists() or actions.do_create_unit(actor=SYSTEM, "
              "municipality=actions.do_create_municipality(actor=SYSTEM, name='Benchkommun', code='9990'), "
              f"name='Bench', kind='voluntary_return', code='{UNIT}')")
STATS = ["stats", "--measures", "decisions,granted", "--by", "year,destination_country", "--published",
         "--format", "json"]


def hemvag(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HEMVAG_DATABASE_URL": database_url}
    return subprocess.run([*HEMVAG, *args], env=env, capture_output=True, text=True, check=True)


def timed(database_url: str, *args: str, rounds: int = 3) -> list[float]:
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        hemvag(database_url, *args)
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", required=True, help="URL of an empty, throwaway PostgreSQL database.")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--skip-load", action="store_true", help="The database already holds the register.")
    options = parser.parse_args()
    url = options.postgres
    load_seconds = None
    if not options.skip_load:
        hemvag(url, "migrate", "--no-input", "-v", "0")
        hemvag(url, "shell", "-c", SETUP_UNIT)
        started = time.perf_counter()
        hemvag(url, "cases", "generate", str(options.cases), "--unit", UNIT)
        load_seconds = time.perf_counter() - started
    startup = statistics.median(timed(url, "shell", "-c", "pass"))
    stats_seconds = timed(url, *STATS)
    year = time.localtime().tm_year
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "annual.pdf"
        report_seconds = timed(url, "report", "annual", "--unit", UNIT, "--year", str(year), "--out", str(pdf))
        from pypdf import PdfReader  # a dev dependency

        pages = len(PdfReader(pdf).pages)
    load = os.getloadavg()
    print(f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, PostgreSQL, "
          f"load average at the end {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f}, with:\n")
    print(f"    python bench/statistics/run.py --postgres URL --cases {options.cases}\n")
    print("| measurement | median of 3 (each run) | target |")
    print("|---|---|---|")
    if load_seconds is not None:
        print(f"| `hemvag cases generate {options.cases:,}` (generate and import, one process) | "
              f"{load_seconds:.0f} s | — |")
    print(f"| Django start-up alone (`hemvag shell -c pass`) | {startup:.2f} s | — |")
    print(f"| `hemvag {' '.join(STATS[:-2])}` | {statistics.median(stats_seconds):.2f} s "
          f"({', '.join(f'{s:.2f}' for s in stats_seconds)}) | ≤ 2 s |")
    print(f"| `hemvag report annual --unit {UNIT} --year {year} --out FILE.pdf` ({pages} pages) | "
          f"{statistics.median(report_seconds):.2f} s ({', '.join(f'{s:.2f}' for s in report_seconds)}) "
          f"| ≤ 10 s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
