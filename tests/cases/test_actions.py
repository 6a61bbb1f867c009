"""What happens inside a case: every write audited, refusals say what to do and leave nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hemvag.cases import actions
from hemvag.cases.documents import MAX_BYTES
from hemvag.cases.models import Case, Channel, Document, EligibilitySnapshot, Referral, Task
from hemvag.core.models import AuditEvent, Role

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.7\n" + b"x" * 100
TODAY = dt.date(2026, 3, 1)


def main_person(case):
    return case.household.members.get(relation="main_applicant").person


def consent(counsellor, case, recipient="migration_agency", name="", given_on=TODAY):
    return actions.do_record_consent(actor=counsellor, case=case, person=main_person(case), recipient=recipient,
                                     recipient_name=name, scope="Ansökan", given_on=given_on, method="written")


def refer(actor, case, recipient="migration_agency", name="", sent_on=TODAY, override_reason=""):
    return actions.do_send_referral(actor=actor, case=case, recipient=recipient, recipient_name=name,
                                    purpose="Ansökan", sent_on=sent_on, override_reason=override_reason)


def test_opening_a_case_gives_a_reference_per_unit_and_year(counsellor, unit, family, other_unit, make_user):
    first = actions.do_open_case(actor=counsellor, unit=unit, household=family)
    year = timezone.localdate().year
    assert (unit.reference_prefix, other_unit.reference_prefix) == ("TFA", "AFA")  # from the codes t-fa, a-fa
    assert first.reference == f"TFA-{year}-0001"
    from hemvag.people.actions import do_create_household, do_create_person

    second_household = do_create_household(actor=counsellor, unit=unit, main_person=do_create_person(
        actor=counsellor, unit=unit, first_name="B", birth_date=dt.date(1990, 1, 1)))
    assert actions.do_open_case(actor=counsellor, unit=unit, household=second_household).reference == \
        f"TFA-{year}-0002"
    elsewhere = make_user("karl", Role.COUNSELLOR, other_unit)
    other_household = do_create_household(actor=elsewhere, unit=other_unit, main_person=do_create_person(
        actor=elsewhere, unit=other_unit, first_name="C", birth_date=dt.date(1990, 1, 1)))
    assert actions.do_open_case(actor=elsewhere, unit=other_unit, household=other_household).reference == \
        f"AFA-{year}-0001"  # the same number, yet a different reference: the two units never share one


def test_a_counsellor_cannot_work_another_units_case(case, make_user, other_unit):
    stranger = make_user("karl", Role.COUNSELLOR, other_unit)
    with pytest.raises(PermissionDenied):
        actions.do_transition(actor=stranger, case=case, target="counselling")
    with pytest.raises(PermissionDenied):
        actions.do_add_note(actor=stranger, case=case, held_on=TODAY, form="phone", interpreter_used=False,
                            language="", text="x")


def test_a_manager_reads_but_does_not_work_cases(case, manager):
    with pytest.raises(PermissionDenied):
        actions.do_transition(actor=manager, case=case, target="counselling")


def test_referral_without_consent_is_refused_with_what_to_do(counsellor, case):
    with pytest.raises(ValidationError, match="Record the person's consent first"):
        refer(counsellor, case)
    assert not Referral.objects.exists()


def test_referral_with_a_covering_consent_is_sent_and_linked(counsellor, case):
    given = consent(counsellor, case)
    referral = refer(counsellor, case)
    assert referral.consent == given and referral.override_reason == ""
    assert AuditEvent.objects.filter(verb="case.referral_sent", object_id=str(case.pk)).count() == 1


@pytest.mark.parametrize(
    ("consent_kwargs", "referral_kwargs"),
    [
        ({"recipient": "social_services"}, {"recipient": "migration_agency"}),  # another recipient
        ({"given_on": TODAY + dt.timedelta(days=1)}, {}),  # consent given after the referral date
        ({"recipient": "partner_organisation", "name": "CLDD Sarajevo"},
         {"recipient": "partner_organisation", "name": "Annan organisation"}),  # another organisation
    ],
)
def test_a_consent_that_does_not_cover_the_referral_does_not_count(counsellor, case, consent_kwargs, referral_kwargs):
    consent(counsellor, case, **consent_kwargs)
    with pytest.raises(ValidationError):
        refer(counsellor, case, **referral_kwargs)


def test_a_withdrawn_consent_covers_no_new_referral(counsellor, case):
    given = consent(counsellor, case, given_on=TODAY - dt.timedelta(days=5))
    before = refer(counsellor, case, sent_on=TODAY - dt.timedelta(days=1))
    assert before.consent == given
    actions.do_withdraw_consent(actor=counsellor, consent=given, withdrawn_on=TODAY)
    with pytest.raises(ValidationError):
        refer(counsellor, case, sent_on=TODAY)
    assert list(Referral.objects.all()) == [before]


def test_manager_override_needs_a_reason_and_is_audited(manager, case, counsellor):
    with pytest.raises(ValidationError, match="Write why"):
        refer(manager, case)
    referral = refer(manager, case, override_reason="Akut: personen har begärt hjälp, samtycke inhämtas i efterhand.")
    assert referral.consent is None and referral.overridden_by == manager
    event = AuditEvent.objects.get(verb="case.referral_sent_without_consent")
    assert event.actor == manager
    assert event.changes["override_reason"]["after"].startswith("Akut")
    # A counsellor cannot override, reason or not.
    with pytest.raises(ValidationError, match="ask a manager"):
        refer(counsellor, case, override_reason="Jag vill")


def test_referral_states_follow_their_machine(counsellor, case):
    consent(counsellor, case)
    referral = refer(counsellor, case)
    with pytest.raises(ValidationError):
        actions.do_set_referral_state(actor=counsellor, referral=referral, state="done")
    actions.do_set_referral_state(actor=counsellor, referral=referral, state="accepted")
    assert actions.do_set_referral_state(actor=counsellor, referral=referral, state="done").state == "done"


def test_a_task_due_in_the_past_is_refused(counsellor, case):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="due date has passed"):
        actions.do_add_task(actor=counsellor, case=case, kind="passport", title="Pass", due_on=yesterday,
                            owner=counsellor)
    assert not Task.objects.exists()
    task = actions.do_add_task(actor=counsellor, case=case, kind="passport", title="Pass",
                               due_on=timezone.localdate(), owner=counsellor)
    assert actions.do_complete_task(actor=counsellor, task=task).done_on == timezone.localdate()


def test_task_owner_must_be_a_counsellor_of_the_unit(counsellor, case, manager):
    with pytest.raises(ValidationError, match="counsellor of this unit"):
        actions.do_add_task(actor=counsellor, case=case, kind="visa", title="Visum",
                            due_on=timezone.localdate(), owner=manager)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\x00" * 50, "Only PDF, JPEG and PNG"),
        (b"MZ\x90\x00 pretend exe", "Only PDF, JPEG and PNG"),
        (b"", "empty"),
        (b"%PDF-" + b"x" * MAX_BYTES, "larger than 10 MB"),
    ],
)
def test_documents_are_checked_from_their_content(counsellor, case, data, message, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match=message):
        actions.do_upload_document(actor=counsellor, case=case, name="passport.pdf", data=data, description="Pass")
    assert not Document.objects.exists() and not any(tmp_path.rglob("*.*"))


def test_a_png_named_pdf_is_stored_as_what_it_is(counsellor, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = actions.do_upload_document(actor=counsellor, case=case, name="scan.pdf", data=PNG, description="x")
    assert document.content_type == "image/png" and document.file.name.endswith(".png")
    assert (tmp_path / document.file.name).read_bytes() == PNG


def test_the_informed_decision_requires_knowing_one_can_change_ones_mind(counsellor, case):
    with pytest.raises(ValidationError, match="change their mind"):
        actions.do_record_decision_basis(actor=counsellor, case=case, information_given="Info", language="arabiska",
                                         interpreter_used=True, knows_can_change_mind=False, recorded_on=TODAY)
    assert not case.decision_records.exists()


def test_eligibility_snapshot_keeps_facts_regime_and_result(counsellor, case):
    facts = {"application_date": "2026-03-01", "settles_permanently": True, "members": [
        {"id": f"p{main_person(case).pk}", "swedish_citizen": False, "registered_in_sweden": True,
         "debts_to_authorities": False, "can_pay_journey": False, "received_grant_before": False,
         "has_valid_national_passport": True,
         "permit": {"ground": "refugee", "granted_on": "2017-06-01", "permanent": True, "valid": True}}]}
    actions.do_update_facts(actor=counsellor, case=case, facts=facts)
    snapshot = actions.do_run_eligibility(actor=counsellor, case=case)
    grant = snapshot.result["results"][0]
    assert grant["regime"] == "return_grant_2026"
    assert snapshot.evaluated_on == dt.date(2026, 3, 1)
    # The household (spouse, child) comes from the people records, with birth dates; their permits are unknown.
    assert [m["role"] for m in snapshot.facts["members"]] == ["main_applicant", "spouse", "child"]
    assert snapshot.facts["members"][2]["birth_date"] == "2015-08-09"
    assert grant["outcome"] == "needs_information"
    assert any(path.startswith("members[1].") for path in grant["missing"])
    assert EligibilitySnapshot.objects.count() == 1


def test_payments_only_for_a_granted_decision(counsellor, case):
    with pytest.raises(ValidationError, match="granted"):
        actions.do_record_payment(actor=counsellor, case=case, instalment=1, amount_sek=100000, decided_on=TODAY)
    Case.objects.filter(pk=case.pk).update(decision="granted")
    payment = actions.do_record_payment(actor=counsellor, case=case, instalment=1, amount_sek=100000,
                                        decided_on=TODAY)
    assert actions.do_mark_payment_received(actor=counsellor, payment=payment, received_on=TODAY).received_on == TODAY
    flagged = actions.do_set_repayment_flag(actor=counsellor, case=case, flagged=True, note="Tillbaka i Sverige")
    assert flagged.repayment_flag is True


def test_closed_cases_take_no_new_notes(counsellor, case):
    closed = actions.do_transition(actor=counsellor, case=case, target="withdrawn")
    with pytest.raises(ValidationError, match="closed"):
        actions.do_add_note(actor=counsellor, case=closed, held_on=TODAY, form="phone", interpreter_used=False,
                            language="", text="x")


def test_a_residents_contact_request_creates_one_inquiry(unit):
    before = Case.objects.count()
    case = actions.do_create_inquiry(actor=None, unit=unit, channel="contact_request", name="Ali Alias",
                                     contact="0700000000", language="arabiska", interpreter_needed=True,
                                     message="Jag vill veta mer.", consent_text="Jag samtycker till att …")
    assert Case.objects.count() == before + 1
    assert (case.stage, case.channel, case.referred_by) == ("inquiry", Channel.CONTACT_REQUEST, None)
    person = main_person(case)
    assert (person.first_name, person.last_name, person.contact_notes) == ("Ali", "Alias", "0700000000")


def test_staff_referral_needs_the_right_and_records_who_referred(unit, make_user, other_unit):
    staff = make_user("omar", Role.STAFF, other_unit)  # social services elsewhere may refer to any unit
    case = actions.do_create_inquiry(actor=staff, unit=unit, channel="staff_referral", name="N N", contact="x",
                                     language="", interpreter_needed=False, message="",
                                     consent_text="Muntligt samtycke")
    assert case.referred_by == staff
    auditor = make_user("maria", Role.AUDITOR, unit)
    with pytest.raises(PermissionDenied):
        actions.do_create_inquiry(actor=auditor, unit=unit, channel="staff_referral", name="N", contact="x",
                                  language="", interpreter_needed=False, message="", consent_text="ja")


def test_an_inquiry_without_consent_is_refused(unit):
    with pytest.raises(ValidationError, match="consent"):
        actions.do_create_inquiry(actor=None, unit=unit, channel="contact_request", name="N", contact="x",
                                  language="", interpreter_needed=False, message="", consent_text=" ")
    assert not Case.objects.exists()


def test_a_referral_cannot_be_backdated_around_a_withdrawal_or_dated_ahead(counsellor, case):
    given = consent(counsellor, case, given_on=TODAY - dt.timedelta(days=100))
    actions.do_withdraw_consent(actor=counsellor, consent=given, withdrawn_on=TODAY - dt.timedelta(days=10))
    with pytest.raises(ValidationError, match="No valid consent"):
        refer(counsellor, case, sent_on=TODAY - dt.timedelta(days=50))
    with pytest.raises(ValidationError, match="cannot be later than today"):
        refer(counsellor, case, sent_on=timezone.localdate() + dt.timedelta(days=1))
    assert not Referral.objects.exists()


def test_a_consent_cannot_be_withdrawn_before_it_was_given(counsellor, case):
    given = consent(counsellor, case)
    with pytest.raises(ValidationError, match="before it was given"):
        actions.do_withdraw_consent(actor=counsellor, consent=given, withdrawn_on=TODAY - dt.timedelta(days=1))
    given.refresh_from_db()
    assert given.withdrawn_on is None


def test_a_step_records_only_its_own_fields(counsellor, case):
    with pytest.raises(ValidationError) as error:
        actions.do_transition(actor=counsellor, case=case, target="counselling", reference="HACKED",
                              departed_on=TODAY)
    assert set(error.value.error_dict) == {"reference", "departed_on"}
    case.refresh_from_db()
    assert (case.stage, case.departed_on) == ("inquiry", None) and case.reference != "HACKED"


def test_unknown_referral_state_is_a_clear_refusal(counsellor, case):
    consent(counsellor, case)
    with pytest.raises(ValidationError, match="Choose one of the referral states"):
        actions.do_set_referral_state(actor=counsellor, referral=refer(counsellor, case), state="teleported")


def test_over_long_task_titles_are_refused_before_the_database(counsellor, case):
    with pytest.raises(ValidationError) as error:
        actions.do_add_task(actor=counsellor, case=case, kind="passport", title="x" * 201,
                            due_on=timezone.localdate(), owner=counsellor)
    assert "title" in error.value.error_dict and not Task.objects.exists()
