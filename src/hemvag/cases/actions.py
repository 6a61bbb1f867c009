"""Every write inside a case: one transaction, one audit event, and a timeline entry the counsellor sees."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hemvag.cases import documents, eligibility, register_extract, retention
from hemvag.cases.flows import FINAL_STAGES, referral_may_become, transition_for
from hemvag.cases.models import (
    ERASURE_REQUEST_MAX,
    FOLLOW_UP_MONTHS,
    REOPEN_REASON_MAX,
    Case,
    CaseCounter,
    Channel,
    Consent,
    CounsellingNote,
    DecisionOutcome,
    DecisionRecord,
    Document,
    EligibilitySnapshot,
    FollowUp,
    LegalHold,
    Payment,
    Programme,
    Recipient,
    Referral,
    ReferralState,
    RefusalReason,
    RefusalReasonCode,
    ReintegrationPlanStep,
    ReintegrationStep,
    Stage,
    Task,
    TimelineEntry,
)
from hemvag.cases.register import RegisterCase, RegisterPerson
from hemvag.core import audit
from hemvag.core.actions import record_access
from hemvag.core.models import AccessPurpose, Unit, User
from hemvag.core.permissions import PUBLIC, as_user, authorize, has_permission
from hemvag.core.validation import limit
from hemvag.people.actions import (
    create_household,
    register_household_member,
    register_person,
    require_identity_access,
)
from hemvag.people.models import Household, HouseholdMember, Person, Relation
from hemvag.people.queries import holds_identity_access


def _record(case: Case, actor: User | None, verb: str, summary: str, changes: dict[str, Any] | None = None,
            *, from_stage: str = "", to_stage: str = "") -> None:
    """The case's timeline entry and the audit event, written together in the caller's transaction."""
    TimelineEntry.objects.create(case=case, actor=as_user(actor), kind=verb, summary=summary[:300],
                                 from_stage=from_stage, to_stage=to_stage)
    audit.record(actor=as_user(actor), verb=verb, object_type="case", object_id=case.pk, unit=case.unit,
                 changes=changes or {})


def _ensure_open(case: Case) -> None:
    """A closed case is read-only: only an explicit, audited reopening (do_reopen_case) changes it."""
    if case.stage in FINAL_STAGES:
        raise ValidationError(_("The case is closed and can no longer be changed. Reopen it first, with a "
                                "reason, if something must be added."))


def _protected_members_without_access(case: Case, counsellor: Any) -> list[Person]:
    return [member.person for member in case.household.members.select_related("person")
            if not holds_identity_access(counsellor, member.person)]


def _next_reference(unit: Unit, year: int) -> str:
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(unit=unit, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{unit.reference_prefix}-{year}-{counter.last_number:04d}"


def _new_case(*, actor: Any, unit: Unit, household: Household, **fields: Any) -> Case:
    case = Case(unit=unit, household=household, created_by=as_user(actor), **fields)
    case.full_clean(exclude=["reference"])  # the model's limits, before a reference number is used up
    case.reference = _next_reference(unit, timezone.localdate().year)
    case.save()
    ReintegrationPlanStep.objects.bulk_create(
        ReintegrationPlanStep(case=case, step=step) for step in ReintegrationStep
    )
    return case


@transaction.atomic
def do_open_case(*, actor: User, unit: Unit, household: Household, programme: str = Programme.UNDECIDED,
                 destination_country: str = "", assigned_counsellor: User | None = None) -> Case:
    """A counsellor opens a case for a household already registered in the unit."""
    authorize(actor, "cases.work_case", unit)
    if household.unit_id != unit.pk:
        raise ValidationError(_("The household belongs to another unit."))
    counsellor = assigned_counsellor or as_user(actor)
    for member in household.members.select_related("person"):
        require_identity_access(counsellor, member.person)
    case = _new_case(actor=actor, unit=unit, household=household, programme=programme,
                     destination_country=destination_country.upper(),
                     assigned_counsellor=counsellor, channel=Channel.COUNSELLOR)
    _record(case, actor, "case.opened", _("Case opened"), {"reference": {"before": None, "after": case.reference}},
            to_stage=case.stage)
    return case


@transaction.atomic
def do_register_and_open_case(*, actor: User, unit: Unit, programme: str = Programme.UNDECIDED,
                              destination_country: str = "", **person_fields: Any) -> Case:
    """A new main person, their household and the case: all three or nothing."""
    authorize(actor, "cases.work_case", unit)
    person = register_person(actor=actor, unit=unit, **person_fields)
    household = create_household(actor=actor, unit=unit, main_person=person)
    return do_open_case(actor=actor, unit=unit, household=household, programme=programme,
                        destination_country=destination_country)


# Who may start a case through each channel: a resident (no sign-in), a colleague, a counsellor.
INQUIRY_PERMISSIONS = {Channel.CONTACT_REQUEST: PUBLIC, Channel.STAFF_REFERRAL: "cases.refer_resident",
                       Channel.COUNSELLOR: "cases.work_case"}
# An inquiry's fields, as the person fields they are stored in.
INQUIRY_FIELD = {"first_name": "name", "last_name": "name", "languages": "language",
                 "interpreter_language": "language", "contact_notes": "contact"}
# The most an inquiry's fields take, as the models store them: the contact form and the API take these.
INQUIRY_LIMITS = {
    "name": limit(Person, "first_name") + 1 + limit(Person, "last_name"),
    "contact": limit(Person, "contact_notes"),
    "language": limit(Person, "interpreter_language"),
    "message": limit(Case, "inquiry_message"),
    "consent_text": limit(Case, "inquiry_consent_text"),
}


@transaction.atomic
def do_create_inquiry(*, actor: User | None, unit: Unit, channel: str, name: str, contact: str, language: str,
                      interpreter_needed: bool, message: str, consent_text: str) -> Case:
    """An inquiry from a resident (contact request, no actor) or a colleague's referral (with consent).

    The person is registered with what they chose to give — a name or an alias and a way to reach them.
    """
    channel = Channel(channel)
    if channel == Channel.CONTACT_REQUEST and actor is not None:
        raise ValidationError(_("A contact request comes from a resident, not from a signed-in user."))
    # A colleague refers from their own unit (social services, SFI …) to the return unit: held in any unit.
    authorize(actor, INQUIRY_PERMISSIONS[channel], unit if channel == Channel.COUNSELLOR else None)
    if not consent_text.strip():
        raise ValidationError(_("An inquiry needs the consent the person gave for storing it."))
    first, _sep, last = name.strip().partition(" ")
    try:
        person = register_person(actor=actor, unit=unit, first_name=first, last_name=last, languages=language,
                                 interpreter_needed=interpreter_needed,
                                 interpreter_language=language if interpreter_needed else "",
                                 contact_notes=contact)
    except ValidationError as error:
        # The person's fields are the inquiry's: say which of the inquiry's fields is too long, cut nothing.
        raise ValidationError({INQUIRY_FIELD.get(field, field): messages for field, messages
                               in error.message_dict.items()}) from None
    household = create_household(actor=actor, unit=unit, main_person=person)
    case = _new_case(actor=actor, unit=unit, household=household, channel=channel,
                     referred_by=actor if channel == Channel.STAFF_REFERRAL else None,
                     inquiry_message=message, inquiry_consent_text=consent_text)
    _record(case, actor, "case.inquiry_received", str(Channel(channel).label),
            {"reference": {"before": None, "after": case.reference}, "channel": {"before": None, "after": channel}},
            to_stage=case.stage)
    return case


def _saved(item: Any) -> Any:
    """Validate against the model (lengths, choices) before saving: a refusal, never a database error."""
    item.full_clean()
    item.save()
    return item


def _locked(case: Case) -> Case:
    """The case row, locked until the transaction ends: writers inside one case take turns.

    Only the case's own row (`of=self`; select_related would lock the unit's row too), and FOR NO KEY UPDATE:
    PostgreSQL checks foreign keys at commit with a KEY SHARE lock on the row referred to, after the audit
    chain's lock is taken, and a plain FOR UPDATE would block those checks — a deadlock between two writers."""
    return Case.objects.select_for_update(of=("self",), no_key=True).select_related("unit").get(pk=case.pk)


