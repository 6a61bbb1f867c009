"""The query plans of the hot pages on the large register (never part of `make test`).

    HEMVAG_DATABASE_URL=postgresql://…/scale .venv/bin/python bench/scale/explain.py --label after

Renders each page the load test asks for (the case list with filters and sorts, the search by name, reference
and identity number, a case page, the start page) through Django's test client, signed in as the demo's
`counsellor` (and `manager` for the list), captures every SELECT the page sends — exactly as the ORM wrote it —
and runs EXPLAIN (ANALYZE, BUFFERS) on each. Writes bench/scale/plans/LABEL/summary.md (every query of every page
with its execution time) and one text plan per page for its queries over --min-ms (the plans stay small).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HEMVAG_HTTPS", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemvag.settings")
os.environ["HEMVAG_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

HERE = Path(__file__).resolve().parent


def pages(cursor) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(kind, user, path): fixed examples from the register (the same ones on every run)."""
    cursor.execute("SELECT reference FROM cases_case WHERE unit_id = (SELECT id FROM core_unit WHERE code = 'sth-fa') "
                   "AND reference LIKE 'STH-2024-%%' ORDER BY id LIMIT 1 OFFSET 500")
    reference = cursor.fetchone()[0]
    cursor.execute("SELECT p.identity_number FROM people_person p WHERE p.unit_id = "
                   "(SELECT id FROM core_unit WHERE code = 'sth-fa') AND p.identity_number <> '' "
                   "AND NOT p.protected_identity ORDER BY p.id LIMIT 1 OFFSET 1000")
    number = cursor.fetchone()[0]
    cursor.execute("SELECT c.id FROM cases_case c JOIN core_unit u ON u.id = c.unit_id WHERE u.code = 'sth-fa' "
                   "AND c.stage = 'follow_up' ORDER BY c.id LIMIT 1 OFFSET 300")
    case_id = cursor.fetchone()[0]
    cursor.execute("SELECT id FROM core_user WHERE username = 'bench-s05'")
    counsellor_id = cursor.fetchone()[0]
    return [
        ("list: default (newest first)", "counsellor", "/cases/"),
        ("list: stage", "counsellor", "/cases/?stage=counselling"),
        ("list: open, country, sorted by country", "counsellor", "/cases/?open_only=on&country=SO&sort=country"),
        ("list: counsellor, overdue tasks", "counsellor", f"/cases/?counsellor={counsellor_id}&overdue=on"),
        ("list: programme, sorted by reference", "counsellor",
         "/cases/?programme=reintegration_support&sort=-reference"),
        ("list: sorted by stage, page 3", "counsellor", "/cases/?sort=stage&page=3"),
        ("list: manager, stage and country", "manager", "/cases/?stage=departed&country=BA"),
        # the rest of load.py's lists
        ("list: open only", "counsellor", "/cases/?open_only=on"),
        ("list: open, sorted by reference, page 2", "counsellor", "/cases/?open_only=on&sort=reference&page=2"),
        ("list: oldest first", "counsellor", "/cases/?sort=created_at"),
        ("list: overdue tasks", "counsellor", "/cases/?overdue=on"),
        ("list: stage, sorted by stage descending", "counsellor", "/cases/?stage=submitted&sort=-stage"),
        ("list: country, page 5", "counsellor", "/cases/?country=IQ&page=5"),
        ("list: counsellor", "counsellor", f"/cases/?counsellor={counsellor_id}"),
        ("list: programme and stage", "counsellor", "/cases/?programme=return_grant&stage=decided"),
        ("search: first and last name", "counsellor", "/cases/?q=Hassan+Karimi-Said"),
        ("search: family name", "counsellor", "/cases/?q=Osmanovi%C4%87-Bey"),
        ("search: a common first name", "counsellor", "/cases/?q=Hassan"),
        ("search: reference", "counsellor", f"/cases/?q={reference}"),
        ("search: reference number only", "counsellor", "/cases/?q=1234"),
        ("search: identity number", "counsellor", f"/cases/?q={number[:8]}-{number[8:]}"),
        ("search: no match", "counsellor", "/cases/?q=Zzyzx"),
        ("case page", "counsellor", f"/cases/{case_id}/"),
        ("start page", "counsellor", "/start/"),
    ]


def signed_in_clients() -> dict[str, Client]:
    """A test client per user of `pages()`, signed in, reading Swedish."""
    from hemvag.core.models import User

    clients = {}
    for username in ("counsellor", "manager"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
        clients[username] = client
    return clients


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--label", required=True, help="before / after: the folder under bench/scale/plans/")
    parser.add_argument("--min-ms", type=float, default=1.0, help="Write the plans of queries at least this slow.")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Set HEMVAG_DATABASE_URL to the PostgreSQL database built by bench/scale/build.py.")
        return 2
    folder = HERE / "plans" / options.label
    folder.mkdir(parents=True, exist_ok=True)
    clients = signed_in_clients()
    with connection.cursor() as cursor:
        examples = pages(cursor)
    measured = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    summary = [f"# Query plans: {options.label}", "",
               f"{measured}; each page's every read (SELECT statement), with its "
               "execution time by EXPLAIN ANALYZE (the second rendering, warm cache); plans of queries over "
               f"{options.min_ms:g} ms in the files beside this one.", ""]
    for kind, username, path in examples:
        clients[username].get(path)  # warm the cache and the process
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = clients[username].get(path)
            wall = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            print(f"{kind}: HTTP {response.status_code}")
            return 1
        selects = [q["sql"] for q in captured.captured_queries
                   if q["sql"].lstrip("( ").upper().startswith(("SELECT", "WITH"))]
        others = len(captured.captured_queries) - len(selects)
        rows, plans, total = [], [], 0.0
        with connection.cursor() as cursor:
            for number, sql in enumerate(selects, 1):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                found = re.search(r"Execution Time: ([\d.]+) ms", plan)
                ms = float(found[1]) if found else 0.0
                total += ms
                rows.append((number, ms, sql))
                if ms >= options.min_ms:
                    plans.append(f"-- query {number}: {ms:.1f} ms\n{sql}\n\n{plan}\n")
        (folder / f"{slug(kind)}.txt").write_text(f"{kind}: {path}\n\n" + "\n".join(plans) if plans
                                                   else f"{kind}: {path}\n\nno query over {options.min_ms:g} ms\n")
        print(f"{kind:<44} {len(selects):>3} SELECTs (+{others} writes), {total:8.1f} ms in the database, "
              f"page {wall:7.1f} ms")
        summary += [f"## {kind}", "", f"`{path}` as `{username}`: {len(selects)} SELECTs and {others} other "
                    f"statements, {total:.1f} ms in the database (sum of execution times), page rendered in "
                    f"{wall:.0f} ms", "", "| # | ms | query (start) |", "|---|---|---|"]
        summary += [f"| {n} | {ms:.1f} | `{' '.join(sql.split())[:110].replace('|', '/')}…` |" for n, ms, sql in rows]
        summary.append("")
    (folder / "summary.md").write_text("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
