"""Cases API: the case list and page, stage transitions and everything inside a case.

Thin: every read goes through cases.queries (limited to the actor's units, access-logged where a case is
looked at), every write through a `do_*` action in cases.actions, and the routes return what those give: the
schemas in cases.schemas read it (ninja's from_attributes). Errors are mapped to JSON once, in
hemvag.core.apierrors: `{"detail", "errors": [{"field", "path", "message"}]}` with 422 for invalid input,
403, 404, and 409 for an illegal transition.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Form, Header, Query, Schema
from ninja.files import UploadedFile

from hemvag.cases import actions, documents, eligibility, queries, schemas
from hemvag.cases.flows import transition_for
from hemvag.cases.models import (
    Case,
    Channel,
    Consent,
    Document,
    EligibilitySnapshot,
    FollowUp,
    LegalHold,
    Payment,
    Referral,
    ReintegrationPlanStep,
    Task,
)
from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS, ErrorOut, field_error
from hemvag.core.apilinks import creates
from hemvag.core.models import User
from hemvag.core.permissions import requires
from hemvag.people import queries as people_queries
from hemvag.rules.validation import FactsError

router = HemvagRouter(tags=["cases"])

WITH_CONFLICT: dict[int, Any] = {**ERRORS, 409: ErrorOut}
NOT_THIS_STEP = gettext_lazy("This is not recorded at this step: send only the fields the step lists in next_steps.")


def _values(payload: Schema, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """The payload as an action's keyword arguments: choices as their stored values."""
    return {name: value.value if isinstance(value, Enum) else value
            for name, value in payload.dict(exclude=exclude).items()}


def facts_errors(error: FactsError) -> list[dict[str, str]]:
    """Invalid eligibility facts, each named by its JSON path in the request (`facts.members[0].permit`)."""
    return [field_error(f"facts.{p.path}".rstrip("."), p.message) for p in error.problems]


def _counsellor(unit_id: int, user_id: int, field: str) -> User:
    counsellor = queries.counsellor_of(unit_id, user_id)
    if counsellor is None:
        raise ValidationError({field: _("Choose a counsellor of this unit.")})
    return counsellor


def _reading(request: HttpRequest, case_id: int, reason: str) -> Case:
    return queries.case_for_reading(request.user, case_id, reason=reason)


def _changed(request: HttpRequest, case: Case, reason: str) -> Case:
    """The case as it is after a change, read (and access-logged) again."""
    return queries.case_for_reading(request.user, case.pk, reason=reason)


# --- the case list, the case, opening and changing it -----------------------------------------------------


@router.get("/cases", response={200: schemas.CasePage, **ERRORS}, summary="Cases of your units, filtered and paged")
@requires("cases.view_case")
def list_cases(request: HttpRequest, filters: Query[schemas.CaseFilterIn]) -> dict[str, Any]:
    case_filter = queries.CaseFilter(
        stage=filters.stage or "", counsellor=filters.counsellor, country=filters.country,
        programme=filters.programme or "", overdue=filters.overdue, open_only=filters.open_only, text=filters.q,
    )
    page = queries.case_page(request.user, case_filter, offset=filters.offset, limit=filters.limit)
    return {"count": page.count, "limit": filters.limit, "offset": filters.offset, "items": page.items}


@router.get("/cases/{case_id}", response={200: schemas.CaseOut, **ERRORS},
            summary="A case: header, household, next steps and timeline (access-logged)")
@requires("cases.view_case")
def get_case(request: HttpRequest, case_id: int) -> Case:
    return queries.case_for_reading(request.user, case_id)


@router.post("/cases", response={201: schemas.CaseOut, **ERRORS}, summary="Open a case for a registered household",
             openapi_extra=creates("case_id"))
