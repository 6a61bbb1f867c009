"""What a reader sees: country names in the reader's language instead of codes, and counts with the right
plural form ("1 månad", "3 månader") in Swedish and English."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from hemvag.cases import actions
from hemvag.cases.actions import add_months
from hemvag.core.countries import countries_sorted, country_name

pytestmark = pytest.mark.django_db


def render(text: str, **context) -> str:
    return Template("{% load hemvag %}" + text).render(Context(context))


def test_the_country_filter_names_the_country_in_the_readers_language():
    with translation.override("sv"):
        assert render("{{ c|country }}", c="ET") == "Etiopien"
        assert render("{{ c|country }}", c="sy") == "Syrien"  # the everyday name, not "Syriska arabrepubliken"
        assert render("{{ c|country|default:'–' }}", c="") == "–"
        assert render("{{ c|country }}", c="XQ") == "XQ"  # not a country: shown as it was written
    with translation.override("en"):
        assert render("{{ c|country }}", c="ET") == "Ethiopia"
    assert country_name("IQ", "ar") == "العراق" and country_name("BA", "bs") == "Bosna i Hercegovina"


def test_countries_sort_by_the_name_in_the_language_with_swedish_letters_last():
    names = [name for _code, name in countries_sorted("sv")]
    assert names.index("Zimbabwe") < names.index("Åland") < names.index("Österrike")
    assert names == sorted(names, key=lambda n: n.casefold().translate(str.maketrans("åäö", "{|}")))


def departed(counsellor, case, departed_on):
    for target, data in (("counselling", {}), ("preparing_application", {}),
                         ("submitted", {"submitted_on": departed_on - dt.timedelta(days=60),
                                        "migration_agency_case_number": "MV-1"}),
                         ("decided", {"decision": "granted", "decided_on": departed_on - dt.timedelta(days=30),
                                      "decided_amount_sek": 40000}),
                         ("departure_planned", {"planned_departure_on": departed_on}),
                         ("departed", {"departed_on": departed_on})):
        case = actions.do_transition(actor=counsellor, case=case, target=target, **data)
    return case


def cell_texts(page: str, section: str) -> list[str]:
    html = page.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", html, re.S)]


def test_case_list_and_case_page_name_the_country_in_swedish_and_english(client, login, counsellor, case):
    login(counsellor)
    listing = client.get("/cases/").content.decode()
    assert "<td>Irak</td>" in listing and "<td>IQ</td>" not in listing
    assert "<dd>Irak (IQ)</dd>" in client.get(f"/cases/{case.pk}/").content.decode()
    client.post("/language/", {"language": "en", "next": "/cases/"})
    assert "<td>Iraq</td>" in client.get("/cases/").content.decode()
    assert "<dd>Iraq (IQ)</dd>" in client.get(f"/cases/{case.pk}/").content.decode()


def test_the_country_filter_lists_names_and_finds_the_cases_of_that_country(client, login, counsellor, case):
    login(counsellor)
    page = client.get("/cases/").content.decode()
    select = page.split('name="country"', 1)[1].split("</select>", 1)[0]
    assert '<option value="IQ">Irak (IQ)</option>' in select and '<option value="" selected>Alla länder</option>' \
        in select
    assert case.reference in client.get("/cases/?country=IQ").content.decode()
    assert case.reference not in client.get("/cases/?country=ET").content.decode()
    form = client.get(f"/cases/{case.pk}/", {"form": "details"}, headers={"HX-Request": "true"}).content.decode()
    form = form.split('name="destination_country"', 1)[1]
    assert '<option value="IQ" selected>Irak (IQ)</option>' in form.split("</select>", 1)[0]


def test_follow_ups_say_month_or_months_in_both_languages(client, login, counsellor, case):
    today = timezone.localdate()
    departed(counsellor, case, add_months(today, -1))
    login(counsellor)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert [text for text in cell_texts(page, "follow-up") if "mån" in text] == [
        "1 månad", "3 månader", "6 månader", "12 månader"]
    start = client.get("/start/").content.decode()
    assert re.search(r"1 månad efter avresan, senast \d{4}-\d{2}-\d{2}", start), start
    assert "1 månader" not in start
    client.post("/language/", {"language": "en", "next": "/start/"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert [text for text in cell_texts(page, "follow-up") if "month" in text] == [
        "1 month", "3 months", "6 months", "12 months"]
    assert "1 month after departure, due" in client.get("/start/").content.decode()
