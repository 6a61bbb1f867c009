"""The forecasts' writes: who may save and run a scenario, that the rules engine judges every scenario before
anything is saved, and the audit trail of each step."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from hemvag.core.models import AuditEvent, Role
from hemvag.core.permissions import SYSTEM
from hemvag.forecasts import actions
from hemvag.forecasts.models import ForecastRun, RunStatus, Scenario
from hemvag.rules.scenario import ScenarioError
from tests.forecasts.conftest import run_worker, small_document

BATCH_HEADER = ("household_id,application_date,destination_country,settles_permanently,member_id,role,birth_date,"
                "swedish_citizen,registered_in_sweden,lives_with_main_applicant,special_reasons_accepted,"
                "permit_ground,permit_granted_on,permit_permanent,permit_valid,debts_to_authorities,can_pay_journey,"
                "has_valid_national_passport,received_grant_before,asylum_outcome,asylum_decided_on,"
                "asylum_admission_likely\n")
ELIGIBLE_ROW = "h1,,IQ,true,m1,main_applicant,1980-01-01,false,true,,,refugee,2015-01-01,true,true,false,,,false,,,\n"


def forecast_events() -> list[str]:
    return list(AuditEvent.objects.filter(verb__startswith="forecast").values_list("verb", flat=True))


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.STAFF, Role.ADMIN, Role.AUDITOR])
def test_only_managers_save_scenarios(make_user, unit, role):
    user = make_user("someone", role, unit)
    with pytest.raises(PermissionDenied):
        actions.do_create_scenario(actor=user, unit=unit, name="x", assumptions="", document=small_document())
    assert not Scenario.objects.exists() and forecast_events() == []


def test_a_manager_saves_only_in_their_own_unit(manager, other_unit):
    with pytest.raises(PermissionDenied):
        actions.do_create_scenario(actor=manager, unit=other_unit, name="x", assumptions="",
                                   document=small_document())


def test_a_saved_scenario_is_audited_with_its_document_and_population(manager, unit):
    scenario = actions.do_create_scenario(actor=manager, unit=unit, name="Bas", assumptions="A guess.",
                                          document=small_document())
    assert scenario.document["name"] == "Bas" and scenario.created_by == manager
    event = AuditEvent.objects.get(verb="forecast_scenario.created")
    assert event.object_id == str(scenario.pk) and event.unit == unit
    assert event.changes["document"]["after"]["take_up"] == {"default": 0.2, "not_eligible": 0.01}
    assert event.changes["persons"]["after"] == 3000


@pytest.mark.parametrize(("changes", "problem"), [
    ({"take_up": {"default": 1.5}}, "take_up.default: must be between 0 and 1"),
    ({"years": [2027, 2026]}, "years: must be strictly ascending and consecutive"),
    ({"instalments": [{"share": 0.5, "after_months": 0}]}, "instalments: the shares must sum to 1 (they sum to 0.5)"),
    ({"parameters": {"return_grant.amount_per_adlt": 1}}, "parameters.return_grant.amount_per_adlt: no such parameter"),
    ({"parameters": {"return_grant.amount_per_adult": -5}},
     "parameters.return_grant.amount_per_adult: must be whole kronor, 0 or more"),
])
def test_the_rules_engine_refuses_a_bad_scenario_and_nothing_is_saved(manager, unit, changes, problem):
    with pytest.raises(ScenarioError) as refused:
        actions.do_create_scenario(actor=manager, unit=unit, name="x", assumptions="",
                                   document=small_document(**changes))
    assert problem in refused.value.problems
    assert not Scenario.objects.exists() and forecast_events() == []


def test_an_uploaded_population_is_read_before_it_is_saved(manager, unit):
    document = small_document()
    del document["synthetic"]
    bad = (BATCH_HEADER + ELIGIBLE_ROW.replace("1980-01-01", "1980-13-01")).encode()
    with pytest.raises(ScenarioError) as refused:
        actions.do_create_scenario(actor=manager, unit=unit, name="x", assumptions="", document=document,
                                   population=("../../etc/people.csv", bad))
    assert refused.value.problems == ["population: line 2: birth_date: not a date"]
    assert not Scenario.objects.exists()
    good = (BATCH_HEADER + ELIGIBLE_ROW).encode()
    scenario = actions.do_create_scenario(actor=manager, unit=unit, name="x", assumptions="", document=document,
                                          population=("../../etc/people.csv", good))
    assert scenario.document["population"] == "people.csv"  # the name is made safe; the file kept in the row
    assert bytes(scenario.population_csv) == good and len(scenario.population_sha256) == 64


@pytest.mark.django_db(transaction=True)  # the worker opens transactions of its own
def test_a_run_is_queued_computed_by_the_worker_and_audited(manager, unit):
    scenario = actions.do_create_scenario(actor=manager, unit=unit, name="x", assumptions="",
                                          document=small_document())
    run = actions.do_request_forecast_run(actor=manager, scenario=scenario)
    assert run.status == RunStatus.QUEUED
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100 and run.finished_at is not None
    assert [year["year"] for year in run.result["years"]] == [2025, 2026, 2027]
    assert [year["regime"] for year in run.rules] == ["return_grant_1984", "return_grant_2026", "return_grant_2026"]
    assert sorted(forecast_events()) == sorted(["forecast_scenario.created", "forecast.requested",
                                                "forecast.started", "forecast.finished"])


@pytest.mark.django_db(transaction=True)
def test_a_failing_run_keeps_its_message_and_is_audited(manager, unit):
    scenario = actions.do_create_scenario(actor=manager, unit=unit, name="x", assumptions="",
                                          document=small_document())
    Scenario.objects.filter(pk=scenario.pk).update(document={**scenario.document, "runs": 0})  # a row edited by hand
    run = actions.do_request_forecast_run(actor=manager, scenario=scenario)
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "runs: must be a whole number from 1 to 100000" in run.message
    assert "forecast.failed" in forecast_events()


def test_only_the_system_or_a_manager_of_the_unit_runs(manager, unit, make_user):
    scenario = actions.do_create_scenario(actor=SYSTEM, unit=unit, name="x", assumptions="",
                                          document=small_document())
    counsellor = make_user("sara", Role.COUNSELLOR, unit)
    with pytest.raises(PermissionDenied):
        actions.do_request_forecast_run(actor=counsellor, scenario=scenario)
    assert not ForecastRun.objects.exists()
