"""Request limits for every route, before anything reads the body: size by Content-Length (413), JSON nesting
depth (400), in the API's error shape on API routes and as the bilingual error page elsewhere."""

from __future__ import annotations

import json

import pytest
from django.conf import settings as live

from hemvag.core.actions import do_create_api_token
from hemvag.core.limits import json_too_deep
from hemvag.core.models import Role
from hemvag.core.permissions import SYSTEM

DEEP = "[" * 1000 + "]" * 1000  # about 2 KB; Python's parser recursion gives up near 1,000 levels


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "application/octet-stream"])
def test_deep_json_to_the_anonymous_self_check_is_a_clear_400_not_a_500(client, db, content_type):
    body = json.dumps({"members": []})[:-1] + ', "x": ' + DEEP + "}"
    response = client.post("/api/v1/eligibility", body, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "32" in response.json()["detail"]


def test_deep_json_to_a_signed_in_route_is_400_too(client, make_user, unit):
    _token, secret = do_create_api_token(actor=SYSTEM, user=make_user("sara", Role.COUNSELLOR, unit), name="t")
    response = client.post("/api/v1/persons", '{"first_name": ' + DEEP + "}", content_type="application/json",
                           headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 400 and "32" in response.json()["detail"]  # the one limit, not the parser


def test_json_as_deep_as_allowed_still_reaches_the_route(client, db):
    nested = "[" * (live.JSON_MAX_DEPTH - 1) + "]" * (live.JSON_MAX_DEPTH - 1)
    response = client.post("/api/v1/eligibility", '{"members": ' + nested + "}", content_type="application/json")
    assert response.status_code == 422  # the engine's own answer about the facts, not the depth limit


def test_a_body_too_large_is_413_in_the_api_shape_before_it_is_read(client, db):
    # The Content-Length claims more than the limit; nothing is read (reading would fail: the body is short).
    response = client.post("/api/v1/eligibility", "{}", content_type="application/json",
                           CONTENT_LENGTH=str(live.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert response.status_code == 413
    assert "2 MB" in response.json()["detail"]


def test_a_page_refuses_a_body_too_large_with_the_error_page(client, db):
    response = client.post("/login/", "username=x", content_type="application/x-www-form-urlencoded",
                           CONTENT_LENGTH=str(live.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"] and "2 MB" in response.content.decode()


@pytest.mark.parametrize(("text", "deep"), [
    (b'{"a": [1, {"b": [2]}]}', False),
    (b'{"text": "' + b"[" * 100 + b'"}', False),  # brackets inside a string do not nest
    (b'{"text": "\\"' + b"[" * 100 + b'"}', False),  # nor after an escaped quote
    (b"[" * 33 + b"]" * 33, True),
    (b"[" * 33, True),  # unclosed is still deep
    (b'"' + b'\\"' * 1000 + b"[" * 40, False),  # an unterminated string runs to the end
])
def test_json_depth(text, deep):
    assert json_too_deep(text, 32) is deep
