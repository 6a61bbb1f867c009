"""The interval audit over every table the project publishes from the demo register: the statistics page's
default, the committee's view, the annual report's figures, and each measure by each dimension."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from hemvag.core.models import Unit
from hemvag.core.permissions import SYSTEM
from hemvag.core.reporting import ReportPeriod
from hemvag.reports import queries
from hemvag.reports.measures import DIMENSIONS, MEASURES
from hemvag.reports.sections import FIGURES, year_table
from hemvag.reports.tables import audit, build_request

ONE_DIMENSION = [(measure, dim) for measure in MEASURES for dim in DIMENSIONS
                 if dim != "decision_reason" or measure == "refused"]
TWO_DIMENSIONS = [("decisions,granted,refused", "year,destination_country"), ("persons_granted", "age_group,sex"),
                  ("inquiries,applications", "quarter,channel"), ("refused", "year,decision_reason"),
                  ("granted,amount_granted_sek", "year,unit"), ("departures,withdrawn", "month,programme")]


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())


def published(measures: str, by: str = "", **period: str):
    return queries.statistics_table(SYSTEM, build_request(measures=measures, by=by, published=True, **period))


@pytest.mark.django_db
def test_every_published_demo_table_passes_the_interval_audit(demo):
    tables = [published(m, d) for m, d in [*ONE_DIMENSION, *TWO_DIMENSIONS]]
    tables += [published("inquiries,applications,decisions,granted", "year"),  # the statistics page's default
               published("inquiries,applications,decisions,granted,departures", "year"),  # the committee's view
               published("inquiries,applications,decisions,granted,departures", "unit")]
    failures = {(t.request.measures, t.request.by): audit(t) for t in tables}
    assert {key: found for key, found in failures.items() if found} == {}
    # The demo is meant to show suppression: the history's handful of grants a year must be hidden somewhere.
    assert any(t.has_suppressed for t in tables)


@pytest.mark.django_db
def test_the_annual_reports_figures_pass_the_interval_audit(demo):
    history = Unit.objects.get(code="sth-hist")
    for year in (2016, 2026):
        period = ReportPeriod(unit=history, year=year, language="sv", published=True)
        for _key, measures, by, _heading, _text in FIGURES:
            table = year_table(SYSTEM, period, measures, by)
            assert audit(table) == [], (year, measures, by)
