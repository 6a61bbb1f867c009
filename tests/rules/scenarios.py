"""Loads the scenario files: a base household, changes by JSON path, added members, expectations."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
BASES = yaml.safe_load((HERE / "bases.yaml").read_text(encoding="utf-8"))
_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def set_path(document: dict[str, Any], path: str, value: Any) -> None:
    """Set ``members[1].permit.granted_on``-style paths (creating objects on the way)."""
    steps = path.split(".")
    node: Any = document
    for i, step in enumerate(steps):
        match = _STEP.fullmatch(step)
        assert match, step
        name, index = match.group(1), match.group(2)
        last = i == len(steps) - 1
        if index is not None:
            node = node[name][int(index)]
            assert not last
        elif last:
            node[name] = value
        else:
            if node.get(name) is None:
                node[name] = {}
            node = node[name]


def member(spec: dict[str, Any], position: int) -> dict[str, Any]:
    result = copy.deepcopy(BASES["members"][spec["template"]])
    result.setdefault("id", f"p{position + 1}")
    for path, value in (spec.get("set") or {}).items():
        set_path(result, path, value)
    return result


def household(base: str, changes: dict[str, Any] | None = None, add: list[Any] | None = None) -> dict[str, Any]:
    raw = copy.deepcopy(BASES["households"][base])
    document = {k: v for k, v in raw.items() if k != "members"}
    specs = raw["members"] + list(add or [])
    document["members"] = [member(spec, i) for i, spec in enumerate(specs)]
    for path, value in (changes or {}).items():
        set_path(document, path, value)
    return document


def load_scenarios() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(test id, file header, scenario) for every scenario of every file."""
    cases = []
    for path in sorted((HERE / "scenarios").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        header = {k: v for k, v in data.items() if k != "scenarios"}
        for scenario in data["scenarios"]:
            cases.append((f"{path.stem}: {scenario['name']}", header, scenario))
    return cases
