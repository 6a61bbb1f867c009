"""The OpenAPI links that create operations declare (hemvag.core.apilinks), on a small document and on the API's."""

from __future__ import annotations

from typing import Any

from hemvag.api import api
from hemvag.core.apilinks import CREATES, add_links, creates


def _operation(operation_id: str, *, body: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": operation_id, "responses": {201: {"description": "Created"}}, **extra}
    if body is not None:
        operation["requestBody"] = {"content": {"application/json": {"schema": body}}}
    return operation


def _document() -> dict[str, Any]:
    return {
        "components": {"schemas": {"CaseIn": {"properties": {"household_id": {"type": "integer"}}}}},
        "paths": {
            "/households": {"post": _operation("x_api_create_household", **creates("household_id"))},
            "/households/{household_id}": {"get": _operation("x_api_get_household")},
            "/households/{household_id}/members": {"post": _operation(
                "x_api_add_member", **creates("person_id", "$request.body#/person_id"))},
            "/households/{household_id}/members/{person_id}": {"delete": _operation("x_api_remove_member")},
            "/cases": {"post": _operation("x_api_open_case", body={"$ref": "#/components/schemas/CaseIn"})},
            "/cases/{case_id}/notes": {"post": _operation(
                "x_api_add_note", body={"properties": {"household_id": {"type": "integer"}}})},
        },
    }


def test_a_create_operation_links_to_the_operations_on_what_it_created():
    document = add_links(_document())
    links = document["paths"]["/households"]["post"]["responses"][201]["links"]
    assert links["get_household"] == {"operationId": "x_api_get_household",
                                      "parameters": {"household_id": "$response.body#/id"}}
    assert links["remove_member"]["parameters"] == {"household_id": "$response.body#/id"}
    # The id fills a body field of the same name, but not where the target's own path would have to be guessed.
    assert links["open_case"] == {"operationId": "x_api_open_case",
                                  "requestBody": {"household_id": "$response.body#/id"}}
    assert "add_note" not in links


def test_an_id_from_the_request_is_passed_on_with_the_path_it_came_from():
    document = add_links(_document())
    links = document["paths"]["/households/{household_id}/members"]["post"]["responses"][201]["links"]
    assert links == {"remove_member": {"operationId": "x_api_remove_member", "parameters": {
        "household_id": "$request.path.household_id", "person_id": "$request.body#/person_id"}}}


def test_the_declaration_is_not_published_and_every_link_of_the_api_names_an_operation_it_has():
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    operations = [operation for item in document["paths"].values() for operation in item.values()]
    operation_ids = {operation["operationId"] for operation in operations}
    linked = [link for operation in operations for response in operation["responses"].values()
              for link in response.get("links", {}).values()]
    assert not any(CREATES in operation for operation in operations)
    assert len(linked) > 50 and {link["operationId"] for link in linked} <= operation_ids
