"""POST /api/v1/eligibility: no login, the contract's result document, 422 with JSON paths, 429 when limited."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

URL = "/api/v1/eligibility"


def facts(**changes: Any) -> dict[str, Any]:
    main = {
        "id": "p1", "role": "main_applicant", "birth_date": "1981-05-02", "swedish_citizen": False,
        "registered_in_sweden": True, "debts_to_authorities": False, "can_pay_journey": False,
        "received_grant_before": False, "has_valid_national_passport": True,
        "permit": {"ground": "refugee", "granted_on": "2017-06-01", "permanent": True, "valid": True},
    }  # fmt: skip
    spouse = {
        "id": "p2", "role": "spouse", "birth_date": "1983-02-10", "swedish_citizen": False,
        "lives_with_main_applicant": True, "received_grant_before": False,
        "permit": {"ground": "family_ties", "granted_on": "2018-03-01"},
    }  # fmt: skip
    document = {"application_date": "2026-03-01", "destination_country": "IQ", "settles_permanently": True,
                "members": [main, spouse]}  # fmt: skip
    document.update(changes)
    return document


def post(client: Client, body: Any, query: str = "") -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL + query, data=data, content_type="application/json")


@pytest.mark.django_db
def test_anonymous_client_gets_the_result_document(client: Client) -> None:
    response = post(client, facts(), "?program=return_grant&lang=en")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    document = response.json()
    assert document["evaluated_on"] == "2026-03-01"
    (result,) = document["results"]
    # RULES.md §2: a couple gets 350,000 + 350,000 capped at 500,000
    assert (result["regime"], result["outcome"], result["amount_sek"]) == ("return_grant_2026", "eligible", 500000)
    assert {r["rule"] for r in result["reasons"]} >= {"return_grant_2026.permit_date"}
    assert result["parameters"]["return_grant.couple_cap"] == 500000


@pytest.mark.django_db
def test_unknown_facts_give_needs_information_with_missing_paths(client: Client) -> None:
    document = facts()
    document["members"][0]["debts_to_authorities"] = None
    results = post(client, document).json()["results"]
    assert [r["program"] for r in results] == ["return_grant", "reintegration_support"]
    assert results[0]["outcome"] == "needs_information"
    assert results[0]["missing"] == ["members[0].debts_to_authorities"]


@pytest.mark.django_db
def test_bad_input_is_422_with_the_cli_paths(client: Client) -> None:
    document = facts()
    document["members"][1]["permit"]["granted_on"] = "someday"
    document["members"][1]["role"] = "cousin"
    response = post(client, document)
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]  # the one error shape of the whole API
    errors = body["errors"]
    # The contract's JSON path, as `path` (what the self-check's clients read) and as `field` (as elsewhere).
    assert {"field": "members[1].permit.granted_on", "path": "members[1].permit.granted_on",
            "message": "not a date"} in errors
    assert any(e["path"] == e["field"] == "members[1].role" for e in errors)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "query", "path"),
    [
        ("{not json", "", "$"),
        ("[]", "", "$"),
        (facts(), "?program=housing", "?program"),
        (facts(), "?on=2026-02-30", "?on"),
    ],
)
def test_malformed_requests_are_422(client: Client, body: Any, query: str, path: str) -> None:
    response = post(client, body, query)
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == path


@pytest.mark.django_db
def test_on_overrides_the_application_date(client: Client) -> None:
    (result,) = post(client, facts(), "?program=return_grant&on=2025-12-31").json()["results"]
    assert (result["regime"], result["amount_sek"]) == ("return_grant_1984", 20000)


@pytest.mark.django_db
def test_rate_limited_per_client(client: Client, monkeypatch: pytest.MonkeyPatch, ratelimit_clock) -> None:
    from hemvag.public import api

    monkeypatch.setattr(api, "RATE_LIMIT", 3)
    statuses = [post(client, facts()).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = post(client, facts()).json()
    assert limited["message"] == limited["detail"] and limited["errors"] == []  # `message` kept for old clients
    other = Client(headers={"X-Forwarded-Proto": "https"}, REMOTE_ADDR="10.9.8.7")
    assert post(other, facts()).status_code == 200
    ratelimit_clock.advance(api.RATE_WINDOW_SECONDS)  # the next window: the first client may ask again
    assert post(client, facts()).status_code == 200


@pytest.mark.django_db
def test_facts_are_neither_stored_nor_logged(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    counts = {m: m.objects.count() for m in apps.get_models() if not m._meta.proxy and m._meta.db_table in tables}
    marker = "1977-07-07"
    document = facts()
    document["members"][0]["birth_date"] = marker
    with caplog.at_level(logging.DEBUG):
        assert post(client, document).status_code == 200
        assert post(client, {"members": [{"role": "main_applicant", "birth_date": "x" + marker}]}).status_code == 422
    assert marker not in caplog.text
    assert {m: m.objects.count() for m in counts} == counts


@pytest.mark.django_db
def test_openapi_documents_the_request_body(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/eligibility"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert "members" in body["properties"]
    assert "refugee" in json.dumps(body)
