"""Outreach: organisations and contacts with their basis, agreements and their expiry reminder, activities and
consultations with their checks, the plan's follow-up, the calendar feed, the report sections and the fact."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hemvag.core.models import AuditEvent, Role
from hemvag.core.reporting import ReportPeriod, TableFigure
from hemvag.outreach import actions, facts, sections
from hemvag.outreach.models import Activity, Agreement, Contact, Organisation, Plan


@pytest.fixture
def association(admin, unit) -> Organisation:
    return actions.do_save_organisation(actor=admin, unit=unit, name="Somaliska föreningen (test)",
                                        kind="association", country="se", communities="somaliska")


def test_a_contact_needs_its_basis_and_goes_on_request_leaving_no_name_behind(admin, association):
    with pytest.raises(ValidationError) as refused:
        actions.do_add_contact(actor=admin, organisation=association, name="Amina Test", basis=" ")
    assert "basis" in refused.value.message_dict and not Contact.objects.exists()
    contact = actions.do_add_contact(actor=admin, organisation=association, name="Amina Test",
                                     basis="Kontaktperson för informationsmöten", work_email="a@example.org")
    actions.do_remove_contact(actor=admin, contact=contact)
    assert not Contact.objects.exists()
    removed = AuditEvent.objects.get(verb="contact.removed")
    assert "Amina" not in str(removed.changes)


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.STAFF, Role.AUDITOR])
def test_only_admins_and_managers_keep_the_organisations(make_user, unit, role):
    with pytest.raises(PermissionDenied):
        actions.do_save_organisation(actor=make_user("x", role, unit), unit=unit, name="X", kind="association")


def test_an_agreement_cannot_end_before_it_starts_and_reminds_before_expiry(manager, unit, association, login):
    with pytest.raises(ValidationError) as refused:
        actions.do_save_agreement(actor=manager, unit=unit, kind="agreement", title="Avtal",
                                  parties=[association], valid_from=dt.date(2026, 5, 1),
                                  valid_to=dt.date(2026, 4, 1))
    assert "valid_to" in refused.value.message_dict and not Agreement.objects.exists()
    today = timezone.localdate()
    actions.do_save_agreement(actor=manager, unit=unit, kind="letter_of_intent", title="Avsiktsförklaring",
                              parties=[association], valid_from=today - dt.timedelta(days=300),
                              valid_to=today + dt.timedelta(days=20), responsible=manager, remind_days=30)
    page = login(manager).get("/start/").content.decode()
    assert "Agreements that expire soon" in page and "Avsiktsförklaring" in page and "in 20 days" in page


@pytest.mark.parametrize(("counts", "field"), [
    ({"participants": -1}, "participants"),
    ({"participants": 100_000}, "participants"),
    ({"participants": 10, "women": 8, "men": 5}, "women"),
])
def test_participant_counts_are_checked(counsellor, unit, counts, field):
    with pytest.raises(ValidationError) as refused:
        actions.do_record_activity(actor=counsellor, unit=unit, kind="information_meeting", title="Möte",
                                   held_on=dt.date(2026, 3, 1), **counts)
    assert field in refused.value.message_dict and not Activity.objects.exists()


def test_a_meeting_and_a_consultation_from_the_pages(counsellor, unit, association, login):
    client = login(counsellor)
    answer = client.post("/outreach/activities/new/", {
        "kind": "information_meeting", "title": "Information om bidraget", "held_on": "2026-03-01",
        "organisations": [association.pk], "participants": "25", "women": "30", "languages": "somaliska"})
    assert answer.status_code == 400 and "cannot be more than the participants" in answer.content.decode()
    client.post("/outreach/activities/new/", {
        "kind": "information_meeting", "title": "Information om bidraget", "held_on": "2026-03-01",
        "organisations": [association.pk], "participants": "25", "women": "12", "languages": "somaliska"})
    assert Activity.objects.get().organisations.get() == association
    answer = client.post("/outreach/consultations/new/", {"held_on": "2026-03-02", "colleague_kind": "sfi",
                                                          "topic": "", "minutes": "20"})
    assert answer.status_code == 400
    assert "not the resident&#x27;s name" in answer.content.decode().split('id="id_topic_error"')[1][:300]
    client.post("/outreach/consultations/new/", {"held_on": "2026-03-02", "colleague_kind": "sfi",
                                                 "topic": "Vem kan få bidraget?", "minutes": "20",
                                                 "led_to_referral": "on"})
    assert "Vem kan få bidraget?" in client.get("/outreach/").content.decode()


def test_the_plan_follows_up_its_lines_and_the_report_and_fact_count_the_year(manager, counsellor, unit,
                                                                               association, login):
    plan = actions.do_save_plan(actor=manager, unit=unit, title="Plan 2026–2027", first_year=2026, last_year=2027,
                                lines=[{"title": "Information till föreningar"}, {"title": "Stöd till personal"}])
    first, second = plan.lines.order_by("number")
    for count in (30, 3):
        actions.do_record_activity(actor=counsellor, unit=unit, kind="information_meeting", title="Möte",
                                   held_on=dt.date(2026, 4, 1), organisations=[association], participants=count,
                                   plan_line=first)
    actions.do_record_consultation(actor=counsellor, unit=unit, held_on=dt.date(2026, 4, 2),
                                   colleague_kind="social_services", topic="Remittering", minutes=45,
                                   led_to_referral=True, plan_line=second)
    page = login(manager).get(f"/outreach/plans/{plan.pk}/?year=2026").content.decode()
    assert "2 activities with 33 participants" in page and "1 consultation (1 led to a referral)" in page
    period = ReportPeriod(unit=unit, year=2026, language="en", published=True, threshold=5)
    outreach = sections.outreach(manager, period)
    table = next(b for b in outreach.blocks if isinstance(b, TableFigure))
    assert table.rows == [["Information meeting", "2", "33"]]
    support = sections.staff_support(manager, period)
    support_table = next(b for b in support.blocks if isinstance(b, TableFigure))
    assert support_table.rows == [["Social services", "1", "0.8", ".."]]  # one referral: a person, suppressed
    fact = facts.information_meetings(counsellor, unit, "2026")
    assert fact.text == "2 informationsmöten med 33 deltagare i 1 förening under 2026."


def test_the_calendar_feed_is_valid_icalendar_without_personal_data(counsellor, unit, association, login, client):
    actions.do_record_activity(actor=counsellor, unit=unit, kind="information_meeting",
                               title="Information, del 1; frågor", held_on=timezone.localdate(),
                               starts_at=dt.time(18, 0), organisations=[association], place="Rinkeby, lokal 2",
                               participants=14)
    login(counsellor)
    client.post("/outreach/calendar/feeds", {"label": "Min kalender"})
    message = client.get("/outreach/").content.decode()
    token = message.split("/outreach/calendar/", 1)[1].split(".ics", 1)[0]
    client.logout()
    answer = client.get(f"/outreach/calendar/{token}.ics")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Informationsmöte: Information, del 1; frågor"]  # in Swedish
    assert str(events[0]["LOCATION"]) == "Rinkeby, lokal 2"
    # The number of participants is not published: no line holds 14 but the times and the UID (whose digits are
    # the clock's and the database's).
    untimed = [line for line in answer.content.decode().splitlines()
               if not line.startswith(("DTSTAMP", "DTSTART", "DTEND", "UID"))]
    assert untimed and not [line for line in untimed if "14" in line]
    assert client.get("/outreach/calendar/not-a-token.ics").status_code == 404


def test_a_funding_application_becomes_a_project_with_budget_spend_and_indicators(manager, unit, login):
    application = actions.do_save_application(actor=manager, unit=unit, funder="Fonden", title="Projekt X",
                                              requested_sek=500_000, deadline=dt.date(2026, 1, 31))
    with pytest.raises(ValidationError):
        actions.do_decide_application(actor=manager, application=application, granted=True,
                                      decided_on=dt.date(2026, 3, 1), granted_sek=400_000)  # not submitted yet
    actions.do_submit_application(actor=manager, application=application, submitted_on=dt.date(2026, 1, 20))
    with pytest.raises(ValidationError) as refused:
        actions.do_decide_application(actor=manager, application=application, granted=True,
                                      decided_on=dt.date(2026, 3, 1), granted_sek=None,
                                      starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 12, 31))
    assert "granted_sek" in refused.value.message_dict  # a grant without an amount
    application = actions.do_decide_application(actor=manager, application=application, granted=True,
                                                decided_on=dt.date(2026, 3, 1), granted_sek=400_000,
                                                starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2027, 12, 31))
    project = application.project
    assert project.title == "Projekt X" and project.funder == "Fonden"
    actions.do_set_budget(actor=manager, project=project, year=2026, cost_type="staff", amount_sek=200_000)
    with pytest.raises(ValidationError):
        actions.do_set_budget(actor=manager, project=project, year=2030, cost_type="staff", amount_sek=1)
    actions.do_record_spend(actor=manager, project=project, spent_on=dt.date(2026, 5, 1), cost_type="staff",
                            amount_sek=50_000)
    actions.do_save_indicator(actor=manager, project=project, name="Besök", target=4, actuals={"2026": 1})
    page = login(manager).get(f"/outreach/projects/{project.pk}/").content.decode()
    assert "data:image/svg+xml;base64," in page and "150\xa0000\xa0kr" in page  # budget minus spend, 2026
    project.status = "closed"
    project.save()
    answer = login(manager).post(f"/outreach/projects/{project.pk}/spend", {
        "spent_on": "2026-06-01", "cost_type": "staff", "amount_sek": "10"})
    assert answer.status_code == 400 and "The project is closed" in answer.content.decode()


def test_a_project_cannot_end_before_it_starts(manager, unit):
    with pytest.raises(ValidationError) as refused:
        actions.do_save_project(actor=manager, unit=unit, title="P", starts_on=dt.date(2026, 5, 1),
                                ends_on=dt.date(2026, 1, 1))
    assert "ends_on" in refused.value.message_dict


def test_the_demo_fills_the_plan_the_projects_and_the_report(db):
    from hemvag.core.demo import load
    from hemvag.core.models import Unit
    from hemvag.outreach import demo

    load()
    outcome = demo.demo_step(create=True)
    assert outcome is not None and demo.demo_step(create=True) is None
    unit = Unit.objects.get(code="sth-fa")
    year = timezone.localdate().year
    period = ReportPeriod(unit=unit, year=year, language="sv", published=True)
    assert sections.outreach(None, period) is not None and sections.projects(None, period) is not None
    assert Plan.objects.get(first_year=2014).lines.count() == 8  # seed 004's eight lines of work


def test_the_annual_report_pdf_fills_its_outreach_sections_from_the_demo(db):
    import io

    from pypdf import PdfReader

    from hemvag.core.demo import load
    from hemvag.core.models import Unit, User
    from hemvag.outreach import demo
    from hemvag.reports.annual import build_report
    from hemvag.reports.pdf import report_pdf

    load()
    demo.demo_step(create=True)
    unit = Unit.objects.get(code="sth-fa")
    report = build_report(User.objects.get(username="manager"), unit, timezone.localdate().year, "sv")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(report))).pages)
    for heading in ("Uppsökande arbete och information", "Stöd till stadens personal", "Samverkan", "Projekt"):
        assert heading in text
    assert "Informationsmöte" in text and "Samarbetsavtal om handledning av CLDD Sarajevo" in text


def test_an_agreement_is_renewed_on_its_page_and_its_history_shows(manager, unit, association, login):
    today = timezone.localdate()
    agreement = actions.do_save_agreement(actor=manager, unit=unit, kind="agreement", title="Avtal",
                                          parties=[association], valid_from=today - dt.timedelta(days=100),
                                          valid_to=today + dt.timedelta(days=10), responsible=manager)
    client = login(manager)
    assert f"/outreach/agreements/{agreement.pk}/" in client.get("/start/").content.decode()
    renewed = (today + dt.timedelta(days=400)).isoformat()
    client.post(f"/outreach/agreements/{agreement.pk}/", {
        "kind": "agreement", "title": "Avtal", "parties": [association.pk],
        "valid_from": (today - dt.timedelta(days=100)).isoformat(), "valid_to": renewed,
        "responsible": manager.pk, "remind_days": "60"})
    agreement.refresh_from_db()
    assert agreement.valid_to.isoformat() == renewed
    assert "Agreements that expire soon" not in client.get("/start/").content.decode()
    page = client.get(f"/outreach/agreements/{agreement.pk}/").content.decode()
    assert f"valid_to {(today + dt.timedelta(days=10)).isoformat()} → {renewed}" in page


def test_a_manager_writes_a_plan_on_the_page(manager, login):
    client = login(manager)
    answer = client.post("/outreach/plans/new/", {"title": "Plan", "first_year": "2027", "last_year": "2026",
                                                  "lines": "Information\nStöd"})
    assert answer.status_code == 400 and "cannot end before it starts" in answer.content.decode()
    client.post("/outreach/plans/new/", {"title": "Plan", "first_year": "2026", "last_year": "2027",
                                         "lines": "Information\n\nStöd till personal"})
    assert [line.title for line in Plan.objects.get().lines.order_by("number")] == ["Information",
                                                                                    "Stöd till personal"]


def test_the_agreement_document_is_kept_and_read_by_the_unit_only(manager, unit, association, other_unit,
                                                                   make_user, login):
    agreement = actions.do_save_agreement(actor=manager, unit=unit, kind="agreement", title="Avtal",
                                          parties=[association], valid_from=dt.date(2026, 1, 1),
                                          document=("avtal.pdf", b"%PDF-1.7 test"))
    client = login(manager)
    assert "avtal.pdf" in client.get("/outreach/agreements/").content.decode()
    assert client.get(f"/outreach/agreements/{agreement.pk}/document").content == b"%PDF-1.7 test"
    login(make_user("olle", Role.MANAGER, other_unit))
    assert client.get(f"/outreach/agreements/{agreement.pk}/document").status_code == 404
