"""The forecasts' live fact for statements: a finished run of the unit quoted with its scenario, run, date,
rules and range; another unit's run or an unfinished one is refused with what to give."""

from __future__ import annotations

import pytest

from hemvag.core.reporting import FactError
from hemvag.forecasts import actions
from hemvag.forecasts.facts import forecast_run
from tests.forecasts.conftest import run_worker, small_document


@pytest.mark.django_db(transaction=True)
def test_a_finished_run_is_quoted_with_its_range_and_assumptions(manager, unit, other_unit):
    scenario = actions.do_create_scenario(actor=manager, unit=unit, name="Bas", assumptions="Gissad benägenhet.",
                                          document=small_document())
    run = actions.do_request_forecast_run(actor=manager, scenario=scenario)
    with pytest.raises(FactError):
        forecast_run(manager, unit, str(run.pk))  # not finished yet
    run_worker()
    run.refresh_from_db()
    fact = forecast_run(manager, unit, str(run.pk))
    totals = run.result["totals"]
    assert fact.text.startswith(f"Enligt scenario {scenario.pk} (körning {run.pk} den {run.finished_at:%Y-%m-%d}")
    assert f"({totals['grants']['p5']}–{totals['grants']['p95']} sammanlagt)" in fact.text
    assert "return_grant_1984, return_grant_2026" in fact.text and "Gissad benägenhet." in fact.definition
    with pytest.raises(FactError, match="finished forecast run of the unit"):
        forecast_run(manager, other_unit, str(run.pk))
    with pytest.raises(FactError):
        forecast_run(manager, unit, "first")
