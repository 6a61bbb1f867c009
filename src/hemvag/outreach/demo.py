"""Demo data drawn from seed 004 (the unit's plan for 2014–2017): the plan's eight lines of work, Göteborg's
letter of intent of August 2012, the partner offices in Sarajevo and Baghdad, a few associations, meetings,
trainings and consultations. Everything beyond what the seed states is synthetic and says so ("demo")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hemvag.core.models import Unit, User
from hemvag.core.permissions import SYSTEM
from hemvag.core.plugins import DemoOutcome
from hemvag.outreach import actions
from hemvag.outreach.models import Organisation, Plan

LINES = [
    ("Fokusera arbetet med frivillig återvandring och återintegration som en del av ”cirkulär migration” i syfte "
     "att underlätta för Stockholms stads invånare som frivilligt vill återvandra.", ""),
    ("Ge individuellt stöd till enskilda som frivilligt önskar återvandra till sina hemländer. Fortsätta med "
     "uppsökningsarbete med direkta kontakter och information till invandrarorganisationer.",
     "Antal informationsmöten och deltagare; antal ärenden"),
    ("Vara stöd till stadens anställda när det gäller återvandringsfrågor.", "Antal konsultationer och utbildningar"),
    ("Samverka med myndigheter samt nationella och internationella organisationer gällande frivillig "
     "återvandring.", ""),
    ("Fortsätta pågående verksamhet i Bosnien och Hercegovina (BiH) och länder i regionen. Samarbete med kommuner "
     "i BiH och länder i regionen samt handleda arbete kring återvandring och återintegration med handläggare på "
     "Center för lokal utveckling och diaspora (CLDD kontor).", "Antal handledningsbesök"),
    ("Fortsätta pågående verksamhet i Irak/Bagdad genom CLDD kontor i Bagdad och stödja arbetet kring "
     "återvandring och återintegration på Center för lokal utveckling och diaspora (CLDD kontor).", ""),
    ("Utöka samarbetet med fler invandrarföreningar i Stockholms stad kring frågor om frivillig återvandring och "
     "återintegration i hemländer, med fokus på Irak och Somalia.", "Antal föreningar som samarbetar"),
    ("Samarbeta med Göteborgs stad kring frågorna om frivillig återvandring och återintegration i enlighet med "
     "avtalet/avsiktsförklaringen från augusti 2012 och som ska pågå under 2013–2014.", ""),
]
ORGANISATIONS = [
    ("CLDD Sarajevo", "partner_office", "BA", "Sarajevo", "bosniska", "bosniska"),
    ("CLDD Bagdad", "partner_office", "IQ", "Bagdad", "arabiska", "irakiska"),
    ("Göteborgs stad", "municipality", "SE", "Göteborg", "svenska", ""),
    ("Migrationsverket", "authority", "SE", "Norrköping", "svenska", ""),
    ("Irakiska kulturföreningen (demo)", "association", "SE", "Stockholm", "arabiska, kurdiska", "irakiska"),
    ("Somaliska föreningen Horn (demo)", "association", "SE", "Stockholm", "somaliska", "somaliska"),
    ("Bosniska föreningen Most (demo)", "association", "SE", "Stockholm", "bosniska", "bosniska"),
]


def _plan(unit: Unit, title: str, first: int, last: int) -> Plan:
    return actions.do_save_plan(actor=SYSTEM, unit=unit, title=title, first_year=first, last_year=last,
                                lines=[{"title": text, "indicators": indicators} for text, indicators in LINES])


def demo_step(*, create: bool) -> DemoOutcome | None:
    unit = Unit.objects.filter(code="sth-fa").first()
    if not create or unit is None or Organisation.objects.filter(unit=unit).exists():
        return None
    orgs = {name: actions.do_save_organisation(actor=SYSTEM, unit=unit, name=name, kind=kind, country=country,
                                               city=city, languages=languages, communities=communities)
            for name, kind, country, city, languages, communities in ORGANISATIONS}
    actions.do_add_contact(actor=SYSTEM, organisation=orgs["Somaliska föreningen Horn (demo)"],
                           name="Amina Demo", role="Ordförande", work_email="kontakt@horn.example",
                           basis="Föreningens kontaktperson för informationsmöten")
    manager = User.objects.filter(username="manager").first()
    counsellor = User.objects.filter(username="counsellor").first()
    old = _plan(unit, "Frivillig återvandring – verksamhetsplanering 2014–2017", 2014, 2017)
    today = timezone.localdate()
    current = _plan(unit, "Verksamhetsplan 2026–2029 (demo, samma inriktning)", 2026, max(2029, today.year))
    actions.do_save_agreement(actor=SYSTEM, unit=unit, kind="letter_of_intent",
                              title="Avsiktsförklaring om samarbete kring frivillig återvandring",
                              parties=[orgs["Göteborgs stad"]], signed_on=dt.date(2012, 8, 15),
                              valid_from=dt.date(2012, 8, 15), valid_to=dt.date(2014, 12, 31), responsible=manager)
    actions.do_save_agreement(actor=SYSTEM, unit=unit, kind="cooperation",
                              title="Samarbetsavtal om handledning av CLDD Sarajevo (demo)",
                              parties=[orgs["CLDD Sarajevo"]], signed_on=dt.date(today.year, 1, 10),
                              valid_from=dt.date(today.year, 1, 10), valid_to=today + dt.timedelta(days=45),
                              responsible=manager)
    lines = {line.number: line for line in current.lines.all()}
    old_lines = {line.number: line for line in old.lines.all()}
    actor = counsellor or SYSTEM
    this_year = today.year
    meetings = [
        ("Information om återvandringsbidraget 2026", "Irakiska kulturföreningen (demo)", "arabiska", 34, 20, 14,
         dt.date(this_year, 2, 12)),
        ("Information om återvandringsbidraget 2026", "Somaliska föreningen Horn (demo)", "somaliska", 21, 9, 12,
         dt.date(this_year, 3, 5)),
        ("Frågestund om återetablering", "Bosniska föreningen Most (demo)", "bosniska", 12, 7, 5,
         dt.date(this_year, 4, 22)),
    ]
    for title, org, language, count, women, men, day in meetings:
        if day <= today:
            actions.do_record_activity(actor=actor, unit=unit, kind="information_meeting", title=title,
                                       held_on=day, organisations=[orgs[org]], languages=language, interpreter=True,
                                       participants=count, women=women, men=men, plan_line=lines[2],
                                       materials=[{"page": "atervandringsbidrag", "languages": ["sv"]}],
                                       place=orgs[org].city)
    actions.do_record_activity(actor=actor, unit=unit, kind="staff_training", title="Utbildning för SFI-lärare",
                               held_on=min(today, dt.date(this_year, 5, 14)), participants=18, plan_line=lines[3],
                               place="Stadshuset")
    actions.do_record_activity(actor=actor, unit=unit, kind="partner_visit", title="Handledning på CLDD Sarajevo",
                               held_on=min(today, dt.date(this_year, 6, 3)), organisations=[orgs["CLDD Sarajevo"]],
                               plan_line=lines[5], place="Sarajevo")
    actions.do_record_activity(actor=actor, unit=unit, kind="information_meeting",
                               title="Informationsmöte i föreningen (planerat)", held_on=today + dt.timedelta(days=14),
                               organisations=[orgs["Somaliska föreningen Horn (demo)"]], plan_line=lines[7],
                               place="Stockholm")
    actions.do_record_activity(actor=actor, unit=unit, kind="information_meeting",
                               title="Information till irakiska föreningar (demo)", held_on=dt.date(2015, 10, 8),
                               organisations=[orgs["Irakiska kulturföreningen (demo)"]], participants=25,
                               plan_line=old_lines[7])
    for days, kind, topic, minutes, referral in (
            (40, "social_services", "Vilka kan få återvandringsbidrag?", 30, True),
            (25, "sfi", "Information till en elev som funderar på att flytta tillbaka", 20, False),
            (10, "district_office", "Hur går en remittering till enheten till?", 15, True)):
        actions.do_record_consultation(actor=actor, unit=unit, held_on=today - dt.timedelta(days=days),
                                       colleague_kind=kind, topic=topic, minutes=minutes, led_to_referral=referral,
                                       plan_line=lines[3])
    _project(unit, manager or SYSTEM, orgs, lines, today)
    return DemoOutcome(summary=f"Demo outreach: {len(orgs)} organisations, 2 plans, 2 agreements, activities, "
                               "consultations and a project granted from a funding application.")


def _project(unit: Unit, actor: object, orgs: dict[str, Organisation], lines: dict[int, object],
             today: dt.date) -> None:
    """A funding application (synthetic: the funder and amounts are invented) granted and run as a project."""
    year = today.year
    application = actions.do_save_application(
        actor=actor, unit=unit, funder="Europeiska socialfonden (demo)", call="Återintegration 2026 (demo)",
        title="Stöd till återintegration i Bosnien och Hercegovina (demo)", deadline=dt.date(year, 1, 31),
        requested_sek=1_200_000)
    actions.do_submit_application(actor=actor, application=application, submitted_on=dt.date(year, 1, 20))
    application = actions.do_decide_application(
        actor=actor, application=application, granted=True, decided_on=dt.date(year, 3, 1), granted_sek=1_000_000,
        conditions="Rapport varje halvår.", starts_on=dt.date(year, 4, 1), ends_on=dt.date(year + 1, 12, 31))
    project = application.project
    assert project is not None
    project.partners.set([orgs["CLDD Sarajevo"]])
    project.lines.set([lines[5]])
    for y, cost_type, amount in ((year, "staff", 300_000), (year, "travel", 100_000), (year + 1, "staff", 500_000),
                                 (year + 1, "partners", 100_000)):
        actions.do_set_budget(actor=actor, project=project, year=y, cost_type=cost_type, amount_sek=amount)
    for day, cost_type, amount in ((dt.date(year, 5, 31), "staff", 90_000), (dt.date(year, 6, 3), "travel", 24_500)):
        if day <= today:
            actions.do_record_spend(actor=actor, project=project, spent_on=day, cost_type=cost_type,
                                    amount_sek=amount)
    actions.do_save_indicator(actor=actor, project=project, name="Handledningsbesök hos CLDD Sarajevo",
                              measure="besök", baseline=0, target=4, actuals={str(year): 1})