CaseItemT = TypeVar("CaseItemT", bound=models.Model)


def _current(item: CaseItemT) -> CaseItemT:
    """The item as it is now, read again once its case is locked: the writer that held the lock before may
    have changed it (a task completed twice at once is completed, and recorded, once)."""
    return type(item)._default_manager.get(pk=item.pk)


@transaction.atomic
def do_update_case(*, actor: User, case: Case, **fields: Any) -> Case:
    """Change the case's own details: counsellor, programme, destination."""
    allowed = {"assigned_counsellor", "programme", "destination_country"}
    case = _working(actor, case)
    _ensure_open(case)
    before = {field: getattr(case, field) for field in fields}
    for field, value in fields.items():
        if field not in allowed:
            raise ValueError(f"{field} cannot be changed here")
        setattr(case, field, value.upper() if field == "destination_country" else value)
    case.full_clean(exclude=["household", "unit"])
    counsellor = case.assigned_counsellor
    if counsellor is not None and not has_permission(counsellor, "cases.work_case", case.unit):
        raise ValidationError({"assigned_counsellor": _("Choose a counsellor of this unit.")})
    if counsellor is not None and _protected_members_without_access(case, counsellor):
        raise ValidationError({"assigned_counsellor": _(
            "The household includes a person with a protected identity. A manager must grant this counsellor "
            "access to that identity before the case can be assigned to them.")})
    case.save()
    after = {field: getattr(case, field) for field in fields}
    changes = audit.diff({k: getattr(v, "pk", v) for k, v in before.items()},
                         {k: getattr(v, "pk", v) for k, v in after.items()})
    if changes:
        _record(case, actor, "case.changed", _("Case details changed"), changes)
    return case


