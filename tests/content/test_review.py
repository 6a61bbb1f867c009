"""A translator's review per language version: who and when, permission-checked, audited, filtered, and shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from hemvag.content import actions, demo, queries
from hemvag.content.models import Audience, PageVersion, TranslationStatus
from hemvag.core.models import AuditEvent, Role
from hemvag.core.permissions import SYSTEM

DAY = dt.date(2026, 3, 1)


@pytest.fixture
def page(db):
    page = actions.do_create_page(actor=SYSTEM, slug="about", audience=Audience.RESIDENT)
    for language, title in (("sv", "Om oss"), ("so", "Annaga")):
        actions.do_publish(actor=SYSTEM, version=actions.do_save_draft(
            actor=SYSTEM, page=page, language=language, title=title, summary="", body="Text"))
    return page


@pytest.fixture
def admin(make_user, unit):
    return make_user("jonas", Role.ADMIN, unit)


def version(page, language):
    return queries.latest_version(page, language)


def test_swedish_is_the_source_and_every_other_language_starts_not_reviewed(page):
    assert version(page, "sv").translation_status == TranslationStatus.SOURCE
    assert version(page, "so").translation_status == TranslationStatus.NOT_REVIEWED
    assert version(page, "so").needs_review and not version(page, "sv").needs_review


def test_marking_reviewed_records_who_and_when_in_one_audit_event(page, admin):
    before = AuditEvent.objects.count()
    reviewed = actions.do_mark_translation_reviewed(
        actor=admin, version=version(page, "so"), reviewer_name=" Amina Translator ", reviewed_on=DAY)
    reviewed.refresh_from_db()
    assert reviewed.translation_status == TranslationStatus.REVIEWED and not reviewed.needs_review
    assert (reviewed.reviewer_name, reviewed.reviewed_on) == ("Amina Translator", DAY)
    assert reviewed.review_recorded_by == admin
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(verb="content_version.translation_reviewed")
    assert event.actor == admin and event.changes["language"] == "so"
    assert event.changes["reviewer_name"] == {"before": "", "after": "Amina Translator"}
    assert event.changes["translation_status"] == {"before": "draft", "after": "reviewed"}


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.STAFF, Role.MANAGER, Role.AUDITOR])
def test_only_content_editors_mark_a_translation_reviewed(page, make_user, unit, role):
    with pytest.raises(PermissionDenied):
        actions.do_mark_translation_reviewed(actor=make_user(f"u-{role}", role, unit), version=version(page, "so"),
                                             reviewer_name="A", reviewed_on=DAY)
    assert version(page, "so").needs_review
    assert not AuditEvent.objects.filter(verb="content_version.translation_reviewed").exists()


def test_the_swedish_original_and_a_future_date_are_refused(page, admin):
    with pytest.raises(actions.ReviewRefused):
        actions.do_mark_translation_reviewed(actor=admin, version=version(page, "sv"), reviewer_name="A",
                                             reviewed_on=DAY)
    with pytest.raises(actions.ReviewRefused):
        actions.do_mark_translation_reviewed(actor=admin, version=version(page, "so"), reviewer_name="A",
                                             reviewed_on=dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(actions.ReviewRefused):
        actions.do_mark_translation_reviewed(actor=admin, version=version(page, "so"), reviewer_name="  ",
                                             reviewed_on=DAY)


def test_a_reviewed_status_always_has_a_name_and_a_date(page):
    with transaction.atomic(), pytest.raises(IntegrityError):
        PageVersion.objects.filter(pk=version(page, "so").pk).update(translation_status=TranslationStatus.REVIEWED)


def test_a_new_text_after_a_review_is_not_reviewed(page, admin):
    actions.do_mark_translation_reviewed(actor=admin, version=version(page, "so"), reviewer_name="A", reviewed_on=DAY)
    newer = actions.do_save_draft(actor=admin, page=page, language="so", title="Annaga 2", summary="", body="Cusub")
    assert newer.needs_review
    overview = {row.code: row for row in queries.language_overview(page)}
    assert overview["so"].needs_review  # the newer draft still needs its own review


def test_editor_marks_a_version_reviewed_on_its_page(client, login, admin, page):
    login(admin)
    target = version(page, "so")
    detail = client.get(f"/content/versions/{target.pk}/").content.decode()
    assert "Översättningen är inte granskad" in detail and "Markera som granskad av översättare" in detail
    response = client.post(f"/content/versions/{target.pk}/review/",
                           {"reviewer_name": "Amina Translator", "reviewed_on": "2026-03-01"})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "Granskad av Amina Translator den 2026-03-01." in detail
    # The Swedish original offers no review; a missing name is an error beside the field, nothing saved.
    assert "Markera som granskad" not in client.get(f"/content/versions/{version(page, 'sv').pk}/").content.decode()
    assert client.post(f"/content/versions/{version(page, 'sv').pk}/review/",
                       {"reviewer_name": "A", "reviewed_on": "2026-03-01"}).status_code == 400
    other = actions.do_save_draft(actor=admin, page=page, language="bs", title="O nama", summary="", body="Tekst")
    response = client.post(f"/content/versions/{other.pk}/review/", {"reviewer_name": "", "reviewed_on": "2026-03-01"})
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()
    assert version(page, "bs").needs_review


def test_review_needs_post_and_an_editor(client, login, make_user, unit, admin, page):
    target = version(page, "so")
    login(make_user("counsellor", Role.COUNSELLOR, unit))
    assert client.post(f"/content/versions/{target.pk}/review/",
                       {"reviewer_name": "A", "reviewed_on": "2026-03-01"}).status_code == 403
    login(admin)
    assert client.get(f"/content/versions/{target.pk}/review/").status_code == 405
    assert version(page, "so").needs_review


def test_editors_list_shows_each_language_status_and_filters_on_not_reviewed(client, login, admin, db):
    demo.load()
    login(admin)
    everything = client.get("/content/").content.decode()
    assert "Original (svenska)" in everything and "Översättningen är inte granskad" in everything
    assert "when-a-resident-asks" in everything
    # Review every translation of the staff page: it leaves the "not reviewed" list, the others stay.
    for version_ in PageVersion.objects.filter(page__slug="when-a-resident-asks").exclude(language="sv"):
        actions.do_mark_translation_reviewed(actor=admin, version=version_, reviewer_name="Sam", reviewed_on=DAY)
    filtered = client.get("/content/?review=not_reviewed").content.decode()
    assert "when-a-resident-asks" not in filtered and "voluntary-return" in filtered
    assert "Granskad av översättare" in client.get("/content/").content.decode()
    assert client.get("/content/?review=nonsense").status_code == 200  # an unknown filter shows everything


def test_demo_adds_a_missing_language_to_an_existing_page_and_keeps_the_editors_text(admin, db):
    page = actions.do_create_page(actor=admin, slug="voluntary-return", audience=Audience.RESIDENT, order=10)
    mine = actions.do_save_draft(actor=admin, page=page, language="sv", title="Min rubrik", summary="", body="Min text")
    demo.load()
    assert queries.latest_version(page, "sv") == mine  # the editor's Swedish text is left alone
    assert queries.languages_with_a_version(page) == {"sv", "en", "ar", "so", "prs", "bs"}
    assert all(queries.published(page, code).version.needs_review for code in ("en", "ar", "so", "prs", "bs"))
