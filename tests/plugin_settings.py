"""Settings for tests/plugin_app/check_plugin.py only: the project's settings plus a dummy app."""

from hemvag.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "tests.plugin_app"]  # noqa: F405