@transaction.atomic
def do_transition(*, actor: User, case: Case, target: str, note: str = "", **data: Any) -> Case:
    """Move the case to `target` if the table allows it, recording what that step requires."""
    authorize(actor, "cases.work_case", case)
    case = _locked(case)
    transition = transition_for(case, target)
    extra = sorted(set(data) - {*transition.required, *transition.optional})
    if extra:
        raise ValidationError({field: _("This step does not record this.") for field in extra})
    reasons = _refusal_reasons(data.pop("refusal_reasons", None), data.get("decision"))
    for field, value in data.items():
        setattr(case, field, value)
    missing = {field: _("This is needed for this step.") for field in transition.required if not data.get(field)}
    if missing:
        raise ValidationError(missing)
    if case.decision == DecisionOutcome.GRANTED and target == Stage.DECIDED and not data.get("decided_amount_sek"):
        raise ValidationError({"decided_amount_sek": _("Give the amount granted.")})
    case.full_clean(exclude=["household", "unit"])
    source = case.stage
    case.stage = target
    if target in FINAL_STAGES:
        case.closed_at, case.closed_on = timezone.now(), timezone.localdate()
    case.save()
    if target == Stage.DECIDED:
        RefusalReason.objects.filter(case=case).delete()
    if reasons:
        RefusalReason.objects.bulk_create([RefusalReason(case=case, code=code) for code in reasons])
        data["refusal_reasons"] = reasons
    if target == Stage.DEPARTED:
        _schedule_follow_ups(case)
    summary = f"{Stage(source).label} → {Stage(target).label}" + (f": {note}" if note else "")
    recorded = {name: {"before": None, "after": value} for name, value in data.items()}
    _record(case, actor, "case.stage_changed", summary, {"stage": {"before": source, "after": target}, **recorded},
            from_stage=source, to_stage=target)
    return case


def _refusal_reasons(codes: Any, decision: str | None) -> list[str]:
    """The structured reasons of a refusal: known codes, each once, and only with a refusal."""
    codes = list(codes or [])
    if not codes:
        return []
    if decision != DecisionOutcome.REFUSED:
        raise ValidationError({"refusal_reasons": _("Reasons for refusal go only with a refusal.")})
    unknown = sorted(set(codes) - set(RefusalReasonCode.values))
    if unknown:
        raise ValidationError({"refusal_reasons": _("Unknown reason: %(codes)s. Choose from the list.")
                               % {"codes": ", ".join(unknown)}})
    if len(set(codes)) != len(codes):
        raise ValidationError({"refusal_reasons": _("Give each reason once.")})
    return [code for code in RefusalReasonCode.values if code in codes]


@transaction.atomic
def do_reopen_case(*, actor: Any, case: Case, reason: str) -> Case:
    """Open a closed case again, in the stage it was closed from: a deliberate step, with a reason, audited."""
    authorize(actor, "cases.reopen_case", case)
    case = _locked(case)
    if case.stage not in FINAL_STAGES:
        raise ValidationError(_("The case is open; there is nothing to reopen."))
    if case.personal_data_removed_on:
        raise ValidationError(_("The case's personal data was removed under the retention rules on %(day)s, so "
                                "it cannot be reopened. Open a new case instead.")
                              % {"day": case.personal_data_removed_on.isoformat()})
    if not reason.strip():
        raise ValidationError({"reason": _("Write why the case is reopened.")})
    if len(reason) > REOPEN_REASON_MAX:
        raise ValidationError({"reason": _("Write the reason in at most %(limit)d characters.")
                               % {"limit": REOPEN_REASON_MAX}})
    closing = case.timeline.filter(to_stage=case.stage).exclude(from_stage="").order_by("-pk").first()
    source, target = case.stage, (closing.from_stage if closing else Stage.COUNSELLING)
    case.stage, case.closed_at, case.closed_on = target, None, None
    case.save(update_fields=["stage", "closed_at", "closed_on", "updated_at"])
    _record(case, actor, "case.reopened", _("Case reopened: %(reason)s") % {"reason": reason.strip()},
            {"stage": {"before": source, "after": target}, "reason": {"before": None, "after": reason.strip()}},
            from_stage=source, to_stage=target)
    return case


