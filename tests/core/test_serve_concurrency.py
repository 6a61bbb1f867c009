"""Two `hemvag serve` processes on one database, written to at once through both (issue 15, item 2).

Parallel writers through the two servers open cases in the same unit and year, add notes to one case, change
the same case's destination, complete the same task and register matters. Afterwards: every reference is
unique and the case numbers have no gap, every answered write is in the database once, no change was silently
overwritten (each change's "before" is the previous change's "after"), nothing is half written, and
`hemvag audit verify` passes. The suite's own database decides the kind: SQLite, or PostgreSQL under
`make test-postgres`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.core.serving import Answer, ServedDatabase, Server, call, serving

pytestmark = pytest.mark.serve

WRITERS = 8
OPENINGS = 24
NOTES = 24
COUNTRIES = ["NO", "DK", "FI", "DE", "FR", "IQ", "SY", "SO", "ER", "AF", "IR", "TR"]
COMPLETIONS = 8
MATTERS = 12


def _household(server: Server, token: str, number: int) -> int:
    status, person = call(server.port, "POST", "/persons", token,
                          {"first_name": f"Samtidig {number}", "last_name": "Testsson", "birth_date": "1980-01-01"})
    assert status == 201, person
    status, household = call(server.port, "POST", "/households", token, {"main_person_id": person["id"]})
    assert status == 201, household
    return int(household["id"])


def _case(server: Server, token: str, household_id: int) -> dict[str, Any]:
    status, case = call(server.port, "POST", "/cases", token, {"household_id": household_id})
    assert status == 201, case
    return case


def _note(number: int) -> dict[str, Any]:
    return {"held_on": dt.date.today().isoformat(), "form": "meeting", "text": f"Samtal {number}"}


def _matter(unit_id: int, number: int) -> dict[str, Any]:
    return {"unit_id": unit_id, "kind": "other", "title": f"Ärende {number}",
            "received_on": dt.date.today().isoformat()}


def _writes(database: ServedDatabase, households: list[int], shared_case: int, task_id: int) -> list[tuple[str, Any]]:
    """(kind, (method, path, payload)) for every write, interleaved so that all kinds run at once."""
    unit_id = database.seed["unit_id"]
    writes: list[tuple[str, Any]] = []
    writes += [("open", ("POST", "/cases", {"household_id": households[n % len(households)]}))
               for n in range(OPENINGS)]
    writes += [("note", ("POST", f"/cases/{shared_case}/notes", _note(n))) for n in range(NOTES)]
    writes += [("change", ("PATCH", f"/cases/{shared_case}", {"destination_country": country}))
               for country in COUNTRIES]
    writes += [("complete", ("POST", f"/cases/{shared_case}/tasks/{task_id}/complete", None))
               for _ in range(COMPLETIONS)]
    writes += [("matter", ("POST", "/matters", _matter(unit_id, n))) for n in range(MATTERS)]
    # Round-robin over the kinds, so that every kind has writers through both servers at the same moment.
    by_kind: dict[str, list[tuple[str, Any]]] = {}
    for kind, request in writes:
        by_kind.setdefault(kind, []).append((kind, request))
    interleaved = []
    while any(by_kind.values()):
        for queue in by_kind.values():
            if queue:
                interleaved.append(queue.pop())
    return interleaved


def _write_through_both(servers: list[Server], tokens: list[str], writes: list[tuple[str, Any]]
                        ) -> list[tuple[str, Any, Answer]]:
    def send(numbered: tuple[int, tuple[str, Any]]) -> tuple[str, Any, Answer]:
        number, (kind, (method, path, payload)) = numbered
        server, token = servers[number % len(servers)], tokens[number % len(tokens)]
        return kind, payload, call(server.port, method, path, token, payload)

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        return list(pool.map(send, enumerate(writes)))


def _answers_of(results: list[tuple[str, Any, Answer]], kind: str) -> list[tuple[Any, Answer]]:
    return [(payload, answer) for done_kind, payload, answer in results if done_kind == kind]


def test_parallel_writers_through_two_servers_lose_nothing_and_duplicate_no_reference(
        served_database: ServedDatabase, tmp_path: Path) -> None:
    tokens = served_database.tokens
    with serving(served_database, tmp_path, count=2) as servers:
        first = servers[0]
        households = [_household(first, tokens[0], number) for number in range(4)]
        shared_case = _case(first, tokens[0], households[0])["id"]
        status, task = call(first.port, "POST", f"/cases/{shared_case}/tasks", tokens[0],
                            {"kind": "passport", "title": "Pass", "due_on": dt.date.today().isoformat()})
        assert status == 201, task
        results = _write_through_both(servers, tokens, _writes(served_database, households, shared_case, task["id"]))

    unexpected = [(kind, answer) for kind, _payload, answer in results if answer[0] not in (200, 201)]
    assert unexpected == [], "every concurrent write is answered 2xx (they wait for each other's locks)"
    found = served_database.inspect()

    # Case references: unique, and the year's numbers run 1..n without a gap.
    references = list(found["cases"].values())
    assert len(set(references)) == len(references) == OPENINGS + 1
    assert sorted(int(reference.rsplit("-", 1)[1]) for reference in references) == list(range(1, OPENINGS + 2))
    opened = {answer[1]["id"] for _payload, answer in _answers_of(results, "open")}
    assert {str(pk) for pk in opened} <= set(found["cases"])

    notes = {answer[1]["id"] for _payload, answer in _answers_of(results, "note")}
    assert len(notes) == NOTES and notes <= set(found["notes"])

    # The changes to one case form one unbroken history: no writer overwrote a change it had not seen.
    history = found["case_changes"][str(shared_case)]
    assert len(history) == len(COUNTRIES)
    assert history[0]["destination_country"]["before"] == ""
    for earlier, later in itertools.pairwise(history):
        assert later["destination_country"]["before"] == earlier["destination_country"]["after"]
    assert Counter(change["destination_country"]["after"] for change in history) == Counter(COUNTRIES)
    assert found["case_fields"][str(shared_case)]["destination_country"] == history[-1]["destination_country"]["after"]

    # One task, completed by eight writers at once: done once, recorded once.
    assert found["tasks_done"][str(task["id"])] is not None
    assert found["task_done_events"] == 1

    matters = [answer[1]["reference"] for _payload, answer in _answers_of(results, "matter")]
    assert len(set(matters)) == len(matters) == MATTERS == len(found["matters"])

    assert found["half_written"] == []
    assert found["audit_verify"]["passed"], found["audit_verify"]["output"]
