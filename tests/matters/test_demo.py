from __future__ import annotations

from hemvag.core.models import AuditEvent
from hemvag.matters.demo import demo_step
from hemvag.matters.models import Matter, Position, StatementVersion, Status


def test_the_demo_enters_the_seeds_matters_through_the_actions(demo_matters):
    remiss, motion = demo_matters["remiss"], demo_matters["motion"]
    assert remiss.status == Status.SENT and remiss.kind == "motion_remiss"
    assert remiss.sender == "Kommunstyrelsen" and str(remiss.answer_by) == "2024-05-06"
    assert remiss.consulted_elsewhere == "Stadsledningskontoret, Arbetsmarknadsnämnden"
    assert remiss.handler.username == "counsellor" and remiss.approved_by.username == "manager"
    assert {v.created_by.username for v in remiss.versions.all()} == {"counsellor"}  # four eyes
    assert remiss.approved_version.facts_frozen
    assert (remiss.decision_meeting, remiss.decision_paragraph) == ("Socialnämnden", "§ 7")
    assert motion.status == Status.DECIDED and motion.motion_number == "2017:40"
    assert motion.decision_meeting == "Kommunstyrelsen" and str(motion.decided_on) == "2018-04-25"
    assert motion.bodies.count() == 6 and all(body.answered for body in motion.bodies.all())
    assert motion.bodies.get(name="Farsta stadsdelsnämnd").position == Position.NO_POSITION
    assert motion.bodies.get(name="Stadsledningskontoret").position == Position.OPPOSES
    verbs = set(AuditEvent.objects.filter(object_type="matter", object_id=str(remiss.pk))
                .values_list("verb", flat=True))
    assert {"matter.registered", "statement.saved", "statement.approved", "matter.decided", "matter.sent"} <= verbs
    assert "frivillig återvandring" in remiss.title and "ä" in remiss.approved_version.summary


def test_a_second_load_changes_nothing(demo_matters):
    counts = (Matter.objects.count(), StatementVersion.objects.count(), AuditEvent.objects.count())
    outcome = demo_step(create=True)
    assert outcome is not None and "nothing changed" in outcome.summary
    assert demo_step(create=False) is None
    assert (Matter.objects.count(), StatementVersion.objects.count(), AuditEvent.objects.count()) == counts