@requires("cases.work_case")
def open_case(request: HttpRequest, payload: schemas.CaseIn) -> tuple[int, Case]:
    household = people_queries.household_for_edit(request.user, payload.household_id)
    counsellor = (_counsellor(household.unit_id, payload.assigned_counsellor_id, "assigned_counsellor_id")
                  if payload.assigned_counsellor_id else None)
    return 201, actions.do_open_case(actor=request.user, unit=household.unit, household=household,
                                     assigned_counsellor=counsellor,
                                     **_values(payload, exclude={"household_id", "assigned_counsellor_id"}))


@router.patch("/cases/{case_id}", response={200: schemas.CaseOut, **ERRORS},
              summary="Change the counsellor, programme or destination")
@requires("cases.work_case")
def update_case(request: HttpRequest, case_id: int, payload: schemas.CasePatch) -> Case:
    case = queries.case_for_work(request.user, case_id)
    sent = payload.dict(exclude_unset=True)
    fields: dict[str, Any] = {name: str(sent[name]) for name in ("programme", "destination_country")
                              if sent.get(name) is not None}
    if "assigned_counsellor_id" in sent:
        user_id = sent["assigned_counsellor_id"]
        fields["assigned_counsellor"] = (_counsellor(case.unit_id, user_id, "assigned_counsellor_id")
                                         if user_id else None)
    case = actions.do_update_case(actor=request.user, case=case, **fields)
    return _changed(request, case, "after a change")


@router.post("/cases/{case_id}/transitions", response={200: schemas.CaseOut, **WITH_CONFLICT},
             summary="Move the case to another stage",
             description="409 when the stage table does not allow the step (the message lists what is "
                         "possible); 422 when a field the step requires is missing, or a field is sent that the "
                         "step does not record.")
@requires("cases.work_case")
def transition(request: HttpRequest, case_id: int, payload: schemas.TransitionIn) -> Case:
    case = queries.case_for_work(request.user, case_id)
    data = {name: value for name, value in _values(payload, exclude={"to", "note"}).items() if value is not None}
    step = transition_for(case, payload.to.value)  # 409 before anything else; the action checks again
    extra = sorted(set(data) - {*step.required, *step.optional})
    if extra:
        raise ValidationError({name: NOT_THIS_STEP for name in extra})
    case = actions.do_transition(actor=request.user, case=case, target=payload.to.value, note=payload.note, **data)
    return _changed(request, case, "after a transition")


# --- counselling notes and the informed decision -----------------------------------------------------------


@router.get("/cases/{case_id}/notes", response={200: list[schemas.NoteOut], **ERRORS}, summary="Counselling notes")
@requires("cases.view_case")
def list_notes(request: HttpRequest, case_id: int) -> Any:
    return queries.case_notes(_reading(request, case_id, "notes"))


@router.post("/cases/{case_id}/notes", response={201: schemas.NoteOut, **ERRORS}, summary="Add a counselling note")
@requires("cases.work_case")
def add_note(request: HttpRequest, case_id: int, payload: schemas.NoteIn) -> tuple[int, Any]:
    case = queries.case_for_work(request.user, case_id)
    return 201, actions.do_add_note(actor=request.user, case=case, **_values(payload))


@router.get("/cases/{case_id}/decision-records", response={200: list[schemas.DecisionRecordOut], **ERRORS},
            summary="Records of the voluntary, informed decision")
@requires("cases.view_case")
def list_decision_records(request: HttpRequest, case_id: int) -> Any:
    return queries.case_decision_records(_reading(request, case_id, "decision records"))


@router.post("/cases/{case_id}/decision-records", response={201: schemas.DecisionRecordOut, **ERRORS},
             summary="Record the voluntary, informed decision")
@requires("cases.work_case")
def add_decision_record(request: HttpRequest, case_id: int, payload: schemas.DecisionRecordIn) -> tuple[int, Any]:
    case = queries.case_for_work(request.user, case_id)
    return 201, actions.do_record_decision_basis(actor=request.user, case=case, **_values(payload))


# --- consents and referrals --------------------------------------------------------------------------------


@router.get("/cases/{case_id}/consents", response={200: list[schemas.ConsentOut], **ERRORS}, summary="Consents")
@requires("cases.view_case")
def list_consents(request: HttpRequest, case_id: int) -> Any:
    return queries.case_consents(_reading(request, case_id, "consents"))


