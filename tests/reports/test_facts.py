"""The reports' live fact for statements: decisions and grants a year over the last complete years, in
published figures (small counts suppressed), in Swedish, with its definition."""

from __future__ import annotations

import datetime as dt

import pytest

from hemvag.cases.models import DecisionOutcome
from hemvag.core.reporting import FactError
from hemvag.reports.facts import decisions_per_year
from tests.reports.conftest import YEAR, walk


def test_the_fact_says_the_yearly_average_in_swedish(counsellor, unit):
    walk(counsellor, unit, 8, decision=DecisionOutcome.GRANTED, decided_on=dt.date(YEAR - 1, 3, 1))
    walk(counsellor, unit, 7, decision=DecisionOutcome.REFUSED, decided_on=dt.date(YEAR - 2, 5, 1))
    walk(counsellor, unit, 5, decision=DecisionOutcome.GRANTED, decided_on=dt.date(YEAR, 1, 5))  # not a whole year
    fact = decisions_per_year(counsellor, unit, "2")
    assert fact.text == (f"Under de senaste 2 åren ({YEAR - 2}–{YEAR - 1}) avgjordes i genomsnitt 8 ärenden per "
                         "år, varav 4 beviljades.")  # 15 / 2 = 7.5 rounds half away from zero
    assert "Publicerade siffror för Återvandring Test" in fact.definition and fact.argument == "2"


def test_small_counts_are_not_published_in_a_statement_either(counsellor, unit):
    walk(counsellor, unit, 2, decision=DecisionOutcome.GRANTED, decided_on=dt.date(YEAR - 1, 3, 1))
    fact = decisions_per_year(counsellor, unit, "")
    assert "för få ärenden" in fact.text and fact.argument == "10"


@pytest.mark.parametrize("argument", ["0", "51", "tio", "-3"])
def test_a_bad_number_of_years_says_what_to_give(counsellor, unit, argument):
    with pytest.raises(FactError, match="from 1 to 50"):
        decisions_per_year(counsellor, unit, argument)