@transaction.atomic
def do_register_member(*, actor: Any, case: Case, relation: Relation, lives_with_main_person: bool | None,
                       **person_fields: Any) -> Any:
    """A new person registered into the case's household (the case page's "add a person")."""
    case = _working(actor, case)
    member = register_household_member(actor=actor, household=case.household, relation=relation,
                                       lives_with_main_person=lives_with_main_person, **person_fields)
    _record(case, actor, "case.member_added", _("Person added to the household"),
            {"member": {"before": None, "after": member.person_id}})
    return member


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has none (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def _schedule_follow_ups(case: Case) -> None:
    departed = case.departed_on
    assert departed is not None  # required by the transition
    for months in FOLLOW_UP_MONTHS:
        FollowUp.objects.get_or_create(case=case, months_after_departure=months,
                                       defaults={"due_on": add_months(departed, months)})


def _working(actor: Any, case: Case, permission: str = "cases.work_case") -> Case:
    """The first lines of every write inside a case: the permission (in the case's unit), then the row lock,
    then the rule that a closed case is read-only."""
    authorize(actor, permission, case)
    case = _locked(case)
    _ensure_open(case)
    return case


@transaction.atomic
def do_add_note(*, actor: User, case: Case, held_on: dt.date, form: str, interpreter_used: bool, language: str,
                text: str) -> CounsellingNote:
    case = _working(actor, case)
    note = _saved(CounsellingNote(case=case, held_on=held_on, form=form, interpreter_used=interpreter_used,
                                  language=language, text=text, author=as_user(actor)))
    _record(case, actor, "case.note_added", _("Counselling note (%(date)s)") % {"date": held_on.isoformat()},
            {"note": {"before": None, "after": note.pk}})
    return note


@transaction.atomic
def do_record_decision_basis(*, actor: User, case: Case, information_given: str, language: str,
                             interpreter_used: bool, knows_can_change_mind: bool,
                             recorded_on: dt.date) -> DecisionRecord:
    case = _working(actor, case)
    if not knows_can_change_mind:
        raise ValidationError({"knows_can_change_mind": _(
            "Tell the person that they can change their mind at any time, then record it.")})
    record = _saved(DecisionRecord(case=case, information_given=information_given, language=language,
                                   interpreter_used=interpreter_used, recorded_on=recorded_on,
                                   knows_can_change_mind=True, recorded_by=as_user(actor)))
    _record(case, actor, "case.informed_decision_recorded", _("Informed decision recorded"),
            {"decision_record": {"before": None, "after": record.pk}})
    return record


@transaction.atomic
def do_record_consent(*, actor: User, case: Case, person: Person, recipient: str, recipient_name: str, scope: str,
                      given_on: dt.date, method: str, document: Document | None = None) -> Consent:
    case = _working(actor, case)
    if not case.household.members.filter(person=person).exists():
        raise ValidationError({"person": _("Choose a person in the case's household.")})
    if recipient in (Recipient.PARTNER_ORGANISATION, Recipient.OTHER_MUNICIPALITY) and not recipient_name.strip():
        raise ValidationError({"recipient_name": _("Name the organisation or municipality the consent covers.")})
    if document is not None and document.case_id != case.pk:
        raise ValidationError({"document": _("Choose a document of this case.")})
    consent = _saved(Consent(case=case, person=person, recipient=recipient, recipient_name=recipient_name,
                             scope=scope, given_on=given_on, method=method, document=document,
                             recorded_by=as_user(actor)))
    _record(case, actor, "case.consent_recorded",
            _("Consent recorded: %(recipient)s") % {"recipient": Recipient(recipient).label},
            {"consent": {"before": None, "after": consent.pk}, "recipient": {"before": None, "after": recipient}})
    return consent


@transaction.atomic
def do_withdraw_consent(*, actor: User, consent: Consent, withdrawn_on: dt.date) -> Consent:
    case = _working(actor, consent.case)
    consent = _current(consent)
    if consent.withdrawn_on is not None:
        return consent
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given (%(date)s).")
                               % {"date": consent.given_on.isoformat()}})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    _record(case, actor, "case.consent_withdrawn",
            _("Consent withdrawn: %(recipient)s") % {"recipient": Recipient(consent.recipient).label},
            {"consent": {"before": consent.pk, "after": None}})
    return consent


def covering_consent(case: Case, recipient: str, recipient_name: str, on: dt.date) -> Consent | None:
    """A consent for this recipient (and, if the consent names one, this organisation) given by `on` and not
    withdrawn — today included, so a referral cannot be backdated to before a withdrawal."""
    for consent in case.consents.filter(recipient=recipient, given_on__lte=on):
        if consent.withdrawn_on is not None:
            continue
        if consent.recipient_name and consent.recipient_name.strip().lower() != recipient_name.strip().lower():
            continue
        return consent
    return None


@transaction.atomic
def do_send_referral(*, actor: User, case: Case, recipient: str, recipient_name: str, purpose: str,
                     sent_on: dt.date, override_reason: str = "") -> Referral:
    """Refer the case to another body. Without a valid consent covering it, only a manager may, with a reason."""
    if not (has_permission(actor, "cases.work_case", case.unit_id)
            or has_permission(actor, "cases.override_consent", case.unit_id)):
        raise PermissionDenied("cases.work_case is not granted here.")
    case = _locked(case)
    _ensure_open(case)
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": _("A referral is recorded when it is sent: the date cannot be later "
                                             "than today.")})
    consent = covering_consent(case, recipient, recipient_name, sent_on)
    if consent is None:
        if not has_permission(actor, "cases.override_consent", case.unit):
            raise ValidationError({"recipient": _(
                "No valid consent covers this recipient. Record the person's consent first, "
                "or ask a manager to send the referral with a written reason.")})
        if not override_reason.strip():
            raise ValidationError({"override_reason": _("Write why the referral is sent without consent.")})
    else:
        authorize(actor, "cases.work_case", case)
        override_reason = ""
    referral = _saved(Referral(
        case=case, recipient=recipient, recipient_name=recipient_name, purpose=purpose, sent_on=sent_on,
        consent=consent, override_reason=override_reason, overridden_by=as_user(actor) if override_reason else None,
        created_by=as_user(actor),
    ))
    verb = "case.referral_sent_without_consent" if override_reason else "case.referral_sent"
    _record(case, actor, verb, _("Referral sent: %(recipient)s") % {"recipient": Recipient(recipient).label},
            {"referral": {"before": None, "after": referral.pk},
             "override_reason": {"before": None, "after": override_reason or None}})
    return referral


