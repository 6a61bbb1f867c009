"""The engine's result document, shaped for the resident's result page (nothing is decided here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hemvag.public.questions import heading, who
from hemvag.public.selfcheck import BadAnswers, Person, question_for
from hemvag.rules.render import sek

NBSP = "\u00a0"


def amount_text(amount: int) -> str:
    """350000 -> "350 000 kr", with no-break spaces so the amount never wraps on a phone."""
    return sek(amount).replace(" ", NBSP)


@dataclass(frozen=True)
class Reason:
    text: str
    result: str  # met | not_met | unknown
    result_label: str
    about: str
    source: str | None
    verified: bool


@dataclass(frozen=True)
class Note:
    """Something Migrationsverket checks, or something to know before applying: never a condition."""

    text: str
    source: str | None
    verified: bool


@dataclass(frozen=True)
class Instalment:
    share_percent: int
    text: str
    amount: str | None


@dataclass(frozen=True)
class Presented:
    outcome: str
    headline: str
    amount: str | None
    amount_range: tuple[str, str] | None
    reasons: list[Reason]
    failed: list[Reason]
    unknown: list[Reason]
    documents: list[str]
    sources: list[str]
    regime: str | None
    open_questions: list[str]
    agency_checks: list[Note] = field(default_factory=list)
    consequences: list[Note] = field(default_factory=list)
    instalments: list[Instalment] = field(default_factory=list)
    instalments_assumed: bool = False



def _result_label(result: str) -> str:
    return {"met": _("Met"), "not_met": _("Not met")}.get(result, _("Not known"))


def _about(member_id: str | None, people: list[Person]) -> str:
    if member_id is None:
        return _("The household")
    index = int(member_id.removeprefix("p")) - 1
    if index == 0 or index >= len(people):
        return _("You")
    return who(people[index]).capitalize()


def _headline(outcome: str) -> str:
    if outcome == "eligible":
        return _("You may be able to get it")
    if outcome == "not_eligible":
        return _("You probably cannot get it")
    return _("We cannot tell yet")


def _open_questions(paths: list[str], people: list[Person]) -> list[str]:
    """The facts the engine still needs, as the questions the visitor could not answer."""
    questions = []
    for path in paths:
        try:
            questions.append(heading(question_for(path), people))
        except (BadAnswers, IndexError, KeyError):
            continue  # a fact the self-check does not ask about
    return questions


def _notes(raw: list[dict[str, Any]] | None) -> list[Note]:
    return [Note(n["text"], n["source"] if str(n["source"]).startswith("https://") else None, bool(n["verified"]))
            for n in raw or []]


def _instalments(raw: dict[str, Any] | None) -> list[Instalment]:
    if not raw:
        return []
    return [Instalment(part["share_percent"], part["text"],
                       amount_text(part["amount_sek"]) if part["amount_sek"] is not None else None)
            for part in raw["schedule"]]


def present(result: dict[str, Any], people: list[Person], lang: str) -> Presented:
    reasons = [
        Reason(r["text"], r["result"], _result_label(r["result"]), _about(r["member"], people), r["source"],
               bool(r["verified"]))
        for r in result["reasons"]
    ]
    low_high = result.get("amount_range_sek")
    sources = list(dict.fromkeys(r.source for r in reasons if r.source))
    return Presented(
        outcome=result["outcome"],
        headline=_headline(result["outcome"]),
        amount=amount_text(result["amount_sek"]) if result["amount_sek"] is not None else None,
        amount_range=(amount_text(low_high[0]), amount_text(low_high[1])) if low_high else None,
        reasons=reasons,
        failed=[r for r in reasons if r.result == "not_met"],
        unknown=[r for r in reasons if r.result == "unknown"],
        documents=list(result.get("documents_to_show") or []),
        sources=sources,
        regime=result.get("regime"),
        open_questions=_open_questions(result.get("missing") or [], people),
        agency_checks=_notes(result.get("agency_checks")),
        consequences=_notes(result.get("consequences")),
        instalments=_instalments(result.get("instalments")),
        instalments_assumed=bool((result.get("instalments") or {}).get("assumption")),
    )
