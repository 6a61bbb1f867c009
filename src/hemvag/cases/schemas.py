"""The cases API's schemas: what comes in (`…In`, `…Patch`) and what goes out (`…Out`), each field named once.

Out schemas read their values from the models and from what cases.queries returns (ninja's `from_attributes`);
what is computed has a `resolve_…` method. Where the reader matters (who is masked), the resolver asks
cases.queries for the requesting user, whom ninja passes in the validation context. Persons are always
people.schemas.PersonOut, read from a PersonView.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from hemvag.cases import actions, queries
from hemvag.cases.flows import Transition, transitions_from
from hemvag.cases.models import (
    ERASURE_REQUEST_MAX,
    LEGAL_HOLD_REASON_MAX,
    Case,
    Channel,
    Consent,
    ConsentMethod,
    ContactForm,
    CounsellingNote,
    DecisionOutcome,
    DecisionRecord,
    EligibilitySnapshot,
    FollowUp,
    Programme,
    Recipient,
    Referral,
    ReferralState,
    RefusalReasonCode,
    ReintegrationPlanStep,
    ReintegrationStep,
    Stage,
    StepStatus,
    Task,
    TaskKind,
)
from hemvag.core.apierrors import In
from hemvag.core.models import User
from hemvag.core.validation import limit
from hemvag.people.queries import MemberView
from hemvag.people.schemas import MemberOut, PersonOut

MAX_LIMIT = 200


def _reader(context: dict[str, Any]) -> User:
    return context["request"].user


class UserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(user: User) -> str:
        return user.get_full_name() or user.get_username()


# --- the case list and the case ------------------------------------------------------------------------


class CaseSummaryOut(Schema):
    # Read from cases.queries.case_page, which adds `main_person` (a PersonView) and `member_count`.

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


class NextStepOut(Schema):
    to: Stage
    label: str
    required: list[str] = Field(description="The fields the transition must be sent with.")

    @staticmethod
    def resolve_to(step: Transition) -> str:
        return step.target

    @staticmethod
    def resolve_label(step: Transition) -> str:
        return str(step.label)


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
    refusal_reasons: list[RefusalReasonCode]
    planned_departure_on: dt.date | None
    departed_on: dt.date | None
    repayment_flag: bool
    closed_at: dt.datetime | None
    opened_on: dt.date
    closed_on: dt.date | None
    register_ref: str
    created_at: dt.datetime
    household_id: int
    members: list[MemberOut]
    next_steps: list[NextStepOut]
    timeline: list[TimelineOut]

    @staticmethod
    def resolve_members(case: Case, context: dict[str, Any]) -> list[MemberView]:
        return queries.case_members(_reader(context), case)

    @staticmethod
    def resolve_refusal_reasons(case: Case) -> list[str]:
        return [reason.code for reason in case.refusal_reasons.all()]

    @staticmethod
    def resolve_next_steps(case: Case) -> list[Transition]:
        return transitions_from(case)

    @staticmethod
    def resolve_timeline(case: Case) -> list[Any]:
        return list(queries.case_timeline(case))


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
    refusal_reasons: list[RefusalReasonCode] | None = Field(
        None, max_length=len(RefusalReasonCode), description="With a refusal: its structured reasons, each once.")
    planned_departure_on: dt.date | None = None
    departed_on: dt.date | None = None


# --- counselling notes and the informed decision -----------------------------------------------------------


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


# --- consents and referrals --------------------------------------------------------------------------------


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


# --- tasks and documents -----------------------------------------------------------------------------------


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

    @staticmethod
    def resolve_overdue(task: Task) -> bool:
        return task.done_on is None and task.due_on < timezone.localdate()


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


# --- eligibility -------------------------------------------------------------------------------------------


class FactsIn(In):
    facts: dict[str, Any] = Field(description="The eligibility contract's facts document; what the people records "
                                              "know (members, relations, birth dates) is always taken from them.")


class FactsOut(Schema):
    # Read from the case: its facts prefilled from the people records, as the reader may see them.

    facts: dict[str, Any]

    @staticmethod
    def resolve_facts(case: Case, context: dict[str, Any]) -> dict[str, Any]:
        return queries.case_facts(_reader(context), case)


class EligibilityRunIn(In):
    on: dt.date | None = Field(None, description="Evaluate the rules in force on this date (default: today).")


class SnapshotOut(Schema):
    id: int
    evaluated_on: dt.date
    facts: dict[str, Any]
    result: dict[str, Any]
    run_by: UserRef | None
    created_at: dt.datetime

    @staticmethod
    def resolve_facts(snapshot: EligibilitySnapshot, context: dict[str, Any]) -> dict[str, Any]:
        return queries.masked_facts(_reader(context), snapshot.case, snapshot.facts)


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

    @staticmethod
    def resolve_form(follow_up: FollowUp) -> str | None:
        return follow_up.form or None  # "" until the contact is recorded


class FollowUpIn(In):
    done_on: dt.date
    form: ContactForm
    outcome: str = Field(min_length=1, max_length=limit(FollowUp, "outcome"))


# --- legal holds and a person's rights ---------------------------------------------------------------------


class HoldReasonIn(In):
    reason: str = Field(min_length=1, max_length=LEGAL_HOLD_REASON_MAX,
                        description="Why the case must be kept (the request or matter), or why the hold is lifted.")


class ErasureIn(In):
    reason: str = Field(min_length=1, max_length=ERASURE_REQUEST_MAX,
                        description="What the person asked for: the request's date and how it came.")


class LegalHoldOut(Schema):
    id: int
    reason: str
    placed_by: UserRef
    placed_at: dt.datetime
    lifted_by: UserRef | None
    lifted_at: dt.datetime | None
    lift_reason: str


# --- inquiries from city staff -----------------------------------------------------------------------------


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
