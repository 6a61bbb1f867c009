"""The resident site: its own address per language, Swedish fallback with a note, amounts from the rules."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from hemvag.content import actions
from hemvag.content.models import Audience
from hemvag.core.permissions import SYSTEM


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(("language", "direction", "heading"), [
    ("sv", "ltr", "Flytta tillbaka till ditt hemland"), ("en", "ltr", "Moving back to your home country"),
    ("ar", "rtl", None), ("prs", "rtl", None), ("so", "ltr", None), ("bs", "ltr", None),
])
def test_each_language_has_its_own_home_page(client, demo_pages, language, direction, heading):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    page = text(response)
    assert f'<html lang="{language}" dir="{direction}">' in page
    if heading:
        assert heading in page
    # The switch lists every resident language and keeps the same page.
    for code in ("sv", "en", "ar", "so", "prs", "bs"):
        if code != language:
            assert f'href="/{code}/" lang="{code}"' in page


@pytest.mark.parametrize(("language", "link_text"), [
    ("sv", "Inloggning för personal"), ("en", "Staff sign-in"), ("ar", "تسجيل دخول الموظفين"),
    ("prs", "ورود کارمندان"), ("so", "Gelitaanka shaqaalaha"), ("bs", "Prijava za osoblje"),
])
def test_the_resident_footer_has_a_staff_sign_in_link_that_leads_to_the_login_page(client, demo_pages, language,
                                                                                     link_text):
    for path in (f"/{language}/", f"/{language}/self-check/", f"/{language}/contact/"):
        footer = text(client.get(path)).split('<footer class="site-footer"', 1)[1]
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)
        href = {name: url for url, name in links}.get(link_text)
        assert href, (path, links)
    page = client.get(href)
    assert page.status_code == 200 and "Logga in i Hemväg" in text(page)


def test_front_door_sends_anonymous_visitors_to_the_resident_site(client, db):
    assert client.get("/")["Location"] == "/sv/"
    assert client.get("/", headers={"Accept-Language": "en"})["Location"] == "/en/"


def amounts_on(page: str) -> list[str]:
    return [found.strip() for found in re.findall(r"[\d ]+ kr", page)]


def test_amounts_come_from_the_rules_engine_not_the_page(client, demo_pages, resident_day):
    page = text(client.get("/sv/information/return-grant/"))
    # The law's numbers for the day: förordning (2025:970) for the return grant, (2008:778) for reintegration.
    assert amounts_on(page) == ["350 000 kr", "25 000 kr", "500 000 kr", "600 000 kr", "30 000 kr", "15 000 kr",
                                "75 000 kr"]
    assert "{amount:" not in page
    assert "Irak" in page and "Somalia" in page  # the country list, in Swedish
    english = text(client.get("/en/information/return-grant/"))
    assert "Iraq" in english
    # The same page on a day in 2025 shows the 1984 regime's amounts: they come from the engine, by date.
    resident_day.day = dt.date(2025, 6, 1)
    page = text(client.get("/sv/information/return-grant/"))
    assert amounts_on(page) == ["10 000 kr", "5 000 kr", "40 000 kr", "30 000 kr", "15 000 kr", "75 000 kr"]


def test_every_claim_links_to_an_official_source(client, demo_pages):
    for slug in ("voluntary-return", "return-grant", "residence-permit", "how-to-apply", "city-support"):
        for language in ("sv", "en"):
            page = text(client.get(f"/{language}/information/{slug}/"))
            assert re.search(r'href="https://www\.(migrationsverket|riksdagen)\.se/', page), (slug, language)


def test_missing_translation_falls_back_to_swedish_with_a_note(client, db):
    page = actions.do_create_page(actor=SYSTEM, slug="swedish-only", audience=Audience.RESIDENT)
    actions.do_publish(actor=SYSTEM, version=actions.do_save_draft(
        actor=SYSTEM, page=page, language="sv", title="Bara på svenska", summary="", body="Text"))
    page = text(client.get("/ar/information/swedish-only/"))
    assert 'lang="sv"' in page and "Bara på svenska" in page
    assert 'class="pub-notice"' in page
    assert "لم يراجع مترجم هذه الترجمة بعد" not in page  # the Swedish original is shown, not a translation


def test_demo_translation_is_marked(client, demo_pages):
    page = text(client.get("/ar/information/voluntary-return/"))
    assert "ما هي العودة الطوعية؟" in page
    assert 'dir="rtl"' in page
    assert "notice" in page


def test_draft_is_not_shown_to_residents(client, db):
    page = actions.do_create_page(actor=SYSTEM, slug="draft-only", audience=Audience.RESIDENT)
    actions.do_save_draft(actor=SYSTEM, page=page, language="sv", title="Utkast", summary="", body="Hemligt utkast")
    assert client.get("/sv/information/draft-only/").status_code == 404


def test_staff_pages_are_not_on_the_resident_site(client, demo_pages):
    assert client.get("/sv/information/when-a-resident-asks/").status_code == 404


def test_no_cookie_but_csrf_on_information_pages(client, demo_pages):
    response = client.get("/sv/information/voluntary-return/")
    assert set(response.cookies) <= {"csrftoken"}


@pytest.mark.parametrize(("accept", "expected"), [("ar", "sv"), ("ar, en;q=0.8", "en"), ("prs", "sv"), ("en", "en")])
def test_staff_pages_stay_in_the_staff_languages(client, db, accept, expected):
    page = text(client.get("/login/", headers={"Accept-Language": accept}))
    assert f'<html lang="{expected}" dir="ltr">' in page


def test_resident_pages_keep_their_language_whatever_the_browser_says(client, demo_pages):
    page = text(client.get("/ar/", headers={"Accept-Language": "sv"}))
    assert '<html lang="ar" dir="rtl">' in page


def test_contact_form_in_arabic(client, demo_pages):
    page = text(client.get("/ar/contact/"))
    assert '<html lang="ar" dir="rtl">' in page and "أرسل الطلب" in page


NOT_REVIEWED = {
    "so": "Turjumaaddan weli turjubaan ma hubin.", "bs": "Ovaj prijevod još nije provjerio prevodilac.",
    "en": "This translation has not yet been checked by a translator.",
}


@pytest.mark.parametrize("language", ["so", "bs", "en"])
def test_a_translation_not_reviewed_says_so_and_links_to_the_swedish_page(client, demo_pages, language):
    page = text(client.get(f"/{language}/information/return-grant/"))
    assert NOT_REVIEWED[language] in page
    assert '<a href="/sv/information/return-grant/" hreflang="sv">' in page


def test_a_reviewed_translation_has_no_notice_and_the_swedish_original_needs_none(client, demo_pages):
    from hemvag.content import queries
    from hemvag.content.models import Page

    page = Page.objects.get(slug="return-grant")
    version = queries.published(page, "so").version
    actions.do_mark_translation_reviewed(actor=SYSTEM, version=version, reviewer_name="Amina Translator",
                                         reviewed_on=dt.date(2026, 3, 1))
    assert NOT_REVIEWED["so"] not in text(client.get("/so/information/return-grant/"))
    assert NOT_REVIEWED["so"] in text(client.get("/so/information/residence-permit/"))
    swedish = text(client.get("/sv/information/return-grant/"))
    assert "granskats av en översättare" not in swedish and 'class="pub-notice' not in swedish


RESIDENT_SLUGS = ("voluntary-return", "return-grant", "residence-permit", "how-to-apply", "city-support")


def test_every_resident_page_is_published_in_all_six_languages(client, demo_pages):
    from hemvag.content import queries
    from hemvag.content.models import Page

    for slug in RESIDENT_SLUGS:
        page = Page.objects.get(slug=slug)
        for language in ("sv", "en", "ar", "so", "prs", "bs"):
            shown = queries.published(page, language)
            assert shown is not None and not shown.is_fallback, (slug, language)
            response = client.get(f"/{language}/information/{slug}/")
            assert response.status_code == 200 and shown.version.title in text(response), (slug, language)
            # Every translation links to the official sources, like the Swedish original.
            assert re.search(r'href="https://www\.(migrationsverket|riksdagen)\.se/', text(response)), (slug, language)


@pytest.mark.parametrize("slug", RESIDENT_SLUGS)
def test_dari_pages_render_right_to_left(client, demo_pages, slug):
    page = text(client.get(f"/prs/information/{slug}/"))
    assert '<html lang="prs" dir="rtl">' in page
    # The text is Dari itself, not the Swedish fallback in a left-to-right box.
    assert 'lang="sv" dir="ltr"' not in page.split("<article", 1)[1].split(">", 1)[0]
