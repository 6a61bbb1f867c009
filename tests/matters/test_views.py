"""The matters pages: register with messages beside the fields, write the draft with a live fact and
plain-language hints, four-eyes approval, the decision, search, and who sees what."""

from __future__ import annotations

import datetime as dt

import pytest

from hemvag.core.models import Role
from hemvag.matters import actions
from hemvag.matters.models import Matter, Status
from tests.conftest import signed_in
from tests.matters.conftest import CONTENT


@pytest.fixture
def login(client, settings):
    def sign_in(user):
        signed_in(client, user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


def field_error(page: str, field: str) -> str:
    return page.split(f'id="id_{field}_error"', 1)[1].split("</p>", 1)[0]


def test_registering_shows_each_problem_beside_its_field(official, unit, login):
    client = login(official)
    answer = client.post("/matters/new/", {"unit": unit.pk, "kind": "motion_remiss", "title": "Remiss",
                                           "sender": "Kommunstyrelsen", "sender_reference": "1387",
                                           "received_on": "2023-12-11", "answer_by": "2023-12-01"})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "cannot be due before the matter was received" in field_error(page, "answer_by")
    assert "KS 2023/1387" in field_error(page, "sender_reference")
    assert not Matter.objects.exists()
    answer = client.post("/matters/new/", {"unit": unit.pk, "kind": "motion_remiss", "title": "Remiss",
                                           "sender": "Kommunstyrelsen", "sender_reference": "KS 2023/1387",
                                           "received_on": "2023-12-11", "answer_by": "2024-05-06",
                                           "authors": "Gabriel Kroon (SD)", "handler": official.pk})
    matter = Matter.objects.get()
    assert answer.status_code == 302 and matter.authors == [{"name": "Gabriel Kroon", "party": "SD"}]
    assert matter.handler == official and matter.status == Status.ASSIGNED


def test_the_draft_is_written_with_hints_and_a_live_fact(remiss, official, login, monkeypatch):
    from hemvag.core.reporting import Fact
    from hemvag.matters import facts

    monkeypatch.setattr(facts, "compute", lambda actor, unit, key, argument: Fact(
        key=key, argument=argument, text="I genomsnitt avgjordes 17 ärenden per år.", definition="Beslut.",
        computed_at="2026-12-01T10:00:00+01:00"))
    client = login(official)
    form = {**CONTENT, "proposal": CONTENT["proposal"][0], "signatures": "Veronica Wolgast Carstorp; "
            "Socialdirektör; Socialförvaltningen", "attachments": CONTENT["attachments"][0],
            "preparation": "Ärendet har behandlats av förvaltningsgruppen den 13 mars."}
    assert client.post(f"/matters/{remiss.pk}/draft/", form).status_code == 302
    page = client.get(f"/matters/{remiss.pk}/draft/").content.decode()
    assert "passive voice" in page and "behandlats" in page  # a hint, not a refusal
    client.post(f"/matters/{remiss.pk}/draft/facts", {"key": "reports.decisions_per_year", "argument": "10",
                                                      "section": "views"})
    matter_page = client.get(f"/matters/{remiss.pk}/").content.decode()
    assert "Det saknas underlag för kostnadsberäkningar. I genomsnitt avgjordes 17 ärenden per år." in matter_page
    assert "Computed 2026-12-01 10:00" in matter_page
    assert remiss.versions.count() == 2


def test_four_eyes_on_the_page(remiss, official, manager, login, client):
    actions.do_save_draft(actor=official, matter=remiss, content=CONTENT)
    login(official)
    client.post(f"/matters/{remiss.pk}/step/in_review")
    remiss.refresh_from_db()
    assert remiss.status == Status.IN_REVIEW
    page = client.get(f"/matters/{remiss.pk}/").content.decode()
    assert "Approve the statement" not in page and "Someone other than the one who wrote" in page
    assert client.post(f"/matters/{remiss.pk}/step/approved").status_code == 302
    remiss.refresh_from_db()
    assert remiss.status == Status.IN_REVIEW
    login(manager)
    client.post(f"/matters/{remiss.pk}/step/approved")
    remiss.refresh_from_db()
    assert remiss.status == Status.APPROVED
    answer = client.post(f"/matters/{remiss.pk}/step/decided", {"decision_meeting": "Socialnämnden",
                                                                "decision_text": "Godkänns."})
    assert answer.status_code == 400 and "Required." in field_error(answer.content.decode(), "decided_on")
    client.post(f"/matters/{remiss.pk}/step/decided", {"decided_on": "2024-04-16", "decision_meeting":
                                                      "Socialnämnden", "decision_paragraph": "§ 7",
                                                      "decision_text": "Godkänns."})
    remiss.refresh_from_db()
    assert remiss.status == Status.DECIDED and remiss.decided_on == dt.date(2024, 4, 16)


def test_search_finds_the_statement_text_and_drafts_stay_inside_the_unit(remiss, official, make_user, unit,
                                                                          other_unit, login, client):
    actions.do_save_draft(actor=official, matter=remiss, content=CONTENT)
    login(official)
    assert remiss.reference in client.get("/matters/?q=kostnadsberäkningar").content.decode()
    assert remiss.reference not in client.get("/matters/?q=bostadsbyggande").content.decode()
    outsider = make_user("olle", Role.COUNSELLOR, other_unit)
    login(outsider)
    assert remiss.reference not in client.get("/matters/").content.decode()
    assert client.get(f"/matters/{remiss.pk}/").status_code == 404
    Matter.objects.filter(pk=remiss.pk).update(status=Status.SENT)  # a sent answer is a public document
    assert client.get(f"/matters/{remiss.pk}/").status_code == 200
    assert client.post(f"/matters/{remiss.pk}/step/closed").status_code == 302
    remiss.refresh_from_db()
    assert remiss.status == Status.SENT  # reading is not changing: the other unit's official may not close it
    staff = make_user("omar", Role.STAFF, unit)
    login(staff)
    assert client.get("/matters/").status_code == 403


def test_the_deadline_panel_marks_overdue_in_words(remiss, official, login, client):
    page = login(official).get("/start/").content.decode()
    assert "Motions and referrals with a deadline" in page and remiss.reference in page
    assert '<strong class="overdue">Overdue</strong>' in page  # 2024-05-06 has passed, said in text


def test_downloads_of_the_page_are_final_only_when_approved_and_audited(remiss, official, manager, login, client):
    from hemvag.core.models import AuditEvent

    actions.do_save_draft(actor=official, matter=remiss, content=CONTENT)
    login(official)
    page = client.get(f"/matters/{remiss.pk}/").content.decode()
    assert "exported only as a draft" in page and "export.pdf?draft=1" in page
    refused = client.get(f"/matters/{remiss.pk}/export.pdf")
    assert refused.status_code == 302  # back to the matter, with the message
    assert "is not approved yet" in client.get(f"/matters/{remiss.pk}/").content.decode()
    assert not AuditEvent.objects.filter(verb="matter.exported").exists()
    draft = client.get(f"/matters/{remiss.pk}/export.docx?draft=1")
    assert draft.status_code == 200 and "utkast" in draft["Content-Disposition"]
    actions.do_submit_for_review(actor=official, matter=remiss)
    actions.do_approve_statement(actor=manager, matter=remiss)
    final = client.get(f"/matters/{remiss.pk}/export.pdf")
    assert final.status_code == 200 and final.content.startswith(b"%PDF")
    exported = AuditEvent.objects.filter(verb="matter.exported").order_by("seq")
    assert [event.changes["format"]["after"] for event in exported] == ["docx", "pdf"]


def test_a_body_near_its_deadline_can_be_noted_as_reminded(remiss, official, login, client):
    from django.utils import timezone

    body = actions.do_add_body(actor=official, matter=remiss, name="Farsta stadsdelsnämnd",
                               deadline=timezone.localdate() + dt.timedelta(days=3))
    login(official)
    assert "Note a reminder" in client.get(f"/matters/{remiss.pk}/").content.decode()
    client.post(f"/matters/{remiss.pk}/bodies/{body.pk}/remind")
    body.refresh_from_db()
    assert body.reminded_on == timezone.localdate()
