"""axe on every case page of the demo, as each demo role that reads cases sees it: one browser session per
role, every page visited, and the test fails with the list of pages and their serious problems."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from hemvag.cases.queries import visible_cases
from hemvag.core.demo import DEMO_PASSWORD
from hemvag.core.models import User
from tests.e2e.conftest import serious_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HISTORY_UNIT = "sth-hist"


@pytest.mark.parametrize("username", ["counsellor", "manager", "counsellor2"])
def test_every_demo_case_page_has_no_serious_accessibility_violations(page: Page, live_server, demo, username):
    readable = visible_cases(User.objects.get(username=username)).order_by("pk")
    # Every case of the working units, and a few of the earlier register's (hundreds of them, all alike).
    working = list(readable.exclude(unit__code=HISTORY_UNIT).values_list("pk", "reference"))
    imported = list(readable.filter(unit__code=HISTORY_UNIT).values_list("pk", "register_ref")[:3])
    cases = working + imported
    assert len(working) >= 6, "the demo should give every role a case list worth checking"
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Välkommen")

    problems: dict[str, list[str]] = {}
    page.goto(f"{live_server.url}/cases/")
    if found := serious_violations(page):
        problems["/cases/"] = found
    for pk, reference in cases:
        page.goto(f"{live_server.url}/cases/{pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
        if found := serious_violations(page):
            problems[reference] = found
    assert problems == {}, f"{len(problems)} of {len(cases) + 1} pages have serious problems"
