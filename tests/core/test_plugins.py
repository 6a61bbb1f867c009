"""Apps plug into core: a dummy app, declared only in tests/plugin_settings.py, registers a permission, a menu
entry, a start-page panel, a page, an API route, an error type and a demo step without any edit in core."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hemvag.core import plugins
from hemvag.core.permissions import grants

ROOT = Path(__file__).resolve().parents[2]


def test_the_dummy_app_plugs_in_without_an_edit_in_core(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/plugin_app/check_plugin.py", "--ds=tests.plugin_settings", "-q",
         "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        # Its own SQLite database: on PostgreSQL it would share (and tear down) this run's test database.
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"),
             "HEMVAG_DATABASE_URL": f"sqlite:///{tmp_path / 'plugin.sqlite3'}"},
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "5 passed" in run.stdout


def test_without_the_test_settings_the_dummy_app_contributes_nothing():
    assert "plugin_app.view_things" not in grants()
    assert all(plugin.app_label != "plugin_app" for plugin in plugins.plugins())


def test_every_installed_hemvag_app_declares_its_contributions():
    labels = {plugin.app_label for plugin in plugins.plugins()}
    assert {"core", "people", "cases", "public", "content"} <= labels


def test_a_permission_declared_twice_is_refused(monkeypatch):
    twice = plugins.Contributions(permissions={"core.view_start": frozenset({"admin"})})
    installed = plugins.plugins()
    monkeypatch.setattr(plugins, "plugins", lambda: (*installed, plugins.Plugin("again", twice)))
    with pytest.raises(ValueError, match="declared twice"):
        plugins.permissions()
