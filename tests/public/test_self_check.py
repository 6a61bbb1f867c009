"""The anonymous self-check: one question at a time from the engine's `missing` list, every outcome of both
programmes, and no trace of the answers anywhere on the server."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from hemvag.rules.engine import default_parameters
from hemvag.rules.render import sek
from tests.public.selfcheck_walk import carried_answers, walk

NBSP = "\u00a0"


def amount(value: int) -> str:
    return sek(value).replace(" ", NBSP)


def params():
    return default_parameters().on(timezone.localdate())


SINGLE = {"partner": "none", "children": "0"}
RETURN_GRANT_YES = {
    "program": "return_grant", **SINGLE,
    "members[0].swedish_citizen": "false", "members[0].permit.ground": "refugee",
    "members[0].permit.granted_on": "2017-06-01", "members[0].permit.permanent": "true",
    "destination_country": "IQ", "members[0].registered_in_sweden": "true", "members[0].permit.valid": "true",
    "members[0].debts_to_authorities": "false", "members[0].can_pay_journey": "false",
    "members[0].received_grant_before": "false", "settles_permanently": "true", "members[0].birth_date": "1980-03-04",
}
RECENT_REFUSAL = (dt.date.today() - dt.timedelta(days=20)).isoformat()
REINTEGRATION_YES = {
    "program": "reintegration_support", **SINGLE,
    "members[0].swedish_citizen": "false", "members[0].asylum.outcome": "refused", "destination_country": "AF",
    "members[0].received_grant_before": "false", "members[0].asylum.admission_likely": "true",
    "members[0].asylum.decided_on": RECENT_REFUSAL, "members[0].birth_date": "1990-01-01",
}


def test_first_question_is_which_support_and_setup_comes_first(client, db):
    result = walk(client, {"program": "return_grant", **SINGLE, "members[0].swedish_citizen": "true"})
    assert result.asked[:4] == ["program", "partner", "children", "members[0].swedish_citizen"]


def test_return_grant_eligible_single_adult_gets_the_engines_amount(client, db):
    result = walk(client, RETURN_GRANT_YES)
    assert "Du kan kanske få det" in result.page
    assert amount(params().amount("return_grant.amount_per_adult")) in result.page
    assert "Det här är inget beslut – Migrationsverket beslutar." in result.page
    assert "Handlingar att förbereda" in result.page and "nationellt pass" in result.page
    assert 'href="https://www.migrationsverket.se/' in result.page
    # Only what the engine needed was asked: never the passport (a document, not a condition).
    assert "members[0].has_valid_national_passport" not in result.asked


def test_return_grant_not_eligible_stops_at_the_first_known_failure(client, db):
    result = walk(client, {"program": "return_grant", **SINGLE, "members[0].swedish_citizen": "true"})
    assert result.asked[-1] == "members[0].swedish_citizen"
    assert "Du kan troligen inte få det" in result.page
    assert "Varför du troligen inte kan få det" in result.page and "Är inte svensk medborgare" in result.page


def test_return_grant_needs_information_when_the_visitor_does_not_know(client, db):
    result = walk(client, {"program": "return_grant", **SINGLE})
    assert "Vi kan inte säga ännu" in result.page
    assert "Det här behöver tas reda på" in result.page
    assert len(result.asked) > 6  # every open fact was asked once, then the result


def test_return_grant_family_amount_is_capped_by_the_engine(client, db):
    family = {
        **RETURN_GRANT_YES, "partner": "spouse", "children": "2",
        **{f"members[{i}].{fact}": value for i in (1, 2, 3) for fact, value in (
            ("swedish_citizen", "false"), ("permit.ground", "family_ties"), ("permit.granted_on", "2018-01-01"),
            ("lives_with_main_applicant", "true"))},
        "members[1].birth_date": "1982-01-01", "members[2].birth_date": "2015-01-01",
        "members[3].birth_date": "2017-05-05",
    }
    result = walk(client, family)
    p = params()
    expected = min(
        min(2 * p.amount("return_grant.amount_per_adult"), p.amount("return_grant.couple_cap"))
        + 2 * p.amount("return_grant.amount_per_child"),
        p.amount("return_grant.household_cap"),
    )
    assert amount(expected) in result.page
    assert "din man eller fru" in " ".join(result.page.split()) or "Din man eller fru" in result.page


def test_reintegration_support_eligible(client, db):
    result = walk(client, REINTEGRATION_YES)
    assert "Du kan kanske få det" in result.page
    assert amount(params().amount("reintegration_support.amount_per_adult")) in result.page


def test_reintegration_support_not_eligible_without_a_refusal(client, db):
    result = walk(client, {"program": "reintegration_support", **SINGLE, "members[0].swedish_citizen": "false",
                           "members[0].asylum.outcome": "none"})
    assert "Du kan troligen inte få det" in result.page


def test_reintegration_support_needs_information(client, db):
    result = walk(client, {"program": "reintegration_support", **SINGLE})
    assert "Vi kan inte säga ännu" in result.page


def test_in_english_too(client, db):
    result = walk(client, RETURN_GRANT_YES, language="en")
    assert "You may be able to get it" in result.page
    assert "This is not a decision – Migrationsverket decides." in result.page


def test_in_arabic_with_the_rules_own_texts_marked_as_swedish(client, db):
    result = walk(client, RETURN_GRANT_YES, language="ar")
    assert '<html lang="ar" dir="rtl">' in result.page
    assert "قد تستطيع الحصول عليه" in result.page and "هذا ليس قراراً – مصلحة الهجرة هي التي تقرر." in result.page
    assert '<span lang="sv" dir="ltr">Är inte svensk medborgare</span>' in result.page


@pytest.mark.parametrize("language", ["so", "prs", "bs"])
def test_other_resident_languages_point_to_the_translated_self_checks(client, db, language):
    page = client.get(f"/{language}/self-check/").content.decode()
    assert all(f'href="/{code}/self-check/"' in page for code in ("sv", "en", "ar"))
    assert 'data-question' not in page


def test_a_wrong_answer_is_explained_and_nothing_is_lost(client, db):
    start = client.get("/sv/self-check/").content.decode()
    response = client.post("/sv/self-check/", {"answer": carried_answers(start), "action": "next"})
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'href="#id_value_0"' in page
    assert 'data-question="program"' in page
    answers = ["program=return_grant", "partner=none", "children=0", "members[0].swedish_citizen=false",
               "members[0].permit.ground=refugee"]
    page = client.post("/sv/self-check/", {"answer": answers, "action": "next", "value": "2017-13-45"}).content.decode()
    assert "Skriv datumet som år-månad-dag" in page and 'value="2017-13-45"' in page
    assert page.count('name="answer" value="members[0].permit.ground=refugee"') == 2  # both forms keep it


def test_back_shows_the_last_question_with_its_answer(client, db):
    answers = ["program=return_grant", "partner=none", "children=0"]
    page = client.post("/sv/self-check/", {"answer": answers, "action": "back"}).content.decode()
    assert 'data-question="children"' in page and 'value="0"' in page
    assert 'value="children=0"' not in page


def test_tampered_answers_restart_the_self_check(client, db):
    for bad in (["program=steal"], ["members[7].birth_date=1980-01-01"], ["partner=none"], ["x" * 50]):
        page = client.post("/sv/self-check/", {"answer": bad, "action": "next", "value": "x"}).content.decode()
        assert 'data-question="program"' in page and "börjar om" in page


def test_with_htmx_only_the_question_area_is_sent(client, db):
    response = client.post("/sv/self-check/", {"answer": [], "action": "next", "value": "return_grant"},
                           headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="self-check"') and "<html" not in page
    assert 'data-question="partner"' in page and "data-autofocus" in page
    assert walk(client, RETURN_GRANT_YES, htmx=True).page.lstrip().startswith('<div id="self-check"')


def test_print_view_shows_the_result_for_a_meeting(client, db):
    result = walk(client, RETURN_GRANT_YES)
    response = client.post("/sv/self-check/print/", {"answer": carried_answers(result.page)})
    page = response.content.decode()
    assert response.status_code == 200 and "Ta med sidan till ditt möte" in page
    assert amount(params().amount("return_grant.amount_per_adult")) in page
    assert client.get("/sv/self-check/print/").status_code == 405  # answers never travel in a URL


def row_counts() -> dict[str, int]:
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM hemvag_cache")
        counts["cache"] = cursor.fetchone()[0]
    return counts


@pytest.mark.parametrize("script", [RETURN_GRANT_YES, REINTEGRATION_YES])
def test_the_self_check_leaves_no_trace(client, db, caplog, script):
    caplog.set_level(logging.DEBUG)
    before = row_counts()
    result = walk(client, script)
    walk(client, script, htmx=True)
    assert "Migrationsverket" in result.page
    assert row_counts() == before
    assert result.cookies <= {"csrftoken"}  # no session, no language or analytics cookie
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in ("1980-03-04", "1990-01-01", RECENT_REFUSAL, "refugee", "members["):
        assert value not in logged
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []


def test_an_open_amount_names_the_questions_left(client, db):
    script = {k: v for k, v in RETURN_GRANT_YES.items() if k != "members[0].birth_date"}
    result = walk(client, script)
    assert "Vi kan inte säga ännu" in result.page
    assert "Vilket är ditt födelsedatum?" in result.page.split("Det här behöver tas reda på")[1]


def test_page_title_names_the_question_and_flags_an_error(client, db):
    page = client.get("/sv/self-check/").content.decode()
    assert "<title>Vilket stöd vill du undersöka? –" in page
    page = client.post("/sv/self-check/", {"action": "next"}).content.decode()
    assert "<title>Fel: Vilket stöd vill du undersöka? –" in page


def test_answers_that_do_not_fit_together_restart_instead_of_failing(client, db):
    answers = ["program=return_grant", "partner=none", "children=0", "members[0].swedish_citizen=false",
               "members[0].permit.ground=refugee", "members[0].permit.granted_on=2017-06-01",
               "members[0].birth_date=2019-01-01"]
    for action in ("next", "back", "unknown"):
        response = client.post("/sv/self-check/", {"answer": answers, "action": action, "value": "IQ"})
        assert response.status_code == 200 and "börjar om" in response.content.decode()
    assert client.post("/sv/self-check/print/", {"answer": answers}).status_code == 200
