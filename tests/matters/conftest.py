from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from hemvag.core.models import Role, User
from hemvag.core.reporting import Fact
from hemvag.matters import actions
from hemvag.matters import facts as live_facts
from hemvag.matters.models import Kind, Matter


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def official(make_user, unit) -> User:
    return make_user("linn", Role.COUNSELLOR, unit)


@pytest.fixture
def manager(make_user, unit) -> User:
    return make_user("eva", Role.MANAGER, unit)


@pytest.fixture
def demo_matters(db) -> dict[str, Matter]:
    """The core demo (units, users) and the matters' demo step: the seeds' two matters."""
    from hemvag.core.demo import load
    from hemvag.matters.demo import demo_step

    load()
    outcome = demo_step(create=True)
    assert outcome is not None and "KS 2023/1387" in outcome.summary
    return {"remiss": Matter.objects.get(sender_reference="KS 2023/1387"),
            "motion": Matter.objects.get(sender_reference="2017/000991")}


@pytest.fixture
def remiss(official, unit) -> Matter:
    return actions.do_register_matter(
        actor=official, unit=unit, kind="motion_remiss", sender="Kommunstyrelsen", sender_reference="KS 2023/1387",
        title="Remiss av Motion om samverkan med Migrationsverket för att främja frivillig återvandring",
        received_on=dt.date(2023, 12, 11), answer_by=dt.date(2024, 5, 6), motion_made_on=dt.date(2023, 11, 1),
        authors=[{"name": "Gabriel Kroon", "party": "SD"}], handler=official)


CONTENT = {
    "proposal": ["Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."],
    "summary": "Kommunstyrelsen har remitterat en motion om samverkan med Migrationsverket.",
    "background": "Motionen är skriven av Gabriel Kroon från Sverigedemokraterna.",
    "matter_text": "Motionären föreslår att nämnderna deltar i projekt.",
    "preparation": "Förvaltningsgruppen har behandlat ärendet den 13 mars.",
    "views": "Det saknas underlag för kostnadsberäkningar.",
    "signatures": [{"name": "Veronica Wolgast Carstorp", "title": "Socialdirektör",
                    "organisation": "Socialförvaltningen"}],
    "attachments": ["Motion om samverkan med Migrationsverket för att främja frivillig återvandring"],
}
COUNTED = "Under 2024 fick 12 hushåll rådgivning om återvandring."


@pytest.fixture
def stand_in_fact(monkeypatch):
    """A fact block as another app would offer it: the sentence, what it counts and when it was counted."""
    def compute(actor, unit, key, argument):
        return Fact(key=key, argument=argument, text=COUNTED,
                    definition="Hushåll med minst ett rådgivningssamtal under året.",
                    computed_at="2024-03-01T09:30:00+01:00")

    monkeypatch.setattr(live_facts, "compute", compute)


@pytest.fixture
def draft_matter(unit, official, stand_in_fact) -> Matter:
    """A remiss in drafting: two versions, the second with a fact in its views."""
    matter = actions.do_register_matter(
        actor=official, unit=unit, kind=Kind.EXTERNAL_REMISS, title="Remiss om informationsinsatser",
        received_on=dt.date(2024, 2, 1), sender="Migrationsverket", sender_reference="MIG 2024-17",
        answer_by=dt.date(2024, 3, 15), handler=official)
    actions.do_save_draft(actor=official, matter=matter, content={
        "proposal": ["Första utkastet."], "summary": "Utkast ett.", "signatures": [], "attachments": []})
    actions.do_save_draft(actor=official, matter=matter, content={
        "proposal": ["Nämnden godkänner yttrandet.", "Paragrafen justeras omedelbart."],
        "summary": "Utkast två.", "views": "Enheten ser ett behov.",
        "signatures": [{"name": "Anna Test", "title": "Handläggare", "organisation": "Återvandring Test"}],
        "attachments": ["Remissen", "Underlag"]})
    actions.do_add_fact(actor=official, matter=matter, key="test.count", argument="2024", section="views")
    return matter
