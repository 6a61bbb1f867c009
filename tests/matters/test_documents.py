from __future__ import annotations

import datetime as dt

import pytest

from hemvag.matters import actions, documents
from hemvag.matters.documents import DraftNotFinal, NothingToExport
from hemvag.matters.models import Kind

from .conftest import COUNTED

SEED_000_HEADINGS = ["Sammanfattning", "Bakgrund", "Ärendet", "Ärendets beredning",
                     "Förvaltningens synpunkter och förslag"]


def test_swedish_dates_genitives_and_och():
    assert documents.swedish_date(dt.date(2024, 5, 6)) == "6 maj 2024"
    assert documents.swedish_date(dt.date(2018, 1, 30)) == "30 januari 2018"
    assert documents.swedish_datetime("2024-03-01T09:30:00+01:00") == "1 mars 2024 kl. 09.30"
    assert documents.genitive("Stadsledningskontoret") == "Stadsledningskontorets"
    assert documents.genitive("Farsta stadsdelsförvaltning") == "Farsta stadsdelsförvaltnings"
    assert documents.genitive("Borås") == "Borås"
    assert documents.genitive("Fax") == "Fax"
    assert documents.join_och(["A"]) == "A"
    assert documents.join_och(["A", "B"]) == "A och B"
    assert documents.join_och(["A", "B", "C", "D"]) == "A, B, C och D"


def test_the_2023_statement_in_seed_000s_order(demo_matters):
    doc = documents.build(demo_matters["remiss"])
    st = doc.statement
    assert doc.compilation is None and doc.document == "statement" and not doc.draft
    assert st.title == "Remiss av Motion om samverkan med Migrationsverket för att främja frivillig återvandring"
    assert st.subtitle == "Svar på remiss från Kommunstyrelsen, Dnr KS 2023/1387"
    assert st.proposal_heading == "Förvaltningens förslag till beslut"
    assert st.proposal == ["Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."]
    assert [section.heading for section in st.sections] == SEED_000_HEADINGS
    assert st.approved and st.version == 2  # the approved version, with the preparation's meetings
    preparation = next(s for s in st.sections if s.key == "preparation")
    assert preparation.paragraphs[0].startswith("Tjänsteutlåtandet har utarbetats inom avdelningen för strategi")
    assert [(s.name, s.title, s.organisation) for s in st.signatures] == [
        ("Veronica Wolgast Carstorp", "Socialdirektör", "Socialförvaltningen"),
        ("Lina Blombergsson", "Avdelningschef", "Socialförvaltningen")]
    assert st.attachments_heading == "Bilaga"
    assert st.attachments == ["Motion om samverkan med Migrationsverket för att främja frivillig återvandring"]
    assert doc.header.municipality == "Stockholms stad" and doc.header.unit == "Frivillig återvandring"
    assert doc.header.diary_line == f"Dnr KS 2023/1387 · Vår beteckning {demo_matters['remiss'].reference}"
    assert doc.decision.decided == "den 16 april 2024" and doc.decision.paragraph == "§ 7"


