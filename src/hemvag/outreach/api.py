"""Outreach API: activities and consultations, organisations and agreements, through the same actions and
permissions as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS, In
from hemvag.core.apilinks import creates
from hemvag.core.permissions import requires
from hemvag.outreach import actions, queries
from hemvag.outreach.models import ActivityKind, AgreementKind, ColleagueKind, CostType, OrganisationKind, ProjectStatus

router = HemvagRouter(tags=["outreach"])


class ActivityIn(In):
    kind: ActivityKind
    title: str = Field(max_length=300)
    held_on: dt.date
    place: str = Field("", max_length=200)
    organisation_ids: list[int] = Field(default_factory=list, max_length=50)
    languages: str = Field("", max_length=200)
    interpreter: bool = False
    topics: str = Field("", max_length=5000)
    participants: int | None = None
    women: int | None = None
    men: int | None = None
    follow_up: str = Field("", max_length=5000)


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    held_on: dt.date
    place: str
    languages: str
    interpreter: bool
    topics: str
    participants: int | None
    women: int | None
    men: int | None
    materials: list[dict[str, Any]]


class ConsultationIn(In):
    held_on: dt.date
    colleague_kind: ColleagueKind
    colleague_unit: str = Field("", max_length=200)
    topic: str = Field(max_length=300)
    minutes: int
    led_to_referral: bool = False


class ConsultationOut(Schema):
    id: int
    held_on: dt.date
    colleague_kind: str
    colleague_unit: str
    topic: str
    minutes: int
    led_to_referral: bool


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    country: str
    city: str
    languages: str
    communities: str
    is_active: bool


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    signed_on: dt.date | None
    valid_from: dt.date
    valid_to: dt.date | None


def _unit(request: HttpRequest, action: str) -> Any:
    unit = queries.units_for(request.user, action).first()
    if unit is None:
        raise ValidationError({"unit": _("You record outreach in no unit.")})
    return unit


@router.get("/outreach/activities", response={200: list[ActivityOut], **ERRORS}, summary="The units' activities")
@requires(queries.VIEW)
def list_activities(request: HttpRequest) -> Any:
    return list(queries.activities(request.user)[:500])


@router.post("/outreach/activities", response={201: ActivityOut, **ERRORS}, summary="Record an activity")
@requires("outreach.record_activities")
def record_activity(request: HttpRequest, payload: ActivityIn) -> tuple[int, Any]:
    unit = _unit(request, "outreach.record_activities")
    organisations = list(queries.organisations_of(unit).filter(pk__in=payload.organisation_ids))
    if len(organisations) != len(set(payload.organisation_ids)):
        raise ValidationError({"organisation_ids": _("Choose the unit's own organisations.")})
    data = payload.dict(exclude={"kind", "organisation_ids"})
    return 201, actions.do_record_activity(actor=request.user, unit=unit, kind=payload.kind.value,
                                           organisations=organisations, **data)


@router.get("/outreach/consultations", response={200: list[ConsultationOut], **ERRORS},
            summary="The units' consultations from city staff")
@requires(queries.VIEW)
def list_consultations(request: HttpRequest) -> Any:
    return list(queries.consultations(request.user)[:500])


@router.post("/outreach/consultations", response={201: ConsultationOut, **ERRORS},
             summary="Record a consultation from a colleague")
@requires("outreach.record_activities")
def record_consultation(request: HttpRequest, payload: ConsultationIn) -> tuple[int, Any]:
    unit = _unit(request, "outreach.record_activities")
    data = payload.dict(exclude={"colleague_kind"})
    return 201, actions.do_record_consultation(actor=request.user, unit=unit,
                                               colleague_kind=payload.colleague_kind.value, **data)


@router.get("/outreach/organisations", response={200: list[OrganisationOut], **ERRORS},
            summary="The units' organisations")
@requires(queries.VIEW)
def list_organisations(request: HttpRequest) -> Any:
    return list(queries.organisations(request.user))


@router.get("/outreach/agreements", response={200: list[AgreementOut], **ERRORS}, summary="The units' agreements")
@requires(queries.VIEW)
def list_agreements(request: HttpRequest) -> Any:
    return list(queries.agreements(request.user))


class ProjectIn(In):
    title: str = Field(max_length=300)
    starts_on: dt.date
    ends_on: dt.date
    funder: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)
    status: ProjectStatus = ProjectStatus.PLANNED


class BudgetYearOut(Schema):
    year: int
    budget: int
    spent: int


class ProjectOut(Schema):
    id: int
    title: str
    funder: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    budget_vs_spend: list[BudgetYearOut]


def _project_out(project: Any) -> dict[str, Any]:
    return {**{name: getattr(project, name) for name in ("id", "title", "funder", "starts_on", "ends_on", "status")},
            "budget_vs_spend": [vars(y) for y in queries.budget_vs_spend(project)]}


@router.get("/outreach/projects", response={200: list[ProjectOut], **ERRORS}, summary="The units' projects")
@requires(queries.VIEW)
def list_projects(request: HttpRequest) -> Any:
    return [_project_out(p) for p in queries.projects(request.user)]


@router.post("/outreach/projects", response={201: ProjectOut, **ERRORS}, summary="Create a project",
             openapi_extra=creates("project_id"))
@requires("outreach.manage_projects")
def create_project(request: HttpRequest, payload: ProjectIn) -> tuple[int, Any]:
    unit = _unit(request, "outreach.manage_projects")
    data = payload.dict(exclude={"status"})
    return 201, _project_out(actions.do_save_project(actor=request.user, unit=unit, status=payload.status.value,
                                                     **data))


class BudgetIn(In):
    year: int
    cost_type: CostType
    amount_sek: int


class SpendIn(In):
    spent_on: dt.date
    cost_type: CostType
    amount_sek: int
    note: str = Field("", max_length=300)


@router.put("/outreach/projects/{project_id}/budget", response={200: ProjectOut, **ERRORS},
            summary="Set a budget line (a year and a cost type)")
@requires("outreach.manage_projects")
def set_budget(request: HttpRequest, project_id: int, payload: BudgetIn) -> Any:
    project = queries.project(request.user, project_id)
    actions.do_set_budget(actor=request.user, project=project, year=payload.year,
                          cost_type=payload.cost_type.value, amount_sek=payload.amount_sek)
    return _project_out(project)


@router.post("/outreach/projects/{project_id}/spend", response={200: ProjectOut, **ERRORS},
             summary="Record spend on a project (422 on a closed project)")
@requires("outreach.manage_projects")
def record_spend(request: HttpRequest, project_id: int, payload: SpendIn) -> Any:
    project = queries.project(request.user, project_id)
    actions.do_record_spend(actor=request.user, project=project, spent_on=payload.spent_on,
                            cost_type=payload.cost_type.value, amount_sek=payload.amount_sek, note=payload.note)
    return _project_out(project)


class ApplicationIn(In):
    funder: str = Field(max_length=200)
    title: str = Field(max_length=300)
    requested_sek: int
    call: str = Field("", max_length=300)
    deadline: dt.date | None = None


class ApplicationOut(Schema):
    id: int
    funder: str
    call: str
    title: str
    deadline: dt.date | None
    requested_sek: int
    status: str
    granted_sek: int | None
    project_id: int | None


class ApplicationDecisionIn(In):
    granted: bool
    decided_on: dt.date
    granted_sek: int | None = None
    conditions: str = Field("", max_length=5000)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


@router.get("/outreach/applications", response={200: list[ApplicationOut], **ERRORS},
            summary="The units' funding applications")
@requires(queries.VIEW)
def list_applications(request: HttpRequest) -> Any:
    return list(queries.applications(request.user))


@router.post("/outreach/applications", response={201: ApplicationOut, **ERRORS},
             summary="A funding application (a draft)",
             openapi_extra=creates("application_id"))
@requires("outreach.manage_projects")
def create_application(request: HttpRequest, payload: ApplicationIn) -> tuple[int, Any]:
    unit = _unit(request, "outreach.manage_projects")
    return 201, actions.do_save_application(actor=request.user, unit=unit, **payload.dict())


@router.post("/outreach/applications/{application_id}/submitted", response={200: ApplicationOut, **ERRORS},
             summary="Record that the application was submitted (today)")
@requires("outreach.manage_projects")
def submit_application(request: HttpRequest, application_id: int) -> Any:
    from django.utils import timezone

    found = queries.application(request.user, application_id)
    return actions.do_submit_application(actor=request.user, application=found, submitted_on=timezone.localdate())


@router.post("/outreach/applications/{application_id}/decision", response={200: ApplicationOut, **ERRORS},
             summary="The funder's decision: a grant becomes (or extends) a project")
@requires("outreach.manage_projects")
def decide_application(request: HttpRequest, application_id: int, payload: ApplicationDecisionIn) -> Any:
    found = queries.application(request.user, application_id)
    return actions.do_decide_application(actor=request.user, application=found, **payload.dict())


class OrganisationIn(In):
    name: str = Field(max_length=200)
    kind: OrganisationKind
    country: str = Field("", max_length=2)
    city: str = Field("", max_length=100)
    languages: str = Field("", max_length=200)
    communities: str = Field("", max_length=300)
    notes: str = Field("", max_length=5000)


@router.post("/outreach/organisations", response={201: OrganisationOut, **ERRORS}, summary="Add an organisation",
             openapi_extra=creates("organisation_id"))
@requires("outreach.manage_organisations")
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> tuple[int, Any]:
    unit = _unit(request, "outreach.manage_organisations")
    data = payload.dict(exclude={"kind"})
    return 201, actions.do_save_organisation(actor=request.user, unit=unit, kind=payload.kind.value, **data)


class ContactIn(In):
    name: str = Field(max_length=200)
    basis: str = Field(max_length=300, description="Why the unit keeps this contact; required.")
    role: str = Field("", max_length=200)
    work_phone: str = Field("", max_length=40)
    work_email: str = Field("", max_length=254)


class ContactOut(Schema):
    id: int
    name: str
    role: str
    work_phone: str
    work_email: str
    basis: str


@router.get("/outreach/organisations/{organisation_id}/contacts", response={200: list[ContactOut], **ERRORS},
            summary="An organisation's contacts")
@requires(queries.VIEW)
def list_contacts(request: HttpRequest, organisation_id: int) -> Any:
    return list(queries.organisation_page(queries.organisation(request.user, organisation_id))["contacts"])


@router.post("/outreach/organisations/{organisation_id}/contacts", response={201: ContactOut, **ERRORS},
             summary="Add a contact (work details only, with the basis for keeping it)",
             openapi_extra=creates("contact_id"))
@requires("outreach.manage_organisations")
def add_contact(request: HttpRequest, organisation_id: int, payload: ContactIn) -> tuple[int, Any]:
    found = queries.organisation(request.user, organisation_id)
    return 201, actions.do_add_contact(actor=request.user, organisation=found, **payload.dict())


@router.delete("/outreach/organisations/{organisation_id}/contacts/{contact_id}", response={204: None, **ERRORS},
               summary="Remove a contact (on request)")
@requires("outreach.manage_organisations")
def remove_contact(request: HttpRequest, organisation_id: int, contact_id: int) -> tuple[int, None]:
    contact = queries.contact(queries.organisation(request.user, organisation_id), contact_id)
    actions.do_remove_contact(actor=request.user, contact=contact)
    return 204, None


class AgreementIn(In):
    kind: AgreementKind
    title: str = Field(max_length=300)
    party_ids: list[int] = Field(max_length=20)
    valid_from: dt.date
    valid_to: dt.date | None = None
    signed_on: dt.date | None = None
    remind_days: int = 60


@router.post("/outreach/agreements", response={201: AgreementOut, **ERRORS}, summary="Add an agreement")
@requires("outreach.manage_agreements")
def create_agreement(request: HttpRequest, payload: AgreementIn) -> tuple[int, Any]:
    unit = _unit(request, "outreach.manage_agreements")
    parties = list(queries.organisations_of(unit).filter(pk__in=payload.party_ids))
    if len(parties) != len(set(payload.party_ids)):
        raise ValidationError({"party_ids": _("Choose parties from the unit's own organisations.")})
    data = payload.dict(exclude={"kind", "party_ids"})
    return 201, actions.do_save_agreement(actor=request.user, unit=unit, kind=payload.kind.value, parties=parties,
                                          responsible=request.user, **data)


class PlanLineIn(In):
    title: str = Field(max_length=2000)
    goal: str = Field("", max_length=2000)
    indicators: str = Field("", max_length=2000)


FIRST_PLAN_YEAR, LAST_PLAN_YEAR = 2000, 2100
# A plan's year in a path: outside the range a plan may have (and the dates the database can hold) is 422.
PlanYear = Annotated[int, Path(ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR)]


class PlanIn(In):
    title: str = Field(max_length=300)
    first_year: int = Field(ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR)
    last_year: int = Field(ge=FIRST_PLAN_YEAR, le=LAST_PLAN_YEAR)
    lines: list[PlanLineIn] = Field(max_length=30)


class PlanFollowUpOut(Schema):
    number: int
    title: str
    activities: int
    participants: int
    consultations: int
    referrals: int


@router.post("/outreach/plans", response={201: dict[str, int], **ERRORS}, summary="Add an activity plan",
             openapi_extra=creates("plan_id"))
@requires("outreach.manage_plans")
def create_plan(request: HttpRequest, payload: PlanIn) -> tuple[int, dict[str, int]]:
    unit = _unit(request, "outreach.manage_plans")
    plan = actions.do_save_plan(actor=request.user, unit=unit, title=payload.title, first_year=payload.first_year,
                                last_year=payload.last_year, lines=[line.dict() for line in payload.lines])
    return 201, {"id": plan.pk}


@router.get("/outreach/plans/{plan_id}/follow-up/{year}", response={200: list[PlanFollowUpOut], **ERRORS},
            summary="What was done in a year, line by line of the plan")
@requires(queries.VIEW)
def plan_follow_up(request: HttpRequest, plan_id: int,
                   year: PlanYear) -> Any:
    rows = queries.follow_up(queries.plan(request.user, plan_id), year)
    return [{"number": r.line.number, "title": r.line.title, "activities": len(r.activities),
             "participants": r.participants, "consultations": r.consultations, "referrals": r.referrals}
            for r in rows]
