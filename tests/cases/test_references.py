"""Each unit's case references begin with its own prefix (STH-2026-0001, GBG-2026-0001), and the migration
moved the existing HV- references to their unit's prefix."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as current_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hemvag.cases import actions, queries
from hemvag.cases.models import Case
from hemvag.core.actions import do_create_municipality, do_create_unit
from hemvag.core.models import AuditEvent, Role, Unit, UnitKind
from hemvag.core.permissions import SYSTEM
from hemvag.core.references import derive_reference_prefix
from hemvag.people.actions import do_create_household, do_create_person

rewrite = importlib.import_module("hemvag.cases.migrations.0003_references_use_unit_prefix")


def open_case(actor, unit, name="B"):
    household = do_create_household(actor=actor, unit=unit, main_person=do_create_person(
        actor=actor, unit=unit, first_name=name, birth_date=dt.date(1990, 1, 1)))
    return actions.do_open_case(actor=actor, unit=unit, household=household)


@pytest.fixture
def stockholm_and_goteborg(db, make_user):
    sth = do_create_unit(actor=SYSTEM, municipality=do_create_municipality(actor=SYSTEM, name="Sthlm", code="0180"),
                         name="Frivillig återvandring", kind=UnitKind.VOLUNTARY_RETURN, code="sth-fa",
                         reference_prefix="STH")
    gbg = do_create_unit(actor=SYSTEM, municipality=do_create_municipality(actor=SYSTEM, name="Gbg", code="1480"),
                         name="Återvandring Göteborg", kind=UnitKind.VOLUNTARY_RETURN, code="gbg-fa",
                         reference_prefix="GBG")
    return (sth, make_user("sara", Role.COUNSELLOR, sth)), (gbg, make_user("karl", Role.COUNSELLOR, gbg))


def test_two_units_first_cases_of_the_year_get_distinct_references(stockholm_and_goteborg):
    (sth, sara), (gbg, karl) = stockholm_and_goteborg
    year = timezone.localdate().year
    assert open_case(sara, sth).reference == f"STH-{year}-0001"
    assert open_case(karl, gbg).reference == f"GBG-{year}-0001"
    assert open_case(sara, sth).reference == f"STH-{year}-0002"


def test_search_finds_the_new_reference_in_any_letter_case_and_an_old_hv_reference(stockholm_and_goteborg):
    (sth, sara), (gbg, karl) = stockholm_and_goteborg
    case = open_case(sara, sth)
    open_case(karl, gbg)  # GBG-…-0001: never found by a Stockholm counsellor
    year = case.reference.split("-")[1]
    for text in (case.reference, case.reference.lower(), f"HV-{year}-0001", f"hv-{year}-1", "1"):
        assert list(queries.case_list(sara, queries.CaseFilter(text=text))) == [case], text
    assert list(queries.case_list(sara, queries.CaseFilter(text=f"GBG-{year}-0001"))) == []
    assert list(queries.case_list(sara, queries.CaseFilter(text=f"HV-{year}-0002"))) == []


def test_a_number_searches_the_references_not_the_names(stockholm_and_goteborg):
    (sth, sara), _ = stockholm_and_goteborg
    first = open_case(sara, sth)
    open_case(sara, sth, name="Rum 1")  # a name with the digit in it is not what "1" asks for
    assert list(queries.case_list(sara, queries.CaseFilter(text="1"))) == [first]
    assert list(queries.case_list(sara, queries.CaseFilter(text="Rum"))) != []  # names are searched otherwise


def test_the_migration_moves_hv_references_to_each_units_prefix_and_back(stockholm_and_goteborg):
    (sth, sara), (gbg, karl) = stockholm_and_goteborg
    first_sth, second_sth, first_gbg = open_case(sara, sth), open_case(sara, sth), open_case(karl, gbg)
    year = timezone.localdate().year
    # As the rows stood before the migration: every unit's cases began with HV.
    for case, number in ((first_sth, 1), (second_sth, 2), (first_gbg, 1)):
        Case.objects.filter(pk=case.pk).update(reference=f"HV-{year}-{number:04d}")

    rewrite.to_unit_prefixes(current_apps, connection.schema_editor())
    assert {c.pk: c.reference for c in Case.objects.all()} == {
        first_sth.pk: f"STH-{year}-0001", second_sth.pk: f"STH-{year}-0002", first_gbg.pk: f"GBG-{year}-0001"}

    rewrite.to_unit_prefixes(current_apps, connection.schema_editor())  # a second run changes nothing
    assert Case.objects.get(pk=first_gbg.pk).reference == f"GBG-{year}-0001"

    rewrite.to_shared_prefix(current_apps, connection.schema_editor())
    assert sorted(Case.objects.values_list("reference", flat=True)) == [
        f"HV-{year}-0001", f"HV-{year}-0001", f"HV-{year}-0002"]


@pytest.mark.django_db(transaction=True)
def test_migrating_fills_unique_prefixes_for_existing_units_and_rewrites_their_cases():
    """The real migrations, run on rows made with the models as they were before them."""
    executor = MigrationExecutor(connection)
    before = [("core", "0003_unit_reference_prefix"), ("cases", "0002_initial")]
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = MigrationExecutor(connection).loader.project_state(before).apps
        Municipality, Unit = old.get_model("core", "Municipality"), old.get_model("core", "Unit")
        Case, Household = old.get_model("cases", "Case"), old.get_model("people", "Household")
        sthlm = Municipality.objects.create(name="Stockholms stad", code="0180")
        units = [Unit.objects.create(municipality=sthlm, name=name, kind="voluntary_return", code=code)
                 for code, name in (("sth-fa", "Frivillig återvandring"), ("sth-soc", "Socialförvaltningen"),
                                    ("gbg-fa", "Göteborg"), ("99", "Återvandring Ödeshög"))]
        for unit in units:
            Case.objects.create(unit=unit, household=Household.objects.create(unit=unit), reference="HV-2026-0001")

        executor = MigrationExecutor(connection)
        executor.migrate(leaves)

        from hemvag.core.models import Unit as CurrentUnit
        prefixes = dict(CurrentUnit.objects.values_list("code", "reference_prefix"))
        assert prefixes == {"sth-fa": "STH", "sth-soc": "STS", "gbg-fa": "GBG", "99": "ATE"}
        assert sorted(Case.objects.values_list("reference", flat=True)) == [
            "ATE-2026-0001", "GBG-2026-0001", "STH-2026-0001", "STS-2026-0001"]
    finally:
        MigrationExecutor(connection).migrate(leaves)


@pytest.mark.parametrize("prefix", ["hv", "S", "STOCKHOLM", "ST1", "ÅÄÖ", "ST-H"])
def test_a_unit_prefix_is_two_to_six_capital_letters(municipality, prefix):
    with pytest.raises(ValidationError) as error:
        do_create_unit(actor=SYSTEM, municipality=municipality, name="X", kind=UnitKind.OTHER, code="x",
                       reference_prefix=prefix)
    assert "two to six capital letters" in str(error.value) and not Unit.objects.filter(code="x").exists()


def test_two_units_cannot_share_a_prefix_and_a_missing_one_is_derived_free(stockholm_and_goteborg, municipality):
    with pytest.raises(ValidationError, match="STH"):
        do_create_unit(actor=SYSTEM, municipality=municipality, name="Y", kind=UnitKind.OTHER, code="y",
                       reference_prefix="STH")
    derived = do_create_unit(actor=SYSTEM, municipality=municipality, name="Z", kind=UnitKind.OTHER, code="sth-soc")
    assert derived.reference_prefix == "STS"  # STH is taken by Stockholm's unit
    audited = AuditEvent.objects.get(verb="unit.created", object_id=str(derived.pk))
    assert audited.changes["reference_prefix"] == {"before": None, "after": "STS"}


def test_derived_prefixes_are_deterministic_and_avoid_taken_ones():
    assert derive_reference_prefix(code="gbg-fa", name="", taken=set()) == "GBG"
    assert derive_reference_prefix(code="sth-fa", name="", taken={"STH"}) == "STF"
    assert derive_reference_prefix(code="sth", name="", taken={"STH"}) == "STHA"
    assert derive_reference_prefix(code="-", name="Ödeshög", taken=set()) == "ODE"
    assert derive_reference_prefix(code="1", name="7", taken=set()) == "UN"


def test_the_demo_gives_stockholm_and_goteborg_their_own_prefixes(db):
    from hemvag.core import demo

    demo.load()
    prefixes = dict(Unit.objects.values_list("code", "reference_prefix"))
    assert (prefixes["sth-fa"], prefixes["gbg-fa"]) == ("STH", "GBG")
    assert len(set(prefixes.values())) == len(prefixes)
