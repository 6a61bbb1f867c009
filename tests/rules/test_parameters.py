"""Parameters are data: dated values with sources, validated on load; an amount change needs no code."""

from __future__ import annotations

import datetime as dt
import shutil
from importlib import resources
from pathlib import Path

import pytest
from scenarios import household

from hemvag.rules.engine import evaluate
from hemvag.rules.parameters import ParameterError, load_parameters, parse_parameter_document
from hemvag.rules.validation import parse_facts

PACKAGED = Path(str(resources.files("hemvag.rules") / "parameters"))


def test_every_packaged_value_has_a_source_a_verified_flag_and_a_review_date() -> None:
    parameters = load_parameters()
    for parameter in parameters.parameters.values():
        for value in parameter.values:
            if value.value is None:
                continue
            assert value.reference or value.source, parameter.key
            assert isinstance(value.verified, bool)
            assert value.last_reviewed is not None


def test_dated_values_switch_on_the_start_day_and_null_closes_a_period() -> None:
    parameters = load_parameters()
    before, after = parameters.on(dt.date(2025, 12, 31)), parameters.on(dt.date(2026, 1, 1))
    assert before.get("return_grant.amount_per_adult") == 10000
    assert after.get("return_grant.amount_per_adult") == 350000
    assert before.get("return_grant.couple_cap") is None
    assert after.get("return_grant.couple_cap") == 500000
    assert before.get("return_grant.permit_granted_on_or_before") is None
    assert after.get("return_grant.permit_granted_on_or_before") == dt.date(2024, 9, 12)
    # closed by `value: null` from 2026-01-01
    assert before.items("return_grant.qualifying_grounds_unverified") == ("other_protection",)
    assert after.items("return_grant.qualifying_grounds_unverified") == ()
    # particularly distressing circumstances: verified for the 1984 regime (RULES.md §1), closed in 2026
    assert before.items("return_grant.qualifying_grounds_older_page") == ("particularly_distressing",)
    assert before.entries["return_grant.qualifying_grounds_older_page"].verified is True
    assert after.items("return_grant.qualifying_grounds_older_page") == ()


def test_the_country_list_is_verified_from_the_day_it_was_read_not_before() -> None:
    parameters = load_parameters()
    before, read = parameters.on(dt.date(2026, 11, 30)), parameters.on(dt.date(2026, 12, 1))
    assert before.items("reintegration_support.countries") == read.items("reintegration_support.countries")
    assert len(read.items("reintegration_support.countries")) == 16
    assert before.verified("reintegration_support.countries") is False
    assert read.verified("reintegration_support.countries") is True
    source = read.entries["reintegration_support.countries"].source
    assert "/Lamna-Sverige/Avslag-pa-ansokan-om-asyl/Stod-till-ateretablering/Kontantstod.html" in source


def test_instalments_are_three_and_the_schedule_is_an_unverified_percent_list() -> None:
    p = load_parameters().on(dt.date(2026, 3, 1))
    assert p.get("return_grant.instalments") == 3 and p.verified("return_grant.instalments") is True
    assert p.percents("return_grant.instalment_schedule") == (20, 40, 40)
    assert p.verified("return_grant.instalment_schedule") is False
    assert p.get("return_grant.last_instalment_months_abroad") == 15
    assert load_parameters().on(dt.date(2025, 12, 31)).percents("return_grant.instalment_schedule") == ()


def test_explicit_until_ends_a_value_inclusively() -> None:
    text = """
x.amount:
  description: {sv: a, en: a}
  type: amount
  values:
    - {start: 2020-01-01, until: 2020-06-30, value: 5, source: http://example.org, verified: true,
       last_reviewed: 2026-01-01}
"""
    (parameter,) = parse_parameter_document(text, "x.yaml").values()
    assert parameter.entry_on(dt.date(2020, 6, 30)) is not None
    assert parameter.entry_on(dt.date(2020, 7, 1)) is None


