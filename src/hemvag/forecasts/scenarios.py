"""A saved scenario as the rules engine reads it: the scenario document (what its YAML file would hold) and,
when uploaded, its population file. The rules engine (hemvag.rules.scenario) is the one judge of what a
scenario may say; this module only hands it the document and the file the way `hemvag forecast` would."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from hemvag.rules.engine import default_parameters
from hemvag.rules.forecast import load_population
from hemvag.rules.scenario import Scenario as RulesScenario
from hemvag.rules.scenario import parse_scenario

SCENARIO_FILE = "scenario.yaml"


def population_file_name(name: str) -> str:
    """A safe file name for an uploaded population (the document refers to it by this name)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem).strip(".-")[:80] or "population"
    suffix = ".parquet" if name.lower().endswith(".parquet") else ".csv"
    return stem + suffix


def as_yaml(document: dict[str, Any]) -> str:
    """The scenario file a command-line user runs with `hemvag forecast` (keys in the contract's order)."""
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


@contextmanager
def materialised(document: dict[str, Any], population: bytes | None) -> Iterator[RulesScenario]:
    """The rules' scenario, read from the document; an uploaded population is written beside it for as long as
    the block runs. Raises the rules' ScenarioError with `path: problem` lines."""
    with tempfile.TemporaryDirectory(prefix="hemvag-forecast-") as folder:
        base = Path(folder)
        if population is not None:
            (base / population_file_name(str(document.get("population", "")))).write_bytes(population)
        yield parse_scenario(as_yaml(document), base / SCENARIO_FILE, default_parameters())


def check(document: dict[str, Any], population: bytes | None) -> tuple[int, int]:
    """Read the scenario and its population as a run will; returns (households, persons)."""
    with materialised(document, population) as scenario:
        people = load_population(scenario)
        return people.households, people.persons
