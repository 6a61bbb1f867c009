"""Information pages: draft → published, earlier versions kept, publishing audited, safe text format."""

from __future__ import annotations

import datetime as dt

import pytest

from hemvag.content import actions, queries
from hemvag.content.markup import render
from hemvag.content.models import Audience, PageVersion, VersionStatus
from hemvag.core.models import AuditEvent, Role
from hemvag.core.permissions import SYSTEM

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def page(db):
    return actions.do_create_page(actor=SYSTEM, slug="about", audience=Audience.RESIDENT)


@pytest.fixture
def admin(make_user, unit):
    return make_user("jonas", Role.ADMIN, unit)


def test_publishing_keeps_the_earlier_version_and_is_audited(page, admin):
    first = actions.do_save_draft(actor=admin, page=page, language="sv", title="Ett", summary="", body="Text 1")
    actions.do_publish(actor=admin, version=first)
    second = actions.do_save_draft(actor=admin, page=page, language="sv", title="Två", summary="", body="Text 2")
    assert queries.published(page, "sv").version == first  # a draft changes nothing for readers
    actions.do_publish(actor=admin, version=second)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED and first.body == "Text 1"
    assert queries.published(page, "sv").version.title == "Två"
    assert [v.number for v in queries.versions_of(page, "sv")] == [2, 1]
    published = AuditEvent.objects.filter(verb="content_version.published").order_by("seq")
    assert [e.changes["published_version"] for e in published] == [
        {"before": None, "after": 1}, {"before": 1, "after": 2}]
    assert all(e.actor == admin for e in published)


def test_missing_language_falls_back_to_swedish(page):
    actions.do_publish(actor=SYSTEM, version=actions.do_save_draft(
        actor=SYSTEM, page=page, language="sv", title="Sv", summary="", body="x"))
    shown = queries.published(page, "so")
    assert shown.version.language == "sv" and shown.is_fallback
    assert queries.published(page, "sv").is_fallback is False


def test_text_format_escapes_markup_and_refuses_unsafe_links():
    html = render('<script>alert(1)</script>\n\n[click](javascript:alert(1)) [ok](https://www.migrationsverket.se/x)',
                  "sv", TODAY)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://www.migrationsverket.se/x" class="external" rel="noopener">ok</a>' in html


@pytest.mark.parametrize("url", ["//evil.example/x", "/\\evil.example/x", "/\\/evil.example", "http://evil.example/",
                                 "https:///no-host", "https://a.example\\@evil.example/"])
def test_text_format_refuses_links_that_only_look_internal(url):
    html = render(f"[Ansök här]({url})", "sv", TODAY)
    assert "<a" not in html and "Ansök här" in html


def test_text_format_keeps_same_site_paths_and_shows_the_host_of_external_links():
    html = render("[Hem](/sv/) [Verket](https://www.migrationsverket.se@evil.example/x)", "sv", TODAY)
    assert '<a href="/sv/">Hem</a>' in html
    # The label cannot hide where an external link leads: the real host is shown beside it.
    assert 'rel="noopener">Verket</a> <span class="link-host">(evil.example)</span>' in html


def test_text_format_headings_lists_and_amounts_from_the_rules():
    html = render("## Belopp\nDu får {amount:return_grant.amount_per_adult}.\n- ett\n- två", "sv", TODAY)
    assert "<h2>Belopp</h2>" in html and "<p>Du får 350 000 kr.</p>" in html
    assert "<ul><li>ett</li><li>två</li></ul>" in html
    # The same page on a day in the older regime shows that regime's amount: nothing is typed in.
    assert "10 000 kr" in render("{amount:return_grant.amount_per_adult}", "sv", dt.date(2025, 6, 1))
    assert "[?return_grant.nothing]" in render("{amount:return_grant.nothing}", "sv", TODAY)


def test_editor_saves_a_draft_and_publishes_it(client, login, admin, page):
    login(admin)
    response = client.post(f"/content/{page.slug}/sv/", {"title": "Rubrik", "summary": "", "body": "Brödtext"})
    version = PageVersion.objects.get(page=page)
    assert response["Location"] == f"/content/versions/{version.pk}/"
    assert "Publicera den här versionen" in client.get(response["Location"]).content.decode()
    assert version.status == VersionStatus.DRAFT and version.created_by == admin
    assert client.post(f"/content/versions/{version.pk}/publish/").status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED and version.published_by == admin
    history = client.get(f"/content/{page.slug}/sv/").content.decode()
    assert "v1: Rubrik" in history


def test_editor_refuses_an_unknown_amount_and_saves_nothing(client, login, admin, page):
    login(admin)
    response = client.post(f"/content/{page.slug}/sv/",
                           {"title": "R", "summary": "", "body": "{amount:return_grant.typo}"})
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()
    assert PageVersion.objects.count() == 0


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.STAFF, Role.MANAGER, Role.AUDITOR])
def test_only_admins_edit(client, login, make_user, unit, page, role):
    login(make_user(f"u-{role}", role, unit))
    assert client.get("/content/").status_code == 403
    assert client.post(f"/content/{page.slug}/sv/", {"title": "x", "body": "y"}).status_code == 403


def test_publish_needs_post(client, login, admin, page):
    login(admin)
    version = actions.do_save_draft(actor=admin, page=page, language="sv", title="T", summary="", body="B")
    assert client.get(f"/content/versions/{version.pk}/publish/").status_code == 405


def test_admin_creates_a_new_page_and_a_taken_address_is_refused(client, login, admin, page):
    login(admin)
    response = client.post("/content/", {"slug": "new-topic", "audience": "resident", "order": "60"})
    assert response["Location"] == "/content/new-topic/sv/"
    assert AuditEvent.objects.filter(verb="content_page.created", changes__slug__after="new-topic").exists()
    response = client.post("/content/", {"slug": page.slug, "audience": "resident", "order": "1"})
    assert response.status_code == 400
    assert "Det finns redan en sida med den adressen." in response.content.decode()


def test_editor_reads_an_earlier_version(client, login, admin, page):
    first = actions.do_save_draft(actor=admin, page=page, language="sv", title="Ett", summary="", body="Gammal text")
    actions.do_publish(actor=admin, version=first)
    actions.do_publish(actor=admin, version=actions.do_save_draft(
        actor=admin, page=page, language="sv", title="Två", summary="", body="Ny text"))
    login(admin)
    old = client.get(f"/content/versions/{first.pk}/").content.decode()
    assert "Gammal text" in old and "Tidigare publicerad version" in old
    assert "Publicera den här versionen" not in old  # only a draft can be published


def test_every_editor_page_opens_for_the_demo_content(client, login, admin):
    from django.conf import settings

    from hemvag.content import demo

    demo.load()
    login(admin)
    assert client.get("/content/").status_code == 200
    for code, _name in settings.LANGUAGES:
        response = client.get(f"/content/voluntary-return/{code}/")
        assert response.status_code == 200, code
    for version in PageVersion.objects.filter(page__slug="voluntary-return"):
        page = client.get(f"/content/versions/{version.pk}/").content.decode()
        assert version.title in page
    assert client.get("/content/voluntary-return/xx/").status_code == 404
