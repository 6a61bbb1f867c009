"""Run inside a database that `hemvag serve` processes share (tests/core/serving.py runs it as
`python -m tests.core.served_database seed|inspect`, with that database's HEMVAG_* environment):

- `seed`: the unit and its counsellors with API tokens, through the actions, printed as JSON;
- `inspect`: what is in the database, and every object that is only half written, printed as JSON.

The served database is not the one pytest-django gives the test process, so the test reads it this way."""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

COUNSELLORS = 4


def seed() -> dict[str, Any]:
    from hemvag.core import actions
    from hemvag.core.models import Role, UnitKind
    from hemvag.core.permissions import SYSTEM

    municipality = actions.do_create_municipality(actor=SYSTEM, name="Hållbarhetskommun", code="9950")
    unit = actions.do_create_unit(actor=SYSTEM, municipality=municipality, name="Återvandring Hållbar",
                                  kind=UnitKind.VOLUNTARY_RETURN, code="h-fa")
    counsellors = []
    for number in range(COUNSELLORS):
        user = actions.do_create_user(actor=SYSTEM, username=f"radgivare{number}", password=None,
                                      first_name=f"Rådgivare {number}")
        actions.do_set_membership(actor=SYSTEM, user=user, unit=unit, role=Role.COUNSELLOR)
        _api_token, secret = actions.do_create_api_token(actor=SYSTEM, user=user, name="durability test")
        counsellors.append({"id": user.pk, "token": secret})
    return {"unit_id": unit.pk, "counsellors": counsellors}


def _events(verb: str) -> Counter[str]:
    from hemvag.core.models import AuditEvent

    return Counter(AuditEvent.objects.filter(verb=verb).values_list("object_id", flat=True))


def _noted_in_audit() -> Counter[int]:
    """Notes named by their case.note_added event."""
    from hemvag.core.models import AuditEvent

    return Counter(changes["note"]["after"] for changes in
                   AuditEvent.objects.filter(verb="case.note_added").values_list("changes", flat=True))


def _half_written_people() -> list[str]:
    from hemvag.people.models import Household, HouseholdMember, Person, Relation

    problems = []
    created = _events("person.created")
    problems += [f"person {pk} has {created[str(pk)]} person.created events"
                 for pk in Person.objects.values_list("pk", flat=True) if created[str(pk)] != 1]
    main_people = Counter(HouseholdMember.objects.filter(relation=Relation.MAIN_APPLICANT)
                          .values_list("household_id", flat=True))
    households = _events("household.created")
    for pk in Household.objects.values_list("pk", flat=True):
        if main_people[pk] != 1 or households[str(pk)] != 1:
            problems.append(f"household {pk}: {main_people[pk]} main persons, {households[str(pk)]} events")
    return problems


def _half_written_cases() -> list[str]:
    from django.db.models import Count

    from hemvag.cases.models import Case, CounsellingNote, ReintegrationStep, TimelineEntry

    problems = []
    opened = _events("case.opened")
    opened_on_timeline = Counter(TimelineEntry.objects.filter(kind="case.opened").values_list("case_id", flat=True))
    for pk, reference, steps in Case.objects.annotate(steps=Count("plan_steps")).values_list("pk", "reference",
                                                                                             "steps"):
        if not reference or steps != len(ReintegrationStep) or opened[str(pk)] != 1 or opened_on_timeline[pk] != 1:
            problems.append(f"case {pk} {reference!r}: {steps} plan steps, {opened[str(pk)]} case.opened events, "
                            f"{opened_on_timeline[pk]} timeline entries")
    noted = _noted_in_audit()
    notes_on_timeline = Counter(TimelineEntry.objects.filter(kind="case.note_added")
                                .values_list("case_id", flat=True))
    notes_per_case = Counter(CounsellingNote.objects.values_list("case_id", flat=True))
    problems += [f"note {pk} has {noted[pk]} case.note_added events"
                 for pk in CounsellingNote.objects.values_list("pk", flat=True) if noted[pk] != 1]
    problems += [f"case {pk}: {count} notes, {notes_on_timeline[pk]} on its timeline"
                 for pk, count in notes_per_case.items() if notes_on_timeline[pk] != count]
    return problems


def _case_changes() -> dict[str, list[dict[str, Any]]]:
    """Each case's case.changed events, in the order of the audit chain."""
    from hemvag.core.models import AuditEvent

    changes: dict[str, list[dict[str, Any]]] = {}
    for object_id, change in (AuditEvent.objects.filter(verb="case.changed").order_by("seq")
                              .values_list("object_id", "changes")):
        changes.setdefault(object_id, []).append(change)
    return changes


def inspect() -> dict[str, Any]:
    from hemvag.cases.models import Case, CounsellingNote, Task
    from hemvag.core.models import AuditEvent
    from hemvag.matters.models import Matter
    from hemvag.people.models import Household, Person

    return {
        "persons": sorted(Person.objects.values_list("pk", flat=True)),
        "households": sorted(Household.objects.values_list("pk", flat=True)),
        "cases": {pk: reference for pk, reference in Case.objects.values_list("pk", "reference")},
        "case_fields": {pk: {"programme": programme, "destination_country": country}
                        for pk, programme, country in
                        Case.objects.values_list("pk", "programme", "destination_country")},
        "notes": sorted(CounsellingNote.objects.values_list("pk", flat=True)),
        "tasks_done": {pk: str(done) if done else None for pk, done in Task.objects.values_list("pk", "done_on")},
        "task_done_events": sum(1 for _ in AuditEvent.objects.filter(verb="case.task_done")),
        "case_changes": _case_changes(),
        "matters": {pk: reference for pk, reference in Matter.objects.values_list("pk", "reference")},
        "half_written": _half_written_people() + _half_written_cases(),
        "audit_verify": _audit_verify(),
        **_names(),
    }


def _names() -> dict[str, Any]:
    """The names the persons hold, counted from them, and as the triggers counted them (None: no such table)."""
    from collections import Counter

    from django.db import connection

    from hemvag.people.models import Person, PersonName

    held: Counter[str] = Counter()
    for names in Person.objects.values_list("first_name", "last_name"):
        held.update(name for name in names if name)
    exists = PersonName._meta.db_table in connection.introspection.table_names()
    counted = dict(PersonName.objects.values_list("name", "holders")) if exists else None
    return {"names_held": dict(held), "names_counted": counted, "vendor": connection.vendor}


def _audit_verify() -> dict[str, Any]:
    """`hemvag audit verify`, run here rather than in a process of its own (one Django start-up less)."""
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    output = StringIO()
    try:
        call_command("audit", "verify", stdout=output)
    except CommandError as error:
        return {"passed": False, "output": str(error)}
    return {"passed": True, "output": output.getvalue().strip()}


def main(command: str) -> None:
    import django

    django.setup()
    if command == "seed":
        from django.db import transaction

        with transaction.atomic():
            result = seed()
    else:
        result = inspect()
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
