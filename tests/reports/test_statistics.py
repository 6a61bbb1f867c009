"""The statistics engine on real cases made through the actions: what each measure counts, the margins, the
dimensions' keys, and bad requests in the contract's words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hemvag.cases.models import DecisionOutcome
from hemvag.core.permissions import SYSTEM
from hemvag.reports import queries
from hemvag.reports.tables import StatisticsError, audit, build_request


def table(**arguments):
    return queries.statistics_table(SYSTEM, build_request(**arguments))


def row(result, **key):
    wanted = tuple(key[dim] for dim in result.by)
    return next(cell for k, cell in result.rows if k == wanted)


@pytest.mark.django_db
def test_decisions_are_granted_plus_refused_and_persons_count_every_member(decided_case):
    decided_case(persons=3)
    decided_case(decision=DecisionOutcome.REFUSED, reasons=("debts", "no_passport"))
    decided_case(decision=DecisionOutcome.REFUSED)
    result = table(measures="decisions,granted,refused,persons_granted,amount_granted_sek,inquiries")
    assert result.total.values == {"decisions": 3, "granted": 1, "refused": 2, "persons_granted": 3,
                                   "amount_granted_sek": 350_000, "inquiries": 3}
    assert result.rows == []


@pytest.mark.django_db
def test_two_dimensions_give_every_detail_and_both_margins_in_the_contract_order(decided_case):
    decided_case(country="IQ", sex="male")
    decided_case(country="SO", sex="female")
    decided_case(country="SO", sex="female", decision=DecisionOutcome.REFUSED)
    result = table(measures="decisions", by="destination_country,sex")
    keys = [key for key, _cell in result.rows]
    assert keys[:3] == [("IQ", "female"), ("IQ", "male"), ("IQ", "unknown")]
    assert keys[6:] == [("IQ", "*"), ("SO", "*"), ("*", "female"), ("*", "male"), ("*", "unknown")]
    assert row(result, destination_country="SO", sex="female").values == {"decisions": 2}
    assert row(result, destination_country="*", sex="female").values == {"decisions": 2}
    assert row(result, destination_country="IQ", sex="*").values == {"decisions": 1}
    assert result.total.values == {"decisions": 3}


@pytest.mark.django_db
def test_age_group_is_completed_years_on_the_day_counted(decided_case):
    today = timezone.localdate()
    decided_case(born=today.replace(year=today.year - 18) + dt.timedelta(days=1))  # 17 until tomorrow
    decided_case(born=today.replace(year=today.year - 18))  # 18 today
    result = table(measures="decisions", by="age_group")
    assert row(result, age_group="0-17").values == {"decisions": 1}
    assert row(result, age_group="18-29").values == {"decisions": 1}
    assert [key[0] for key, _c in result.rows] == ["0-17", "18-29", "30-44", "45-64", "65+", "unknown"]


@pytest.mark.django_db
def test_a_refused_case_counts_under_each_reason_and_once_in_the_margin(decided_case):
    decided_case(decision=DecisionOutcome.REFUSED, reasons=("debts", "no_passport"))
    decided_case(decision=DecisionOutcome.REFUSED)
    result = table(measures="refused", by="decision_reason")
    assert row(result, decision_reason="debts").values == {"refused": 1}
    assert row(result, decision_reason="no_passport").values == {"refused": 1}
    assert row(result, decision_reason="unknown").values == {"refused": 1}
    assert result.total.values == {"refused": 2}


@pytest.mark.django_db
def test_years_list_every_period_that_overlaps_and_the_period_defaults_to_the_first_counted_year(decided_case):
    decided_case()
    this_year = timezone.localdate().year
    result = table(measures="decisions", by="year", period_from=f"{this_year - 2}-06-01")
    assert [key for key, _c in result.rows] == [(str(year),) for year in range(this_year - 2, this_year + 1)]
    assert table(measures="decisions", by="quarter").period_from == dt.date(this_year, 1, 1)


@pytest.mark.parametrize(("arguments", "field", "words"), [
    ({"measures": "decisions,nonsense"}, "measures", "unknown measure 'nonsense'; valid: inquiries"),
    ({"measures": "decisions", "by": "year,month"}, "by", "at most one time dimension"),
    ({"measures": "decisions", "by": "sex,sex"}, "by", "only once"),
    ({"measures": "decisions", "by": "colour"}, "by", "unknown dimension 'colour'; valid: year"),
    ({"measures": "granted", "by": "decision_reason"}, "by", "only with the single measure refused"),
    ({"measures": "decisions", "period_from": "2024-1-1"}, "from", "write YYYY-MM-DD"),
    ({"measures": "decisions", "period_from": "2024-02-01", "period_to": "2024-01-31"}, "to", "before it starts"),
    ({"measures": "decisions", "published": True, "threshold": 1}, "threshold", "at least 2"),
    ({"measures": "decisions", "threshold": 5}, "threshold", "add --published"),
])
def test_a_bad_request_names_its_field_and_what_to_do(arguments, field, words):
    with pytest.raises(StatisticsError) as raised:
        build_request(**arguments)
    assert [(p.field, words in p.message) for p in raised.value.problems] == [(field, True)]


@pytest.mark.django_db
def test_published_figures_hide_small_counts_and_what_would_reveal_them(decided_case):
    for _ in range(6):
        decided_case(country="IQ")
    decided_case(country="SO")
    result = table(measures="granted", by="destination_country", published=True)
    assert row(result, destination_country="SO").values == {"granted": None}  # 1: primary
    assert row(result, destination_country="SO").flags == {"granted": "suppressed"}
    # IQ's 6 is hidden too (secondary): with the total shown, SO would follow from it.
    assert row(result, destination_country="IQ").flags == {"granted": "suppressed"}
    assert result.total.values == {"granted": 7}
    assert audit(result) == []


@pytest.mark.django_db
def test_granted_and_refused_are_protected_as_the_two_parts_of_decisions(decided_case):
    for _ in range(6):
        decided_case()
    decided_case(decision=DecisionOutcome.REFUSED)
    alone = table(measures="granted", published=True)
    together = table(measures="decisions,granted,refused", published=True)
    # Shown beside decisions (7), granted (6) would give refused away: it is hidden in both tables.
    assert alone.total.flags == {"granted": "suppressed"}
    assert together.total.values == {"decisions": 7, "granted": None, "refused": None}
    assert audit(together) == []


@pytest.mark.django_db
def test_an_amount_is_shown_only_with_its_granted_count(decided_case):
    decided_case(country="IQ")
    for _ in range(5):
        decided_case(country="SO")
    result = table(measures="granted,amount_granted_sek", by="destination_country", published=True)
    assert row(result, destination_country="IQ").values == {"granted": None, "amount_granted_sek": None}
    assert row(result, destination_country="SO").flags == {"granted": "suppressed",
                                                           "amount_granted_sek": "suppressed"}
    assert result.total.values == {"granted": 6, "amount_granted_sek": None}  # a detail amount is hidden


@pytest.mark.django_db
def test_a_published_reason_table_passes_the_audit_and_inherits_the_decisions_pattern(decided_case):
    for _ in range(6):
        decided_case(decision=DecisionOutcome.REFUSED, reasons=("debts",))
    decided_case(decision=DecisionOutcome.REFUSED, reasons=("debts", "no_passport"))
    result = table(measures="refused", by="decision_reason", published=True)
    assert row(result, decision_reason="no_passport").flags == {"refused": "suppressed"}
    assert row(result, decision_reason="permit_date").values == {"refused": 0}  # zeros are shown
    assert audit(result) == []
    internal = table(measures="refused", by="decision_reason")
    assert internal.total.values == {"refused": 7} and internal.total.flags == {}


@pytest.mark.django_db
def test_a_table_without_dimensions_is_one_aggregate_not_a_row_per_case(decided_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    decided_case()
    decided_case()
    with CaptureQueriesContext(connection) as captured:
        result = table(measures="decisions,inquiries")
    assert result.total.values == {"decisions": 2, "inquiries": 2}
    # A GROUP BY over no field would group by every column: one row back per case (the report once took 34 s).
    assert not [q["sql"] for q in captured.captured_queries if "GROUP BY" in q["sql"]]
