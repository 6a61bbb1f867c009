"""Cases API: the case list and page, stage transitions and everything inside a case.

Thin: every read goes through cases.queries (limited to the actor's units, access-logged where a case is
looked at), every write through a `do_*` action in cases.actions. Errors are mapped to JSON once, in
hemvag.core.apierrors: 422 `{"errors": [{"field", "message"}]}`, 403, 404, 409 for an illegal transition.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, File, Form, Query, Schema
from ninja.files import UploadedFile

from hemvag.cases import actions, documents, eligibility, queries
from hemvag.cases.flows import transition_for, transitions_from
from hemvag.cases.models import (
    Case,
    Channel,
    Consent,
    ConsentMethod,
    ContactForm,
    CounsellingNote,
    DecisionOutcome,
    DecisionRecord,
    Document,
    FollowUp,
    Payment,
    Programme,
    Recipient,
    Referral,
    ReferralState,
    ReintegrationPlanStep,
    ReintegrationStep,
    Stage,
    StepStatus,
    Task,
    TaskKind,
)
from hemvag.core import queries as core_queries
from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS, DetailOut, In
from hemvag.core.models import User
from hemvag.core.permissions import requires
from hemvag.core.validation import limit
from hemvag.people import queries as people_queries
from hemvag.people.api import PersonOut, person_out
from hemvag.people.models import Relation
from hemvag.rules.validation import FactsError

router = HemvagRouter(tags=["cases"])

MAX_LIMIT = 200
WITH_CONFLICT: dict[int, Any] = {**ERRORS, 409: DetailOut}
# What a step may record besides the fields it requires (flows.Transition.required).
OPTIONAL_STEP_FIELDS: dict[Stage, tuple[str, ...]] = {Stage.DECIDED: ("decided_amount_sek", "decision_reasons")}
NOT_THIS_STEP = gettext_lazy("This is not recorded at this step: send only the fields the step lists in next_steps.")


# --- schemas -------------------------------------------------------------------------------------------


class UserRef(Schema):
    id: int
    name: str


def user_ref(user: User | None) -> UserRef | None:
    if user is None:
        return None
    return UserRef(id=user.pk, name=user.get_full_name() or user.get_username())


class CaseSummaryOut(Schema):
    id: int
    reference: str
    unit_id: int
    stage: Stage
    programme: Programme
    destination_country: str
    assigned_counsellor: UserRef | None
    main_person: PersonOut | None
    member_count: int
    created_at: dt.datetime


class CasePage(Schema):
    count: int = Field(description="All cases matching the filters, not only this page.")
    limit: int
    offset: int
    items: list[CaseSummaryOut]


class CaseFilterIn(In):
    stage: Stage | None = None
    counsellor: int | None = Field(None, description="The assigned counsellor's user id.")
    country: str = Field("", max_length=2, description="Two-letter country code.")
    programme: Programme | None = None
    overdue: bool = Field(False, description="Only cases with a task past its due date.")
    open_only: bool = False
    q: str = Field("", max_length=100, description="Reference, name, or identity number in any common format.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


class MemberOut(Schema):
    person: PersonOut
    relation: Relation
    lives_with_main_person: bool | None


class NextStepOut(Schema):
    to: Stage
    label: str
    required: list[str] = Field(description="The fields the transition must be sent with.")


class TimelineOut(Schema):
    at: dt.datetime
    kind: str
    summary: str
    from_stage: str
    to_stage: str
    actor: UserRef | None


class CaseOut(Schema):
    id: int
    reference: str
    unit_id: int
    stage: Stage
    programme: Programme
    destination_country: str
    channel: Channel
    assigned_counsellor: UserRef | None
    submitted_on: dt.date | None
    migration_agency_case_number: str
    decision: str
    decided_on: dt.date | None
    decided_amount_sek: int | None
    decision_reasons: str
    planned_departure_on: dt.date | None
    departed_on: dt.date | None
    repayment_flag: bool
    closed_at: dt.datetime | None
    created_at: dt.datetime
    household_id: int
    members: list[MemberOut]
    next_steps: list[NextStepOut]
    timeline: list[TimelineOut]


class CaseIn(In):
    household_id: int
    programme: Programme = Programme.UNDECIDED
    destination_country: str = Field("", max_length=2)
    assigned_counsellor_id: int | None = Field(None, description="Defaults to you.")


class CasePatch(In):
    """Only the fields sent are changed."""

    assigned_counsellor_id: int | None = None
    programme: Programme | None = None
    destination_country: str | None = Field(None, max_length=2)


class TransitionIn(In):
    """Move the case on. Send the fields the step requires (see `next_steps` in the case)."""

    to: Stage
    note: str = Field("", max_length=200)
    submitted_on: dt.date | None = None
    migration_agency_case_number: str | None = Field(None, max_length=40)
    decision: DecisionOutcome | None = None
    decided_on: dt.date | None = None
    decided_amount_sek: int | None = Field(None, ge=0)
    decision_reasons: str | None = Field(None, max_length=limit(Case, "decision_reasons"))
    planned_departure_on: dt.date | None = None
    departed_on: dt.date | None = None


class NoteIn(In):
    held_on: dt.date
    form: ContactForm
    interpreter_used: bool = False
    language: str = Field("", max_length=60)
    text: str = Field(min_length=1, max_length=limit(CounsellingNote, "text"))


class NoteOut(Schema):
    id: int
    held_on: dt.date
    form: ContactForm
    interpreter_used: bool
    language: str
    text: str
    author: UserRef | None
    created_at: dt.datetime


class DecisionRecordIn(In):
    information_given: str = Field(min_length=1, max_length=limit(DecisionRecord, "information_given"))
    language: str = Field(min_length=1, max_length=60)
    interpreter_used: bool = False
    knows_can_change_mind: bool = Field(description="Must be true: the person knows they can change their mind.")
    recorded_on: dt.date


class DecisionRecordOut(Schema):
    id: int
    information_given: str
    language: str
    interpreter_used: bool
    knows_can_change_mind: bool
    recorded_on: dt.date
    recorded_by: UserRef | None


class ConsentIn(In):
    person_id: int = Field(description="Who gives the consent: a member of the case's household.")
    recipient: Recipient
    recipient_name: str = Field("", max_length=160)
    scope: str = Field(min_length=1, max_length=limit(Consent, "scope"))
    given_on: dt.date
    method: ConsentMethod
    document_id: int | None = Field(None, description="The signed consent, uploaded to the case first.")


class ConsentOut(Schema):
    id: int
    person_id: int
    recipient: Recipient
    recipient_name: str
    scope: str
    given_on: dt.date
    method: ConsentMethod
    document_id: int | None
    withdrawn_on: dt.date | None


class WithdrawIn(In):
    withdrawn_on: dt.date | None = Field(None, description="Defaults to today.")


class ReferralIn(In):
    recipient: Recipient
    recipient_name: str = Field("", max_length=160)
    purpose: str = Field(min_length=1, max_length=limit(Referral, "purpose"))
    sent_on: dt.date
    override_reason: str = Field("", max_length=limit(Referral, "override_reason"),
                                 description="Managers only: why the referral is sent without a consent "
                                             "covering it. Audited.")


class ReferralOut(Schema):
    id: int
    recipient: Recipient
    recipient_name: str
    purpose: str
    state: ReferralState
    sent_on: dt.date
    consent_id: int | None
    override_reason: str
    overridden_by: UserRef | None


class ReferralStateIn(In):
    state: ReferralState


class TaskIn(In):
    kind: TaskKind
    title: str = Field(min_length=1, max_length=200)
    due_on: dt.date
    owner_id: int | None = Field(None, description="A counsellor of the case's unit; defaults to you.")


class TaskOut(Schema):
    id: int
    kind: TaskKind
    title: str
    due_on: dt.date
    owner: UserRef | None
    done_on: dt.date | None
    overdue: bool


class DocumentIn(In):
    description: str = Field(min_length=1, max_length=200, description="What the document is.")


class DocumentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    description: str
    uploaded_by: UserRef | None
    uploaded_at: dt.datetime


class FactsIn(In):
    facts: dict[str, Any] = Field(description="The eligibility contract's facts document; what the people records "
                                              "know (members, relations, birth dates) is always taken from them.")


class FactsOut(Schema):
    facts: dict[str, Any]


class EligibilityRunIn(In):
    on: dt.date | None = Field(None, description="Evaluate the rules in force on this date (default: today).")


class SnapshotOut(Schema):
    id: int
    evaluated_on: dt.date
    facts: dict[str, Any]
    result: dict[str, Any]
    run_by: UserRef | None
    created_at: dt.datetime


# --- converters ----------------------------------------------------------------------------------------


def case_out(request: HttpRequest, case: Case) -> CaseOut:
    members = [MemberOut(person=person_out(view), relation=member.relation,
                         lives_with_main_person=member.lives_with_main_person)
               for member, view in queries.household_views(request.user, case)]
    return CaseOut(
        id=case.pk, reference=case.reference, unit_id=case.unit_id, stage=case.stage, programme=case.programme,
        destination_country=case.destination_country, channel=case.channel,
        assigned_counsellor=user_ref(case.assigned_counsellor), submitted_on=case.submitted_on,
        migration_agency_case_number=case.migration_agency_case_number, decision=case.decision,
        decided_on=case.decided_on, decided_amount_sek=case.decided_amount_sek,
        decision_reasons=case.decision_reasons, planned_departure_on=case.planned_departure_on,
        departed_on=case.departed_on, repayment_flag=case.repayment_flag, closed_at=case.closed_at,
        created_at=case.created_at, household_id=case.household_id, members=members,
        next_steps=[NextStepOut(to=t.target, label=str(t.label), required=list(t.required))
                    for t in transitions_from(case)],
        timeline=[TimelineOut(at=e.at, kind=e.kind, summary=e.summary, from_stage=e.from_stage,
                              to_stage=e.to_stage, actor=user_ref(e.actor))
                  for e in case.timeline.select_related("actor")],
    )


def note_out(note: Any) -> NoteOut:
    return NoteOut(id=note.pk, held_on=note.held_on, form=note.form, interpreter_used=note.interpreter_used,
                   language=note.language, text=note.text, author=user_ref(note.author),
                   created_at=note.created_at)


def decision_record_out(record: Any) -> DecisionRecordOut:
    return DecisionRecordOut(id=record.pk, information_given=record.information_given, language=record.language,
                             interpreter_used=record.interpreter_used,
                             knows_can_change_mind=record.knows_can_change_mind, recorded_on=record.recorded_on,
                             recorded_by=user_ref(record.recorded_by))


def consent_out(consent: Consent) -> ConsentOut:
    return ConsentOut(id=consent.pk, person_id=consent.person_id, recipient=consent.recipient,
                      recipient_name=consent.recipient_name, scope=consent.scope, given_on=consent.given_on,
                      method=consent.method, document_id=consent.document_id, withdrawn_on=consent.withdrawn_on)


def referral_out(referral: Referral) -> ReferralOut:
    return ReferralOut(id=referral.pk, recipient=referral.recipient, recipient_name=referral.recipient_name,
                       purpose=referral.purpose, state=referral.state, sent_on=referral.sent_on,
                       consent_id=referral.consent_id, override_reason=referral.override_reason,
                       overridden_by=user_ref(referral.overridden_by))


def task_out(task: Task) -> TaskOut:
    return TaskOut(id=task.pk, kind=task.kind, title=task.title, due_on=task.due_on, owner=user_ref(task.owner),
                   done_on=task.done_on, overdue=task.done_on is None and task.due_on < timezone.localdate())


def document_out(document: Document) -> DocumentOut:
    return DocumentOut(id=document.pk, original_name=document.original_name, content_type=document.content_type,
                       size=document.size, description=document.description,
                       uploaded_by=user_ref(document.uploaded_by), uploaded_at=document.uploaded_at)


def snapshot_out(request: HttpRequest, case: Case, snapshot: Any) -> SnapshotOut:
    return SnapshotOut(id=snapshot.pk, evaluated_on=snapshot.evaluated_on,
                       facts=facts_for_reader(request, case, snapshot.facts),
                       result=snapshot.result, run_by=user_ref(snapshot.run_by), created_at=snapshot.created_at)


def facts_for_reader(request: HttpRequest, case: Case, facts: dict[str, Any]) -> dict[str, Any]:
    """A facts document as this reader may see it: a protected member's birth date is masked (as
    privacy.show_person masks it) for everyone the person is not revealed to."""
    hidden = {eligibility.member_id(member.person_id)
              for member, view in queries.household_views(request.user, case) if view.masked}
    members = facts.get("members")
    if not hidden or not isinstance(members, list):
        return facts
    shown = [{**m, "birth_date": None} if isinstance(m, dict) and m.get("id") in hidden else m for m in members]
    return {**facts, "members": shown}


def facts_errors(error: FactsError) -> list[dict[str, str]]:
    """Invalid eligibility facts, each named by its JSON path in the request (`facts.members[0].permit`)."""
    return [{"field": f"facts.{p.path}".rstrip("."), "message": p.message} for p in error.problems]


def _counsellor(case_unit_id: int, user_id: int, field: str) -> User:
    counsellor = queries.counsellors_of([case_unit_id]).filter(pk=user_id).first()
    if counsellor is None:
        raise ValidationError({field: _("Choose a counsellor of this unit.")})
    return counsellor


def _reading(request: HttpRequest, case_id: int, reason: str) -> Case:
    return queries.case_for_reading(request.user, case_id, reason=reason)


# --- the case list, the case, opening and changing it -----------------------------------------------------


@router.get("/cases", response={200: CasePage, **ERRORS}, summary="Cases of your units, filtered and paged")
@requires("cases.view_case")
def list_cases(request: HttpRequest, filters: Query[CaseFilterIn]) -> CasePage:
    case_filter = queries.CaseFilter(
        stage=filters.stage or "", counsellor=filters.counsellor, country=filters.country,
        programme=filters.programme or "", overdue=filters.overdue, open_only=filters.open_only, text=filters.q,
    )
    cases = queries.case_list(request.user, case_filter)
    page = list(cases[filters.offset:filters.offset + filters.limit])
    rows = list(zip(page, queries.main_person_views(request.user, page), strict=True))
    queries.log_listed(request.user, rows, searched=bool(filters.q.strip()))
    items = []
    for case, main in rows:
        items.append(CaseSummaryOut(
            id=case.pk, reference=case.reference, unit_id=case.unit_id, stage=case.stage, programme=case.programme,
            destination_country=case.destination_country, assigned_counsellor=user_ref(case.assigned_counsellor),
            main_person=person_out(main) if main else None, member_count=case.member_count,
            created_at=case.created_at,
        ))
    return CasePage(count=cases.count(), limit=filters.limit, offset=filters.offset, items=items)


@router.get("/cases/{case_id}", response={200: CaseOut, **ERRORS},
            summary="A case: header, household, next steps and timeline (access-logged)")
@requires("cases.view_case")
def get_case(request: HttpRequest, case_id: int) -> CaseOut:
    return case_out(request, queries.case_for_reading(request.user, case_id))


@router.post("/cases", response={201: CaseOut, **ERRORS}, summary="Open a case for a registered household")
@requires("cases.work_case")
def open_case(request: HttpRequest, payload: CaseIn) -> tuple[int, CaseOut]:
    household = people_queries.household_for_edit(request.user, payload.household_id)
    counsellor = (_counsellor(household.unit_id, payload.assigned_counsellor_id, "assigned_counsellor_id")
                  if payload.assigned_counsellor_id else None)
    case = actions.do_open_case(actor=request.user, unit=household.unit, household=household,
                                programme=payload.programme, destination_country=payload.destination_country,
                                assigned_counsellor=counsellor)
    return 201, case_out(request, case)


@router.patch("/cases/{case_id}", response={200: CaseOut, **ERRORS},
              summary="Change the counsellor, programme or destination")
@requires("cases.work_case")
def update_case(request: HttpRequest, case_id: int, payload: CasePatch) -> CaseOut:
    case = queries.case_for_work(request.user, case_id)
    sent = payload.dict(exclude_unset=True)
    fields: dict[str, Any] = {}
    if "assigned_counsellor_id" in sent:
        user_id = sent["assigned_counsellor_id"]
        fields["assigned_counsellor"] = (_counsellor(case.unit_id, user_id, "assigned_counsellor_id")
                                         if user_id else None)
    for name in ("programme", "destination_country"):
        if sent.get(name) is not None:
            fields[name] = str(sent[name])
    case = actions.do_update_case(actor=request.user, case=case, **fields)
    return case_out(request, queries.case_for_reading(request.user, case.pk, reason="after a change"))


@router.post("/cases/{case_id}/transitions", response={200: CaseOut, **WITH_CONFLICT},
             summary="Move the case to another stage",
             description="409 when the stage table does not allow the step (the message lists what is "
                         "possible); 422 when a field the step requires is missing, or a field is sent that the "
                         "step does not record.")
@requires("cases.work_case")
def transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> CaseOut:
    case = queries.case_for_work(request.user, case_id)
    data = {name: (value.value if isinstance(value, DecisionOutcome) else value)
            for name, value in payload.dict(exclude={"to", "note"}).items() if value is not None}
    step = transition_for(case, payload.to.value)  # 409 before anything else; the action checks again
    extra = sorted(set(data) - set(step.required) - set(OPTIONAL_STEP_FIELDS.get(payload.to, ())))
    if extra:
        raise ValidationError({name: NOT_THIS_STEP for name in extra})
    case = actions.do_transition(actor=request.user, case=case, target=payload.to.value, note=payload.note, **data)
    return case_out(request, queries.case_for_reading(request.user, case.pk, reason="after a transition"))


# --- counselling notes and the informed decision -----------------------------------------------------------


@router.get("/cases/{case_id}/notes", response={200: list[NoteOut], **ERRORS}, summary="Counselling notes")
@requires("cases.view_case")
def list_notes(request: HttpRequest, case_id: int) -> list[NoteOut]:
    case = _reading(request, case_id, "notes")
    return [note_out(note) for note in queries.case_notes(case)]


@router.post("/cases/{case_id}/notes", response={201: NoteOut, **ERRORS}, summary="Add a counselling note")
@requires("cases.work_case")
def add_note(request: HttpRequest, case_id: int, payload: NoteIn) -> tuple[int, NoteOut]:
    case = queries.case_for_work(request.user, case_id)
    note = actions.do_add_note(actor=request.user, case=case, held_on=payload.held_on, form=payload.form.value,
                               interpreter_used=payload.interpreter_used, language=payload.language,
                               text=payload.text)
    return 201, note_out(note)


@router.get("/cases/{case_id}/decision-records", response={200: list[DecisionRecordOut], **ERRORS},
            summary="Records of the voluntary, informed decision")
@requires("cases.view_case")
def list_decision_records(request: HttpRequest, case_id: int) -> list[DecisionRecordOut]:
    case = _reading(request, case_id, "decision records")
    return [decision_record_out(record) for record in case.decision_records.select_related("recorded_by")]


@router.post("/cases/{case_id}/decision-records", response={201: DecisionRecordOut, **ERRORS},
             summary="Record the voluntary, informed decision")
@requires("cases.work_case")
def add_decision_record(request: HttpRequest, case_id: int,
                        payload: DecisionRecordIn) -> tuple[int, DecisionRecordOut]:
    case = queries.case_for_work(request.user, case_id)
    record = actions.do_record_decision_basis(actor=request.user, case=case, **payload.dict())
    return 201, decision_record_out(record)


# --- consents and referrals --------------------------------------------------------------------------------


@router.get("/cases/{case_id}/consents", response={200: list[ConsentOut], **ERRORS}, summary="Consents")
@requires("cases.view_case")
def list_consents(request: HttpRequest, case_id: int) -> list[ConsentOut]:
    case = _reading(request, case_id, "consents")
    return [consent_out(consent) for consent in case.consents.all()]


@router.post("/cases/{case_id}/consents", response={201: ConsentOut, **ERRORS}, summary="Record a consent")
@requires("cases.work_case")
def add_consent(request: HttpRequest, case_id: int, payload: ConsentIn) -> tuple[int, ConsentOut]:
    case = queries.case_for_work(request.user, case_id)
    try:
        person = queries.case_person(case, payload.person_id)
    except Http404:
        raise ValidationError({"person_id": _("Choose a person in the case's household.")}) from None
    document = None
    if payload.document_id is not None:
        try:
            document = queries.case_item(case, Document, payload.document_id)
        except Http404:
            raise ValidationError({"document_id": _("Choose a document of this case.")}) from None
    consent = actions.do_record_consent(actor=request.user, case=case, person=person,
                                        recipient=payload.recipient.value, recipient_name=payload.recipient_name,
                                        scope=payload.scope, given_on=payload.given_on,
                                        method=payload.method.value, document=document)
    return 201, consent_out(consent)


@router.post("/cases/{case_id}/consents/{consent_id}/withdraw", response={200: ConsentOut, **ERRORS},
             summary="Withdraw a consent")
@requires("cases.work_case")
def withdraw_consent(request: HttpRequest, case_id: int, consent_id: int, payload: WithdrawIn) -> ConsentOut:
    case = queries.case_for_work(request.user, case_id)
    consent = queries.case_item(case, Consent, consent_id)
    consent = actions.do_withdraw_consent(actor=request.user, consent=consent,
                                          withdrawn_on=payload.withdrawn_on or timezone.localdate())
    return consent_out(consent)


@router.get("/cases/{case_id}/referrals", response={200: list[ReferralOut], **ERRORS}, summary="Referrals")
@requires("cases.view_case")
def list_referrals(request: HttpRequest, case_id: int) -> list[ReferralOut]:
    case = _reading(request, case_id, "referrals")
    return [referral_out(referral) for referral in case.referrals.select_related("overridden_by")]


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut, **ERRORS}, summary="Send a referral",
             description="Refused (422) unless a consent in force covers the recipient. A manager may send it "
                         "without one, with `override_reason`; the override is audited.")
@requires("cases.view_case")  # counsellors with a consent, managers overriding: the action decides which
def send_referral(request: HttpRequest, case_id: int, payload: ReferralIn) -> tuple[int, ReferralOut]:
    case = queries.case_for_reading(request.user, case_id, reason="referral")
    referral = actions.do_send_referral(actor=request.user, case=case, recipient=payload.recipient.value,
                                        recipient_name=payload.recipient_name, purpose=payload.purpose,
                                        sent_on=payload.sent_on, override_reason=payload.override_reason)
    return 201, referral_out(referral)


@router.post("/cases/{case_id}/referrals/{referral_id}/state", response={200: ReferralOut, **ERRORS},
             summary="Record the referral's answer: sent → accepted/declined → done")
@requires("cases.work_case")
def set_referral_state(request: HttpRequest, case_id: int, referral_id: int,
                       payload: ReferralStateIn) -> ReferralOut:
    case = queries.case_for_work(request.user, case_id)
    referral = queries.case_item(case, Referral, referral_id)
    return referral_out(actions.do_set_referral_state(actor=request.user, referral=referral,
                                                      state=payload.state.value))


# --- tasks -------------------------------------------------------------------------------------------------


@router.get("/cases/{case_id}/tasks", response={200: list[TaskOut], **ERRORS}, summary="Tasks")
@requires("cases.view_case")
def list_tasks(request: HttpRequest, case_id: int) -> list[TaskOut]:
    case = _reading(request, case_id, "tasks")
    return [task_out(task) for task in case.tasks.select_related("owner")]


@router.post("/cases/{case_id}/tasks", response={201: TaskOut, **ERRORS}, summary="Add a task with a due date")
@requires("cases.work_case")
def add_task(request: HttpRequest, case_id: int, payload: TaskIn) -> tuple[int, TaskOut]:
    case = queries.case_for_work(request.user, case_id)
    owner = _counsellor(case.unit_id, payload.owner_id, "owner_id") if payload.owner_id else request.user
    task = actions.do_add_task(actor=request.user, case=case, kind=payload.kind.value, title=payload.title,
                               due_on=payload.due_on, owner=owner)
    return 201, task_out(task)


@router.post("/cases/{case_id}/tasks/{task_id}/complete", response={200: TaskOut, **ERRORS},
             summary="Mark a task done")
@requires("cases.work_case")
def complete_task(request: HttpRequest, case_id: int, task_id: int) -> TaskOut:
    case = queries.case_for_work(request.user, case_id)
    task = queries.case_item(case, Task, task_id)
    return task_out(actions.do_complete_task(actor=request.user, task=task))


# --- documents ---------------------------------------------------------------------------------------------


@router.get("/cases/{case_id}/documents", response={200: list[DocumentOut], **ERRORS}, summary="Documents")
@requires("cases.view_case")
def list_documents(request: HttpRequest, case_id: int) -> list[DocumentOut]:
    case = _reading(request, case_id, "documents")
    return [document_out(document) for document in case.documents.select_related("uploaded_by")]


@router.post("/cases/{case_id}/documents", response={201: DocumentOut, **ERRORS},
             summary="Upload a PDF, JPEG or PNG (at most 10 MB)",
             description="The type is checked from the file's content, not its name; anything else is 422.")
@requires("cases.work_case")
def upload_document(request: HttpRequest, case_id: int, file: File[UploadedFile],
                    meta: Form[DocumentIn]) -> tuple[int, DocumentOut]:
    case = queries.case_for_work(request.user, case_id)
    # One byte past the limit is enough for the action to refuse a file too large, without reading it all.
    data = file.read(documents.MAX_BYTES + 1)
    name = (file.name or "").replace("\x00", "")  # PostgreSQL cannot store NUL characters
    document = actions.do_upload_document(actor=request.user, case=case, name=name, data=data,
                                          description=meta.description)
    return 201, document_out(document)


@router.get("/cases/{case_id}/documents/{document_id}/file", response=ERRORS,
            summary="Download a document (access-logged)",
            openapi_extra={"responses": {"200": {"description": "The file, with its stored content type.",
                                                 "content": {t: {"schema": {"type": "string", "format": "binary"}}
                                                             for t in documents.EXTENSIONS}}}})
@requires("cases.view_case")
def download_document(request: HttpRequest, case_id: int, document_id: int) -> FileResponse:
    document = queries.document_for_download(request.user, document_id)
    if document.case_id != case_id:
        raise Http404
    return FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                        filename=documents.download_name(document.original_name, document.content_type))


# --- eligibility -------------------------------------------------------------------------------------------


@router.get("/cases/{case_id}/facts", response={200: FactsOut, **ERRORS},
            summary="The case's eligibility facts, prefilled from the people records")
@requires("cases.view_case")
def get_facts(request: HttpRequest, case_id: int) -> FactsOut:
    case = _reading(request, case_id, "eligibility facts")
    return FactsOut(facts=facts_for_reader(request, case, eligibility.facts_for(case)))


@router.put("/cases/{case_id}/facts", response={200: FactsOut, **ERRORS},
            summary="Store what only the counsellor knows (permits, passports, debts …)")
@requires("cases.work_case")
def put_facts(request: HttpRequest, case_id: int, payload: FactsIn) -> FactsOut:
    case = queries.case_for_work(request.user, case_id)
    actions.do_update_facts(actor=request.user, case=case, facts=payload.facts)
    case.refresh_from_db(fields=["facts"])
    return FactsOut(facts=facts_for_reader(request, case, eligibility.facts_for(case)))


@router.get("/cases/{case_id}/eligibility", response={200: list[SnapshotOut], **ERRORS},
            summary="Eligibility snapshots, newest first")
@requires("cases.view_case")
def list_snapshots(request: HttpRequest, case_id: int) -> list[SnapshotOut]:
    case = _reading(request, case_id, "eligibility")
    return [snapshot_out(request, case, s) for s in case.eligibility_snapshots.select_related("run_by")]


@router.post("/cases/{case_id}/eligibility", response={201: SnapshotOut, **ERRORS},
             summary="Run the rules engine on the case's facts and keep a snapshot",
             description="422 names each invalid fact by its JSON path (field `facts.…`).")
@requires("cases.work_case")
def run_eligibility(request: HttpRequest, case_id: int, payload: EligibilityRunIn) -> tuple[int, SnapshotOut]:
    case = queries.case_for_work(request.user, case_id)
    snapshot = actions.do_run_eligibility(actor=request.user, case=case, on=payload.on)
    return 201, snapshot_out(request, case, snapshot)



# --- after the decision: payments, repayment flag, reintegration plan, follow-up ---------------------------


class PaymentIn(In):
    instalment: int = Field(ge=1, le=20)
    amount_sek: int = Field(ge=1)
    decided_on: dt.date
    received_on: dt.date | None = None
    note: str = Field("", max_length=200)


class PaymentOut(Schema):
    id: int
    instalment: int
    amount_sek: int
    decided_on: dt.date
    received_on: dt.date | None
    note: str


class ReceivedIn(In):
    received_on: dt.date


class RepaymentFlagIn(In):
    flagged: bool = Field(description="True when the person has come back to Sweden and repayment may apply.")
    note: str = Field("", max_length=200)


class PlanStepOut(Schema):
    id: int
    step: ReintegrationStep
    status: StepStatus
    partner: str
    notes: str


class PlanStepIn(In):
    status: StepStatus
    partner: str = Field("", max_length=160)
    notes: str = Field("", max_length=limit(ReintegrationPlanStep, "notes"))


class FollowUpOut(Schema):
    id: int
    months_after_departure: int
    due_on: dt.date
    done_on: dt.date | None
    form: ContactForm | None
    outcome: str


class FollowUpIn(In):
    done_on: dt.date
    form: ContactForm
    outcome: str = Field(min_length=1, max_length=limit(FollowUp, "outcome"))


def payment_out(payment: Payment) -> PaymentOut:
    return PaymentOut(id=payment.pk, instalment=payment.instalment, amount_sek=payment.amount_sek,
                      decided_on=payment.decided_on, received_on=payment.received_on, note=payment.note)


def plan_step_out(step: ReintegrationPlanStep) -> PlanStepOut:
    return PlanStepOut(id=step.pk, step=step.step, status=step.status, partner=step.partner, notes=step.notes)


def follow_up_out(follow_up: FollowUp) -> FollowUpOut:
    return FollowUpOut(id=follow_up.pk, months_after_departure=follow_up.months_after_departure,
                       due_on=follow_up.due_on, done_on=follow_up.done_on, form=follow_up.form or None,
                       outcome=follow_up.outcome)


@router.get("/cases/{case_id}/payments", response={200: list[PaymentOut], **ERRORS},
            summary="Instalments as Migrationsverket reports them")
@requires("cases.view_case")
def list_payments(request: HttpRequest, case_id: int) -> list[PaymentOut]:
    case = _reading(request, case_id, "payments")
    return [payment_out(payment) for payment in case.payments.all()]


@router.post("/cases/{case_id}/payments", response={201: PaymentOut, **ERRORS},
             summary="Record a decided instalment (only for a granted decision)")
@requires("cases.work_case")
def add_payment(request: HttpRequest, case_id: int, payload: PaymentIn) -> tuple[int, PaymentOut]:
    case = queries.case_for_work(request.user, case_id)
    return 201, payment_out(actions.do_record_payment(actor=request.user, case=case, **payload.dict()))


@router.post("/cases/{case_id}/payments/{payment_id}/received", response={200: PaymentOut, **ERRORS},
             summary="Record that an instalment was received")
@requires("cases.work_case")
def payment_received(request: HttpRequest, case_id: int, payment_id: int, payload: ReceivedIn) -> PaymentOut:
    case = queries.case_for_work(request.user, case_id)
    payment = queries.case_item(case, Payment, payment_id)
    return payment_out(actions.do_mark_payment_received(actor=request.user, payment=payment,
                                                        received_on=payload.received_on))


@router.post("/cases/{case_id}/repayment-flag", response={200: CaseOut, **ERRORS},
             summary="Flag (or unflag) that the person came back to Sweden: repayment may apply")
@requires("cases.work_case")
def repayment_flag(request: HttpRequest, case_id: int, payload: RepaymentFlagIn) -> CaseOut:
    case = queries.case_for_work(request.user, case_id)
    case = actions.do_set_repayment_flag(actor=request.user, case=case, flagged=payload.flagged, note=payload.note)
    return case_out(request, queries.case_for_reading(request.user, case.pk, reason="after a change"))


@router.get("/cases/{case_id}/plan", response={200: list[PlanStepOut], **ERRORS},
            summary="The reintegration plan: the unit's eight stages")
@requires("cases.view_case")
def get_plan(request: HttpRequest, case_id: int) -> list[PlanStepOut]:
    case = _reading(request, case_id, "reintegration plan")
    order = {step: index for index, step in enumerate(ReintegrationStep)}
    return sorted((plan_step_out(step) for step in case.plan_steps.all()), key=lambda out: order[out.step])


@router.put("/cases/{case_id}/plan/{step_id}", response={200: PlanStepOut, **ERRORS},
            summary="Update one stage of the reintegration plan")
@requires("cases.work_case")
def update_plan_step(request: HttpRequest, case_id: int, step_id: int, payload: PlanStepIn) -> PlanStepOut:
    case = queries.case_for_work(request.user, case_id)
    step = queries.case_item(case, ReintegrationPlanStep, step_id)
    return plan_step_out(actions.do_update_plan_step(actor=request.user, step=step, status=payload.status.value,
                                                     partner=payload.partner, notes=payload.notes))


@router.get("/cases/{case_id}/follow-ups", response={200: list[FollowUpOut], **ERRORS},
            summary="Follow-up contacts at 1, 3, 6 and 12 months after departure")
@requires("cases.view_case")
def list_follow_ups(request: HttpRequest, case_id: int) -> list[FollowUpOut]:
    case = _reading(request, case_id, "follow-up")
    return [follow_up_out(follow_up) for follow_up in case.follow_ups.all()]


@router.post("/cases/{case_id}/follow-ups/{follow_up_id}", response={200: FollowUpOut, **ERRORS},
             summary="Record a follow-up contact and its outcome")
@requires("cases.work_case")
def record_follow_up(request: HttpRequest, case_id: int, follow_up_id: int, payload: FollowUpIn) -> FollowUpOut:
    case = queries.case_for_work(request.user, case_id)
    follow_up = queries.case_item(case, FollowUp, follow_up_id)
    return follow_up_out(actions.do_record_follow_up(actor=request.user, follow_up=follow_up,
                                                     done_on=payload.done_on, form=payload.form.value,
                                                     outcome=payload.outcome))


# --- inquiries from city staff: refer a resident (with consent) and follow only the status -----------------


class InquiryIn(In):
    unit_id: int = Field(description="The voluntary-return unit the inquiry goes to.")
    name: str = Field(min_length=1, max_length=actions.INQUIRY_LIMITS["name"],
                      description="The resident's name, or what they wish to be called.")
    contact: str = Field(min_length=1, max_length=actions.INQUIRY_LIMITS["contact"],
                         description="How the counsellor can reach them.")
    language: str = Field("", max_length=actions.INQUIRY_LIMITS["language"])
    interpreter_needed: bool = False
    message: str = Field("", max_length=actions.INQUIRY_LIMITS["message"])
    consent_text: str = Field(min_length=1, max_length=actions.INQUIRY_LIMITS["consent_text"],
                              description="The consent the resident gave to this referral, in their words "
                                          "or as read to them.")


class InquiryStatusOut(Schema):
    """All a referring colleague may know about the case: its reference and a plain status."""

    reference: str
    created_at: dt.datetime
    status: str


@router.post("/inquiries", response={201: InquiryStatusOut, **ERRORS},
             summary="Refer a resident to a voluntary-return unit, with their consent")
@requires("cases.refer_resident")
def create_inquiry(request: HttpRequest, payload: InquiryIn) -> tuple[int, InquiryStatusOut]:
    unit = core_queries.units_taking_inquiries().filter(pk=payload.unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": _("Choose a voluntary-return unit that takes inquiries.")})
    data = payload.dict(exclude={"unit_id"})
    case = actions.do_create_inquiry(actor=request.user, unit=unit, channel=Channel.STAFF_REFERRAL, **data)
    return 201, next(InquiryStatusOut(reference=s.reference, created_at=s.created_at, status=s.status)
                     for s in queries.referrals_by(request.user) if s.reference == case.reference)


@router.get("/inquiries", response={200: list[InquiryStatusOut], **ERRORS},
            summary="The residents you referred: reference and status only")
@requires("cases.view_referral_status")
def list_inquiries(request: HttpRequest) -> list[InquiryStatusOut]:
    return [InquiryStatusOut(reference=s.reference, created_at=s.created_at, status=s.status)
            for s in queries.referrals_by(request.user)]