@transaction.atomic
def do_set_referral_state(*, actor: User, referral: Referral, state: str) -> Referral:
    case = _working(actor, referral.case)
    referral = _current(referral)
    if state not in ReferralState.values:
        raise ValidationError({"state": _("Choose one of the referral states.")})
    if not referral_may_become(referral.state, state):
        raise ValidationError({"state": _("A referral that is “%(now)s” cannot become “%(then)s”.") % {
            "now": ReferralState(referral.state).label, "then": ReferralState(state).label}})
    before = referral.state
    referral.state = state
    referral.save(update_fields=["state", "updated_at"])
    _record(case, actor, "case.referral_state_changed",
            _("Referral to %(recipient)s: %(state)s") % {"recipient": Recipient(referral.recipient).label,
                                                         "state": ReferralState(state).label},
            {"referral_state": {"before": before, "after": state}})
    return referral


@transaction.atomic
def do_add_task(*, actor: User, case: Case, kind: str, title: str, due_on: dt.date, owner: User,
                as_of: dt.date | None = None) -> Task:
    """`as_of`: the day the task was agreed, when it is recorded later (imports, demo data); default today."""
    case = _working(actor, case)
    if due_on < (as_of or timezone.localdate()):
        raise ValidationError({"due_on": _("The due date has passed. Choose today or a later date.")})
    if not has_permission(owner, "cases.work_case", case.unit):
        raise ValidationError({"owner": _("Choose a counsellor of this unit.")})
    task = _saved(Task(case=case, kind=kind, title=title, due_on=due_on, owner=owner))
    _record(case, actor, "case.task_added", _("Task: %(title)s") % {"title": title},
            {"task": {"before": None, "after": task.pk}, "due_on": {"before": None, "after": due_on}})
    return task


@transaction.atomic
def do_complete_task(*, actor: User, task: Task) -> Task:
    case = _working(actor, task.case)
    task = _current(task)
    if task.done_on is None:
        task.done_on = timezone.localdate()
        task.save(update_fields=["done_on"])
        _record(case, actor, "case.task_done", _("Task done: %(title)s") % {"title": task.title},
                {"task_done": {"before": None, "after": task.pk}})
    return task


@transaction.atomic
def do_upload_document(*, actor: User, case: Case, name: str, data: bytes, description: str) -> Document:
    case = _working(actor, case)
    content_type = documents.checked_content_type(data)
    stored_name = f"{case.pk}/{uuid.uuid4().hex}{documents.EXTENSIONS[content_type]}"
    document = Document(case=case, original_name=name[:200], content_type=content_type, size=len(data),
                        description=description, uploaded_by=as_user(actor))
    document.full_clean(exclude=["file"])
    document.file.save(stored_name, ContentFile(data), save=False)
    document.save()
    _record(case, actor, "case.document_uploaded", _("Document: %(description)s") % {"description": description},
            {"document": {"before": None, "after": document.pk}})
    return document


def _run_eligibility(actor: Any, case: Case, on: dt.date | None) -> EligibilitySnapshot:
    facts = eligibility.facts_for(case)
    result = eligibility.evaluate(facts, on=on)
    snapshot = EligibilitySnapshot.objects.create(case=case, facts=facts, result=result,
                                                  evaluated_on=dt.date.fromisoformat(result["evaluated_on"]),
                                                  run_by=as_user(actor))
    outcomes = {item["program"]: item["outcome"] for item in result["results"]}
    _record(case, actor, "case.eligibility_checked",
            _("Eligibility checked: %(outcomes)s") % {"outcomes": ", ".join(f"{k}: {v}" for k, v in outcomes.items())},
            {"snapshot": {"before": None, "after": snapshot.pk},
             "regimes": {"before": None, "after": [item.get("regime") for item in result["results"]]}})
    return snapshot


@transaction.atomic
def do_update_facts(*, actor: Any, case: Case, facts: dict[str, Any], run: bool = False,
                    on: dt.date | None = None, read_version: str | None = None) -> EligibilitySnapshot | None:
    """Store what only the counsellor knows, checked against the facts contract (a FactsError names each
    problem by its JSON path and nothing is stored); with `run`, evaluate them too — one transaction, so a
    refused run leaves the facts as they were. With `read_version` (eligibility.facts_version of the facts the
    writer started from), FactsChanged if someone saved others since: the document replaces the whole facts, so
    it would silently undo their change."""
    case = _working(actor, case)
    if read_version is not None and read_version != eligibility.facts_version(case):
        raise eligibility.FactsChanged
    facts = eligibility.checked_facts(case, facts)
    before = case.facts
    case.facts = facts
    case.save(update_fields=["facts", "updated_at"])
    _record(case, actor, "case.facts_changed", _("Eligibility facts updated"),
            {"facts": {"before": sorted(before), "after": sorted(facts)}})
    return _run_eligibility(actor, case, on) if run else None


@transaction.atomic
def do_run_eligibility(*, actor: Any, case: Case, on: dt.date | None = None) -> EligibilitySnapshot:
    """Evaluate the case's facts with the rules engine and keep the result with the facts and regime used."""
    case = _working(actor, case)
    return _run_eligibility(actor, case, on)


