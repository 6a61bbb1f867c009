"""A manager makes a cost forecast in the browser, in Swedish: fills in the scenario, sees a mistake beside its
field, saves, watches the run in the background and reads the table and charts; then compares it with a reform.
axe checks the pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hemvag.core import actions as core_actions
from hemvag.core.models import AuditEvent, Role, UnitKind
from hemvag.core.permissions import SYSTEM
from hemvag.forecasts.models import ForecastRun, RunStatus
from tests.conftest import PASSWORD
from tests.e2e.conftest import serious_violations
from tests.forecasts.conftest import run_worker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(transactional_db):
    municipality = core_actions.do_create_municipality(actor=SYSTEM, name="Testkommun", code="9901")
    unit = core_actions.do_create_unit(actor=SYSTEM, municipality=municipality, name="Återvandring Test",
                                       kind=UnitKind.VOLUNTARY_RETURN, code="t-fa")
    user = core_actions.do_create_user(actor=SYSTEM, username="eva", password=PASSWORD, first_name="Eva")
    core_actions.do_set_membership(actor=SYSTEM, user=user, unit=unit, role=Role.MANAGER)
    return user


def fill_scenario(page: Page, name: str, take_up: str) -> None:
    page.get_by_label("Scenariots namn").fill(name)
    page.get_by_label("Antaganden och deras källor").fill("Ansökningsbenägenheten är en gissning.")
    page.get_by_label("Första år").fill("2026")
    page.get_by_label("Sista år").fill("2028")
    page.get_by_label("Personer i den syntetiska befolkningen").fill("5000")
    page.get_by_label("Ansökningsbenägenhet: andel berättigade hushåll som ansöker varje år").fill(take_up)
    page.get_by_label("Monte Carlo-körningar").fill("50")


def test_a_manager_makes_and_compares_forecasts(page: Page, live_server, manager):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill("eva")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Kostnadsprognoser", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kostnadsprognoser")
    page.get_by_role("link", name="Nytt scenario").click()
    assert serious_violations(page) == []

    fill_scenario(page, "Grund", "150 %")
    page.get_by_role("button", name="Spara och beräkna").click()
    expect(page.locator("#id_take_up_error")).to_contain_text("Måste vara mellan 0 och 1")
    assert serious_violations(page) == []
    page.get_by_label("Ansökningsbenägenhet: andel berättigade hushåll som ansöker varje år").fill("20 %")
    page.get_by_role("button", name="Spara och beräkna").click()
    expect(page.locator("#run-status")).to_contain_text("I kö")
    expect(page.locator("progress")).to_be_visible()

    run_worker()  # the background worker, as `hemvag serve` runs it beside the web server

    # The page polls; once the run is done it reloads with the results.
    expect(page.get_by_text("Prognosen per år")).to_be_visible(timeout=15_000)
    expect(page.locator("figure.chart img")).to_have_count(2)
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert AuditEvent.objects.filter(verb="forecast.downloaded", actor__username="eva").count() == 1

    page.get_by_role("link", name="Scenariot och dess körningar").click()
    page.get_by_role("link", name="Kopiera och ändra").click()
    expect(page.get_by_label("Scenariots namn")).to_have_value("Kopia av Grund")
    page.get_by_label("Ändrade regler (reform)").fill("return_grant.amount_per_adult: 200000")
    page.get_by_role("button", name="Spara och beräkna").click()
    expect(page.locator("#run-status")).to_be_visible()
    run_worker()
    expect(page.get_by_text("Prognosen per år")).to_be_visible(timeout=15_000)

    base, reform = ForecastRun.objects.order_by("pk")
    assert base.status == reform.status == RunStatus.DONE
    page.goto(f"{live_server.url}/reports/forecasts/compare/")
    page.get_by_label("Grundscenario").select_option(str(base.pk))
    page.get_by_label("Reform (eller annat scenario)").select_option(str(reform.pk))
    page.get_by_role("button", name="Jämför").click()
    expect(page.get_by_text("Skillnad: reform minus grundscenario (medelvärden)")).to_be_visible()
    assert serious_violations(page) == []