def test_the_2017_motion_has_its_utlatande_and_the_remissammanstallning(demo_matters):
    doc = documents.build(demo_matters["motion"])
    assert doc.document == "statement+compilation"
    assert doc.statement.document_type == "Utlåtande"
    assert doc.statement.motion == "Motion (2017:40) av Per Ossmer och Martin Westmont (båda SD)"
    assert doc.statement.subtitle == "Dnr 2017/000991"
    c = doc.compilation
    assert c.title == "Remissammanställning"
    assert c.matter_text[0].startswith("I en motion till kommunfullmäktige har Per Ossmer och Martin Westmont")
    assert c.preparation == ("Ärendet har remitterats till Stadsledningskontoret, Arbetsmarknadsnämnden, "
                             "Socialnämnden, Farsta stadsdelsnämnd, Hässelby-Vällingby stadsdelsnämnd och "
                             "Norrmalms stadsdelsnämnd.")
    bodies = {body.name: body for body in c.bodies}
    assert list(bodies) == ["Stadsledningskontoret", "Arbetsmarknadsnämnden", "Socialnämnden",
                            "Farsta stadsdelsnämnd", "Hässelby-Vällingby stadsdelsnämnd", "Norrmalms stadsdelsnämnd"]
    # Seed 001's sentences, word for word.
    assert bodies["Stadsledningskontoret"].decision_sentence == ""
    assert bodies["Stadsledningskontoret"].statement_sentence == (
        "Stadsledningskontorets tjänsteutlåtande daterat den 15 februari 2018 har i huvudsak följande lydelse.")
    assert bodies["Arbetsmarknadsnämnden"].decision_sentence == (
        "Arbetsmarknadsnämnden beslutade vid sitt sammanträde den 30 januari 2018 att hänvisa till "
        "förvaltningens tjänsteutlåtande som svar på remissen.")
    assert bodies["Arbetsmarknadsnämnden"].statement_sentence == (
        "Arbetsmarknadsförvaltningens tjänsteutlåtande daterat den 18 januari 2018 har i huvudsak följande lydelse.")
    assert bodies["Farsta stadsdelsnämnd"].decision_sentence == (
        "Farsta stadsdelsnämnd beslutade vid sitt sammanträde den 1 februari 2018 att överlämna förvaltningens "
        "tjänsteutlåtande som svar på remissen.")
    assert bodies["Farsta stadsdelsnämnd"].statement_sentence == (
        "Farsta stadsdelsförvaltnings tjänsteutlåtande daterat den 27 december 2017 har i huvudsak följande lydelse.")
    assert bodies["Norrmalms stadsdelsnämnd"].decision_sentence == (
        "Norrmalms stadsdelsnämnd beslutade vid sitt sammanträde den 14 december 2017 att besvara remissen med "
        "förvaltningens tjänsteutlåtande.")
    assert bodies["Farsta stadsdelsnämnd"].wording[0].startswith("Förvaltningen tar inte ställning")


def test_the_positions_are_counted_for_the_council(demo_matters):
    c = documents.build(demo_matters["motion"]).compilation
    summary = {p.position: (p.label, p.count, p.bodies) for p in c.positions}
    assert summary == {
        "no_position": ("Tar inte ställning", 1, ["Farsta stadsdelsnämnd"]),
        "opposes": ("Avstyrker", 5, ["Stadsledningskontoret", "Arbetsmarknadsnämnden", "Socialnämnden",
                                     "Hässelby-Vällingby stadsdelsnämnd", "Norrmalms stadsdelsnämnd"])}
    assert c.unanswered == []


def test_a_body_that_has_not_answered_is_listed_as_such(demo_matters):
    matter = demo_matters["motion"]
    actions.do_add_body(actor=matter.handler, matter=matter, name="Kulturnämnden")
    c = documents.build(matter).compilation
    assert c.unanswered == ["Kulturnämnden"]
    assert c.preparation.endswith("Hässelby-Vällingby stadsdelsnämnd, Norrmalms stadsdelsnämnd och Kulturnämnden.")
    late = c.bodies[-1]
    assert (late.decision_sentence, late.statement_sentence, late.wording) == ("", "", [])


def test_a_draft_exports_only_as_a_draft(draft_matter):
    with pytest.raises(DraftNotFinal) as refused:
        documents.build(draft_matter)
    assert "MIG 2024-17" in str(refused.value) and "--draft" in str(refused.value)
    doc = documents.build(draft_matter, draft=True)
    assert doc.draft and doc.title.startswith("UTKAST – Tjänsteutlåtande:")
    assert doc.statement.version == 3 and not doc.statement.approved  # the latest version
    assert doc.statement.proposal == ["Nämnden godkänner yttrandet.", "Paragrafen justeras omedelbart."]
    assert doc.statement.attachments_heading == "Bilagor"
    assert doc.statement.subtitle == "Svar på remiss från Migrationsverket, Dnr MIG 2024-17"


def test_facts_are_filled_in_and_listed_with_their_definition(draft_matter):
    st = documents.build(draft_matter, draft=True).statement
    views = next(section for section in st.sections if section.key == "views")
    assert views.paragraphs == [f"Enheten ser ett behov. {COUNTED}"]
    assert "[[fakta" not in str(st)
    (fact,) = st.facts
    assert (fact.number, fact.text, fact.definition) == (1, COUNTED, "Hushåll med minst ett rådgivningssamtal "
                                                                     "under året.")
    assert fact.computed_at == "2024-03-01T09:30:00+01:00" and fact.computed == "1 mars 2024 kl. 09.30"
    assert not fact.frozen


def test_a_matter_with_nothing_written_cannot_be_exported(unit, official):
    matter = actions.do_register_matter(actor=official, unit=unit, kind=Kind.OTHER, title="Tomt",
                                        received_on=dt.date(2024, 1, 1), handler=official)
    with pytest.raises(NothingToExport):
        documents.build(matter, draft=True)
