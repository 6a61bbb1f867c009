"""POST /api/v1/eligibility: the rules engine for the anonymous self-check and other clients.

No login.  The facts are evaluated in memory and never stored or logged.  Each client is rate-limited
(hemvag.core.ratelimit, in the shared cache).  The body is the contract's facts document, parsed by
the engine's own validator so that error paths are the CLI's (shared/contracts/eligibility.md).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema

from hemvag.core.apiauth import HemvagRouter
from hemvag.core.apierrors import ErrorOut, error_body, field_error, invalid
from hemvag.core.permissions import public
from hemvag.core.ratelimit import allow
from hemvag.rules.engine import evaluate
from hemvag.rules.facts import ASYLUM_OUTCOMES, GROUNDS, ROLES
from hemvag.rules.programs import PROGRAM_CHOICES
from hemvag.rules.validation import (
    MEMBER_BOOLEANS,
    FactsError,
    FieldError,
    Problem,
    parse_date_text,
    parse_facts_json,
)

RATE_LIMIT: Final = 60  # requests per client and window: a self-check asks one question at a time
RATE_WINDOW_SECONDS: Final = 60
LANGUAGES: Final = ("sv", "en")

router = HemvagRouter(tags=["eligibility"])


class RateLimitedOut(ErrorOut):
    message: str = Field(description="The same as `detail`, for clients written before the API had one error shape.")


class ResultMemberOut(Schema):
    id: str
    role: str
    counted_as: str
    outcome: str
    amount_sek: int | None


class ReasonOut(Schema):
    rule: str
    member: str | None
    result: str
    text: str
    source: str | None
    verified: bool


class ResultNoteOut(Schema):
    id: str
    text: str
    source: str
    statute: str
    verified: bool


class InstalmentOut(Schema):
    number: int
    share_percent: int
    when: str | None
    text: str
    amount_sek: int | None


class InstalmentsOut(Schema):
    count: int
    count_verified: bool
    schedule: list[InstalmentOut]
    schedule_verified: bool
    assumption: bool
    text: str
    source: str


class ResultOut(Schema):
    program: str
    regime: str | None
    outcome: str
    amount_sek: int | None
    members: list[ResultMemberOut]
    reasons: list[ReasonOut]
    missing: list[str]
    documents_to_show: list[str]
    agency_checks: list[ResultNoteOut] = []
    consequences: list[ResultNoteOut] = []
    instalments: InstalmentsOut | None = None
    parameters: dict[str, Any]


class ResultDocumentOut(Schema):
    evaluated_on: str
    results: list[ResultOut]


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


_DATE: Final = {"type": "string", "format": "date"}
_BOOL: Final = _nullable({"type": "boolean"})
FACTS_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "description": "Household facts. Every fact may be absent or null: that means 'not known', never 'false'.",
    "required": ["members"],
    "properties": {
        "application_date": _nullable(_DATE),
        "destination_country": _nullable({"type": "string", "description": "ISO 3166-1 alpha-2, e.g. IQ"}),
        "settles_permanently": _BOOL,
        "in_sweden": _BOOL,
        "members": {
            "type": "array",
            "minItems": 1,
            "description": "Exactly one member has the role main_applicant.",
            "items": {
                "type": "object",
                "required": ["role"],
                "properties": {
                    "id": {"type": "string"},
                    "role": {"type": "string", "enum": list(ROLES)},
                    "birth_date": _nullable(_DATE),
                    **dict.fromkeys(MEMBER_BOOLEANS, _BOOL),
                    "permit": _nullable(
                        {
                            "type": "object",
                            "properties": {
                                "ground": _nullable({"type": "string", "enum": list(GROUNDS)}),
                                "granted_on": _nullable(_DATE),
                                "permanent": _BOOL,
                                "valid": _BOOL,
                            },
                        }
                    ),
                    "asylum": _nullable(
                        {
                            "type": "object",
                            "properties": {
                                "outcome": _nullable({"type": "string", "enum": list(ASYLUM_OUTCOMES)}),
                                "decided_on": _nullable(_DATE),
                                "admission_likely": _BOOL,
                                "late_application_accepted": _BOOL,
                            },
                        }
                    ),
                },
            },
        },
    },
}


def _json(status: int, payload: Any) -> HttpResponse:
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )
    response["Cache-Control"] = "no-store"  # personal facts in, personal answer out: never cached
    return response


def _query_problems(request: HttpRequest) -> tuple[list[Problem], dt.date | None]:
    problems = []
    program, lang, on_text = (request.GET.get(k) for k in ("program", "lang", "on"))
    if program is not None and program not in PROGRAM_CHOICES:
        problems.append(Problem("?program", f"unknown program '{program}' (expected {' | '.join(PROGRAM_CHOICES)})"))
    if lang is not None and lang not in LANGUAGES:
        problems.append(Problem("?lang", f"unknown language '{lang}' (expected sv | en)"))
    on = None
    if on_text is not None:
        try:
            on = parse_date_text(on_text)
        except FieldError as error:
            problems.append(Problem("?on", str(error)))
    return problems, on


def _errors(problems: list[Problem]) -> HttpResponse:
    return _json(422, invalid(field_error(p.path, p.message) for p in problems))


@router.post(
    "/eligibility",
    summary="Evaluate a household's eligibility (no login)",
    description=(
        "Send the household's facts (the contract's facts document). Unknown facts may be left out or null. "
        "The answer lists, per programme, the outcome (`eligible`, `not_eligible`, `needs_information`), the "
        "amount, who counts, every condition with its source, and `missing`: the facts to ask next, most "
        "decisive first. Query parameters: `program` (return_grant | reintegration_support | all), `lang` "
        "(sv | en), `on` (application date YYYY-MM-DD, overrides the document's). The facts are neither "
        "stored nor logged. Invalid facts give 422 with one error per problem, named by its JSON path."
    ),
    response={200: ResultDocumentOut, 422: ErrorOut, 429: RateLimitedOut},
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": FACTS_SCHEMA}}},
        "parameters": [
            {
                "in": "query",
                "name": "program",
                "required": False,
                "schema": {"type": "string", "enum": list(PROGRAM_CHOICES), "default": "all"},
            },
            {
                "in": "query",
                "name": "lang",
                "required": False,
                "schema": {"type": "string", "enum": list(LANGUAGES), "default": "sv"},
            },
            {"in": "query", "name": "on", "required": False, "schema": {"type": "string", "format": "date"}},
        ],
    },
)
@public
def eligibility(request: HttpRequest) -> HttpResponse:
    if not allow(request, "eligibility", RATE_LIMIT, RATE_WINDOW_SECONDS):
        message = "Too many requests: wait a minute and try again."
        return _json(429, {**error_body(message), "message": message})
    problems, on = _query_problems(request)
    if problems:
        return _errors(problems)
    try:
        household = parse_facts_json(request.body, on=on)
    except FactsError as error:
        return _errors(error.problems)
    document = evaluate(household, program=request.GET.get("program", "all"), lang=request.GET.get("lang", "sv"))
    return _json(200, document)