@transaction.atomic
def do_record_payment(*, actor: User, case: Case, instalment: int, amount_sek: int, decided_on: dt.date,
                      received_on: dt.date | None = None, note: str = "") -> Payment:
    case = _working(actor, case)
    if case.decision != DecisionOutcome.GRANTED:
        raise ValidationError({"amount_sek": _("Payments can be recorded only for a granted decision.")})
    payment = _saved(Payment(case=case, instalment=instalment, amount_sek=amount_sek,
                             decided_on=decided_on, received_on=received_on, note=note))
    _record(case, actor, "case.payment_recorded",
            _("Instalment %(number)s: %(amount)s kr")
            % {"number": instalment, "amount": f"{amount_sek:,}".replace(",", " ")},
            {"payment": {"before": None, "after": payment.pk}, "amount_sek": {"before": None, "after": amount_sek}})
    return payment


@transaction.atomic
def do_mark_payment_received(*, actor: User, payment: Payment, received_on: dt.date) -> Payment:
    case = _working(actor, payment.case)
    payment = _current(payment)
    before = payment.received_on
    payment.received_on = received_on
    payment.save(update_fields=["received_on"])
    _record(case, actor, "case.payment_received", _("Instalment %(number)s received") % {"number": payment.instalment},
            {"received_on": {"before": before, "after": received_on}})
    return payment


@transaction.atomic
def do_set_repayment_flag(*, actor: User, case: Case, flagged: bool, note: str) -> Case:
    case = _working(actor, case)
    if case.repayment_flag == flagged:
        return case
    case.repayment_flag = flagged
    case.save(update_fields=["repayment_flag", "updated_at"])
    _record(case, actor, "case.repayment_flag_changed",
            (_("Returned to Sweden: repayment may apply") if flagged else _("Repayment flag removed"))
            + (f" – {note}" if note else ""),
            {"repayment_flag": {"before": not flagged, "after": flagged}})
    return case


@transaction.atomic
def do_update_plan_step(*, actor: User, step: ReintegrationPlanStep, status: str, partner: str,
                        notes: str) -> ReintegrationPlanStep:
    case = _working(actor, step.case)
    step = _current(step)
    before = {"status": step.status, "partner": step.partner}
    step.status, step.partner, step.notes = status, partner, notes
    _saved(step)
    _record(case, actor, "case.plan_step_changed",
            _("Reintegration plan – %(step)s: %(status)s") % {"step": step.get_step_display(),
                                                              "status": step.get_status_display()},
            audit.diff(before, {"status": status, "partner": partner}))
    return step


@transaction.atomic
def do_record_follow_up(*, actor: User, follow_up: FollowUp, done_on: dt.date, form: str, outcome: str) -> FollowUp:
    case = _working(actor, follow_up.case)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _(
            "A follow-up is recorded after it happened: the date cannot be later than today.")})
    follow_up.done_on, follow_up.form, follow_up.outcome = done_on, form, outcome
    _saved(follow_up)
    _record(case, actor, "case.follow_up_recorded",
            ngettext("Follow-up after %(months)s month", "Follow-up after %(months)s months",
                     follow_up.months_after_departure) % {"months": follow_up.months_after_departure},
            {"follow_up": {"before": None, "after": follow_up.pk}})
    return follow_up



# --- importing an earlier register (the statistics contract, §1) ----------------------------------------------

IMPORT_BATCH = 2000  # cases per round of bulk inserts: memory stays flat however long the register is
SHOWN_NEW_REFS = 10


