"""The repository's reference scenarios are valid scenarios, and the demo saves the Stockholm one (and a reform
beside it) with its assumptions, queued for the worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from hemvag.core.demo import load as load_core_demo
from hemvag.forecasts import demo
from hemvag.forecasts.models import ForecastRun, RunStatus, Scenario
from hemvag.rules.forecast import load_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "forecasts"


@pytest.mark.parametrize("name", ["stockholm-2026-2029.yaml", "sweden-2026-2029.yaml"])
def test_the_reference_scenarios_are_valid_and_say_their_assumptions(name):
    scenario = load_scenario(EXAMPLES / name)
    assert scenario.years == (2026, 2027, 2028, 2029) and scenario.runs == 200
    assert [i.share for i in scenario.instalments] == [0.2, 0.4, 0.4]
    assert "Antaganden" in demo._assumptions((EXAMPLES / name).read_text(encoding="utf-8"))


def test_the_demo_saves_the_reference_scenario_and_a_reform(db):
    load_core_demo()
    outcome = demo.demo_step(create=True)
    assert outcome is not None and "queued" in outcome.summary
    baseline, reform = Scenario.objects.order_by("pk")
    assert baseline.document["synthetic"] == {"persons": 1000000, "seed": 2026}
    assert baseline.assumptions.startswith("Referensscenario för Stockholms stad")
    assert reform.based_on == baseline and reform.document["parameters"] == demo.REFORM
    assert list(ForecastRun.objects.values_list("status", flat=True)) == [RunStatus.QUEUED] * 2
    assert demo.demo_step(create=True) is None  # a second load adds nothing
