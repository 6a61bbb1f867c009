"""The matters' writes: registration with its checks, drafting as versions, four-eyes approval that freezes the
facts, the decision, and every step audited and refused when it is not the actor's to take."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hemvag.core.models import AuditEvent, Role
from hemvag.core.reporting import Fact
from hemvag.matters import actions
from hemvag.matters.flows import IllegalTransition
from hemvag.matters.models import Matter, Status
from tests.matters.conftest import CONTENT


def matter_events(matter: Matter) -> list[str]:
    return list(AuditEvent.objects.filter(object_type="matter", object_id=str(matter.pk))
                .order_by("seq").values_list("verb", flat=True))


def test_registration_numbers_the_matter_and_records_it(remiss, unit):
    assert remiss.reference == f"{unit.code.upper()}-2023-0001" and remiss.status == Status.ASSIGNED
    assert remiss.decide_motion_by == dt.date(2024, 11, 1)
    assert matter_events(remiss) == ["matter.registered"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"answer_by": dt.date(2023, 12, 1)}, "answer_by"),
    ({"motion_made_on": dt.date(2024, 1, 1)}, "motion_made_on"),
    ({"sender_reference": "1387-2023"}, "sender_reference"),
    ({"kind": "petition"}, "kind"),
])
def test_bad_registrations_say_which_field_and_save_nothing(official, unit, changes, field):
    values = {"kind": "motion_remiss", "title": "x", "received_on": dt.date(2023, 12, 11),
              "sender": "Kommunstyrelsen", "sender_reference": "KS 2023/1387", **changes}
    with pytest.raises(ValidationError) as refused:
        actions.do_register_matter(actor=official, unit=unit, **values)
    assert field in refused.value.message_dict
    assert not Matter.objects.exists() and not AuditEvent.objects.filter(object_type="matter").exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.AUDITOR, Role.ADMIN])
def test_only_officials_and_managers_register(make_user, unit, role):
    with pytest.raises(PermissionDenied):
        actions.do_register_matter(actor=make_user("x", role, unit), unit=unit, kind="motion", title="x",
                                   received_on=dt.date(2024, 1, 1))


def test_every_save_is_a_new_version_and_the_old_ones_stay(remiss, official):
    first = actions.do_save_draft(actor=official, matter=remiss, content=CONTENT)
    second = actions.do_save_draft(actor=official, matter=remiss, content={**CONTENT, "views": "Nya synpunkter."})
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.views == "Det saknas underlag för kostnadsberäkningar." and second.views == "Nya synpunkter."
    remiss.refresh_from_db()
    assert remiss.status == Status.DRAFTING


@pytest.fixture
def counting_fact(monkeypatch):
    """A fact block whose value changes between computations, to see when a statement computes it again."""
    from hemvag.matters import facts

    calls = []

    def compute(actor, unit, key, argument):
        calls.append(argument)
        return Fact(key=key, argument=argument, text=f"Det har fattats {argument}-{len(calls)} beslut.",
                    definition="d", computed_at="2026-12-01T10:00:00+01:00")

    monkeypatch.setattr(facts, "compute", compute)
    return calls


def test_facts_are_computed_again_until_approval_and_then_frozen(remiss, official, manager, counting_fact):
    actions.do_save_draft(actor=official, matter=remiss, content=CONTENT)
    added = actions.do_add_fact(actor=official, matter=remiss, key="test.fixed", argument="17", section="views")
    assert added.views.endswith("[[fakta:1]]") and added.facts[0]["text"] == "Det har fattats 17-1 beslut."
    saved = actions.do_save_draft(actor=official, matter=remiss, content={**CONTENT, "views": added.views})
    assert saved.facts[0]["text"] == "Det har fattats 17-2 beslut."  # computed again with the save
    actions.do_submit_for_review(actor=official, matter=remiss)
    actions.do_approve_statement(actor=manager, matter=remiss)
    remiss.refresh_from_db()
    approved = remiss.approved_version
    assert approved == saved and approved.facts_frozen and approved.facts[0]["text"].endswith("17-2 beslut.")
    with pytest.raises(IllegalTransition):
        actions.do_refresh_facts(actor=official, matter=remiss)
    with pytest.raises(IllegalTransition):
        actions.do_save_draft(actor=official, matter=remiss, content=CONTENT)
    assert len(counting_fact) == 2  # never computed after the approval
    event = AuditEvent.objects.get(verb="statement.approved")
    assert event.changes["facts"]["after"][0]["text"].endswith("17-2 beslut.")


def test_the_drafter_cannot_approve_and_a_counsellor_never_can(remiss, official, manager, make_user, unit):
    actions.do_save_draft(actor=official, matter=remiss, content=CONTENT)
    actions.do_submit_for_review(actor=official, matter=remiss)
    with pytest.raises(PermissionDenied):
        actions.do_approve_statement(actor=official, matter=remiss)  # a counsellor: no permission at all
    drafting_manager = make_user("kim", Role.MANAGER, unit)
    actions.do_return_to_drafting(actor=manager, matter=remiss)
    actions.do_save_draft(actor=drafting_manager, matter=remiss, content=CONTENT)
    actions.do_submit_for_review(actor=official, matter=remiss)
    with pytest.raises(PermissionDenied, match="someone else must approve"):
        actions.do_approve_statement(actor=drafting_manager, matter=remiss)  # wrote a version
    remiss.refresh_from_db()
    assert remiss.status == Status.IN_REVIEW and remiss.approved_version is None
    actions.do_approve_statement(actor=manager, matter=remiss)
    remiss.refresh_from_db()
    assert remiss.status == Status.APPROVED and remiss.approved_by == manager


def test_a_decision_needs_its_date_and_cannot_skip_approval(remiss, official, manager):
    actions.do_save_draft(actor=official, matter=remiss, content=CONTENT)
    with pytest.raises(IllegalTransition):
        actions.do_record_decision(actor=manager, matter=remiss, decided_on=dt.date(2024, 4, 16),
                                   meeting="Socialnämnden", paragraph="§ 7", text="Godkänns.")
    actions.do_submit_for_review(actor=official, matter=remiss)
    actions.do_approve_statement(actor=manager, matter=remiss)
    with pytest.raises(ValidationError) as refused:
        actions.do_record_decision(actor=manager, matter=remiss, decided_on=None, meeting="Socialnämnden",
                                   paragraph="§ 7", text="Godkänns.")
    assert "decided_on" in refused.value.message_dict
    remiss.refresh_from_db()
    assert remiss.status == Status.APPROVED and remiss.decided_on is None
    actions.do_record_decision(actor=manager, matter=remiss, decided_on=dt.date(2024, 4, 16),
                               meeting="Socialnämnden", paragraph="§ 7", text="Godkänns.")
    actions.do_mark_sent(actor=manager, matter=remiss, sent_on=dt.date(2024, 4, 20))
    actions.do_close_matter(actor=official, matter=remiss)
    assert matter_events(remiss) == [
        "matter.registered", "statement.saved", "matter.submitted", "statement.approved", "matter.decided",
        "matter.sent", "matter.closed"]


def test_answers_are_collected_with_their_checks(remiss, official):
    body = actions.do_add_body(actor=official, matter=remiss, name="Farsta stadsdelsnämnd",
                               deadline=dt.date(2024, 2, 1))
    with pytest.raises(ValidationError):
        actions.do_record_answer(actor=official, body=body, position="maybe", wording="")
    with pytest.raises(ValidationError) as refused:
        actions.do_record_answer(actor=official, body=body, position="no_position", wording="x",
                                 decided_on=dt.date(2018, 2, 1), statement_dated=dt.date(2018, 3, 1))
    assert "statement_dated" in refused.value.message_dict
    actions.do_record_answer(actor=official, body=body, position="no_position", wording="Förvaltningen tar inte "
                             "ställning.", decided_on=dt.date(2018, 2, 1), statement_dated=dt.date(2017, 12, 27),
                             decision="överlämna förvaltningens tjänsteutlåtande som svar på remissen")
    body.refresh_from_db()
    assert body.answered and body.get_position_display().startswith("Takes no position")
