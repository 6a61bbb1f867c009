"""One JSON shape for every refusal the API gives, and the handlers that produce it.

Every error is `{"detail": "…", "errors": [{"field": "…", "path": "…", "message": "…"}]}`: `detail` is one
sentence for a person, `errors` names each problem (empty when there is none to name). `field` and `path` are
the same name, both kept so that clients of either older shape go on working (the cases and people API said
`field`, the eligibility API `path`); "" means the request as a whole.

- Django's `ValidationError` (raised by the actions, with a field dict) and ninja's own request-parsing
  errors → 422, one entry per problem;
- `PermissionDenied` → 403, `Http404` → 404, ninja's `HttpError` (401 without credentials, 403 from the
  permission layer, 400 for a body that is not JSON) with its own status;
- the exceptions the apps declare in their plugin modules (a stage change the flow does not allow → 409,
  invalid eligibility facts → 422 with the facts document's JSON paths …), each with its declared status;
- a body too large → 413, too many form fields or files → 400 (and, before any route runs, hemvag.core.limits
  answers 413 by Content-Length and 400 for JSON nested too deeply, in the same shape).

Never a traceback: anything else is left to Django, which answers 500 without details in production.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import field_validator

from hemvag.core import plugins

NON_FIELD = ""
PERMISSION_DENIED = "You do not have permission for this."  # as the permission layer says it (apiauth)
# Where a ninja parsing error was found; the names after it are the parameter and the field.
LOCATIONS = {"body", "query", "path", "form", "file", "header", "cookie"}


NUL = "\x00"
LARGEST_INTEGER = 2**63 - 1  # what the databases store; larger numbers would end in a 500


def _problem(value: Any) -> str | None:
    """Why a value cannot be stored (NUL, a lone surrogate, a number out of range), or None."""
    if isinstance(value, str):
        if NUL in value:
            return "Text must not contain NUL characters."
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "Text must be valid Unicode (no lone surrogates)."
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "The number is too large." if abs(value) > LARGEST_INTEGER else None
    if isinstance(value, dict):
        return next((p for k, v in value.items() for p in (_problem(k), _problem(v)) if p), None)
    if isinstance(value, list | tuple):
        return next((p for item in value if (p := _problem(item))), None)
    return None


class In(Schema):
    """Base of every input schema: values the databases cannot store — text with NUL characters or lone
    surrogates, integers beyond 64 bits — are refused with 422 instead of failing as a 500."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        problem = _problem(value)
        if problem:
            raise ValueError(problem)
        return value


class FieldErrorOut(Schema):
    field: str = Field(description="What the problem is in: an input field, a query parameter, or a JSON path "
                                   "into a facts document; \"\" for the request as a whole.")
    path: str = Field(description="The same as `field` (the eligibility contract's name for it).")
    message: str = Field(description="What is wrong and what to do.")


class ErrorOut(Schema):
    """Every refusal: one sentence in `detail`, and each problem that has a name in `errors` (422 has at least
    one; 400, 401, 403, 404, 409 and 413 usually none). Sizes and JSON depth are checked for every route before
    it runs (hemvag.core.limits)."""

    detail: str
    errors: list[FieldErrorOut]


ERRORS: dict[int, Any] = dict.fromkeys((400, 401, 403, 404, 413, 422), ErrorOut)
"""The error responses every authenticated route documents (use `{200: Out, **ERRORS}`)."""


def field_error(name: str, message: str) -> dict[str, str]:
    return {"field": name, "path": name, "message": message}


def error_body(detail: Any, errors: Iterable[dict[str, str]] = ()) -> dict[str, Any]:
    """The one error shape, for a handler here or a route that answers on its own (the eligibility API)."""
    return {"detail": str(detail), "errors": list(errors)}


def invalid(errors: Iterable[dict[str, str]]) -> dict[str, Any]:
    """A 422 body: the problems, and a sentence that points to them."""
    return error_body(_("Some of what was sent is not valid: each problem is listed in errors."), errors)


def validation_errors(error: ValidationError) -> list[dict[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            field_error(NON_FIELD if field == "__all__" else field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [field_error(NON_FIELD, message) for message in error.messages]


def _ninja_field(location: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] in LOCATIONS:
        parts = parts[1:]
        # A body schema is one parameter (`payload`); its name is not part of the field path.
        if location[0] == "body" and len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts)


def ninja_errors(error: NinjaValidationError) -> list[dict[str, str]]:
    return [field_error(_ninja_field(item.get("loc", ())), str(item.get("msg", ""))) for item in error.errors]


def install(api: NinjaAPI) -> None:
    """Register the handlers on the one NinjaAPI (they apply to every router mounted on it)."""

    def respond(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
        return api.create_response(request, error_body(detail), status=status)

    def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, invalid(validation_errors(exc)), status=422)

    def on_ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(request, invalid(ninja_errors(exc)), status=422)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, PERMISSION_DENIED)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "Not Found")  # as ninja says it; what is not found is not said

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, exc.message)

    # Django's own limits on a form's fields and files, and on its size as a second line behind hemvag.core.limits.
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, _("The request is too large."))

    def on_too_many(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 400, _("The request has too many fields or files."))

    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(TooManyFieldsSent, on_too_many)
    api.add_exception_handler(TooManyFilesSent, on_too_many)
    api.add_exception_handler(ValidationError, on_validation_error)
    api.add_exception_handler(NinjaValidationError, on_ninja_validation_error)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)
    for exception, declared in plugins.error_types():
        api.add_exception_handler(exception, _declared_handler(api, declared))


def _declared_handler(api: NinjaAPI, declared: plugins.ErrorType) -> Any:
    """The API's answer to an app's exception: its status, with the app's list of problems or its message."""
    to_errors = import_string(declared.errors) if declared.errors else None

    def handle(request: HttpRequest, exc: Exception) -> HttpResponse:
        body = invalid(to_errors(exc)) if to_errors else error_body(exc)
        return api.create_response(request, body, status=declared.status)

    return handle
