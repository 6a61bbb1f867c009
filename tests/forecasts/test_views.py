"""The forecast pages: the form with every problem beside its field, the run in the background, the result as
table, charts and downloads, the comparison, and who may see what."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from hemvag.core.models import AuditEvent, Role, Unit
from hemvag.forecasts import actions
from hemvag.forecasts.models import ForecastRun, RunStatus, Scenario
from hemvag.rules.forecast import compare
from tests.forecasts.conftest import FORM, run_worker, small_document


def post(client, **changes):
    unit = Unit.objects.get(code="t-fa")
    return client.post("/reports/forecasts/new/", {**FORM, "unit": unit.pk, **changes})


def test_the_form_offers_the_rules_schedule_and_the_parameter_names(manager, login):
    page = login(manager).get("/reports/forecasts/new/").content.decode()
    assert "20 % 0\n40 % 2\n40 % 17" in page  # the rules' three instalments, 15 months abroad
    assert "<code>return_grant.amount_per_adult</code>" in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"take_up": "150 %"}, "take_up", "Must be between 0 and 1"),
    ({"take_up": "lots"}, "take_up", "Write a share as a decimal number"),
    ({"last_year": "2024"}, "last_year", "The last year cannot come before the first."),
    ({"first_year": "2005", "last_year": "2006"}, "first_year", "The years must lie between 2010 and 2100."),
    ({"instalments": "50 % 0"}, "instalments", "The shares must add up to 1 (100 %); they add up to 0.5."),
    ({"instalments": "half now"}, "instalments", "Line 1: write a share and a number of months"),
    ({"parameters": "return_grant.amount_per_adlt: 1"}, "parameters",
     "return_grant.amount_per_adlt: No such parameter"),
    ({"parameters": "return_grant.amount_per_adult: lots"}, "parameters",
     "return_grant.amount_per_adult: Must be whole kronor, 0 or more."),
    ({"parameters": "[a, b"}, "parameters", "Write one parameter a line, as name: value."),
    ({"take_up_by_year": "2031: 1 %"}, "take_up_by_year", "2031: This year is not one of the scenario"),
    ({"take_up_refugee": "2"}, "take_up_refugee", "Must be between 0 and 1"),
    ({"applications_on": "02-30"}, "applications_on", "02-30 is not a day of 2025."),
    ({"runs": "0"}, "runs", "Ensure this value is greater than or equal to 1."),
    ({"runs": "1001"}, "runs", "Ensure this value is less than or equal to 1000."),
    ({"parameters": "return_grant.amount_per_adult: {a: [1, 2]}"}, "parameters",
     "Write one parameter a line, as name: value."),
    ({"parameters": "x: &a [1]\ny: [*a, *a]"}, "parameters", "Write one parameter a line, as name: value."),
    ({"parameters": "x: 1\n" * 700}, "parameters", "at most 2000 characters"),
    ({"population_source": "upload"}, "population_file", "Choose the population file."),
    ({"synthetic_persons": ""}, "synthetic_persons", "Give the number of persons."),
])
def test_every_problem_is_shown_beside_its_field_and_nothing_is_saved(manager, login, changes, field, message):
    answer = post(login(manager), **changes)
    assert answer.status_code == 400
    page = answer.content.decode().replace("&#x27;", "'")
    error = page.split(f'id="id_{field}_error"', 1)
    assert len(error) == 2, f"no error beside {field}"
    assert message in error[1].split("</p>", 1)[0]
    assert 'aria-invalid="true"' in page
    assert not Scenario.objects.exists() and not ForecastRun.objects.exists()


def test_a_bad_population_file_is_reported_beside_the_upload(manager, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("people.csv", b"household_id,role\nh1,main_applicant\n", content_type="text/csv")
    answer = post(login(manager), population_source="upload", population_file=upload)
    assert answer.status_code == 400
    error = answer.content.decode().split('id="id_population_file_error"', 1)[1].split("</p>", 1)[0]
    assert "The file has a problem: line 1:" in error and "missing column" in error
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("people.csv", b"\xff\xfe\x00binary", "The file has a problem: line 1: (file): not UTF-8 text"),
    ("people.csv", b"", "The submitted file is empty."),
    ("people.parquet", b"PAR1 not really", "The file has a problem:"),
])
def test_a_hostile_upload_gets_one_clear_line(manager, login, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = post(login(manager), population_source="upload", population_file=SimpleUploadedFile(name, data))
    assert answer.status_code == 400
    error = answer.content.decode().split('id="id_population_file_error"', 1)[1].split("</p>", 1)[0]
    assert message in error.replace("&#x27;", "'") and "Traceback" not in answer.content.decode()
    assert not Scenario.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker opens transactions of its own
def test_a_manager_saves_runs_and_reads_a_forecast_that_the_command_line_repeats(manager, login, tmp_path):
    client = login(manager)
    answer = post(client)
    run = ForecastRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/reports/forecasts/runs/{run.pk}/"
    waiting = client.get(answer["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "<progress" in waiting
    assert "cost-" not in waiting  # no result before the worker has run

    run_worker()

    polled = client.get(answer["Location"], headers={"HX-Request": "true"})
    assert polled.status_code == 204 and polled["HX-Refresh"] == "true"  # the page reloads with the results
    page = client.get(answer["Location"]).content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert "data:image/svg+xml;base64," in page and "Cost per year" in page
    assert "Take-up is a guess." in page and "What is a guess." in page
    assert "return_grant_2026" in page and "return_grant_1984" in page
    # The scenario file, run by the command line, gives the very same numbers.
    scenario_file = tmp_path / "scenario.yaml"
    scenario_file.write_bytes(client.get(f"/reports/forecasts/{run.scenario_id}/scenario.yaml").content)
    done = subprocess.run([sys.executable, "-m", "hemvag", "forecast", str(scenario_file), "--format", "json"],
                          capture_output=True, text=True, check=True)
    command_line = json.loads(done.stdout)
    assert {**command_line, "seconds": 0} == {**run.result, "seconds": 0}


@pytest.mark.django_db(transaction=True)
def test_running_a_scenario_again_gives_the_same_numbers_and_the_comparison_is_the_difference(manager, login):
    client = login(manager)
    base = actions.do_create_scenario(actor=manager, unit=manager.memberships.get().unit, name="Base",
                                      assumptions="", document=small_document())
    answer = client.post(f"/reports/forecasts/{base.pk}/run")
    assert answer.status_code == 302
    client.post(f"/reports/forecasts/{base.pk}/run")
    reform = actions.do_create_scenario(
        actor=manager, unit=base.unit, name="Reform", assumptions="", based_on=base,
        document=small_document(parameters={"return_grant.amount_per_adult": 200000}))
    actions.do_request_forecast_run(actor=manager, scenario=reform)
    run_worker()
    first, second = ForecastRun.objects.filter(scenario=base).order_by("pk")
    assert {**first.result, "seconds": 0} == {**second.result, "seconds": 0}
    reformed = ForecastRun.objects.get(scenario=reform)
    page = client.get(f"/reports/forecasts/compare/?baseline={first.pk}&reform={reformed.pk}").content.decode()
    expected = compare(first.result, reformed.result)["difference"]["totals"]["granted_sek"]["mean"]
    total_row = page.split("<caption>Difference: reform minus baseline (means)</caption>", 1)[1].split("Total</th>")[1]
    assert expected < 0 and f'<td class="number">{expected:,}</td>' in total_row.split("</tr>")[0]
    download = client.get(f"/reports/forecasts/compare/download.xlsx?baseline={first.pk}&reform={reformed.pk}")
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == ["Difference", "Baseline", "Reform"]
    total = next(row for row in book["Difference"].iter_rows(values_only=True) if row[0] == "Total")
    assert total[5] == expected
    assert AuditEvent.objects.filter(verb="forecast.downloaded").get().changes["runs"]["after"] == [
        first.pk, reformed.pk]


@pytest.mark.django_db(transaction=True)
def test_the_csv_download_says_what_the_figures_rest_on_and_is_logged(manager, login):
    client = login(manager)
    scenario = actions.do_create_scenario(actor=manager, unit=manager.memberships.get().unit, name="=HYPERLINK()",
                                          assumptions="Guessed take-up.", document=small_document())
    hostile = actions.do_create_scenario(actor=manager, unit=scenario.unit, name="y",
                                         assumptions="=SUM(A1:A9) guessed.", document=small_document())
    run = actions.do_request_forecast_run(actor=manager, scenario=scenario)
    hostile_run = actions.do_request_forecast_run(actor=manager, scenario=hostile)
    run_worker()
    run.refresh_from_db()
    text = client.get(f"/reports/forecasts/runs/{run.pk}/download.csv").content.decode()
    assert f"Scenario,'{scenario.pk}: =HYPERLINK()" not in text  # the name follows the number, not a formula
    assert "Guessed take-up." in text and "are assumptions, not facts" in text
    total = next(line for line in text.splitlines() if line.startswith("Total"))
    grants = run.result["totals"]["grants"]
    assert f"{grants['mean']},{grants['p5']},{grants['p95']}" in total
    assert AuditEvent.objects.filter(verb="forecast.downloaded").count() == 1
    assert client.get(f"/reports/forecasts/runs/{run.pk}/download.pdf").status_code == 404
    book = load_workbook(io.BytesIO(client.get(f"/reports/forecasts/runs/{hostile_run.pk}/download.xlsx").content))
    cells = {row[0]: row[1] for row in book.active.iter_rows(values_only=True) if row and row[0]}
    assert cells["Assumptions"] == "'=SUM(A1:A9) guessed."  # text, never a formula
    assert book.active.cell(1, 2).data_type == "s"


def test_the_pages_are_for_managers_of_the_unit(manager, unit, other_unit, make_user, login, client):
    scenario = actions.do_create_scenario(actor=manager, unit=unit, name="Enhetens egen prognos", assumptions="",
                                          document=small_document())
    run = actions.do_request_forecast_run(actor=manager, scenario=scenario)
    counsellor = make_user("sara", Role.COUNSELLOR, unit)
    login(counsellor)
    for url in ("/reports/forecasts/", "/reports/forecasts/new/", f"/reports/forecasts/{scenario.pk}/",
                f"/reports/forecasts/runs/{run.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/reports/forecasts/{scenario.pk}/run").status_code == 403
    elsewhere = make_user("olle", Role.MANAGER, other_unit)
    login(elsewhere)
    assert client.get("/reports/forecasts/").status_code == 200
    for url in (f"/reports/forecasts/{scenario.pk}/", f"/reports/forecasts/runs/{run.pk}/",
                f"/reports/forecasts/{scenario.pk}/scenario.yaml"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/reports/forecasts/{scenario.pk}/run").status_code == 404
    assert "Enhetens egen prognos" not in client.get("/reports/forecasts/").content.decode()
    login(manager)
    assert "Enhetens egen prognos" in client.get("/reports/forecasts/").content.decode()  # the check can fail
    assert ForecastRun.objects.count() == 1


def test_a_copy_fills_the_form_with_the_scenario(manager, unit, login):
    scenario = actions.do_create_scenario(
        actor=manager, unit=unit, name="Base", assumptions="A guess.",
        document=small_document(take_up={"default": 0.2, "by_permit_ground": {"refugee": 0.3},
                                         "by_year": {"2026": 0.1}},
                                parameters={"return_grant.amount_per_adult": 200000}))
    client = login(manager)
    page = client.get(f"/reports/forecasts/new/?copy={scenario.pk}").content.decode()
    assert 'value="Copy of Base"' in page and "2026: 10 %" in page and "20 % 0\n80 % 17" in page
    assert "return_grant.amount_per_adult: 200000" in page
    assert 'name="take_up_refugee" value="30 %"' in page


def test_the_form_and_its_problems_speak_swedish(manager, login, client, settings):
    login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    answer = post(client, take_up="150 %", instalments="50 % 0")
    page = answer.content.decode()
    take_up = page.split('id="id_take_up_error"', 1)[1].split("</p>", 1)[0]
    assert "Måste vara mellan 0 och 1 (0 % till 100 %)." in take_up
    instalments = page.split('id="id_instalments_error"', 1)[1].split("</p>", 1)[0]
    assert "Andelarna måste tillsammans bli 1 (100 %); de blir 0.5." in instalments
    assert "Ansökningsbenägenhet" in page and "Flykting" in page  # the ground labels, now in core's catalogue