def _batches(items: Iterable[RegisterCase], size: int) -> Iterator[list[RegisterCase]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass(frozen=True)
class ImportSummary:
    cases_created: int
    cases_existing: int
    persons_created: int
    persons_existing: int
    dry_run: bool
    new_case_refs: tuple[str, ...] = ()  # the first few, for the upload page

    def as_json(self) -> dict[str, Any]:
        """The contract's summary, exactly these keys."""
        return {"cases_created": self.cases_created, "cases_existing": self.cases_existing,
                "persons_created": self.persons_created, "persons_existing": self.persons_existing,
                "dry_run": self.dry_run}


@dataclass
class _RegisterImport:
    """The state of one import while its batches are written (or, in a dry run, only counted)."""

    unit: Unit
    dry_run: bool
    known_refs: set[str]
    # identity number -> the person: a pk for one already in the unit, the new Person for one this import creates
    people: dict[str, int | Person]
    cases_created: int = 0
    cases_existing: int = 0
    persons_created: int = 0
    persons_existing: int = 0
    new_refs: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> ImportSummary:
        return ImportSummary(self.cases_created, self.cases_existing, self.persons_created, self.persons_existing,
                             self.dry_run, tuple(self.new_refs))

    def add(self, batch: Iterable[RegisterCase]) -> None:
        new_cases = []
        for case in batch:
            if case.case_ref in self.known_refs:  # already imported: skipped unchanged
                self.cases_existing += 1
                self.persons_existing += len(case.persons)
            else:
                self.known_refs.add(case.case_ref)
                new_cases.append(case)
        self.cases_created += len(new_cases)
        self.new_refs.extend(case.case_ref for case in new_cases[: SHOWN_NEW_REFS - len(self.new_refs)])
        persons = [[self._person(person) for person in case.persons] for case in new_cases]
        if not self.dry_run and new_cases:
            self._write(new_cases, persons)

    def _person(self, row: RegisterPerson) -> int | Person:
        """The person a row names: one with the same identity number in the unit is reused, not created again."""
        found = self.people.get(row.identity_number) if row.identity_number else None
        if isinstance(found, int):
            self.persons_existing += 1
            return found
        if found is not None:
            return found  # the file names them twice; created once
        self.persons_created += 1
        person = Person(unit=self.unit, first_name=row.first_name, last_name=row.last_name,
                        identity_number=row.identity_number, is_coordination_number=row.is_coordination_number,
                        birth_date=row.birth_date, birth_year=row.birth_year, sex=row.sex)
        if row.identity_number:
            self.people[row.identity_number] = person
        return person

    def _write(self, cases: list[RegisterCase], persons: list[list[int | Person]]) -> None:
        new_persons = [person for group in persons for person in group
                       if isinstance(person, Person) and person.pk is None]
        for person, pk in zip(new_persons, _insert_rows(Person, [_person_values(p) for p in new_persons]),
                              strict=True):
            person.pk = pk
        households = _insert_rows(Household, [{"unit_id": self.unit.pk} for _case in cases])
        _insert_rows(HouseholdMember, [
            {"household_id": household, "person_id": person if isinstance(person, int) else person.pk,
             "relation": row.relation}
            for case, group, household in zip(cases, persons, households, strict=True)
            for row, person in zip(case.persons, group, strict=True)
        ], returning=False)
        case_ids = _insert_rows(Case, [_case_values(self.unit, case, household)
                                       for case, household in zip(cases, households, strict=True)])
        _insert_rows(RefusalReason, [{"case_id": case_id, "code": code}
                                     for case, case_id in zip(cases, case_ids, strict=True)
                                     for code in case.decision_reasons], returning=False)


def _person_values(person: Person) -> dict[str, Any]:
    return {"unit_id": person.unit_id, "first_name": person.first_name, "last_name": person.last_name,
            "identity_number": person.identity_number, "is_coordination_number": person.is_coordination_number,
            "birth_date": person.birth_date, "birth_year": person.birth_year, "sex": person.sex}


def _case_values(unit: Unit, case: RegisterCase, household_id: int) -> dict[str, Any]:
    """A case as the earlier register had it: its reference kept apart from Hemväg's own, no counsellor."""
    return {"unit_id": unit.pk, "reference": "", "register_ref": case.case_ref, "household_id": household_id,
            "stage": case.stage, "opened_on": case.opened_on, "submitted_on": case.submitted_on,
            "decision": case.decision, "decided_on": case.decided_on,
            "decided_amount_sek": case.decided_amount_sek, "departed_on": case.departed_on,
            "closed_on": case.closed_on, "channel": case.channel, "programme": case.programme,
            "destination_country": case.destination_country}


def _insert_rows(model: type[Any], rows: list[dict[str, Any]], *, returning: bool = True) -> list[int]:
    """Multi-row INSERTs of already checked values, the new ids in order (SQLite and PostgreSQL both return them
    in VALUES order, as Django's bulk_create relies on too).

    Why not bulk_create: for 100,000 cases the ORM spent four fifths of the import preparing values one by one.
    Here a field the rows do not give gets its default (or now(), for auto_now fields), prepared once per call,
    and dates are adapted for the database; every other value is a plain str, int, bool or None.
    """
    if not rows:
        return []
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    given = rows[0].keys()
    now = timezone.now()
    constants = {field.attname: field.get_db_prep_save(
        now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) else field.get_default(),
        connection) for field in fields if field.attname not in given}
    table, pk = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(model._meta.pk.column)
    suffix = f" RETURNING {pk}" if returning else ""
    if connection.vendor == "postgresql":
        return _insert_unnest(table, fields, rows, constants, suffix)
    dates = {field.attname for field in fields if field.get_internal_type() == "DateField"} & set(given)
    adapt = connection.ops.adapt_datefield_value
    per_statement = max(1, min(1000, (connection.features.max_query_params or 65535) // len(fields)))
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start:start + per_statement]
            params = [adapt(row[name]) if name in dates else row[name] if name in row else constants[name]
                      for row in chunk for name in (field.attname for field in fields)]
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_marks] * len(chunk))}{suffix}",  # noqa: S608
                           params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def _insert_unnest(table: str, fields: list[Any], rows: list[dict[str, Any]], constants: dict[str, Any],
                   suffix: str) -> list[int]:
    """PostgreSQL: one array per column and one statement per batch (thousands of single parameters are slow)."""
    given = [field for field in fields if field.attname not in constants]
    fixed = [field for field in fields if field.attname in constants]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in (*given, *fixed))
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in given)
    scalars = "".join(f", %s::{field.db_type(connection)}" for field in fixed)
    sql = f"INSERT INTO {table} ({columns}) SELECT rows.*{scalars} FROM UNNEST({arrays}) AS rows{suffix}"  # noqa: S608
    # In the order of the statement's text: the constants (in the SELECT list) before the arrays.
    params = [constants[field.attname] for field in fixed] + [[row[field.attname] for row in rows] for field in given]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()] if suffix else []


