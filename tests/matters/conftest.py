from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from hemvag.core.models import Role, User
from hemvag.matters import actions
from hemvag.matters.models import Matter


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