@router.post("/cases/{case_id}/consents", response={201: schemas.ConsentOut, **ERRORS}, summary="Record a consent",
             openapi_extra=creates("consent_id"))
@requires("cases.work_case")
def add_consent(request: HttpRequest, case_id: int, payload: schemas.ConsentIn) -> tuple[int, Consent]:
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
    return 201, actions.do_record_consent(actor=request.user, case=case, person=person, document=document,
                                          **_values(payload, exclude={"person_id", "document_id"}))


@router.post("/cases/{case_id}/consents/{consent_id}/withdraw", response={200: schemas.ConsentOut, **ERRORS},
             summary="Withdraw a consent")
@requires("cases.work_case")
def withdraw_consent(request: HttpRequest, case_id: int, consent_id: int, payload: schemas.WithdrawIn) -> Consent:
    case = queries.case_for_work(request.user, case_id)
    consent = queries.case_item(case, Consent, consent_id)
    return actions.do_withdraw_consent(actor=request.user, consent=consent,
                                       withdrawn_on=payload.withdrawn_on or timezone.localdate())


@router.get("/cases/{case_id}/referrals", response={200: list[schemas.ReferralOut], **ERRORS}, summary="Referrals")
@requires("cases.view_case")
def list_referrals(request: HttpRequest, case_id: int) -> Any:
    return queries.case_referrals(_reading(request, case_id, "referrals"))


@router.post("/cases/{case_id}/referrals", response={201: schemas.ReferralOut, **ERRORS}, summary="Send a referral",
             description="Refused (422) unless a consent in force covers the recipient. A manager may send it "
                         "without one, with `override_reason`; the override is audited.",
             openapi_extra=creates("referral_id"))
@requires("cases.view_case")  # counsellors with a consent, managers overriding: the action decides which
def send_referral(request: HttpRequest, case_id: int, payload: schemas.ReferralIn) -> tuple[int, Referral]:
    case = queries.case_for_reading(request.user, case_id, reason="referral")
    return 201, actions.do_send_referral(actor=request.user, case=case, **_values(payload))


@router.post("/cases/{case_id}/referrals/{referral_id}/state", response={200: schemas.ReferralOut, **ERRORS},
             summary="Record the referral's answer: sent → accepted/declined → done")
@requires("cases.work_case")
def set_referral_state(request: HttpRequest, case_id: int, referral_id: int,
                       payload: schemas.ReferralStateIn) -> Referral:
    case = queries.case_for_work(request.user, case_id)
    referral = queries.case_item(case, Referral, referral_id)
    return actions.do_set_referral_state(actor=request.user, referral=referral, state=payload.state.value)


# --- tasks -------------------------------------------------------------------------------------------------


@router.get("/cases/{case_id}/tasks", response={200: list[schemas.TaskOut], **ERRORS}, summary="Tasks")
@requires("cases.view_case")
def list_tasks(request: HttpRequest, case_id: int) -> Any:
    return queries.case_tasks(_reading(request, case_id, "tasks"))


@router.post("/cases/{case_id}/tasks", response={201: schemas.TaskOut, **ERRORS}, summary="Add a task with a due date",
             openapi_extra=creates("task_id"))
@requires("cases.work_case")
def add_task(request: HttpRequest, case_id: int, payload: schemas.TaskIn) -> tuple[int, Task]:
    case = queries.case_for_work(request.user, case_id)
    owner = _counsellor(case.unit_id, payload.owner_id, "owner_id") if payload.owner_id else request.user
    return 201, actions.do_add_task(actor=request.user, case=case, owner=owner,
                                    **_values(payload, exclude={"owner_id"}))


@router.post("/cases/{case_id}/tasks/{task_id}/complete", response={200: schemas.TaskOut, **ERRORS},
             summary="Mark a task done")
