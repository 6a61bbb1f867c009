"""A small, bounded load on a running `hemvag serve` (never part of `make test`).

    HEMVAG_DATABASE_URL=postgresql://…/scale HEMVAG_HTTPS=false .venv/bin/hemvag serve   # default workers
    .venv/bin/python bench/scale/load.py --postgres postgresql://…/scale --users 20 --seconds 120

Each simulated user is a thread with its own keep-alive connection on loopback, signed in through the login
form (the demo's `counsellor`, `counsellor2` and `manager`, password `hemvag-demo-2026`, round-robin), and then,
until the time is up, picks one request at random, waits for the answer, and thinks 1–3 s (`--think`, as a
locust user with `between(1, 3)`), so the load is bounded: about users / 2 requests a second. The requests:

- list: the case list with one of several filter and sort combinations, some on later pages;
- search: by a name (first and family name, or a family name, without the bench's "Demo-" prefix, which every
  family name shares), a reference, a reference's number, an identity number (written with a hyphen), all taken
  from the register at random;
- case: the page of a random case of the user's unit.

Prints the count, errors, and p50 / p95 / p99 / max per kind, from the client's clock (the whole answer read).
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

import psycopg

PASSWORD = "hemvag-demo-2026"  # noqa: S105 -- the demo's published password (README.md)
USERS = (("counsellor", "sth-fa"), ("counsellor2", "gbg-fa"), ("manager", "sth-fa"))
LISTS = (
    "", "?stage=counselling", "?open_only=on", "?open_only=on&country=SO&sort=country", "?stage=submitted&sort=-stage",
    "?programme=reintegration_support&sort=-reference", "?sort=stage&page=3", "?sort=created_at", "?overdue=on",
    "?stage=departed&country=BA", "?open_only=on&sort=reference&page=2", "?country=IQ&page=5",
    "?counsellor={counsellor}", "?counsellor={counsellor}&overdue=on", "?programme=return_grant&stage=decided",
)


@dataclass
class Samples:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[float, float, str]] = field(default_factory=list)  # (ms, when it ended, path)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, ok: bool, path: str) -> None:
        """One request: counted under its kind and under "all", and kept with when it ended."""
        with self.lock:
            for counted in (kind, "all"):
                self.times.setdefault(counted, []).append(ms)
                if not ok:
                    self.errors[counted] = self.errors.get(counted, 0) + 1
            self.requests.append((ms, time.monotonic(), path))


def examples(url: str) -> dict[str, dict[str, list]]:
    """Per unit: case ids, references, identity numbers, names and counsellor ids to ask for."""
    found: dict[str, dict[str, list]] = {}
    with psycopg.connect(url) as conn:
        for code in ("sth-fa", "gbg-fa"):
            unit = conn.execute("SELECT id FROM core_unit WHERE code = %s", [code]).fetchone()[0]  # type: ignore[index]
            sample = conn.execute(
                "SELECT c.id, c.reference FROM cases_case c TABLESAMPLE SYSTEM (1) WHERE c.unit_id = %s LIMIT 3000",
                [unit]).fetchall()
            persons = conn.execute(
                "SELECT first_name, last_name, identity_number FROM people_person TABLESAMPLE SYSTEM (2) "
                "WHERE unit_id = %s AND NOT protected_identity LIMIT 5000", [unit]).fetchall()
            counsellors = [row[0] for row in conn.execute(
                "SELECT user_id FROM core_membership WHERE unit_id = %s AND role = 'counsellor'", [unit])]
            found[code] = {"cases": [row[0] for row in sample], "references": [row[1] for row in sample],
                           "names": [(row[0], row[1]) for row in persons],
                           "numbers": [row[2] for row in persons if row[2]] or [row[0] for row in conn.execute(
                               "SELECT identity_number FROM people_person WHERE unit_id = %s AND identity_number <> ''"
                               " AND NOT protected_identity LIMIT 1000", [unit])],
                           "counsellors": counsellors}
    return found


class User(threading.Thread):
    def __init__(self, number: int, host: str, port: int, data: dict, samples: Samples, until: float,
                 think: tuple[float, float], seed: int) -> None:
        super().__init__(daemon=True)
        self.username, self.unit = USERS[number % len(USERS)]
        self.host, self.port, self.data, self.samples, self.until, self.think = host, port, data, samples, until, think
        self.rng = random.Random(seed)
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=120)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": f"{self.host}:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}/login/"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt:
                    return 599, ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def login(self) -> None:
        _status, page = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1] if token else "", "username": self.username,
                                       "password": PASSWORD})
        status, _page = self.request("POST", "/login/", body)
        if status != 302 or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {self.username} failed (HTTP {status})")

    def pick(self) -> tuple[str, str]:
        data, rng = self.data[self.unit], self.rng
        roll = rng.random()
        if roll < 0.45:
            query = rng.choice(LISTS).format(counsellor=rng.choice(data["counsellors"]))
            return "list", f"/cases/{query}"
        if roll < 0.75:
            how = rng.choice(("name", "family", "reference", "number", "identity"))
            if how == "name":  # as a counsellor types it: "Hassan Karimi-Said" (the bench's names are "Demo-…")
                first, last = rng.choice(data["names"])
                text = f"{first} {last.removeprefix('Demo-')}"
            elif how == "family":
                text = rng.choice(data["names"])[1].removeprefix("Demo-")
            elif how == "reference":
                text = rng.choice(data["references"])
            elif how == "number":
                text = str(int(rng.choice(data["references"]).rsplit("-", 1)[1]))
            else:
                number = rng.choice(data["numbers"])
                text = f"{number[:8]}-{number[8:]}"
            return f"search ({how})", "/cases/?" + urllib.parse.urlencode({"q": text})
        return "case page", f"/cases/{rng.choice(data['cases'])}/"

    def run(self) -> None:
        self.login()
        # Users arrive spread over one think time, as they would be on a server that has been up for a while
        # (all twenty asking in the same millisecond only measures the queue of the first second).
        time.sleep(self.rng.uniform(0, self.think[1]))
        while time.monotonic() < self.until:
            kind, path = self.pick()
            started = time.perf_counter()
            status, _text = self.request("GET", path)
            ms = (time.perf_counter() - started) * 1000
            self.samples.add(kind, ms, status == 200, path)
            time.sleep(self.rng.uniform(*self.think))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", required=True, help="The database the server uses (to pick examples).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--slowest", type=int, default=0, help="Also list the N slowest requests, with when.")
    options = parser.parse_args()
    data = examples(options.postgres)
    samples = Samples()
    until = time.monotonic() + options.seconds
    users = [User(n, options.host, options.port, data, samples, until, tuple(options.think), options.seed + n)
             for n in range(options.users)]
    for user in users:  # signed in one after another, then all start together
        user.login()
    until = time.monotonic() + options.seconds
    for user in users:
        user.until = until
        user.login = lambda: None  # type: ignore[method-assign]
        user.start()
    for user in users:
        user.join()
    print(f"{options.users} users for {options.seconds:g} s, think {options.think[0]:g}–{options.think[1]:g} s, "
          f"against http://{options.host}:{options.port}/")
    print("| kind | requests | errors | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    for kind in sorted(samples.times, key=lambda k: (k == "all", k)):
        values = samples.times[kind]
        print(f"| {kind} | {len(values)} | {samples.errors.get(kind, 0)} | {statistics.median(values):.0f} | "
              f"{percentile(values, 95):.0f} | {percentile(values, 99):.0f} | {max(values):.0f} |")
    started = until - options.seconds
    for ms, ended, path in sorted(samples.requests, reverse=True)[:options.slowest]:
        print(f"{ms:7.0f} ms at {ended - started:5.1f} s  {path}")
    return 1 if samples.errors else 0


if __name__ == "__main__":
    sys.exit(main())