@transaction.atomic
def do_import_register(*, actor: Any, unit: Unit, cases: Iterable[RegisterCase], sha256: str,
                       dry_run: bool = False, progress: Callable[[int], None] | None = None) -> ImportSummary:
    """Import checked register cases into `unit`, all or nothing; a case_ref the unit already has is skipped.

    `cases` may be a generator (synthetic registers of millions): they are written in batches as they come.
    """
    authorize(actor, "cases.import_register", unit)
    run = _RegisterImport(
        unit=unit, dry_run=dry_run,
        known_refs=set(Case.objects.filter(unit=unit).exclude(register_ref="").values_list("register_ref", flat=True)),
        people=dict(Person.objects.filter(unit=unit).exclude(identity_number="")
                    .values_list("identity_number", "pk")),
    )
    for batch in _batches(cases, IMPORT_BATCH):
        run.add(batch)
        if progress is not None:
            progress(len(batch))
    summary = run.summary()
    if not dry_run:
        # One event for the whole file, without a user: the contract's actor "import" (a page's admin is kept).
        audit.record(actor=as_user(actor), actor_label="import", verb="register.imported", object_type="unit",
                     object_id=unit.pk, unit=unit, changes={"sha256": sha256, **summary.as_json()})
    return summary


# --- legal holds, a person's register extract and erasure (GDPR art. 15 and 17) ---


def _hold_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the case must be kept (for example the request or matter).")})
    if len(reason) > limit(LegalHold, "reason"):
        raise ValidationError({"reason": _("Write the reason in at most %(limit)d characters.")
                               % {"limit": limit(LegalHold, "reason")}})
    return reason


@transaction.atomic
def do_place_legal_hold(*, actor: User, case: Case, reason: str) -> LegalHold:
    """Keep a case whatever its retention period says, until the hold is lifted."""
    authorize(actor, "cases.place_legal_hold", case)
    case = _locked(case)
    if case.personal_data_removed_on:
        raise ValidationError(_("The case's personal data has already been removed; there is nothing left to "
                                "hold."))
    hold = LegalHold.objects.create(case=case, reason=_hold_reason(reason), placed_by=actor)
    _record(case, actor, "case.legal_hold_placed", _("Legal hold placed: %(reason)s") % {"reason": hold.reason},
            {"legal_hold": {"before": None, "after": hold.pk}, "reason": {"before": None, "after": hold.reason}})
    return hold


@transaction.atomic
def do_lift_legal_hold(*, actor: User, hold: LegalHold, reason: str) -> LegalHold:
    authorize(actor, "cases.place_legal_hold", hold.case)
    hold = LegalHold.objects.select_for_update().select_related("case__unit").get(pk=hold.pk)
    if hold.lifted_at:
        raise ValidationError(_("This legal hold has already been lifted."))
    hold.lift_reason, hold.lifted_by, hold.lifted_at = _hold_reason(reason), actor, timezone.now()
    hold.save(update_fields=["lift_reason", "lifted_by", "lifted_at"])
    _record(hold.case, actor, "case.legal_hold_lifted",
            _("Legal hold lifted: %(reason)s") % {"reason": hold.lift_reason},
            {"legal_hold": {"before": hold.pk, "after": None}, "reason": {"before": None, "after": hold.lift_reason}})
    return hold


def do_produce_register_extract(*, actor: User, person: Person, fmt: str) -> register_extract.Extract:
    """Everything Hemväg holds about one person and every look at it, for their request under GDPR art. 15:
    produced by an authorised role, audited, and logged as an export of the person's records."""
    authorize(actor, "cases.register_extract", person)
    if not holds_identity_access(actor, person):
        raise PermissionDenied(_("This person has a protected identity. A manager must grant you access to it "
                                 "before you can produce their register extract."))
    with transaction.atomic():
        extract = register_extract.build(person)
        audit.record(actor=actor, verb="person.register_extract", object_type="person", object_id=person.pk,
                     unit=person.unit, changes={"format": fmt, "cases": len(extract.cases),
                                                "access_log_entries": len(extract.accesses)})
        record_access(actor=actor, purpose=AccessPurpose.EXPORT, object_type="person", object_id=person.pk,
                      unit=person.unit, person_id=person.pk, reason=str(_("Register extract (GDPR art. 15)")))
    return extract


@transaction.atomic
def do_erase_person(*, actor: User, person: Person, reason: str) -> None:
    """Erase a person's data on their request (GDPR art. 17) — only where no retention period or legal hold
    requires it to be kept; otherwise refused with every reason. The counts of their cases stay."""
    authorize(actor, "cases.erase_person", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if not holds_identity_access(actor, person):
        raise PermissionDenied(_("This person has a protected identity that you have no access to."))
    if not reason.strip():
        raise ValidationError({"reason": _("Write what the request was (for example its date and how it came).")})
    if len(reason) > ERASURE_REQUEST_MAX:
        raise ValidationError({"reason": _("Write the request in at most %(limit)d characters.")
                               % {"limit": ERASURE_REQUEST_MAX}})
    today = timezone.localdate()
    refusals = retention.erasure_refusals(person, today)
    if refusals:
        raise ValidationError(refusals)
    cases = retention.cases_of(person)
    for case in cases.filter(personal_data_removed_on__isnull=True):
        retention.remove_case_personal_data(case, today)
    person_id = person.pk  # (deleting the row forgets it)
    erased = retention.erase_person_record(person)
    audit.record(actor=actor, verb="person.erased", object_type="person", object_id=person_id, unit=person.unit,
                 changes={"reason": reason.strip(), "cases": sorted(c.shown_reference for c in cases),
                          "record": "deleted" if erased else "anonymised"})
