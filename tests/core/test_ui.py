"""The shell: Swedish by default, an English switch, landmarks, error pages in both languages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hemvag.core.models import Role
from tests.conftest import gettext_path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "hemvag"
# Each app with a locale/ folder keeps its own catalogue; the project catalogue covers the rest.
CATALOGUE_ROOTS = sorted({path.parents[3] for path in PACKAGE.glob("**/locale/sv/LC_MESSAGES/django.po")})


def catalogue(root: Path):
    with (root / "locale" / "sv" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("root", CATALOGUE_ROOTS, ids=lambda root: root.name)
def test_every_swedish_message_is_translated(root):
    untranslated = [
        message.id for message in catalogue(root)
        if message.id and (not all(message.string if isinstance(message.string, tuple) else [message.string])
                           or message.fuzzy)
    ]
    assert untranslated == []


@pytest.mark.parametrize("root", CATALOGUE_ROOTS, ids=lambda root: root.name)
def test_every_marked_string_in_the_code_is_in_its_swedish_catalogue(tmp_path, root):
    path = gettext_path()
    copy = tmp_path / root.name
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "var"))
    ignores = ["rules/*"]
    if root == PACKAGE:
        ignores += [f"{other.name}/*" for other in CATALOGUE_ROOTS if other != PACKAGE]
    subprocess.run(
        [sys.executable, "-m", "hemvag", "makemessages", "-l", "sv", "--no-obsolete",
         *(arg for pattern in ignores for arg in ("-i", pattern))],
        cwd=copy, check=True, capture_output=True, env={"HEMVAG_VAR_DIR": str(tmp_path / "var"),
                                                         "PATH": path},
    )
    with (copy / "locale" / "sv" / "LC_MESSAGES" / "django.po").open("rb") as handle:
        extracted = {message.id for message in read_po(handle) if message.id}
    committed = {message.id for message in catalogue(root) if message.id}
    assert sorted(map(str, extracted - committed)) == []


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_without_gettext_the_catalogue_checks_fail_in_ci_and_skip_with_the_reason_elsewhere(monkeypatch, capsys, ci,
                                                                                          outcome):
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(shutil, "which", lambda tool: None if tool == "xgettext" else f"/usr/bin/{tool}")
    with pytest.raises(outcome, match=r"xgettext not found.*apt-get install gettext"):
        gettext_path()
    printed = capsys.readouterr().out
    assert ("xgettext not found" in printed) is (outcome is pytest.skip.Exception)


def test_pages_are_swedish_by_default_with_landmarks(client, db):
    page = client.get("/login/").content.decode()
    assert '<html lang="sv"' in page
    assert "Logga in i Hemväg" in page
    for landmark in ('class="skip-link" href="#main"', '<main id="main"', 'role="banner"', 'role="contentinfo"'):
        assert landmark in page


def test_language_switch_to_english_and_back(client, db):
    response = client.post("/language/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert "Sign in to Hemväg" in client.get("/login/").content.decode()
    client.post("/language/", {"language": "sv", "next": "/login/"})
    assert "Logga in i Hemväg" in client.get("/login/").content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("sv", "Sidan kunde inte hittas"), ("en", "The page could not be found")]
)
def test_404_page_in_both_languages(client, db, language, text):
    response = client.get("/no-such-page/", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.parametrize(("language", "text"), [("sv", "Du har inte behörighet"), ("en", "You do not have access")])
def test_403_page_in_both_languages(client, login, make_user, unit, language, text):
    login(make_user("sara", Role.COUNSELLOR, unit))
    response = client.get("/audit/", headers={"Accept-Language": language})
    assert response.status_code == 403
    assert text in response.content.decode()


@pytest.mark.parametrize(("language", "text"), [("sv", "Begäran gick inte att förstå"),
                                                ("en", "The request could not be understood")])
def test_400_page_in_both_languages(client, db, language, text):
    response = client.get("/login/", headers={"Accept-Language": language, "Host": "evil.example"})
    assert response.status_code == 400
    assert text in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"), [("sv", "Något gick fel hos oss"), ("en", "Something went wrong on our side")]
)
def test_500_page_in_both_languages(rf, db, language, text):
    from django.utils import translation

    from hemvag.core.views import server_error

    request = rf.get("/")
    with translation.override(language):
        response = server_error(request)
    assert response.status_code == 500
    assert text in response.content.decode()


def test_navigation_follows_the_role(client, login, make_user, unit):
    login(make_user("maria", Role.AUDITOR, unit))
    page = client.get("/start/").content.decode()
    assert 'href="/audit/"' in page and 'href="/admin/"' not in page
    client.logout()
    login(make_user("jonas", Role.ADMIN, unit))
    page = client.get("/start/").content.decode()
    assert 'href="/admin/"' in page and 'href="/audit/"' not in page


def test_no_asset_comes_from_another_origin(client, db):
    page = client.get("/login/").content.decode()
    assert "http://" not in page.replace('http://www.w3.org', '') and "https://" not in page
    csp = client.get("/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_audit_log_search_and_export_follow_the_filters(client, login, make_user, unit):
    login(make_user("maria", Role.AUDITOR, unit))
    make_user("sara", Role.COUNSELLOR, unit)
    page = client.get("/audit/", {"verb": "membership.set", "user": "system"}).content.decode()
    assert "membership.set" in page and "unit.created" not in page
    export = b"".join(client.get("/audit/export.csv", {"verb": "unit.created"}).streaming_content).decode()
    assert export.splitlines()[0].startswith("seq,time,actor")
    assert all(",unit.created," in line for line in export.splitlines()[1:]) and len(export.splitlines()) == 2


def test_audit_log_hides_other_municipalities(client, login, make_user, unit, other_unit):
    login(make_user("maria", Role.AUDITOR, unit))
    page = client.get("/audit/", {"verb": "unit.created"}).content.decode()
    assert unit.name in page and other_unit.name not in page


def test_front_door_sends_staff_to_their_start_page(client, login, make_user, unit):
    assert client.get("/")["Location"] == "/sv/"  # the resident site, in the default language
    login(make_user("sara", Role.COUNSELLOR, unit))
    assert client.get("/")["Location"] == "/start/"
