"""The search by name, and on PostgreSQL the register's distinct names it looks each word up in (PersonName),
kept by a trigger whatever writes the persons: exactly the names persons hold, each counted once per field."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from hemvag.core.models import Role
from hemvag.people import actions, queries
from hemvag.people.models import Person, PersonName


@pytest.fixture
def counsellor(make_user, unit):
    return make_user("sara", Role.COUNSELLOR, unit)


def add(counsellor, unit, first: str, last: str) -> Person:
    return actions.do_create_person(actor=counsellor, unit=unit, first_name=first, last_name=last)


def found(counsellor, text: str) -> set[str]:
    return {person.full_name for person in queries.person_list(counsellor, text)}


def held_names() -> dict[str, int]:
    """What the persons hold, counted from them: each non-empty first and family name, once per field."""
    held: Counter[str] = Counter()
    for names in Person.objects.values_list("first_name", "last_name"):
        held.update(name for name in names if name)
    return dict(held)


def test_each_word_matches_any_part_of_a_first_or_family_name_in_any_letter_case(counsellor, unit):
    add(counsellor, unit, "Amina", "Osmanović-Bey")
    add(counsellor, unit, "Samir", "Ali")
    add(counsellor, unit, "Alia", "Berg")
    assert found(counsellor, "osmanović") == {"Amina Osmanović-Bey"}
    assert found(counsellor, "BEY") == {"Amina Osmanović-Bey"}
    assert found(counsellor, "ali") == {"Samir Ali", "Alia Berg"}
    assert found(counsellor, "ali sam") == {"Samir Ali"}  # every word, each in either name
    assert found(counsellor, "ali osman") == set()
    assert found(counsellor, "100%") == set()  # LIKE's wildcards are letters here
    assert found(counsellor, "_") == set()


def test_a_renamed_person_is_found_by_the_new_name_only_and_a_removed_one_not_at_all(counsellor, unit):
    lina = add(counsellor, unit, "Lina", "Berg")
    add(counsellor, unit, "Omar", "Berg")
    actions.do_update_person(actor=counsellor, person=lina, last_name="Lindqvist")
    assert found(counsellor, "berg") == {"Omar Berg"}
    assert found(counsellor, "lindq") == {"Lina Lindqvist"}
    Person.objects.filter(pk=lina.pk).delete()  # as erasure does, below the actions
    assert found(counsellor, "lindq") == set()


def test_the_names_table_holds_exactly_the_names_persons_hold(counsellor, unit):
    if connection.vendor != "postgresql":  # SQLite's search reads the persons: no table, no trigger to keep
        assert "people_personname" not in connection.introspection.table_names()
        return
    ali = add(counsellor, unit, "Ali", "Ali")  # one person holding a name twice
    add(counsellor, unit, "Samir", "Ali")
    lina = add(counsellor, unit, "Lina", "")
    Person.objects.bulk_create([Person(unit=unit, first_name="Noor", last_name="Ali")])  # no action, no save()
    assert dict(PersonName.objects.values_list("name", "holders")) == held_names() == {
        "Ali": 4, "Samir": 1, "Lina": 1, "Noor": 1}
    actions.do_update_person(actor=counsellor, person=lina, first_name="Lena", last_name="Berg")
    actions.do_update_person(actor=counsellor, person=ali, phone="070-123 45 67")  # no name changed
    Person.objects.filter(pk=ali.pk).delete()
    Person.objects.filter(first_name="Noor").update(first_name="")  # as disposal blanks a name
    assert dict(PersonName.objects.values_list("name", "holders")) == held_names() == {
        "Ali": 2, "Samir": 1, "Lena": 1, "Berg": 1}
    # Whole statements: many rows at once, and a swap that leaves every name held as often as before.
    Person.objects.bulk_create([Person(unit=unit, first_name="Ali", last_name=f"Berg{n}") for n in range(3)])
    Person.objects.update(first_name=F("last_name"), last_name=F("first_name"))
    assert dict(PersonName.objects.values_list("name", "holders")) == held_names() == {
        "Ali": 5, "Samir": 1, "Lena": 1, "Berg": 1, "Berg0": 1, "Berg1": 1, "Berg2": 1}
    assert found(counsellor, "berg") == {"Berg0 Ali", "Berg1 Ali", "Berg2 Ali", "Berg Lena"}


@pytest.mark.django_db(transaction=True)
def test_emptying_the_persons_empties_the_names(counsellor, unit):
    if connection.vendor != "postgresql":
        assert "people_personname" not in connection.introspection.table_names()
        return
    add(counsellor, unit, "Samir", "Ali")
    assert PersonName.objects.count() == 2
    call_command("flush", interactive=False, verbosity=0)  # TRUNCATE deletes no row one by one
    assert not PersonName.objects.exists()
