"""The forecasts' section of the annual report: the latest run of each scenario finished in the year, with
its assumptions and what is a guess; nothing for a reader who may not see the unit's forecasts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hemvag.core.models import Role
from hemvag.core.reporting import Heading, Paragraph, ReportPeriod, TableFigure
from hemvag.forecasts import actions, sections
from hemvag.forecasts.models import ForecastRun
from tests.forecasts.conftest import run_worker, small_document


@pytest.mark.django_db(transaction=True)
def test_the_report_shows_the_latest_run_of_each_scenario_with_its_assumptions(manager, unit, make_user):
    scenario = actions.do_create_scenario(actor=manager, unit=unit, name="Base", assumptions="Take-up guessed.",
                                          document=small_document())
    for _n in range(2):
        actions.do_request_forecast_run(actor=manager, scenario=scenario)
    run_worker()
    latest = ForecastRun.objects.order_by("-pk").first()
    year = timezone.localdate().year
    section = sections.forecasts(manager, ReportPeriod(unit=unit, year=year, language="en", published=True))
    assert section is not None and section.key == "forecasts"
    tables = [block for block in section.blocks if isinstance(block, TableFigure)]
    assert [table.key for table in tables] == [f"forecast-{latest.pk}"]  # one run per scenario, the latest
    assert tables[0].svg and tables[0].rows[-1][0] == "Total"
    grants = latest.result["totals"]["grants"]
    assert tables[0].rows[-1][3] == f"{grants['mean']:,} ({grants['p5']:,}–{grants['p95']:,})"
    texts = [block.text for block in section.blocks if isinstance(block, Paragraph | Heading)]
    assert "Take-up guessed." in texts and any("are assumptions" in text for text in texts)
    assert sections.forecasts(manager, ReportPeriod(unit=unit, year=year - 1, language="en", published=True)) is None
    counsellor = make_user("sara", Role.COUNSELLOR, unit)
    assert sections.forecasts(counsellor, ReportPeriod(unit=unit, year=year, language="en", published=True)) is None
