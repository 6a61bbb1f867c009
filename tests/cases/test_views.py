"""The case pages: who may open them, forms that refuse with the message beside the field, nothing half-saved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hemvag.cases import actions
from hemvag.cases.models import Case, Task
from hemvag.core.models import AccessLog, Role
from hemvag.core.permissions import SYSTEM
from hemvag.people.models import Person

pytestmark = pytest.mark.django_db


# Which roles get 200 on each page (others 403); a member of another unit gets 404 on the case itself.
ALLOWED = {"/cases/": {"counsellor", "manager"}, "case": {"counsellor", "manager"}, "/cases/new/": {"counsellor"}}


@pytest.mark.parametrize("role", list(Role))
def test_case_page_matrix(client, login, make_user, unit, other_unit, case, role):
    login(make_user(f"u-{role}", role, unit))
    assert client.get("/cases/").status_code == (200 if role in ALLOWED["/cases/"] else 403)
    assert client.get(f"/cases/{case.pk}/").status_code == (200 if role in ALLOWED["case"] else 403)
    assert client.get("/cases/new/").status_code == (200 if role in ALLOWED["/cases/new/"] else 403)
    client.logout()
    login(make_user(f"o-{role}", role, other_unit))
    assert client.get(f"/cases/{case.pk}/").status_code == (404 if role in ALLOWED["case"] else 403)


def test_anonymous_is_sent_to_login(client, case):
    for url in ("/cases/", f"/cases/{case.pk}/", f"/cases/{case.pk}/note/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_case_page_shows_the_household_and_logs_the_look(client, login, counsellor, case):
    login(counsellor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert case.reference in page and "Amina Testsson" in page and "Lina Testsson" in page
    assert AccessLog.objects.filter(object_id=str(case.pk), actor=counsellor).count() == 3


def test_manager_sees_the_case_without_work_forms(client, login, manager, case):
    login(manager)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert case.reference in page
    assert f"/cases/{case.pk}/note/" not in page and f"/cases/{case.pk}/to/counselling/" not in page
    assert client.post(f"/cases/{case.pk}/note/", {"held_on": "2026-03-01", "form": "phone", "text": "x"}
                       ).status_code == 403


def test_new_case_with_an_invalid_identity_number_is_refused_beside_the_field(client, login, counsellor):
    login(counsellor)
    response = client.post("/cases/new/", {"first_name": "Ny", "identity_number": "19811228-9875",
                                           "programme": "return_grant"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_identity_number_error"' in page
    assert 'value="Ny"' in page  # what was typed is kept
    assert not Person.objects.filter(first_name="Ny").exists() and not Case.objects.exists()


def test_new_case_opens_and_redirects_to_it(client, login, counsellor):
    login(counsellor)
    response = client.post("/cases/new/", {"first_name": "Ny", "last_name": "Person",
                                           "identity_number": "811228-9874", "programme": "return_grant",
                                           "destination_country": "BA"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert (case.destination_country, case.assigned_counsellor) == ("BA", counsellor)
    assert case.household.main_person.identity_number == "198112289874"


def test_a_stage_jump_is_refused_with_a_message(client, login, counsellor, case):
    login(counsellor)
    response = client.post(f"/cases/{case.pk}/to/departed/", follow=True)
    assert 'class="message message-error"' in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "inquiry"


def test_transition_form_errors_keep_the_case_unchanged(client, login, counsellor, case):
    login(counsellor)
    for target in ("counselling", "preparing_application"):
        client.post(f"/cases/{case.pk}/to/{target}/")
    response = client.post(f"/cases/{case.pk}/to/submitted/", {"submitted_on": "2026-03-01"})
    assert response.status_code == 422
    assert 'id="to-submitted-migration_agency_case_number_error"' in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "preparing_application" and case.submitted_on is None


def test_task_in_the_past_is_refused_beside_the_due_date(client, login, counsellor, case):
    login(counsellor)
    response = client.post(f"/cases/{case.pk}/task/", {"kind": "passport", "title": "Pass",
                                                       "due_on": "2020-01-01", "owner": counsellor.pk})
    assert response.status_code == 422
    assert 'id="task-due_on_error"' in response.content.decode()
    assert not Task.objects.exists()


def field_error(page: str, field_id: str) -> str:
    """The text of the error shown beside one field ('' when there is none)."""
    marker = f'id="{field_id}_error"'
    return page.split(marker, 1)[1].split("</p>", 1)[0] if marker in page else ""


def test_referral_without_consent_is_refused_beside_the_recipient_and_sent_once_consent_is_recorded(
        client, login, counsellor, case):
    login(counsellor)
    referral = {"recipient": "migration_agency", "purpose": "Ansökan", "sent_on": "2026-03-01"}
    response = client.post(f"/cases/{case.pk}/referral/", referral)
    page = response.content.decode()
    assert response.status_code == 422
    # The page always has a consent section, so "samtycke" alone proves nothing: the refusal must be the
    # recipient field's own error, saying what to do, and nothing may be saved.
    assert "Det finns inget giltigt samtycke för den här mottagaren" in field_error(page, "referral-recipient")
    assert "Registrera personens samtycke först" in field_error(page, "referral-recipient")
    assert '<details open><summary>Skicka en hänvisning' in page  # the failed form is shown open
    assert not case.referrals.exists()
    # With the person's consent for that recipient, the same post sends the referral, covered by that consent.
    consent = actions.do_record_consent(actor=counsellor, case=case, person=case.household.main_person,
                                        recipient="migration_agency", recipient_name="", scope="Ansökan",
                                        given_on=dt.date(2026, 2, 1), method="written")
    response = client.post(f"/cases/{case.pk}/referral/", referral)
    assert response.status_code == 302
    assert case.referrals.get().consent == consent


def test_only_a_referral_that_can_still_move_offers_a_change_of_state(client, login, counsellor, case):
    person = case.household.members.get(relation="main_applicant").person
    actions.do_record_consent(actor=counsellor, case=case, person=person, recipient="migration_agency",
                              recipient_name="", scope="Ansökan", given_on=timezone.localdate(), method="written")
    referral = actions.do_send_referral(actor=counsellor, case=case, recipient="migration_agency", recipient_name="",
                                        purpose="Ansökan", sent_on=timezone.localdate(), override_reason="")
    login(counsellor)
    change_form = f"/cases/{case.pk}/?form=referral_state-{referral.pk}"
    assert change_form in client.get(f"/cases/{case.pk}/").content.decode()  # sent
    fragment = client.get(change_form, headers={"HX-Request": "true"}).content.decode()
    assert f'action="/cases/{case.pk}/referral_state/{referral.pk}/"' in fragment
    actions.do_set_referral_state(actor=counsellor, referral=referral, state="declined")
    assert change_form not in client.get(f"/cases/{case.pk}/").content.decode()  # declined is final
    assert client.get(change_form, headers={"HX-Request": "true"}).status_code == 404  # nor fetched alone


def test_early_exits_are_the_quieter_buttons(client, login, counsellor, case):
    login(counsellor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    withdraw = page.index(f'action="/cases/{case.pk}/to/withdrawn/"')
    assert 'class="button button-secondary"' in page[withdraw:withdraw + 300]
    start = page.index(f'action="/cases/{case.pk}/to/counselling/"')
    assert 'class="button"' in page[start:start + 300]


def test_document_upload_and_logged_download(client, login, counsellor, manager, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(counsellor)
    upload = SimpleUploadedFile("pass.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert client.post(f"/cases/{case.pk}/document/", {"file": upload, "description": "Pass"}).status_code == 302
    document = case.documents.get()
    client.logout()
    login(manager)
    response = client.get(f"/cases/documents/{document.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert AccessLog.objects.filter(actor=manager, purpose="download").count() == 3


def test_wrong_file_type_is_refused_beside_the_field(client, login, counsellor, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(counsellor)
    upload = SimpleUploadedFile("virus.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(f"/cases/{case.pk}/document/", {"file": upload, "description": "Pass"})
    assert response.status_code == 422 and 'id="document-file_error"' in response.content.decode()
    assert not case.documents.exists()


def test_document_of_another_unit_is_not_found(client, login, make_user, other_unit, counsellor, case, settings,
                                               tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = actions.do_upload_document(actor=counsellor, case=case, name="p.png",
                                          data=b"\x89PNG\r\n\x1a\n....", description="x")
    login(make_user("out", Role.COUNSELLOR, other_unit))
    assert client.get(f"/cases/documents/{document.pk}/").status_code == 404


def test_protected_names_are_masked_in_the_list_for_others(client, login, make_user, unit, counsellor, case,
                                                           grant_identity):
    main = case.household.main_person
    Person.objects.filter(pk=main.pk).update(protected_identity=True)
    grant_identity(main, counsellor)
    login(make_user("karin", Role.COUNSELLOR, unit))
    page = client.get("/cases/").content.decode()
    assert case.reference in page and "Amina" not in page
    client.logout()
    login(counsellor)
    assert "Amina" in client.get("/cases/").content.decode()


def test_eligibility_run_from_the_page(client, login, counsellor, case):
    login(counsellor)
    main = f"p{case.household.main_person.pk}"
    response = client.post(f"/cases/{case.pk}/facts/", {
        "application_date": "2026-03-01", "settles_permanently": "true", f"{main}__swedish_citizen": "false",
        f"{main}__permit_ground": "refugee", f"{main}__permit_granted_on": "2017-06-01", "run": "1"})
    assert response.status_code == 302
    snapshot = case.eligibility_snapshots.get()
    assert snapshot.facts["members"][0]["permit"]["ground"] == "refugee"
    assert snapshot.result["results"][0]["regime"] == "return_grant_2026"


def test_facts_saved_by_someone_else_meanwhile_are_not_overwritten_without_a_second_look(client, login, counsellor,
                                                                                          case):
    login(counsellor)
    opened = client.get(f"/cases/{case.pk}/", {"form": "facts"}).content.decode()
    version = re.search(r'name="version" value="([0-9a-f]+)"', opened)[1]
    actions.do_update_facts(actor=counsellor, case=case, facts={"in_sweden": False})  # another tab, or a colleague
    refused = client.post(f"/cases/{case.pk}/facts/", {"version": version, "settles_permanently": "true"})
    assert refused.status_code == 422 and "Någon annan sparade uppgifterna" in refused.content.decode()
    case.refresh_from_db()
    assert case.facts == {"in_sweden": False}
    current = re.search(r'name="version" value="([0-9a-f]+)"', refused.content.decode())[1]
    assert current != version and '<option value="true" selected>' in refused.content.decode()  # kept as typed
    assert client.post(f"/cases/{case.pk}/facts/", {"version": current, "settles_permanently": "true"}
                       ).status_code == 302
    case.refresh_from_db()
    assert case.facts["settles_permanently"] is True


def test_export_masks_protected_names_and_logs_each_case(client, login, make_user, unit, counsellor, case,
                                                         grant_identity):
    Person.objects.filter(pk=case.household.main_person.pk).update(protected_identity=True)
    grant_identity(case.household.main_person, counsellor)
    colleague = make_user("karin", Role.COUNSELLOR, unit)
    login(colleague)
    csv_text = client.get("/cases/export.csv").content.decode()
    assert case.reference in csv_text and "Amina" not in csv_text
    assert AccessLog.objects.filter(actor=colleague, purpose="export").count() == 3
    client.logout()
    login(counsellor)
    assert "Amina Testsson" in client.get("/cases/export.csv", {"q": "Amina"}).content.decode()


def test_a_refused_family_member_leaves_no_person_behind(counsellor, case):
    from django.core.exceptions import ValidationError

    from hemvag.people.actions import do_register_household_member

    persons = Person.objects.count()
    # A second main person is refused by the household after the person has been registered: both roll back.
    with pytest.raises(ValidationError):
        do_register_household_member(actor=counsellor, household=case.household, relation="main_applicant",
                                     lives_with_main_person=True, first_name="Ny")
    assert Person.objects.count() == persons


def test_a_counsellor_in_two_units_chooses_where_the_case_belongs(client, login, counsellor, other_unit):
    from hemvag.core.actions import do_set_membership

    do_set_membership(actor=SYSTEM, user=counsellor, unit=other_unit, role=Role.COUNSELLOR)
    login(counsellor)
    page = client.get("/cases/new/").content.decode()
    assert 'name="unit"' in page and other_unit.name in page
    client.post("/cases/new/", {"unit": other_unit.pk, "first_name": "Ny", "birth_date": "2000-01-01",
                                "programme": "return_grant"})
    assert Case.objects.get().unit == other_unit


def test_a_save_is_audited_not_access_logged_and_a_refusal_shown_again_is(client, login, counsellor, case):
    login(counsellor)
    saved = client.post(f"/cases/{case.pk}/note/", {"held_on": "2026-03-01", "form": "phone", "text": "Samtal"})
    assert saved.status_code == 302
    assert not AccessLog.objects.exists()  # the action's audit event records the write
    refused = client.post(f"/cases/{case.pk}/note/", {"held_on": "2026-03-01", "form": "phone"})
    assert refused.status_code == 422
    assert AccessLog.objects.filter(reason="form shown again").count() == 3  # the page showed the household


HTMX = {"HX-Request": "true"}


def test_a_closed_form_is_rendered_only_when_it_is_opened(client, login, counsellor, case):
    login(counsellor)
    note, action = f"/cases/{case.pk}/?form=note", f'action="/cases/{case.pk}/note/"'
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'hx-get="{note}"' in page and f'href="{note}#notes"' in page and action not in page
    fragment = client.get(note, headers=HTMX).content.decode()
    assert action in fragment and 'name="text"' in fragment and "<html" not in fragment
    # Without JavaScript the link opens the whole page with that form shown and its details open.
    page = client.get(note).content.decode()
    assert "<html" in page and action in page
    assert page[:page.index(action)].rsplit("<details", 1)[1].startswith(" open")


def test_a_refused_form_comes_back_open_with_its_message_in_place(client, login, counsellor, case):
    login(counsellor)
    page = client.post(f"/cases/{case.pk}/note/", {"held_on": "2026-03-01", "form": "phone"}).content.decode()
    form = page.index(f'action="/cases/{case.pk}/note/"')
    assert page[:form].rsplit("<details", 1)[1].startswith(" open")
    assert 'id="note-text_error"' in page[form:]
    assert f'action="/cases/{case.pk}/task/"' not in page  # the others stay closed and unrendered


def test_only_the_forms_offered_on_the_page_can_be_fetched_alone(client, login, counsellor, manager, case):
    login(manager)  # reads the case, does not work it
    for key in ("note", "facts", "to-counselling", "nonsense", "plan_step-999999", "note-1"):
        response = client.get(f"/cases/{case.pk}/", {"form": key}, headers=HTMX)
        assert response.status_code == 404, key
    assert client.get(f"/cases/{case.pk}/", {"form": "referral"}, headers=HTMX).status_code == 200  # an override
    login(counsellor)
    assert client.get(f"/cases/{case.pk}/", {"form": "facts"}, headers=HTMX).status_code == 200


def test_fetching_a_form_is_a_logged_look_at_the_case(client, login, counsellor, case):
    login(counsellor)
    before = AccessLog.objects.filter(object_type="case", object_id=str(case.pk)).count()
    assert client.get(f"/cases/{case.pk}/", {"form": "facts"}, headers=HTMX).status_code == 200
    persons = case.household.members.count()
    assert AccessLog.objects.filter(object_type="case", object_id=str(case.pk)).count() == before + persons
