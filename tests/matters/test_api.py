"""The matters API: the same steps, permissions and messages as the pages."""

from __future__ import annotations

import pytest

from hemvag.matters.models import Matter, Status
from tests.conftest import signed_in
from tests.matters.conftest import CONTENT

API = "/api/v1"


@pytest.fixture
def api(client):
    def as_user(user):
        signed_in(client, user)
        return client
    return as_user


def post(client, path, data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def test_a_remiss_through_the_api_from_registration_to_sent(official, manager, unit, api):
    client = api(official)
    answer = post(client, "/matters", {"unit_id": unit.pk, "kind": "motion_remiss", "title": "Remiss",
                                       "received_on": "2023-12-11", "answer_by": "2023-12-01",
                                       "sender": "Kommunstyrelsen", "sender_reference": "KS 2023/1387"})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "answer_by"
    answer = post(client, "/matters", {"unit_id": unit.pk, "kind": "motion_remiss", "title": "Remiss",
                                       "received_on": "2023-12-11", "answer_by": "2024-05-06",
                                       "handler_id": official.pk})
    assert answer.status_code == 201
    matter_id = answer.json()["id"]
    draft = post(client, f"/matters/{matter_id}/draft", CONTENT)
    assert draft.status_code == 200 and draft.json()["statement"]["number"] == 1
    fact = post(client, f"/matters/{matter_id}/facts", {"key": "reports.decisions_per_year", "argument": "x"})
    assert fact.status_code == 422 and "från 1 till 50" in fact.json()["detail"]  # the API speaks Swedish by default
    assert post(api(manager), f"/matters/{matter_id}/steps", {"to": "approved"}).status_code == 409  # drafting
    client = api(official)
    assert post(client, f"/matters/{matter_id}/steps", {"to": "in_review"}).json()["status"] == "in_review"
    assert post(client, f"/matters/{matter_id}/steps", {"to": "approved"}).status_code == 403  # not a counsellor's
    client = api(manager)
    assert post(client, f"/matters/{matter_id}/steps", {"to": "approved"}).json()["status"] == "approved"
    decided = post(client, f"/matters/{matter_id}/steps", {"to": "decided", "meeting": "Socialnämnden",
                                                           "text": "Godkänns."})
    assert decided.status_code == 422 and decided.json()["errors"][0]["field"] == "decided_on"
    post(client, f"/matters/{matter_id}/steps", {"to": "decided", "decided_on": "2024-04-16",
                                                 "meeting": "Socialnämnden", "text": "Godkänns."})
    sent = post(client, f"/matters/{matter_id}/steps", {"to": "sent", "sent_on": "2024-04-20"})
    assert sent.json()["status"] == "sent" and sent.json()["statement"]["facts_frozen"] is True
    assert Matter.objects.get().status == Status.SENT