@requires("cases.work_case")
def complete_task(request: HttpRequest, case_id: int, task_id: int) -> Task:
    case = queries.case_for_work(request.user, case_id)
    return actions.do_complete_task(actor=request.user, task=queries.case_item(case, Task, task_id))


# --- documents ---------------------------------------------------------------------------------------------


@router.get("/cases/{case_id}/documents", response={200: list[schemas.DocumentOut], **ERRORS}, summary="Documents")
@requires("cases.view_case")
def list_documents(request: HttpRequest, case_id: int) -> Any:
    return queries.case_documents(_reading(request, case_id, "documents"))


@router.post("/cases/{case_id}/documents", response={201: schemas.DocumentOut, **ERRORS},
             summary="Upload a PDF, JPEG or PNG (at most 10 MB)",
             description="The type is checked from the file's content, not its name; anything else is 422.",
             openapi_extra=creates("document_id"))
@requires("cases.work_case")
def upload_document(request: HttpRequest, case_id: int, file: File[UploadedFile],
                    meta: Form[schemas.DocumentIn]) -> tuple[int, Document]:
    case = queries.case_for_work(request.user, case_id)
    # One byte past the limit is enough for the action to refuse a file too large, without reading it all.
    data = file.read(documents.MAX_BYTES + 1)
    name = (file.name or "").replace("\x00", "")  # PostgreSQL cannot store NUL characters
    return 201, actions.do_upload_document(actor=request.user, case=case, name=name, data=data,
                                           description=meta.description)


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


# --- legal holds and a person's rights (GDPR art. 15 and 17) ----------------------------------------------


@router.get("/cases/{case_id}/legal-holds", response={200: list[schemas.LegalHoldOut], **ERRORS},
            summary="The case's legal holds, in force and lifted")
@requires("cases.view_case")
def list_legal_holds(request: HttpRequest, case_id: int) -> Any:
    return queries.case_legal_holds(_reading(request, case_id, "legal holds"))


@router.post("/cases/{case_id}/legal-holds", response={201: schemas.LegalHoldOut, **ERRORS},
             summary="Keep the case whatever its retention period says, until the hold is lifted",
             openapi_extra=creates("hold_id"))
@requires("cases.place_legal_hold")
def place_legal_hold(request: HttpRequest, case_id: int, payload: schemas.HoldReasonIn) -> tuple[int, LegalHold]:
    case = queries.case_for_work(request.user, case_id, permission="cases.place_legal_hold")
    return 201, actions.do_place_legal_hold(actor=request.user, case=case, reason=payload.reason)


@router.post("/cases/{case_id}/legal-holds/{hold_id}/lift", response={200: schemas.LegalHoldOut, **ERRORS},
             summary="Lift a legal hold: the case's retention period applies again")
@requires("cases.place_legal_hold")
def lift_legal_hold(request: HttpRequest, case_id: int, hold_id: int, payload: schemas.HoldReasonIn) -> LegalHold:
    case = queries.case_for_work(request.user, case_id, permission="cases.place_legal_hold")
    hold = queries.case_item(case, LegalHold, hold_id)
    return actions.do_lift_legal_hold(actor=request.user, hold=hold, reason=payload.reason)


@router.get("/persons/{person_id}/register-extract", response={200: dict[str, Any], **ERRORS},
            summary="Everything Hemväg holds about the person and every look at it (GDPR art. 15)",
            description="The same document as the JSON download of the person's rights page; audited, and logged "
                        "as an export of the person's records.")
@requires("cases.register_extract")
def register_extract(request: HttpRequest, person_id: int) -> HttpResponse:
    person = queries.person_for_rights(request.user, person_id)
    extract = actions.do_produce_register_extract(actor=request.user, person=person, fmt="json")
    return HttpResponse(extract.as_json(), content_type="application/json")


@router.post("/persons/{person_id}/erasure", response={204: None, **ERRORS},
             summary="Erase the person's data on their request (GDPR art. 17)",
             description="422 with every reason, and nothing erased, while a retention period or a legal hold "
                         "requires the records to be kept. The counts of their cases stay.")
