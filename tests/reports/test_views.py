"""The statistics pages: who may see which figures, problems beside the filter, downloads audited."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hemvag.core.models import AuditEvent, Role

INTERNAL = "/reports/?measures=decisions&measures=granted&period=year&figures=internal"


@pytest.mark.django_db
def test_a_manager_sees_exact_internal_figures_marked_as_such(login, manager, decided_case):
    decided_case()
    page = login(manager).get(INTERNAL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Internal – contains small counts" in html
    assert 'href="/reports/definitions/#measure-decisions"' in html
    assert "The flow of cases opened in the period" in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.STAFF, Role.ADMIN, Role.AUDITOR])
def test_no_one_but_a_manager_reads_statistics(login, make_user, unit, role):
    user = make_user("someone", role, unit)
    assert login(user).get(INTERNAL).status_code == 403
    assert login(user).get("/reports/download.csv?measures=decisions&figures=internal").status_code == 403


@pytest.mark.django_db
def test_internal_figures_of_a_unit_one_does_not_manage_are_refused_beside_the_field(login, make_user, unit,
                                                                                       other_unit):
    other_manager = make_user("olle", Role.MANAGER, other_unit)
    page = login(other_manager).get(f"{INTERNAL}&unit={unit.pk}")
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_unit_error"' in html and "Select a valid choice" in html  # not even offered: another municipality
    assert "table-heading" not in html


@pytest.mark.django_db
def test_a_sibling_units_internal_figures_are_refused_with_what_to_choose_instead(login, manager, municipality):
    from hemvag.core import actions
    from hemvag.core.models import UnitKind
    from hemvag.core.permissions import SYSTEM

    sibling = actions.do_create_unit(actor=SYSTEM, municipality=municipality, name="Syskonenheten",
                                     kind=UnitKind.VOLUNTARY_RETURN, code="t-syskon")
    page = login(manager).get(f"{INTERNAL}&unit={sibling.pk}")  # offered for published figures, not internal ones
    html = page.content.decode()
    assert page.status_code == 400
    assert "Internal figures are only for the unit&#x27;s managers: choose a unit you manage" in html
    assert "table-heading" not in html
    assert login(manager).get(f"/reports/?measures=decisions&figures=published&unit={sibling.pk}").status_code == 200


@pytest.mark.django_db
def test_a_bad_filter_is_explained_beside_its_field(login, manager):
    page = login(manager).get("/reports/?measures=refused&measures=granted&split=decision_reason"
                              "&figures=internal&period_from=2026-05-01&period_to=2026-01-01")
    html = page.content.decode()
    assert page.status_code == 400
    assert "decision_reason goes only with the single measure refused" in html
    assert "before it starts" in html


@pytest.mark.django_db
def test_a_download_carries_the_table_and_is_audited(login, manager, decided_case):
    decided_case()
    response = login(manager).get("/reports/download.csv?measures=granted&figures=internal")
    assert response.status_code == 200
    assert response.content.decode().splitlines()[:2] == ["granted", "1"]
    event = AuditEvent.objects.get(verb="statistics.exported")
    assert (event.actor, event.changes["format"]["after"]) == (manager, "csv")


@pytest.mark.django_db
def test_the_start_page_shows_a_manager_this_year_against_last(login, manager, decided_case):
    decided_case()
    html = login(manager).get("/start/").content.decode()
    assert "so far" in html
    assert "Open cases by stage" in html
    assert "Waiting longest" in html


@pytest.mark.django_db
def test_the_api_gives_the_contract_table_and_audits_it(login, manager, decided_case, unit):
    decided_case()
    response = login(manager).get(f"/api/v1/statistics?measures=granted&by=unit&published=false&unit={unit.pk}")
    body = response.json()
    assert response.status_code == 200
    assert body["rows"] == [{"key": {"unit": unit.code}, "values": {"granted": 1}, "flags": {}}]
    assert body["marking"] == "Internal – contains small counts"
    assert AuditEvent.objects.filter(verb="statistics.exported", actor=manager).count() == 1


@pytest.mark.django_db
def test_the_api_names_the_bad_filter(login, manager):
    response = login(manager).get("/api/v1/statistics?measures=granted&by=year,month")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "by"


@pytest.mark.django_db
def test_the_api_refuses_internal_figures_of_another_unit(login, make_user, unit, other_unit):
    other_manager = make_user("olle", Role.MANAGER, other_unit)
    response = login(other_manager).get(f"/api/v1/statistics?measures=granted&published=false&unit={unit.pk}")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(verb="statistics.exported").exists()


@pytest.mark.django_db
def test_the_default_page_shows_published_figures_with_the_official_sign(login, manager, decided_case):
    decided_case()
    page = login(manager).get("/reports/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "published, counts below 5 suppressed" in html
    assert '<abbr title="Suppressed: a small count, or one that would reveal a small count">..</abbr>' in html
    assert "Internal – contains small counts" not in html


@pytest.mark.django_db
def test_the_municipality_view_shows_every_unit_published(login, manager, decided_case, make_user, unit,
                                                          municipality):
    from hemvag.core import actions
    from hemvag.core.models import UnitKind
    from hemvag.core.permissions import SYSTEM

    sibling = actions.do_create_unit(actor=SYSTEM, municipality=municipality, name="Syskonenheten",
                                     kind=UnitKind.VOLUNTARY_RETURN, code="t-syskon")
    decided_case()
    html = login(manager).get("/reports/municipality/").content.decode()
    assert sibling.name in html and unit.name in html
    assert "Internal – contains small counts" not in html


@pytest.mark.django_db
def test_the_chart_beside_the_table_is_an_image_described_in_words(login, manager, decided_case):
    decided_case()
    html = login(manager).get(INTERNAL).content.decode()
    assert '<figure class="chart"><img src="data:image/svg+xml;base64,' in html
    assert 'alt="Decided cases, Granted cases' in html
    assert "<svg" not in html  # an inline SVG's styles would break the page's content security policy


@pytest.mark.django_db
def test_a_table_too_large_to_read_is_explained_beside_the_filter_and_not_downloaded(login, manager, decided_case):
    decided_case()
    query = ("measures=decisions&period=month&split=sex&split=age_group&figures=internal"
             "&period_from=1900-01-01")
    page = login(manager).get(f"/reports/?{query}")
    assert page.status_code == 400
    assert "the table would have" in page.content.decode()
    assert login(manager).get(f"/reports/download.csv?{query}").status_code == 400
    assert not AuditEvent.objects.filter(verb="statistics.exported").exists()


@pytest.mark.django_db
def test_a_hand_written_url_without_figures_means_published(login, manager, decided_case):
    decided_case()
    response = login(manager).get("/reports/download.csv?measures=decisions&period=year")
    assert response.status_code == 200
    assert "Internal – contains small counts" not in response.content.decode()


@pytest.mark.django_db
def test_a_manager_exports_the_published_table_of_every_unit_in_the_municipality(login, manager, decided_case,
                                                                                  municipality):
    """Published figures count units the manager does not manage; exporting them needs the permission in the
    manager's own unit, not in each unit counted (the first version refused this download)."""
    from hemvag.core import actions
    from hemvag.core.models import UnitKind
    from hemvag.core.permissions import SYSTEM

    sibling = actions.do_create_unit(actor=SYSTEM, municipality=municipality, name="Syskonenheten",
                                     kind=UnitKind.VOLUNTARY_RETURN, code="t-syskon")
    decided_case()
    response = login(manager).get("/reports/download.csv?measures=decisions&period=year&split=unit")
    assert response.status_code == 200
    rows = response.content.decode().splitlines()
    assert rows[0] == "year,unit,decisions"
    assert any(row.startswith(f"{timezone.localdate().year},t-fa,") for row in rows)  # the sibling has no case
    event = AuditEvent.objects.get(verb="statistics.exported")
    assert sorted(event.changes["units"]["after"]) == ["t-fa", sibling.code]
    assert event.changes["table"]["after"]["from"] is not None  # the period the table counted, not the filter
