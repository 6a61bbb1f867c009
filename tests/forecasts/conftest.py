from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from hemvag.core.models import Role, User
from tests.conftest import signed_in


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def manager(make_user, unit) -> User:
    return make_user("eva", Role.MANAGER, unit)


def run_worker() -> None:
    """The real worker, once, in this process: it runs every queued task and stops."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def small_document(**changes: Any) -> dict[str, Any]:
    """A scenario document as the form makes it: a small synthetic population, so a run takes a moment."""
    document: dict[str, Any] = {
        "program": "return_grant", "synthetic": {"persons": 3000, "seed": 5}, "years": [2025, 2026, 2027],
        "applications_on": "mid_year", "take_up": {"default": 0.2, "not_eligible": 0.01},
        "unknown_as": "excluded", "decision_lag_months": 4,
        "instalments": [{"share": 0.2, "after_months": 0}, {"share": 0.8, "after_months": 17}],
        "runs": 20, "seed": 3}
    document.update(changes)
    return document


FORM = {
    "name": "Test scenario", "assumptions": "Take-up is a guess.", "program": "return_grant",
    "first_year": "2025", "last_year": "2027", "applications_on": "mid_year", "population_source": "synthetic",
    "synthetic_persons": "3000", "synthetic_seed": "5", "take_up": "20 %", "not_eligible": "0,01",
    "unknown_as": "excluded", "decision_lag_months": "4", "instalments": "20 % 0\n80 % 17", "parameters": "",
    "take_up_by_year": "", "runs": "20", "seed": "3"}


@pytest.fixture
def login(client, settings):
    """Signed in, with the pages in English (a staff member's language cookie)."""
    def sign_in(user: User):
        signed_in(client, user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in
