"""Demo data: the repository's reference scenario for Stockholm (examples/forecasts/) and a reform beside it,
each asked for once; the worker that `hemvag serve` starts computes them within seconds."""

from __future__ import annotations

from pathlib import Path

import yaml

from hemvag.core.models import Unit
from hemvag.core.permissions import SYSTEM
from hemvag.core.plugins import DemoOutcome
from hemvag.forecasts import actions
from hemvag.forecasts.models import Scenario

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "forecasts"
REFERENCE = "stockholm-2026-2029.yaml"
REFORM = {"return_grant.amount_per_adult": 200_000}


def _assumptions(text: str) -> str:
    """The comment block at the head of the scenario file: its assumptions, in words."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.removeprefix("#").removeprefix(" "))
    return "\n".join(lines).strip()


def demo_step(*, create: bool) -> DemoOutcome | None:
    path = EXAMPLES / REFERENCE
    if not create or not path.exists() or Scenario.objects.exists():
        return None
    unit = Unit.objects.get(code="sth-fa")
    text = path.read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    name, assumptions = document.pop("name"), _assumptions(text)
    baseline = actions.do_create_scenario(actor=SYSTEM, unit=unit, name=name, assumptions=assumptions,
                                          document=document)
    reform = actions.do_create_scenario(
        actor=SYSTEM, unit=unit, name=f"{name}: 200 000 kr per vuxen",
        assumptions=assumptions + "\n\nReform: bidraget är 200 000 kr per vuxen i stället för 350 000 kr.",
        document={**document, "parameters": REFORM}, based_on=baseline)
    for scenario in (baseline, reform):
        actions.do_request_forecast_run(actor=SYSTEM, scenario=scenario)
    return DemoOutcome(summary=f"Demo forecasts: scenarios {baseline.pk} and {reform.pk} queued for the worker.")
