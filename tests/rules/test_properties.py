"""Properties over random households (hypothesis), unknown facts included."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import filled_in, households

from hemvag.rules.engine import evaluate
from hemvag.rules.validation import parse_facts

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def results(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["program"]: r for r in evaluate(parse_facts(document), lang="en")["results"]}


@SETTINGS
@given(data=st.data(), document=households())
def test_a_decided_outcome_never_changes_when_unknowns_are_filled_in(
    data: st.DataObject, document: dict[str, Any]
) -> None:
    before = results(document)
    after = results(data.draw(filled_in(document)))
    for program, result in before.items():
        filled = after[program]
        assert filled["outcome"] != "needs_information"  # nothing is unknown any more
        if result["outcome"] != "needs_information":
            assert (filled["outcome"], filled["amount_sek"]) == (result["outcome"], result["amount_sek"]), program
        elif result["amount_range_sek"] and filled["outcome"] == "eligible":
            low, high = result["amount_range_sek"]
            assert low <= filled["amount_sek"] <= high


@SETTINGS
@given(document=households(max_others=9))
def test_the_amount_never_exceeds_a_cap(document: dict[str, Any]) -> None:
    for program, result in results(document).items():
        if result["amount_sek"] is None:
            continue
        used = result["parameters"]
        assert result["amount_sek"] <= used[f"{program}.household_cap"]
        couple_cap = used.get(f"{program}.couple_cap")
        only_couple = all(m["role"] in ("main_applicant", "spouse", "cohabiting_partner") for m in document["members"])
        if couple_cap is not None and only_couple:
            assert result["amount_sek"] <= couple_cap


def eligible_child(document: dict[str, Any]) -> dict[str, Any]:
    """A child under 18 who meets every member condition of every regime."""
    main = document["members"][0]
    granted = max(main["permit"]["granted_on"] or "2019-01-01", "2019-01-01")
    return {
        "id": f"p{len(document['members']) + 1}", "role": "child", "birth_date": "2019-01-01",
        "swedish_citizen": False, "registered_in_sweden": True, "lives_with_main_applicant": True,
        "special_reasons_accepted": None, "debts_to_authorities": False, "can_pay_journey": False,
        "has_valid_national_passport": True, "received_grant_before": False,
        "permit": {"ground": "family_ties", "granted_on": min(granted, "2024-09-12"), "permanent": True, "valid": True},
        "asylum": {"outcome": "refused", "decided_on": None, "admission_likely": True},
    }  # fmt: skip


@SETTINGS
@given(document=households(max_others=5))
def test_adding_an_eligible_child_never_lowers_the_amount(document: dict[str, Any]) -> None:
    before = results(document)
    bigger = copy.deepcopy(document)
    bigger["members"].append(eligible_child(document))
    after = results(bigger)
    for program, result in before.items():
        if result["outcome"] == "eligible":
            assert after[program]["outcome"] == "eligible", program
            assert after[program]["amount_sek"] >= result["amount_sek"]


def get_path(document: dict[str, Any], path: str) -> Any:
    node: Any = document
    for step in path.replace("[", ".").replace("]", "").split("."):
        node = node[int(step)] if step.isdigit() else node[step]
    return node


@SETTINGS
@given(data=st.data(), document=households())
def test_answering_exactly_the_missing_facts_decides_the_outcome(data: st.DataObject, document: dict[str, Any]) -> None:
    """What the self-check relies on: `missing` names only unknown facts, and once all of them are
    answered (whatever the answers) the result is decided; other unknown facts never need asking."""
    from scenarios import set_path

    full = data.draw(filled_in(document))
    for program, result in results(document).items():
        if result["outcome"] != "needs_information":
            assert result["missing"] == []
            continue
        assert result["missing"], program
        answered = copy.deepcopy(document)
        for path in result["missing"]:
            assert get_path(document, path) is None, path
            set_path(answered, path, get_path(full, path))
        assert results(answered)[program]["outcome"] != "needs_information", (program, result["missing"])
