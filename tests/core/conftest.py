"""Fixtures of tests/core: the served database of the concurrency and crash tests (tests/core/serving.py)."""

from tests.core.serving import served_database, served_template  # noqa: F401  (fixtures)