@requires("cases.erase_person")
def erase_person(request: HttpRequest, person_id: int, payload: schemas.ErasureIn) -> tuple[int, None]:
    person = queries.person_for_rights(request.user, person_id, permission="cases.erase_person")
    actions.do_erase_person(actor=request.user, person=person, reason=payload.reason)
    return 204, None


# --- eligibility -------------------------------------------------------------------------------------------


def _with_version(response: HttpResponse, case: Case) -> Case:
    response["ETag"] = f'"{eligibility.facts_version(case)}"'
    return case


def _read_version(if_match: str | None) -> str | None:
    """The version an If-Match names (`"…"`; `*` or none: any)."""
    if if_match is None or if_match.strip() == "*":
        return None
    return if_match.strip().removeprefix("W/").strip('"')


@router.get("/cases/{case_id}/facts", response={200: schemas.FactsOut, **ERRORS},
            summary="The case's eligibility facts, prefilled from the people records",
            description="The ETag header names the version of the stored facts: send it back as If-Match with a PUT.")
@requires("cases.view_case")
def get_facts(request: HttpRequest, case_id: int, response: HttpResponse) -> Case:
    return _with_version(response, _reading(request, case_id, "eligibility facts"))


@router.put("/cases/{case_id}/facts", response={200: schemas.FactsOut, **ERRORS, 412: ErrorOut},
            summary="Store what only the counsellor knows (permits, passports, debts …)",
            description="The document replaces the stored facts. With If-Match (the ETag of a GET), 412 and nothing "
                        "stored if someone saved the facts since; without it, the last writer's facts stand.")
@requires("cases.work_case")
def put_facts(request: HttpRequest, case_id: int, payload: schemas.FactsIn, response: HttpResponse,
              if_match: str | None = Header(None, alias="If-Match")) -> Case:
    case = queries.case_for_work(request.user, case_id)
    actions.do_update_facts(actor=request.user, case=case, facts=payload.facts, read_version=_read_version(if_match))
    return _with_version(response, queries.case_for_work(request.user, case_id))  # with the facts as stored


@router.get("/cases/{case_id}/eligibility", response={200: list[schemas.SnapshotOut], **ERRORS},
            summary="Eligibility snapshots, newest first")
@requires("cases.view_case")
def list_snapshots(request: HttpRequest, case_id: int) -> Any:
    return queries.case_snapshots(_reading(request, case_id, "eligibility"))


@router.post("/cases/{case_id}/eligibility", response={201: schemas.SnapshotOut, **ERRORS},
             summary="Run the rules engine on the case's facts and keep a snapshot",
             description="422 names each invalid fact by its JSON path (field `facts.…`).")
@requires("cases.work_case")
def run_eligibility(request: HttpRequest, case_id: int,
                    payload: schemas.EligibilityRunIn) -> tuple[int, EligibilitySnapshot]:
    case = queries.case_for_work(request.user, case_id)
    return 201, actions.do_run_eligibility(actor=request.user, case=case, on=payload.on)


# --- after the decision: payments, repayment flag, reintegration plan, follow-up ---------------------------


@router.get("/cases/{case_id}/payments", response={200: list[schemas.PaymentOut], **ERRORS},
            summary="Instalments as Migrationsverket reports them")
@requires("cases.view_case")
def list_payments(request: HttpRequest, case_id: int) -> Any:
    return queries.case_payments(_reading(request, case_id, "payments"))


@router.post("/cases/{case_id}/payments", response={201: schemas.PaymentOut, **ERRORS},
             summary="Record a decided instalment (only for a granted decision)",
             openapi_extra=creates("payment_id"))
@requires("cases.work_case")
def add_payment(request: HttpRequest, case_id: int, payload: schemas.PaymentIn) -> tuple[int, Payment]:
    case = queries.case_for_work(request.user, case_id)
    return 201, actions.do_record_payment(actor=request.user, case=case, **_values(payload))


@router.post("/cases/{case_id}/payments/{payment_id}/received", response={200: schemas.PaymentOut, **ERRORS},
             summary="Record that an instalment was received")
