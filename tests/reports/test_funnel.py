"""The flow of cases: how many reached each step, and the median days between steps."""

from __future__ import annotations

import datetime as dt

from hemvag.reports.funnel import funnel

D = dt.date


def case(**days):
    row = {"opened_on": D(2026, 1, 1), "first_note": None, "counselling_at": None, "submitted_on": None,
           "decided_on": None, "decision": "", "departed_on": None, "contact_12": None, "stage": "inquiry"}
    return {**row, **days}


def test_each_step_counts_the_cases_that_reached_it_and_the_median_days_from_the_step_it_follows():
    steps = {step.id: step for step in funnel([
        case(),  # an inquiry, nothing more
        case(first_note=D(2026, 1, 11), stage="counselling"),
        case(first_note=D(2026, 1, 5), submitted_on=D(2026, 2, 4), decided_on=D(2026, 3, 6), decision="granted",
             departed_on=D(2026, 4, 5), contact_12=D(2027, 4, 5), stage="closed"),
        # imported: no day of counselling, but an application means it was counselled
        case(submitted_on=D(2026, 1, 21), decided_on=D(2026, 1, 31), decision="refused", stage="closed"),
    ])}
    assert [steps[s].count for s in steps] == [4, 3, 2, 2, 1, 1, 1]
    assert steps["counselling"].median_days_from_previous == 7  # 10 and 4 days after the inquiry
    assert steps["applications"].median_days_from_previous == 30  # only the case with a day of counselling
    assert steps["decisions"].median_days_from_previous == 20  # 30 and 10 days after the application
    assert steps["granted"].median_days_from_previous is None  # the decision's own day
    assert steps["departures"].median_days_from_previous == 30  # from the decision
    assert steps["contact_12"].median_days_from_previous == 365
    assert steps["applications"].percent_of_first == 50


def test_a_withdrawn_inquiry_was_not_counselled_and_an_empty_period_has_no_shares():
    steps = {step.id: step for step in funnel([case(stage="withdrawn")])}
    assert (steps["inquiries"].count, steps["counselling"].count) == (1, 0)
    assert all(step.percent_of_first is None and step.count == 0 for step in funnel([]))