def test_changing_an_amount_is_a_data_change_only(tmp_path: Path) -> None:
    for path in PACKAGED.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "return_grant.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("value: 350000", "value: 360000"), encoding="utf-8")
    parameters = load_parameters(sorted(tmp_path.glob("*.yaml")))
    facts = parse_facts(household("single_2026"))
    (result,) = evaluate(facts, program="return_grant", parameters=parameters)["results"]
    assert result["amount_sek"] == 360000
    assert result["parameters"]["return_grant.amount_per_adult"] == 360000


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("x: [1", "x.yaml: not valid YAML"),
        ("- a", "x.yaml: the top level must map parameter keys"),
        (
            "k: {type: amount, description: {sv: a, en: b}, values: [{start: 2020-01-01, value: -3, "
            "source: s, verified: true, last_reviewed: 2026-01-01}]}",
            "x.yaml: k.values[0].value: not a non-negative amount",
        ),
        (
            "k: {type: amount, description: {sv: a, en: b}, values: [{start: 2020-01-01, value: 3, "
            "verified: true, last_reviewed: 2026-01-01}]}",
            "x.yaml: k.values[0]: a value needs a 'reference'",
        ),
        (
            "k: {type: amount, description: {sv: a, en: b}, values: [{start: 2020-01-01, value: 3, source: s, "
            "last_reviewed: 2026-01-01}]}",
            "x.yaml: k.values[0]: missing 'verified'",
        ),
        (
            "k: {type: country_list, description: {sv: a, en: b}, values: [{start: 2020-01-01, value: [IQ, ZZ], "
            "source: s, verified: true, last_reviewed: 2026-01-01}]}",
            "x.yaml: k.values[0].value: unknown country ZZ",
        ),
        (
            "k: {type: date, description: {sv: a, en: b}, values: [{start: 2020-01-01, value: soon, "
            "source: s, verified: true, last_reviewed: 2026-01-01}]}",
            "x.yaml: k.values[0].value: not a date",
        ),
        ("k: {type: money, description: {sv: a, en: b}, values: []}", "x.yaml: k.type: 'money' is not one of"),
        (
            "k: {type: percent_list, description: {sv: a, en: b}, values: [{start: 2020-01-01, value: [20, 40, 30], "
            "source: s, verified: false, last_reviewed: 2026-01-01}]}",
            "x.yaml: k.values[0].value: the per cents add up to 90, not 100",
        ),
        (
            "k: {type: percent_list, description: {sv: a, en: b}, values: [{start: 2020-01-01, value: [50, half], "
            "source: s, verified: false, last_reviewed: 2026-01-01}]}",
            "x.yaml: k.values[0].value: not a list of whole per cents",
        ),
        (
            "k: {type: amount, description: {sv: a, en: b}, values: [{start: 2020-01-01, until: 2021-01-01, value: 1, "
            "source: s, verified: true, last_reviewed: 2026-01-01}, {start: 2020-06-01, value: 2, source: s, "
            "verified: true, last_reviewed: 2026-01-01}]}",
            "x.yaml: k: value from 2020-01-01 overlaps",
        ),
    ],
)
def test_a_bad_file_gives_a_clear_error(body: str, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        parse_parameter_document(body, "x.yaml")
    assert str(caught.value).startswith(message), str(caught.value)


def test_every_result_carries_the_parameters_used() -> None:
    facts = parse_facts(household("single_1984"))
    (result,) = evaluate(facts, program="return_grant")["results"]
    assert result["regime"] == "return_grant_1984"
    assert result["parameters"]["return_grant.amount_per_adult"] == 10000
    assert result["parameters"]["return_grant.household_cap"] == 40000
    assert result["parameters"]["return_grant.couple_cap"] is None
    assert result["parameters"]["common.adult_age"] == 18


def test_the_instalment_schedule_is_data_and_the_forecasts_default(tmp_path: Path) -> None:
    from hemvag.rules.instalments import default_schedule, split

    assert split(350000, (20, 40, 40)) == [70000, 140000, 140000]
    assert split(425001, (20, 40, 40)) == [85000, 170000, 170001]  # the rest goes to the last part
    assert default_schedule(load_parameters().on(dt.date(2026, 3, 1))) == (20, 40, 40)
    for path in PACKAGED.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    target = tmp_path / "return_grant.yaml"
    text = target.read_text(encoding="utf-8")
    assert "value: [20, 40, 40]" in text
    target.write_text(text.replace("value: [20, 40, 40]", "value: [50, 25, 25]"), encoding="utf-8")
    parameters = load_parameters(sorted(tmp_path.glob("*.yaml")))
    assert default_schedule(parameters.on(dt.date(2026, 3, 1))) == (50, 25, 25)
    (result,) = evaluate(parse_facts(household("single_2026")), program="return_grant", parameters=parameters)[
        "results"
    ]
    assert [part["amount_sek"] for part in result["instalments"]["schedule"]] == [175000, 87500, 87500]
    assert result["parameters"]["return_grant.instalment_schedule"] == [50, 25, 25]
    assert result["instalments"]["assumption"] is True


def test_the_2026_regime_names_its_sfs_number_and_dates_as_verified() -> None:
    entry = load_parameters().on(dt.date(2026, 1, 1)).entries["return_grant.regime"]
    assert entry.value == "return_grant_2026" and entry.verified is True
    assert "2025:970" in entry.reference and "2025-10-30" in entry.reference and "2026-01-01" in entry.reference
    assert "inte verifierat" not in entry.reference
