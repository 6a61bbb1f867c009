"""OpenAPI links, from what each create operation declares: a client (and schemathesis' stateful tests) can
follow a created object's id to the operations on it.

An operation that creates something says so with `openapi_extra=creates("case_id")`: the id in its 201 answer
(`$response.body#/id`, or another expression) is the `{case_id}` of every operation whose path continues the
create operation's path with `/{case_id}` (POST /cases → GET /cases/{case_id}, POST /cases/{case_id}/tasks …);
the create operation's own path parameters are passed on from its request. The id also fills a request body's
`case_id` (or `…_case_id`) field of an operation whose path parameters the link can all fill (POST /persons →
POST /households with `main_person_id`). `x-hemvag-creates` itself is removed from the published document.
"""

from __future__ import annotations

import re
from typing import Any

CREATES = "x-hemvag-creates"
RESPONSE_ID = "$response.body#/id"
METHODS = ("get", "put", "post", "delete", "patch")
PARAMETER = re.compile(r"{(\w+)}")


def creates(parameter: str, expression: str = RESPONSE_ID) -> dict[str, Any]:
    """openapi_extra for an operation whose 201 answer holds the id that `{parameter}` names elsewhere."""
    return {CREATES: {"parameter": parameter, "expression": expression}}


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, operation) for path, item in schema.get("paths", {}).items()
            for method, operation in item.items() if method in METHODS]


def _body_fields(schema: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    """The top-level fields of an operation's JSON body (its schema resolved through one $ref)."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    reference = body.get("$ref", "")
    if reference.startswith("#/components/schemas/"):
        body = schema.get("components", {}).get("schemas", {}).get(reference.rsplit("/", 1)[1], {})
    return set(body.get("properties", {}))


def _link_name(operation: dict[str, Any]) -> str:
    return str(operation.get("operationId", "")).rsplit("_api_", 1)[-1]


def _path_link(source_path: str, parameter: str, expression: str, target_path: str) -> dict[str, str] | None:
    """The link's parameters when the target continues the source's path with `/{parameter}`, else None."""
    if not target_path.startswith(f"{source_path}/{{{parameter}}}"):
        return None
    passed_on = {name: f"$request.path.{name}" for name in PARAMETER.findall(source_path)}
    return {**passed_on, parameter: expression}


def _body_link(source_path: str, parameter: str, expression: str, target_path: str,
               fields: set[str]) -> dict[str, Any] | None:
    """A link that fills the target's body field named after the parameter, when the link can fill every path
    parameter of the target (the others would be guesses, answered 404)."""
    field = next((f for f in sorted(fields) if f == parameter or f.endswith(f"_{parameter}")), None)
    source_parameters = set(PARAMETER.findall(source_path))
    if field is None or not set(PARAMETER.findall(target_path)) <= source_parameters:
        return None
    link: dict[str, Any] = {"requestBody": {field: expression}}
    if source_parameters:
        link["parameters"] = {name: f"$request.path.{name}" for name in source_parameters}
    return link


def add_links(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the links the create operations declare to their 201 answers (in place; returns the schema)."""
    operations = _operations(schema)
    for source_path, _method, source in operations:
        declared = source.pop(CREATES, None)
        if declared is None:
            continue
        parameter, expression = declared["parameter"], declared["expression"]
        links: dict[str, Any] = {}
        for target_path, _target_method, target in operations:
            if target is source:
                continue
            path_parameters = _path_link(source_path, parameter, expression, target_path)
            if path_parameters is not None:
                links[_link_name(target)] = {"operationId": target["operationId"], "parameters": path_parameters}
                continue
            if not expression.startswith("$response."):
                continue  # an id the request already carried is no new object to pass on
            body_link = _body_link(source_path, parameter, expression, target_path, _body_fields(schema, target))
            if body_link is not None:
                links[_link_name(target)] = {"operationId": target["operationId"], **body_link}
        responses = source.get("responses", {})
        created = responses.get(201) or responses.get("201")
        if links and created is not None:
            created["links"] = links
    return schema
