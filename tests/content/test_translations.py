"""The content and public apps' own catalogues: Swedish complete, and every marked string in them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import gettext_path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "hemvag"
APPS = ("content", "public")


def catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def swedish(app: str):
    return catalogue(PACKAGE / app / "locale" / "sv" / "LC_MESSAGES" / "django.po")


@pytest.mark.parametrize("app", APPS)
def test_every_swedish_message_is_translated(app):
    untranslated = [
        message.id for message in swedish(app)
        if message.id and (message.fuzzy or not all(
            message.string if isinstance(message.string, tuple) else [message.string]))
    ]
    assert untranslated == []


@pytest.mark.parametrize("app", APPS)
def test_every_marked_string_is_in_the_apps_swedish_catalogue(app, tmp_path):
    path = gettext_path()
    copy = tmp_path / app
    shutil.copytree(PACKAGE / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "hemvag", "makemessages", "-l", "sv", "--no-obsolete"], cwd=copy, check=True,
        capture_output=True, env={"HEMVAG_VAR_DIR": str(tmp_path / "var"), "PATH": path},
    )
    extracted = {m.id for m in catalogue(copy / "locale" / "sv" / "LC_MESSAGES" / "django.po") if m.id}
    committed = {m.id for m in swedish(app) if m.id}
    assert sorted(map(str, extracted - committed)) == []


def test_public_site_languages_have_a_catalogue_so_django_serves_them():
    # Django only activates a language it finds a catalogue for; Somali and Dari have none of Django's own.
    for code in ("ar", "so", "prs", "bs"):
        assert (PACKAGE / "public" / "locale" / code / "LC_MESSAGES" / "django.po").exists()


def _untranslated(messages) -> list[str]:
    return [str(m.id) for m in messages if m.id and (m.fuzzy or not all(
        m.string if isinstance(m.string, tuple) else [m.string]))]


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.mark.parametrize("code", ["ar", "so", "prs", "bs"])
def test_every_public_message_is_translated_into_each_resident_language(code):
    """The resident site speaks six languages: every message the Swedish catalogue has, each of them has too,
    translated, with the same placeholders (a wrong one would raise when the page is shown)."""
    messages = catalogue(PACKAGE / "public" / "locale" / code / "LC_MESSAGES" / "django.po")
    assert _untranslated(messages) == []
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages if m.id}
    swedish_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in swedish("public") if m.id}
    assert sorted(swedish_ids - ids) == []
    for message in messages:
        if not message.id:
            continue
        source = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        wanted = set(PLACEHOLDER.findall(source))
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            assert set(PLACEHOLDER.findall(text)) <= wanted and (wanted <= set(PLACEHOLDER.findall(text))
                                                                  or isinstance(message.id, tuple)), (code, source)
