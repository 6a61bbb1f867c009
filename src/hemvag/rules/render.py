"""Plain-text rendering for a counsellor in a terminal (Swedish by default, English with --lang en)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from hemvag.rules.parameters import DatedValue, Parameter, ParameterSet, Params
from hemvag.rules.programs import Condition, Note, NoteKind, Regime

LABELS: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "application_date": "Ansökningsdag", "regime": "Regelverk", "outcome": "Resultat",
        "eligible": "HAR RÄTT TILL STÖD", "not_eligible": "HAR INTE RÄTT TILL STÖD",
        "needs_information": "UPPGIFTER SAKNAS", "persons": "Personer", "conditions": "Villkor",
        "met": "uppfyllt", "not_met": "ej uppfyllt", "unknown": "okänt", "unverified": "ej verifierad",
        "missing": "Saknade uppgifter (fråga i denna ordning)", "documents": "Dokument att kunna visa upp",
        "sources": "Källor", "adult": "vuxen", "child": "barn", "excluded": "räknas inte",
        "undetermined": "oklart", "range": "beroende på saknade uppgifter", "household": "hushållet",
        "main_applicant": "huvudsökande", "spouse": "make/maka", "cohabiting_partner": "sambo",
        "other_relative": "annan anhörig", "parameters": "Parametrar", "verified": "verifierad",
        "reviewed": "granskad", "in_force": "gäller", "none": "inget regelverk gäller",
        "provisional": "preliminärt", "agency_checks": "Migrationsverket kontrollerar också",
        "consequences": "Bra att veta innan du ansöker", "instalments": "Utbetalning",
    },
    "en": {
        "application_date": "Application date", "regime": "Rule set", "outcome": "Outcome",
        "eligible": "ELIGIBLE", "not_eligible": "NOT ELIGIBLE", "needs_information": "NEEDS INFORMATION",
        "persons": "Persons", "conditions": "Conditions", "met": "met", "not_met": "not met",
        "unknown": "unknown", "unverified": "not verified", "missing": "Missing facts (ask in this order)",
        "documents": "Documents to be able to show", "sources": "Sources", "adult": "adult", "child": "child",
        "excluded": "does not count", "undetermined": "undetermined", "range": "depending on missing facts",
        "household": "household", "main_applicant": "main applicant", "spouse": "spouse",
        "cohabiting_partner": "cohabiting partner", "other_relative": "other relative",
        "parameters": "Parameters", "verified": "verified", "reviewed": "reviewed", "in_force": "in force",
        "none": "no rule set in force", "provisional": "provisional",
        "agency_checks": "Migrationsverket also checks", "consequences": "To know before applying",
        "instalments": "Payment",
    },
}  # fmt: skip


def sek(amount: int) -> str:
    """350000 -> '350 000 kr' (Swedish digit grouping)."""
    return f"{amount:,}".replace(",", " ") + " kr"


def _member_line(member: dict[str, Any], t: dict[str, str]) -> str:
    role = t.get(member["role"], member["role"])
    counted = t[member["counted_as"]]
    if member["outcome"] == "needs_information" and member["counted_as"] in ("adult", "child"):
        counted += f" ({t['provisional']})"
    amount = sek(member["amount_sek"]) if member.get("amount_sek") is not None else ""
    line = (
        f"  {member['id']:<8} {role:<20} {counted:<14} {amount:>12}"
        if amount
        else f"  {member['id']:<8} {role:<20} {counted}"
    )
    if member["counted_as"] == "excluded":
        line = f"  {member['id']:<8} {role:<20} {counted}: {member.get('reason', '')}"
    return line.rstrip()


def render_result(result: dict[str, Any], lang: str) -> list[str]:
    t = LABELS[lang]
    lines = [f"{result.get('program_name', result['program'])} ({result['program']})"]
    lines.append(f"{t['regime']}: {result['regime'] or t['none']}  {result.get('statute') or ''}".rstrip())
    headline = f"{t['outcome']}: {t[result['outcome']]}"
    if result["amount_sek"] is not None:
        headline += f" — {sek(result['amount_sek'])}"
    elif result.get("amount_range_sek"):
        low, high = result["amount_range_sek"]
        headline += f" — {sek(low)}–{sek(high)} {t['range']}"
    lines += [headline, "", f"{t['persons']}:"]
    lines += [_member_line(m, t) for m in result["members"]]
    sources: list[str] = []
    lines += ["", f"{t['conditions']}:"]
    for reason in result["reasons"]:
        if reason["source"] and reason["source"] not in sources:
            sources.append(reason["source"])
        ref = f"[{sources.index(reason['source']) + 1}]" if reason["source"] else ""
        flag = "" if reason["verified"] else f" ({t['unverified']})"
        who = reason["member"] or t["household"]
        lines.append(f"  {t[reason['result']]:<12} {who:<10} {reason['text']}{flag} {ref}".rstrip())
    if result["missing"]:
        lines += ["", f"{t['missing']}:"]
        lines += [f"  {i}. {path}" for i, path in enumerate(result["missing"], 1)]
    if result["documents_to_show"]:
        lines += ["", f"{t['documents']}:"]
        lines += [f"  - {text}" for text in result["documents_to_show"]]
    for kind in ("agency_checks", "consequences"):
        if result.get(kind):
            lines += ["", f"{t[kind]}:"]
            lines += [
                f"  - {note['text']}{'' if note['verified'] else ' (' + t['unverified'] + ')'}" for note in result[kind]
            ]
    if result.get("instalments"):
        plan = result["instalments"]
        lines += ["", f"{t['instalments']}: {plan['text']}"]
        for part in plan["schedule"]:
            amount = f" — {sek(part['amount_sek'])}" if part["amount_sek"] is not None else ""
            lines.append(f"  {part['number']}. {part['share_percent']} % {part['text']}{amount}")
    if sources:
        lines += ["", f"{t['sources']}:"]
        lines += [f"  [{i}] {url}" for i, url in enumerate(sources, 1)]
    return lines


def render_document(document: dict[str, Any], lang: str) -> str:
    t = LABELS[lang]
    lines = [f"{t['application_date']}: {document['evaluated_on']}"]
    for result in document["results"]:
        lines += ["", "=" * 78, *render_result(result, lang)]
    return "\n".join(lines) + "\n"


# --- rules list / rules show ---------------------------------------------------------------------------


def _flag(verified: bool, t: dict[str, str]) -> str:
    return t["verified"] if verified else t["unverified"].upper()


def _value_text(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", " ")
    return str(value)


def condition_lines(condition: Condition, lang: str, params: Params | None = None) -> list[str]:
    t = LABELS[lang]
    return [
        f"  {condition.id}  [{_flag(condition.verified, t)}]",
        f"      {condition.text(lang, params)}",
        f"      {condition.statute} — {condition.source}",
    ]


def note_lines(note: Note, lang: str) -> list[str]:
    t = LABELS[lang]
    return [
        f"  {note.id}  [{_flag(note.verified, t)}]",
        f"      {note.text(lang)}",
        f"      {note.statute} — {note.source}",
    ]


def value_lines(parameter: Parameter, value: DatedValue, lang: str) -> list[str]:
    t = LABELS[lang]
    period = f"{value.start.isoformat()} – {value.until.isoformat() if value.until else ''}".rstrip()
    reviewed = value.last_reviewed.isoformat() if value.last_reviewed else "-"
    return [
        f"  {parameter.key} = {_value_text(value.value)}  ({period})  [{_flag(value.verified, t)}]",
        f"      {parameter.description_sv if lang == 'sv' else parameter.description_en}",
        f"      {value.reference} — {value.source}  ({t['reviewed']} {reviewed})",
    ]


def regime_lines(
    regime: Regime,
    parameters: ParameterSet,
    lang: str,
    on: dt.date | None = None,
    unverified_only: bool = False,
) -> list[str]:
    """Every condition and parameter value of a regime (in force on ``on``, or over its whole period)."""
    t = LABELS[lang]
    lines = [f"{regime.id} — {regime.statute}", f"{t['conditions']}:"]
    periods = [v for v in parameters.parameters[f"{regime.program}.regime"].values if v.value == regime.id]
    # Texts name parameter values ("within 2 months"): those in force on the day, or when the regime began.
    day = on or (periods[0].start if periods else None)
    params = parameters.on(day) if day is not None else None
    for condition in regime.conditions:
        if not unverified_only or not condition.verified:
            lines += condition_lines(condition, lang, params)
    kinds: tuple[tuple[NoteKind, str], ...] = (("agency_check", "agency_checks"), ("consequence", "consequences"))
    for kind, label in kinds:
        notes = [n for n in regime.notes_of(kind) if not unverified_only or not n.verified]
        if notes:
            lines.append(f"{t[label]}:")
            for note in notes:
                lines += note_lines(note, lang)
    lines.append(f"{t['parameters']}:")
    for key in regime.parameter_keys:
        parameter = parameters.parameters.get(key)
        if parameter is None:
            continue
        for value in parameter.values:
            if value.value is None or (unverified_only and value.verified):
                continue
            if on is not None and not value.covers(on):
                continue
            if on is None and not any(_overlaps(value, period) for period in periods):
                continue
            lines += value_lines(parameter, value, lang)
    return lines


def _overlaps(a: DatedValue, b: DatedValue) -> bool:
    return (a.until is None or a.until >= b.start) and (b.until is None or b.until >= a.start)
