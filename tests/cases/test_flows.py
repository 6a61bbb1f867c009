"""Every pair of stages, and every pair of referral states: allowed exactly when the issue's machines say so,
and nothing else."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from hemvag.cases import actions
from hemvag.cases.flows import IllegalTransition
from hemvag.cases.models import Case, Referral, ReferralState, Stage, TimelineEntry
from hemvag.core.models import AuditEvent

OPEN = ["inquiry", "counselling", "preparing_application", "submitted", "decided", "departure_planned", "departed",
        "follow_up"]
# Written out from the issue, independently of flows.py.
LEGAL = {
    ("inquiry", "counselling"), ("counselling", "preparing_application"), ("preparing_application", "submitted"),
    ("submitted", "decided"), ("decided", "departure_planned"), ("decided", "closed"),
    ("departure_planned", "departed"), ("departed", "follow_up"), ("follow_up", "closed"),
    *((stage, "withdrawn") for stage in OPEN), *((stage, "closed_without_application") for stage in OPEN),
}
REQUIRED_DATA = {
    "submitted": {"submitted_on": dt.date(2026, 3, 1), "migration_agency_case_number": "MV-1"},
    "decided": {"decision": "granted", "decided_on": dt.date(2026, 4, 1), "decided_amount_sek": 550000},
    "departure_planned": {"planned_departure_on": dt.date(2026, 5, 1)},
    "departed": {"departed_on": dt.date(2026, 5, 2)},
}


def put_in_stage(case: Case, stage: str) -> Case:
    """Arrange a case in a stage directly (test set-up), with the data that stage implies."""
    Case.objects.filter(pk=case.pk).update(stage=stage, decision="granted")
    case.refresh_from_db()
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), list(itertools.product(list(Stage), list(Stage))))
def test_every_stage_pair(counsellor, case, source, target):
    case = put_in_stage(case, source)
    events_before = AuditEvent.objects.count()
    timeline_before = TimelineEntry.objects.filter(case=case).count()
    if (source, target) in LEGAL:
        moved = actions.do_transition(actor=counsellor, case=case, target=target, **REQUIRED_DATA.get(target, {}))
        assert moved.stage == target
        assert AuditEvent.objects.count() == events_before + 1
        entry = TimelineEntry.objects.filter(case=case).first()
        assert (entry.from_stage, entry.to_stage) == (source, target)
    else:
        with pytest.raises(IllegalTransition):
            actions.do_transition(actor=counsellor, case=case, target=target, **REQUIRED_DATA.get(target, {}))
        case.refresh_from_db()
        assert case.stage == source
        assert AuditEvent.objects.count() == events_before
        assert TimelineEntry.objects.filter(case=case).count() == timeline_before


@pytest.mark.django_db
def test_unknown_stage_is_an_illegal_transition(counsellor, case):
    with pytest.raises(IllegalTransition, match="Possible next steps"):
        actions.do_transition(actor=counsellor, case=case, target="teleported")


@pytest.mark.django_db
def test_a_step_without_its_required_facts_is_refused_and_nothing_is_saved(counsellor, case):
    case = put_in_stage(case, "preparing_application")
    with pytest.raises(ValidationError) as error:
        actions.do_transition(actor=counsellor, case=case, target="submitted", submitted_on=dt.date(2026, 3, 1))
    assert "migration_agency_case_number" in error.value.error_dict
    case.refresh_from_db()
    assert (case.stage, case.submitted_on) == ("preparing_application", None)


@pytest.mark.django_db
def test_departure_cannot_be_planned_after_a_refusal(counsellor, case):
    case = put_in_stage(case, "submitted")
    case = actions.do_transition(actor=counsellor, case=case, target="decided", decision="refused",
                                 decided_on=dt.date(2026, 4, 1))
    with pytest.raises(IllegalTransition, match="granted decision"):
        actions.do_transition(actor=counsellor, case=case, target="departure_planned",
                              planned_departure_on=dt.date(2026, 5, 1))
    assert actions.do_transition(actor=counsellor, case=case, target="closed").stage == "closed"


@pytest.mark.django_db
def test_departure_schedules_follow_ups_at_1_3_6_and_12_months(counsellor, case):
    case = put_in_stage(case, "departure_planned")
    actions.do_transition(actor=counsellor, case=case, target="departed", departed_on=dt.date(2026, 1, 31))
    assert [(f.months_after_departure, f.due_on) for f in case.follow_ups.order_by("due_on")] == [
        (1, dt.date(2026, 2, 28)), (3, dt.date(2026, 4, 30)), (6, dt.date(2026, 7, 31)), (12, dt.date(2027, 1, 31)),
    ]


@pytest.mark.django_db
def test_withdrawal_is_possible_from_every_open_stage_and_closes_the_case(counsellor, case):
    for stage in OPEN:
        case = put_in_stage(case, stage)
        withdrawn = actions.do_transition(actor=counsellor, case=case, target="withdrawn")
        assert withdrawn.stage == "withdrawn" and withdrawn.closed_at is not None


# Written out from the issue too: a referral is accepted or declined, and an accepted one is done at last.
REFERRAL_LEGAL = {("sent", "accepted"), ("sent", "declined"), ("accepted", "done")}


def a_referral(counsellor, case, state: str) -> Referral:
    person = case.household.members.get(relation="main_applicant").person
    actions.do_record_consent(actor=counsellor, case=case, person=person, recipient="migration_agency",
                              recipient_name="", scope="Ansökan", given_on=dt.date(2026, 3, 1), method="written")
    referral = actions.do_send_referral(actor=counsellor, case=case, recipient="migration_agency", recipient_name="",
                                        purpose="Ansökan", sent_on=dt.date(2026, 3, 1), override_reason="")
    Referral.objects.filter(pk=referral.pk).update(state=state)  # arranged directly (test set-up)
    referral.refresh_from_db()
    return referral


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), list(itertools.product(ReferralState.values, repeat=2)))
def test_every_referral_state_pair(counsellor, case, source, target):
    referral = a_referral(counsellor, case, source)
    events_before = AuditEvent.objects.count()
    if (source, target) in REFERRAL_LEGAL:
        assert actions.do_set_referral_state(actor=counsellor, referral=referral, state=target).state == target
        assert AuditEvent.objects.count() == events_before + 1
    else:
        with pytest.raises(ValidationError):
            actions.do_set_referral_state(actor=counsellor, referral=referral, state=target)
        referral.refresh_from_db()
        assert referral.state == source and AuditEvent.objects.count() == events_before
