"""The anonymous self-check: one question at a time from the engine's `missing` list, every outcome of both
programmes, and no trace of the answers anywhere on the server."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import connection

from tests.public.conftest import RESIDENT_DAY
from tests.public.selfcheck_walk import carried_answers, walk

# The self-check answers for RESIDENT_DAY, in the 2026 return grant regime. The expected amounts are the law's
# numbers written out, not read from the engine's parameter files, so a wrong parameter fails here.
pytestmark = pytest.mark.usefixtures("resident_day")
NBSP = "\u00a0"


def amount(value: int) -> str:
    """350000 -> '350 000 kr' as the page shows it (a no-break space between the groups and before kr)."""
    return f"{value:,}".replace(",", NBSP) + f"{NBSP}kr"


SINGLE = {"partner": "none", "children": "0"}
RETURN_GRANT_YES = {
    "program": "return_grant", **SINGLE,
    "members[0].swedish_citizen": "false", "members[0].permit.ground": "refugee",
    "members[0].permit.granted_on": "2017-06-01", "members[0].permit.permanent": "true",
    "destination_country": "IQ", "members[0].registered_in_sweden": "true", "members[0].permit.valid": "true",
    "members[0].debts_to_authorities": "false", "members[0].can_pay_journey": "false",
    "members[0].received_grant_before": "false", "settles_permanently": "true", "members[0].birth_date": "1980-03-04",
}
RECENT_REFUSAL = (RESIDENT_DAY - dt.timedelta(days=20)).isoformat()
REINTEGRATION_YES = {
    "program": "reintegration_support", **SINGLE,
    "members[0].swedish_citizen": "false", "members[0].asylum.outcome": "refused", "destination_country": "AF",
    "members[0].received_grant_before": "false", "members[0].asylum.admission_likely": "true",
    "members[0].asylum.decided_on": RECENT_REFUSAL, "members[0].birth_date": "1990-01-01", "in_sweden": "true",
}
OLD_REFUSAL = (RESIDENT_DAY - dt.timedelta(days=200)).isoformat()


def test_first_question_is_which_support_and_setup_comes_first(client, db):
    result = walk(client, {"program": "return_grant", **SINGLE, "members[0].swedish_citizen": "true"})
    assert result.asked[:4] == ["program", "partner", "children", "members[0].swedish_citizen"]


def test_return_grant_eligible_single_adult_gets_the_laws_amount(client, db):
    result = walk(client, RETURN_GRANT_YES)
    assert "Du kan kanske få det" in result.page
    assert amount(350_000) in result.page  # förordning (2025:970): SEK 350,000 per adult
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


def return_grant_family(children: int) -> dict[str, str]:
    members = range(1, children + 2)
    return {
        **RETURN_GRANT_YES, "partner": "spouse", "children": str(children),
        **{f"members[{i}].{fact}": value for i in members for fact, value in (
            ("swedish_citizen", "false"), ("permit.ground", "family_ties"), ("permit.granted_on", "2018-01-01"),
            ("lives_with_main_applicant", "true"), ("received_grant_before", "false"))},
        "members[1].birth_date": "1982-01-01",
        **{f"members[{i}].birth_date": f"{2010 + i}-01-01" for i in members if i > 1},
    }


@pytest.mark.parametrize(("children", "expected"), [
    (2, 550_000),  # the couple's 2 × 350,000 capped at 500,000, plus 2 × 25,000 per child
    (5, 600_000),  # 500,000 + 5 × 25,000 = 625,000, capped at 600,000 per household
])
def test_return_grant_family_amount_has_the_couple_and_household_caps(client, db, children, expected):
    result = walk(client, return_grant_family(children))
    assert "Du kan kanske få det" in result.page
    assert amount(expected) in result.page
    assert "din man eller fru" in " ".join(result.page.split()).lower()


def test_reintegration_support_eligible(client, db):
    result = walk(client, REINTEGRATION_YES)
    assert "Du kan kanske få det" in result.page
    assert amount(30_000) in result.page  # SEK 30,000 per adult


def reintegration_family(partner: str, children: int) -> dict[str, str]:
    members = range(1, children + (2 if partner != "none" else 1))
    return {
        **REINTEGRATION_YES, "partner": partner, "children": str(children),
        **{f"members[{i}].{fact}": value for i in members for fact, value in (
            ("swedish_citizen", "false"), ("asylum.outcome", "refused"), ("asylum.decided_on", RECENT_REFUSAL),
            ("asylum.admission_likely", "true"), ("received_grant_before", "false"),
            ("lives_with_main_applicant", "true"))},
        **{f"members[{i}].birth_date": ("1991-01-01" if i == 1 and partner != "none" else f"{2010 + i}-01-01")
           for i in members},
    }


@pytest.mark.parametrize(("partner", "children", "expected"), [
    ("none", 1, 45_000),  # 30,000 for the adult and 15,000 per child
    ("spouse", 2, 75_000),  # 2 × 30,000 + 2 × 15,000 = 90,000, capped at 75,000 per family
])
def test_reintegration_support_family_amount_and_cap(client, db, partner, children, expected):
    result = walk(client, reintegration_family(partner, children))
    assert "Du kan kanske få det" in result.page, result.asked
    assert amount(expected) in result.page


def test_reintegration_support_not_eligible_without_a_refusal(client, db):
    result = walk(client, {"program": "reintegration_support", **SINGLE, "members[0].swedish_citizen": "false",
                           "members[0].asylum.outcome": "none"})
    assert "Du kan troligen inte få det" in result.page


def test_reintegration_support_needs_information(client, db):
    result = walk(client, {"program": "reintegration_support", **SINGLE})
    assert "Vi kan inte säga ännu" in result.page


IN_SWEDEN_TEXTS = {
    "sv": ("Är du och din familj i Sverige nu?", "Återetableringsstöd kan bara sökas medan du och familjen"),
    "en": ("Are you and your family in Sweden now?", "Reintegration support can only be applied for while you"),
    "ar": ("هل أنت وعائلتك في السويد الآن؟", "لا يمكن التقدم بطلب دعم إعادة الاستقرار إلا وأنت والعائلة"),
}
LATE_TEXTS = {
    "sv": ("Har Migrationsverket godtagit dina skäl för att ansöka mer än två månader efter avslaget?",
           "Ansökan bör komma in inom två månader efter avslaget, men Migrationsverket kan godta en senare"),
    "en": ("Has Migrationsverket accepted your reasons for applying more than two months after the refusal?",
           "The application should come in within two months of the refusal, but Migrationsverket can accept"),
    "ar": ("هل قبلت مصلحة الهجرة (Migrationsverket) أسبابك لتقديم الطلب بعد أكثر من شهرين من الرفض؟",
           "ينبغي أن يصل الطلب خلال شهرين من الرفض"),
}
DEBT_HINTS = {
    "sv": "Svara ja även om du betalar enligt en avbetalningsplan: en skuld räknas tills den är helt betald.",
    "en": "Answer yes also if you pay according to a payment plan: a debt counts until it is paid in full.",
    "ar": "أجب بنعم حتى لو كنت تسدد وفق خطة سداد: يُحسب الدَّين حتى يُسدَّد بالكامل.",
}


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_reintegration_asks_whether_you_are_in_sweden(client, db, language):
    script = {key: value for key, value in REINTEGRATION_YES.items() if key != "in_sweden"}
    result = walk(client, script, language=language)
    assert "in_sweden" in result.asked
    question, hint = IN_SWEDEN_TEXTS[language]
    assert question in result.questions["in_sweden"] and hint in result.questions["in_sweden"]
    assert "members[0].asylum.late_application_accepted" not in result.asked  # a recent refusal: in time


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_a_late_application_is_asked_about_not_refused(client, db, language):
    result = walk(client, {**REINTEGRATION_YES, "members[0].asylum.decided_on": OLD_REFUSAL}, language=language)
    key = "members[0].asylum.late_application_accepted"
    # asked once the refusal date showed the application is late; the visitor does not know: not refused
    assert result.asked.index(key) > result.asked.index("members[0].asylum.decided_on")
    undecided = {"sv": "Vi kan inte säga ännu", "en": "We cannot tell yet", "ar": "لا يمكننا أن نعرف بعد"}
    assert undecided[language] in result.page
    question, hint = LATE_TEXTS[language]
    assert question in result.questions[key] and hint in result.questions[key]


def test_a_late_application_accepted_is_eligible_and_not_accepted_is_not(client, db):
    key = "members[0].asylum.late_application_accepted"
    accepted = walk(client, {**REINTEGRATION_YES, "members[0].asylum.decided_on": OLD_REFUSAL, key: "true"})
    assert "Du kan kanske få det" in accepted.page
    refused = walk(client, {**REINTEGRATION_YES, "members[0].asylum.decided_on": OLD_REFUSAL, key: "false"})
    assert "Du kan troligen inte få det" in refused.page


def test_not_in_sweden_cannot_get_reintegration_support(client, db):
    result = walk(client, {**REINTEGRATION_YES, "in_sweden": "false"})
    assert "Du kan troligen inte få det" in result.page
    assert "Sökanden och familjen är i Sverige när ansökan görs" in result.page


@pytest.mark.parametrize("language", ["sv", "en", "ar"])
def test_the_debt_hint_says_a_payment_plan_is_no_exception(client, db, language):
    result = walk(client, RETURN_GRANT_YES, language=language)
    page = result.questions["members[0].debts_to_authorities"]
    assert DEBT_HINTS[language] in page
    assert "payment plan that you have agreed on" not in page


def test_the_result_shows_the_agency_checks_consequences_and_instalments(client, db):
    result = walk(client, RETURN_GRANT_YES)
    page = result.page
    assert "Migrationsverket kontrollerar också" in page
    assert "belastnings- och misstankeregistret" in page
    assert "Bra att veta innan du ansöker" in page
    assert "ska lämna Sverige inom ett år från beslutet" in page
    assert "Hur pengarna betalas ut" in page
    for share, part in ((20, 70_000), (40, 140_000)):  # instalments of the 350,000
        assert f"{share}&nbsp;%" in page and amount(part) in page
    assert "har rapporterats men inte bekräftats av Migrationsverket" in page
    # shown, never a condition
    conditions = page.split("Alla villkor vi har gått igenom")[1]
    assert "belastnings- och misstankeregistret" not in conditions and "inom ett år" not in conditions


def test_in_english_too(client, db):
    result = walk(client, RETURN_GRANT_YES, language="en")
    assert "You may be able to get it" in result.page
    assert "This is not a decision – Migrationsverket decides." in result.page


def test_in_arabic_with_the_rules_own_texts_marked_as_swedish(client, db):
    result = walk(client, RETURN_GRANT_YES, language="ar")
    assert '<html lang="ar" dir="rtl">' in result.page
    assert "قد تستطيع الحصول عليه" in result.page and "هذا ليس قراراً – مصلحة الهجرة هي التي تقرر." in result.page
    assert '<span lang="sv" dir="ltr">Är inte svensk medborgare</span>' in result.page


@pytest.mark.parametrize(("language", "direction", "outcome", "not_a_decision"), [
    ("so", "ltr", "Waxaa laga yaabaa inaad heli karto", "Tani ma aha go'aan – Migrationsverket ayaa go'aamisa."),
    ("prs", "rtl", "ممکن است بتوانید آن را بگیرید", "این تصمیم نیست – اداره مهاجرت (Migrationsverket) تصمیم می‌گیرد."),
    ("bs", "ltr", "Možda je možete dobiti", "Ovo nije odluka – Migrationsverket odlučuje."),
])
def test_in_somali_dari_and_bosnian_too(client, db, language, direction, outcome, not_a_decision):
    start = client.get(f"/{language}/self-check/").content.decode()
    assert "data-question" in start
    result = walk(client, RETURN_GRANT_YES, language=language)
    assert f'<html lang="{language}" dir="{direction}">' in result.page
    assert outcome in result.page and not_a_decision in result.page
    assert '<span lang="sv" dir="ltr">Är inte svensk medborgare</span>' in result.page


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
    assert amount(350_000) in page
    assert client.get("/sv/self-check/print/").status_code == 405  # answers never travel in a URL


def row_counts() -> dict[str, int]:
    """Rows in every table of the database (the cache's too), as its catalogue lists them."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    assert "hemvag_cache" in counts
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
