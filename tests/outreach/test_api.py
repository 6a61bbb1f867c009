"""The outreach API: the same actions, permissions and messages as the pages."""

from __future__ import annotations

API = "/api/v1/outreach"


def post(client, path, data):
    return client.post(f"{API}{path}", data, content_type="application/json")


def test_a_meeting_a_consultation_and_a_funded_project_through_the_api(counsellor, manager, login):
    client = login(counsellor)
    bad = post(client, "/activities", {"kind": "information_meeting", "title": "Möte", "held_on": "2026-03-01",
                                       "participants": -4})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "participants"
    assert post(client, "/activities", {"kind": "information_meeting", "title": "Möte", "held_on": "2026-03-01",
                                        "participants": 12}).status_code == 201
    assert post(client, "/consultations", {"held_on": "2026-03-02", "colleague_kind": "sfi", "topic": "Bidraget",
                                           "minutes": 15}).status_code == 201
    assert post(client, "/applications", {"funder": "F", "title": "P", "requested_sek": 10}).status_code == 403
    client = login(manager)
    application = post(client, "/applications", {"funder": "Fonden", "title": "Projekt", "requested_sek": 500000})
    application_id = application.json()["id"]
    assert post(client, f"/applications/{application_id}/submitted", {}).json()["status"] == "submitted"
    decided = post(client, f"/applications/{application_id}/decision", {
        "granted": True, "decided_on": "2026-03-01", "granted_sek": 400000, "starts_on": "2026-04-01",
        "ends_on": "2027-12-31"})
    project_id = decided.json()["project_id"]
    assert decided.json()["status"] == "granted" and project_id
    client.put(f"{API}/projects/{project_id}/budget", {"year": 2026, "cost_type": "staff", "amount_sek": 200000},
               content_type="application/json")
    spent = post(client, f"/projects/{project_id}/spend", {"spent_on": "2026-05-01", "cost_type": "staff",
                                                          "amount_sek": 50000})
    assert spent.json()["budget_vs_spend"][0] == {"year": 2026, "budget": 200000, "spent": 50000}
    assert [a["title"] for a in client.get(f"{API}/activities").json()] == ["Möte"]


def test_organisations_contacts_agreements_and_the_plan_through_the_api(admin, manager, login):
    client = login(admin)
    organisation = post(client, "/organisations", {"name": "Föreningen", "kind": "association"}).json()
    no_basis = post(client, f"/organisations/{organisation['id']}/contacts", {"name": "A", "basis": ""})
    assert no_basis.status_code == 422 and no_basis.json()["errors"][0]["field"] == "basis"
    contact = post(client, f"/organisations/{organisation['id']}/contacts", {"name": "A", "basis": "Kontakt"})
    removed = client.delete(f"{API}/organisations/{organisation['id']}/contacts/{contact.json()['id']}")
    assert removed.status_code == 204 and client.get(
        f"{API}/organisations/{organisation['id']}/contacts").json() == []
    client = login(manager)
    backwards = post(client, "/agreements", {"kind": "agreement", "title": "Avtal", "party_ids": [organisation["id"]],
                                             "valid_from": "2026-05-01", "valid_to": "2026-01-01"})
    assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "valid_to"
    plan = post(client, "/plans", {"title": "Plan", "first_year": 2026, "last_year": 2027,
                                   "lines": [{"title": "Information"}]}).json()
    assert client.get(f"{API}/plans/{plan['id']}/follow-up/2026").json() == [
        {"number": 1, "title": "Information", "activities": 0, "participants": 0, "consultations": 0,
         "referrals": 0}]
