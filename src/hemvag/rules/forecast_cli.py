"""``hemvag forecast SCENARIO.yaml [--compare OTHER.yaml] [--format json|text] [--out FILE] [--lang sv|en]``.

Exit 0 on success; 2 when a scenario or its population is invalid (every problem as ``path: problem`` on
standard error, at most 20, nothing written); 1 only for failures that are not the input's fault.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from hemvag.rules.forecast import compare, forecast, load_population, load_scenario, render_text
from hemvag.rules.scenario import MAX_PROBLEMS, Scenario, ScenarioError


def _scenarios(names: list[str]) -> list[Scenario]:
    """Every scenario checked before any population is read, so all scenario problems show at once."""
    scenarios, problems = [], []
    for name in names:
        try:
            scenarios.append(load_scenario(Path(name)))
        except ScenarioError as error:
            problems += error.problems
    if problems:
        raise ScenarioError(problems)
    return scenarios


def _result(scenarios: list[Scenario]) -> dict[str, Any]:
    from hemvag.rules.cli import _progress  # the same spinner as the other long commands

    populations = []
    for scenario in scenarios:
        with _progress(f"Läser population ({scenario.name}) …"):
            populations.append(load_population(scenario))  # raises ScenarioError before anything is written
    with _progress("Räknar prognos …"):
        results = [forecast(s, p) for s, p in zip(scenarios, populations, strict=True)]
    return results[0] if len(results) == 1 else compare(results[0], results[1])


def _write(text: str, out: str | None) -> int:
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"hemvag forecast: cannot write {out}: {error.strerror}", file=sys.stderr)
        return 1
    return 0


def run_forecast(scenario: str, other: str | None, output_format: str | None, out: str | None, lang: str) -> int:
    try:
        result = _result(_scenarios([scenario] if other is None else [scenario, other]))
    except ScenarioError as error:
        for line in error.problems[:MAX_PROBLEMS]:
            print(line, file=sys.stderr)
        return 2
    except Exception as error:  # not the input's fault: one line, exit 1
        print(f"hemvag forecast: failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    chosen = output_format or ("text" if out is None and sys.stdout.isatty() else "json")
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n" if chosen == "json" else render_text(result, lang)
    return _write(text, out)
