"""Runs every scenario file under scenarios/ through the engine (and the batch path).

A scenario file covers one rule or boundary.  Its header names the ``rule`` and the ``source`` in
RULES.md that the expectations were worked out from; each scenario starts from a base household in
bases.yaml, changes some facts (``set``) or adds members (``add``) and states the expected result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from scenarios import household, load_scenarios

from hemvag.rules.engine import evaluate
from hemvag.rules.validation import parse_facts

CASES = load_scenarios()


def _result(header: dict[str, Any], scenario: dict[str, Any]) -> dict[str, Any]:
    document = household(scenario.get("base", header["base"]), scenario.get("set"), scenario.get("add"))
    on = scenario.get("on_date")
    facts = parse_facts(document, on=dt.date.fromisoformat(on) if on else None)
    program = scenario.get("program", header["program"])
    (result,) = evaluate(facts, program=program, lang="en")["results"]
    return result


@pytest.mark.parametrize(("header", "scenario"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_scenario(header: dict[str, Any], scenario: dict[str, Any]) -> None:
    result = _result(header, scenario)
    expect = scenario["expect"]
    assert result["outcome"] == expect["outcome"]
    if "amount_sek" in expect or expect["outcome"] != "eligible":
        assert result["amount_sek"] == expect.get("amount_sek")
    regime = expect.get("regime", scenario.get("regime", header.get("regime", "(any)")))
    if regime != "(any)":
        assert result["regime"] == regime
    if "missing" in expect:
        assert result["missing"] == expect["missing"]
    elif expect["outcome"] != "needs_information":
        assert result["missing"] == []
    for member_id, counted_as in (expect.get("counted_as") or {}).items():
        member = next(m for m in result["members"] if m["id"] == member_id)
        assert member["counted_as"] == counted_as, member
    by_rule = {(r["rule"], r["member"]): r for r in result["reasons"]}
    for rule in expect.get("not_met", []):
        assert any(r["rule"] == rule and r["result"] == "not_met" for r in result["reasons"]), rule
    for rule, verified in (expect.get("verified") or {}).items():
        assert any(r["verified"] is verified for (rid, _), r in by_rule.items() if rid == rule), rule
    for rule, value in (expect.get("reasons") or {}).items():
        assert [r["result"] for r in result["reasons"] if r["rule"] == rule] == [value], rule
    for rule in expect.get("absent_rules", []):
        assert all(r["rule"] != rule for r in result["reasons"]), rule
    for rule, part in (expect.get("text_contains") or {}).items():
        assert any(r["rule"] == rule and part in r["text"] for r in result["reasons"]), (rule, part)
    if "agency_checks" in expect:
        assert {n["id"]: n["verified"] for n in result["agency_checks"]} == expect["agency_checks"]
    if "consequences" in expect:
        assert {n["id"]: n["verified"] for n in result["consequences"]} == expect["consequences"]
    if "instalments" in expect:
        _check_instalments(result["instalments"], expect["instalments"])


def _check_instalments(actual: dict[str, Any] | None, expected: dict[str, Any] | None) -> None:
    if expected is None:
        assert actual is None
        return
    assert actual is not None
    assert actual["count"] == expected["count"]
    assert [part["amount_sek"] for part in actual["schedule"]] == expected["amounts"]
    assert [part["share_percent"] for part in actual["schedule"]] == expected["shares"]
    assert actual["count_verified"] is expected["count_verified"]
    assert actual["schedule_verified"] is expected["schedule_verified"]
    assert actual["assumption"] is expected["assumption"]


def test_every_scenario_file_names_its_rule_and_source() -> None:
    headers = {c[0].split(":")[0]: c[1] for c in CASES}
    assert len(headers) >= 15
    for name, header in headers.items():
        assert header.get("rule") and header.get("source"), name
