"""Outreach API: activities and consultations, organisations and agreements, through the same actions and
permissions as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS
from hemvag.core.permissions import requires
from hemvag.outreach import actions, queries
from hemvag.outreach.models import ActivityKind, ColleagueKind

router = HemvagRouter(tags=["outreach"])


class ActivityIn(Schema):
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


class ConsultationIn(Schema):
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
