"""`hemvag serve` on a fresh instance: it refuses to start until the static files are collected."""

from __future__ import annotations

import os
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PRODUCTION_STATIC = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


@pytest.fixture
def fresh_instance(settings, tmp_path, monkeypatch):
    """The production static storage over an empty STATIC_ROOT; gunicorn is not started, its argv is kept."""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    settings.STATIC_ROOT = tmp_path / "static"
    started: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    monkeypatch.setattr(subprocess, "Popen", lambda argv, **kwargs: started.append(argv))
    return started


def test_serve_refuses_before_collectstatic_with_one_line_that_says_what_to_run(fresh_instance, db):
    with pytest.raises(CommandError) as refusal:
        call_command("serve")
    message = str(refusal.value)
    assert "hemvag collectstatic --no-input" in message and "\n" not in message
    assert fresh_instance == []  # gunicorn never started


def test_serve_starts_once_the_static_files_are_collected(fresh_instance, db):
    call_command("collectstatic", "--no-input", verbosity=0)
    call_command("serve")
    worker, server = fresh_instance  # the task worker first, then this process becomes gunicorn
    assert "db_worker" in worker and "gunicorn" in server


def test_serve_leaves_the_task_worker_out_when_told(fresh_instance, db, monkeypatch):
    monkeypatch.setenv("HEMVAG_TASK_WORKER", "0")
    call_command("collectstatic", "--no-input", verbosity=0)
    call_command("serve")
    assert len(fresh_instance) == 1 and "gunicorn" in fresh_instance[0]
