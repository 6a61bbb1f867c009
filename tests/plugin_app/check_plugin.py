"""Run only under tests/plugin_settings.py (tests/core/test_plugins.py starts it): the dummy app's
contributions reach the permission table, the menu, the start page, the pages, the API and the demo."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from hemvag.core import plugins
from hemvag.core.actions import do_create_api_token
from hemvag.core.models import Role
from hemvag.core.permissions import SYSTEM, grants
from tests.conftest import HTTPS_HEADERS


def test_the_permission_is_in_the_one_table():
    assert grants()["plugin_app.view_things"] == frozenset({Role.AUDITOR})


@pytest.mark.django_db
def test_the_menu_entry_the_panel_and_the_page(login, make_user, unit):
    client = login(make_user("aina", Role.AUDITOR, unit))
    start = client.get("/start/", headers=HTTPS_HEADERS).content.decode()
    assert 'href="/things/"' in start and "Things of the dummy app" in start
    assert "Things for aina" in start
    assert client.get("/things/", headers=HTTPS_HEADERS).content == b"All the things"
    other = login(make_user("sara", Role.COUNSELLOR, unit))
    assert "Things for" not in other.get("/start/", headers=HTTPS_HEADERS).content.decode()
    assert other.get("/things/", headers=HTTPS_HEADERS).status_code == 403


@pytest.mark.django_db
def test_the_api_route_and_its_error_type(client, make_user, unit):
    auditor = make_user("aina", Role.AUDITOR, unit)
    _token, secret = do_create_api_token(actor=SYSTEM, user=auditor, name="t")
    bearer = {**HTTPS_HEADERS, "Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/things", headers=bearer).json() == {"things": 3}
    tired = client.get("/api/v1/things/tired", headers=bearer)
    assert tired.status_code == 418 and tired.json() == {"detail": "The things are tired.", "errors": []}
    assert "/api/v1/things" in client.get("/api/v1/openapi.json").json()["paths"]
    _token, other = do_create_api_token(actor=SYSTEM, user=make_user("sara", Role.COUNSELLOR, unit), name="t")
    assert client.get("/api/v1/things", headers={**HTTPS_HEADERS, "Authorization": f"Bearer {other}"}
                      ).status_code == 403


@pytest.mark.django_db
def test_the_demo_step_runs_in_its_order(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert out.index("Demo cases created") < out.index("Dummy things created.")
    assert "thing-keeper" in out


def test_report_sections_and_fact_blocks_are_collected():
    # Beside the reports app's individual-support section and the forecasts, in the declared order.
    assert [s.key for s in plugins.report_sections()] == ["individual_support", "outreach", "staff_support",
                                                         "cooperation", "projects", "forecasts", "plugin_app.things"]
    assert [b.key for b in plugins.fact_blocks()] == ["reports.decisions_per_year", "forecasts.forecast_run",
                                                     "outreach.information_meetings",
                                                     "plugin_app.thing_count"]
