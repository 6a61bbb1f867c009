"""Settings for the `hemvag serve` processes that tests/core/test_serve_concurrency.py and test_serve_crash.py
start: the project's settings, with static files served unhashed from the apps. Collecting (and compressing)
them takes about two minutes on CI's machine and has nothing to do with what those tests check — that writes
through several real gunicorn processes are neither lost nor half-written."""

from hemvag.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