@requires("cases.work_case")
def payment_received(request: HttpRequest, case_id: int, payment_id: int, payload: schemas.ReceivedIn) -> Payment:
    case = queries.case_for_work(request.user, case_id)
    payment = queries.case_item(case, Payment, payment_id)
    return actions.do_mark_payment_received(actor=request.user, payment=payment, received_on=payload.received_on)


@router.post("/cases/{case_id}/repayment-flag", response={200: schemas.CaseOut, **ERRORS},
             summary="Flag (or unflag) that the person came back to Sweden: repayment may apply")
@requires("cases.work_case")
def repayment_flag(request: HttpRequest, case_id: int, payload: schemas.RepaymentFlagIn) -> Case:
    case = queries.case_for_work(request.user, case_id)
    case = actions.do_set_repayment_flag(actor=request.user, case=case, **_values(payload))
    return _changed(request, case, "after a change")


@router.get("/cases/{case_id}/plan", response={200: list[schemas.PlanStepOut], **ERRORS},
            summary="The reintegration plan: the unit's eight stages")
@requires("cases.view_case")
def get_plan(request: HttpRequest, case_id: int) -> Any:
    return queries.case_plan_steps(_reading(request, case_id, "reintegration plan"))


@router.put("/cases/{case_id}/plan/{step_id}", response={200: schemas.PlanStepOut, **ERRORS},
            summary="Update one stage of the reintegration plan")
@requires("cases.work_case")
def update_plan_step(request: HttpRequest, case_id: int, step_id: int,
                     payload: schemas.PlanStepIn) -> ReintegrationPlanStep:
    case = queries.case_for_work(request.user, case_id)
    step = queries.case_item(case, ReintegrationPlanStep, step_id)
    return actions.do_update_plan_step(actor=request.user, step=step, **_values(payload))


@router.get("/cases/{case_id}/follow-ups", response={200: list[schemas.FollowUpOut], **ERRORS},
            summary="Follow-up contacts at 1, 3, 6 and 12 months after departure")
@requires("cases.view_case")
def list_follow_ups(request: HttpRequest, case_id: int) -> Any:
    return queries.case_follow_ups(_reading(request, case_id, "follow-up"))


@router.post("/cases/{case_id}/follow-ups/{follow_up_id}", response={200: schemas.FollowUpOut, **ERRORS},
             summary="Record a follow-up contact and its outcome")
@requires("cases.work_case")
def record_follow_up(request: HttpRequest, case_id: int, follow_up_id: int, payload: schemas.FollowUpIn) -> FollowUp:
    case = queries.case_for_work(request.user, case_id)
    follow_up = queries.case_item(case, FollowUp, follow_up_id)
    return actions.do_record_follow_up(actor=request.user, follow_up=follow_up, **_values(payload))


# --- inquiries from city staff: refer a resident (with consent) and follow only the status -----------------


@router.post("/inquiries", response={201: schemas.InquiryStatusOut, **ERRORS},
             summary="Refer a resident to a voluntary-return unit, with their consent")
@requires("cases.refer_resident")
def create_inquiry(request: HttpRequest, payload: schemas.InquiryIn) -> tuple[int, queries.ReferralStatus]:
    unit = queries.unit_taking_inquiries(payload.unit_id)
    if unit is None:
        raise ValidationError({"unit_id": _("Choose a voluntary-return unit that takes inquiries.")})
    case = actions.do_create_inquiry(actor=request.user, unit=unit, channel=Channel.STAFF_REFERRAL,
                                     **_values(payload, exclude={"unit_id"}))
    return 201, next(s for s in queries.referrals_by(request.user) if s.reference == case.reference)


@router.get("/inquiries", response={200: list[schemas.InquiryStatusOut], **ERRORS},
            summary="The residents you referred: reference and status only")
@requires("cases.view_referral_status")
def list_inquiries(request: HttpRequest) -> list[queries.ReferralStatus]:
    return queries.referrals_by(request.user)
