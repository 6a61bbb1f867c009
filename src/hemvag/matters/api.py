"""Matters API: the register and every step of a matter, through the same actions and permissions as the
pages. Errors as everywhere (hemvag.core.apierrors): 422 with the field for invalid input, 403, 404, and 409
for a step the state machine does not allow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ERRORS, ErrorOut, In
from hemvag.core.apilinks import creates
from hemvag.core.permissions import requires
from hemvag.matters import actions, queries
from hemvag.matters.flows import transitions_from
from hemvag.matters.models import ConsultedBody, Kind, Matter, Position, StatementVersion, Status

router = HemvagRouter(tags=["matters"])
WITH_CONFLICT: dict[int, Any] = {**ERRORS, 409: ErrorOut}


class AuthorSchema(In):
    name: str = Field(max_length=200)
    party: str = Field("", max_length=40)


class MatterIn(In):
    unit_id: int
    kind: Kind
    title: str = Field(max_length=400)
    received_on: dt.date
    sender: str = Field("", max_length=200)
    sender_reference: str = Field("", max_length=60)
    answer_by: dt.date | None = None
    motion_number: str = Field("", max_length=40)
    motion_made_on: dt.date | None = None
    authors: list[AuthorSchema] = Field(default_factory=list, max_length=20)
    consulted_elsewhere: str = Field("", max_length=2000)
    handler_id: int | None = None


class BodyOut(Schema):
    id: int
    name: str
    deadline: dt.date | None
    decided_on: dt.date | None
    decision: str
    statement_dated: dt.date | None
    office: str
    position: str
    wording: str
    reminded_on: dt.date | None


class VersionOut(Schema):
    number: int
    proposal: list[str]
    summary: str
    background: str
    matter_text: str
    preparation: str
    views: str
    signatures: list[dict[str, str]]
    attachments: list[str]
    facts: list[dict[str, str]]
    facts_frozen: bool
    created_at: dt.datetime


class MatterOut(Schema):
    id: int
    reference: str
    kind: str
    status: str
    title: str
    sender: str
    sender_reference: str
    received_on: dt.date
    answer_by: dt.date | None
    motion_number: str
    motion_made_on: dt.date | None
    decide_motion_by: dt.date | None
    authors: list[dict[str, str]]
    handler: str | None
    decided_on: dt.date | None
    decision_meeting: str
    decision_paragraph: str
    decision_text: str
    sent_on: dt.date | None
    next_steps: list[str]
    statement: VersionOut | None
    bodies: list[BodyOut]


def _out(matter: Matter) -> dict[str, Any]:
    version: StatementVersion | None = matter.approved_version or actions.latest_version(matter)
    return {
        **{name: getattr(matter, name) for name in (
            "reference", "kind", "status", "title", "sender", "sender_reference", "received_on", "answer_by",
            "motion_number", "motion_made_on", "decide_motion_by", "authors", "decided_on", "decision_meeting",
            "decision_paragraph", "decision_text", "sent_on")},
        "id": matter.pk, "handler": matter.handler.username if matter.handler else None,
        "next_steps": [str(step.target) for step in transitions_from(matter)],
        "statement": version, "bodies": list(queries.bodies(matter)),
    }


class MatterListOut(Schema):
    count: int
    items: list[MatterOut]


class SearchIn(In):
    q: str = Field("", max_length=200)
    limit: int = Field(50, ge=1, le=200)


@router.get("/matters", response={200: MatterListOut, **ERRORS}, summary="Matters you may read, searched")
@requires(queries.VIEW)
def list_matters(request: HttpRequest, filters: Query[SearchIn]) -> dict[str, Any]:
    found = queries.search(request.user, filters.q).distinct()
    return {"count": found.count(), "items": [_out(m) for m in found[:filters.limit]]}


@router.get("/matters/{matter_id}", response={200: MatterOut, **ERRORS}, summary="A matter with its statement")
@requires(queries.VIEW)
def get_matter(request: HttpRequest, matter_id: int) -> dict[str, Any]:
    return _out(queries.matter_for(request.user, matter_id))


@router.post("/matters", response={201: MatterOut, **ERRORS}, summary="Register a matter",
             openapi_extra=creates("matter_id"))
@requires("matters.register_matter")
def register(request: HttpRequest, payload: MatterIn) -> tuple[int, dict[str, Any]]:
    unit = queries.units_for(request.user, "matters.register_matter").filter(pk=payload.unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": _("Choose a unit where you may register matters.")})
    handler = None
    if payload.handler_id is not None:
        handler = queries.officials(unit).filter(pk=payload.handler_id).first()
        if handler is None:
            raise ValidationError({"handler_id": _("The official must be able to draft statements in the unit.")})
    data = payload.dict(exclude={"unit_id", "handler_id", "authors", "kind"})
    matter = actions.do_register_matter(actor=request.user, unit=unit, kind=payload.kind.value, handler=handler,
                                        authors=[a.dict() for a in payload.authors], **data)
    return 201, _out(matter)


class DraftIn(In):
    proposal: list[str] = Field(max_length=20)
    summary: str = Field("", max_length=20000)
    background: str = Field("", max_length=20000)
    matter_text: str = Field("", max_length=20000)
    preparation: str = Field("", max_length=20000)
    views: str = Field("", max_length=20000)
    signatures: list[dict[str, str]] = Field(default_factory=list, max_length=10)
    attachments: list[str] = Field(default_factory=list, max_length=20)


@router.post("/matters/{matter_id}/draft", response={200: MatterOut, **WITH_CONFLICT},
             summary="Save the statement as a new version")
@requires("matters.draft_statement")
def save_draft(request: HttpRequest, matter_id: int, payload: DraftIn) -> dict[str, Any]:
    matter = queries.matter_for(request.user, matter_id)
    actions.do_save_draft(actor=request.user, matter=matter, content=payload.dict())
    return _out(queries.matter_for(request.user, matter_id))


class FactIn(In):
    key: str = Field(max_length=100)
    argument: str = Field("", max_length=40)
    section: str = Field("views", max_length=20)


@router.post("/matters/{matter_id}/facts", response={200: MatterOut, **WITH_CONFLICT},
             summary="Add a live fact to the draft (422 when it cannot be computed as asked)")
@requires("matters.draft_statement")
def add_fact(request: HttpRequest, matter_id: int, payload: FactIn) -> dict[str, Any]:
    matter = queries.matter_for(request.user, matter_id)
    actions.do_add_fact(actor=request.user, matter=matter, **payload.dict())
    return _out(queries.matter_for(request.user, matter_id))


class StepIn(In):
    to: Status
    comment: str = Field("", max_length=2000)
    decided_on: dt.date | None = None
    meeting: str = Field("", max_length=200)
    paragraph: str = Field("", max_length=40)
    text: str = Field("", max_length=5000)
    sent_on: dt.date | None = None


@router.post("/matters/{matter_id}/steps", response={200: MatterOut, **WITH_CONFLICT},
             summary="Take the matter's next step",
             description="in_review (send for review), drafting (return from review), approved (four eyes: not by "
                         "anyone who wrote a version), decided (decided_on, meeting, paragraph, text), sent "
                         "(sent_on), closed. 409 when the state machine does not allow the step.")
@requires(queries.VIEW)
def step(request: HttpRequest, matter_id: int, payload: StepIn) -> dict[str, Any]:
    matter = queries.matter_for(request.user, matter_id)
    target = payload.to.value
    if target == Status.IN_REVIEW:
        actions.do_submit_for_review(actor=request.user, matter=matter)
    elif target == Status.DRAFTING:
        actions.do_return_to_drafting(actor=request.user, matter=matter, comment=payload.comment)
    elif target == Status.APPROVED:
        actions.do_approve_statement(actor=request.user, matter=matter)
    elif target == Status.DECIDED:
        actions.do_record_decision(actor=request.user, matter=matter, decided_on=payload.decided_on,
                                   meeting=payload.meeting, paragraph=payload.paragraph, text=payload.text)
    elif target == Status.SENT:
        actions.do_mark_sent(actor=request.user, matter=matter, sent_on=payload.sent_on)
    elif target == Status.CLOSED:
        actions.do_close_matter(actor=request.user, matter=matter)
    else:
        raise ValidationError({"to": _("This step is taken by assigning the matter or saving a draft.")})
    return _out(queries.matter_for(request.user, matter_id))


class BodyIn(In):
    name: str = Field(max_length=200)
    deadline: dt.date | None = None


@router.post("/matters/{matter_id}/bodies", response={201: BodyOut, **ERRORS}, summary="Add a consulted body",
             openapi_extra=creates("body_id"))
@requires("matters.collect_answers")
def add_body(request: HttpRequest, matter_id: int, payload: BodyIn) -> tuple[int, ConsultedBody]:
    matter = queries.matter_for(request.user, matter_id)
    return 201, actions.do_add_body(actor=request.user, matter=matter, name=payload.name, deadline=payload.deadline)


class AnswerIn(In):
    position: Position
    wording: str = Field("", max_length=20000)
    decided_on: dt.date | None = None
    decision: str = Field("", max_length=2000)
    statement_dated: dt.date | None = None
    office: str = Field("", max_length=200)


@router.put("/matters/{matter_id}/bodies/{body_id}/answer", response={200: BodyOut, **ERRORS},
            summary="Record a body's answer")
@requires("matters.collect_answers")
def record_answer(request: HttpRequest, matter_id: int, body_id: int, payload: AnswerIn) -> ConsultedBody:
    body = queries.body(queries.matter_for(request.user, matter_id), body_id)
    data = payload.dict(exclude={"position"})
    return actions.do_record_answer(actor=request.user, body=body, position=payload.position.value, **data)
