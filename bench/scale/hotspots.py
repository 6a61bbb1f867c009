"""Where a hot page spends its time in Django (never part of `make test`).

    HEMVAG_DATABASE_URL=postgresql://…/scale .venv/bin/python bench/scale/hotspots.py [--rounds 30] [--top 25]

Renders the pages of `explain.py` through Django's test client, as there, each once to warm the caches and then
`--rounds` times under cProfile, and prints per page the median wall-clock and CPU time of a render, its queries
and the time they took in the database as the client saw it, then the functions with the most cumulative time
(`--top`) over all pages, so that what the server does beside the database is measured, not guessed.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time

os.environ.setdefault("HEMVAG_HTTPS", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemvag.settings")
os.environ["HEMVAG_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from explain import pages, signed_in_clients  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", default="", help="Only the pages whose name contains this text.")
    parser.add_argument("--no-profile", action="store_true", help="Only the times, without cProfile's overhead.")
    options = parser.parse_args()
    with connection.cursor() as cursor:
        chosen = [page for page in pages(cursor) if options.only in page[0]]
    clients = signed_in_clients()
    profile = cProfile.Profile()
    print("| page | wall ms (median) | CPU ms (median) | queries | ms in queries |")
    print("|---|---|---|---|---|")
    for kind, user, path in chosen:
        client = clients[user]
        if client.get(path).status_code != 200:
            raise SystemExit(f"{path} did not answer 200")
        walls, cpus, counted, in_db = [], [], 0, []
        for _round in range(options.rounds):
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                if not options.no_profile:
                    profile.enable()
                client.get(path)
                profile.disable()
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            counted = len(captured.captured_queries)
            in_db.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        print(f"| {kind} | {statistics.median(walls):.1f} | {statistics.median(cpus):.1f} | {counted} | "
              f"{statistics.median(in_db):.1f} |")
    if options.no_profile:
        return 0
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(options.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(options.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
