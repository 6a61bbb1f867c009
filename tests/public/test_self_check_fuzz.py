"""Whatever is posted to the self-check, the answer is a page, never a server error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hemvag.rules.facts import FACTS

KEYS = ["program", "partner", "children", *(f.json_path(i) for f in FACTS for i in range(3))]
VALUES = ["true", "false", "?", "0", "2", "11", "-1", "refugee", "refused", "IQ", "SE", "xx", "return_grant",
          "reintegration_support", "spouse", "none", "1980-01-01", "2026-13-01", "2030-01-01", "", "=", "é"]
answer = st.builds(lambda k, v: f"{k}={v}", st.sampled_from(KEYS), st.sampled_from(VALUES)) | st.text(max_size=30)
# Most random lists fail the setup check at once; these start like a real visit, to reach the engine.
SETUP = st.sampled_from([["program=return_grant", "partner=spouse", "children=2"],
                         ["program=reintegration_support", "partner=none", "children=1"]])
answer_lists = st.lists(answer, max_size=12) | st.builds(lambda s, rest: s + rest, SETUP, st.lists(answer, max_size=12))


@pytest.mark.fuzz
@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answer_lists, action=st.sampled_from(["next", "back", "unknown", "other"]),
       value=st.sampled_from(VALUES), htmx=st.booleans())
def test_any_post_gets_a_page(client, answers, action, value, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post("/sv/self-check/", {"answer": answers, "action": action, "value": value}, headers=headers)
    assert response.status_code == 200
    printed = client.post("/sv/self-check/print/", {"answer": answers})
    assert printed.status_code == 200
