"""Evaluate one household: the result document of docs/cli.md.

Outcome (per programme, in the regime in force on the application date):
- a condition on the main applicant or the household that is known to fail -> ``not_eligible``;
- otherwise, if such a condition is unknown, or the amount is not decided (the lowest and highest
  amount the unknown member facts allow differ, see amounts.py) -> ``needs_information``;
- otherwise ``eligible`` with the amount.

``missing`` ordering (the self-check asks one question at a time, in this order):
1. the unknown facts that decide whether the main applicant/household qualifies (any one of them can
   alone decide ``not_eligible``), in the order of ``facts.FACTS`` (knock-out facts first);
2. then, only when the amount is still open, each member's unknown facts in file order (who counts,
   then the birth date that decides adult or child).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from hemvag.rules.amounts import COUPLE_ROLES, capped_total, rate_tables
from hemvag.rules.expr import Adult
from hemvag.rules.facts import Household, Member, fact, missing_paths
from hemvag.rules.instalments import instalments
from hemvag.rules.parameters import ParameterSet, Params, ParamValue, load_parameters
from hemvag.rules.programs import Condition, Note, NoteKind, Program, Regime, selected_programs
from hemvag.rules.tri import MET, NOT_MET, OUTCOME_NAMES, RESULT_NAMES, UNKNOWN

ADULT: Final = Adult()
BIRTH_BIT: Final = 1 << fact("birth_date").bit
_DEFAULT: list[ParameterSet] = []

TEXTS: Final = {
    "main_not_qualifying": {
        "sv": "Huvudsökanden uppfyller inte villkoren",
        "en": "The main applicant does not meet the conditions",
    },
    "not_in_force": {
        "sv": "Inget regelverk gäller på ansökningsdagen",
        "en": "No rule set is in force on that date",
    },
}


def default_parameters() -> ParameterSet:
    """The packaged parameters, loaded once (they are immutable)."""
    if not _DEFAULT:
        _DEFAULT.append(load_parameters())
    return _DEFAULT[0]


@dataclass(frozen=True, slots=True)
class Evaluated:
    """Numeric outcome of one programme for one household (what the batch path must reproduce)."""

    regime: str | None
    outcome: int  # tri: NOT_MET = not eligible, UNKNOWN = needs information, MET = eligible
    amount: int | None
    missing: list[str]


def jsonable(value: ParamValue) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


class RegimeEvaluation:
    """All condition values of one regime for one household, and what follows from them."""

    def __init__(self, regime: Regime, household: Household, params: Params) -> None:
        self.regime, self.household, self.params = regime, household, params
        self.main_index = household.main_index
        main = household.members[self.main_index]
        self.household_values = [c.expr.one(main, household, params) for c in regime.household]
        self.main_status = min(self.household_values, default=MET)
        self.member_values: list[list[int]] = []
        self.own_status: list[int] = []
        self.adult: list[int] = []
        for index, member in enumerate(household.members):
            values = [] if index == self.main_index else [c.expr.one(member, household, params) for c in regime.members]
            self.member_values.append(values)
            self.own_status.append(min(values, default=MET))
            self.adult.append(ADULT.one(member, household, params))
        self.low, self.high = self._amount_range()

    def _amount_range(self) -> tuple[int, int]:
        """Lowest and highest household amount the unknown facts allow (see amounts.py)."""
        low_rates, high_rates = rate_tables(self.regime, self.params)
        couple_low = couple_high = others_low = others_high = 0
        for member, status, adult in zip(self.household.members, self.own_status, self.adult, strict=True):
            if member.role in COUPLE_ROLES:
                couple_low += low_rates[status][adult]
                couple_high += high_rates[status][adult]
            else:
                others_low += low_rates[status][adult]
                others_high += high_rates[status][adult]
        return (
            capped_total(couple_low, others_low, self.regime, self.params),
            capped_total(couple_high, others_high, self.regime, self.params),
        )

    @property
    def outcome(self) -> int:
        if self.main_status == NOT_MET:
            return NOT_MET
        if self.main_status == UNKNOWN or self.low != self.high:
            return UNKNOWN
        return MET

    def member_status(self, index: int) -> int:
        return min(self.main_status, self.own_status[index])

    def missing(self) -> list[str]:
        if self.main_status == NOT_MET:
            return []
        main = self.household.members[self.main_index]
        household_bits = 0
        for condition, value in zip(self.regime.household, self.household_values, strict=True):
            if value == UNKNOWN:
                household_bits |= condition.expr.missing_bits(main, self.household, self.params)
        member_bits: list[tuple[int, int]] = []
        if self.low != self.high:
            for index, member in enumerate(self.household.members):
                member_bits.append((index, self._member_missing_bits(index, member)))
        return missing_paths(household_bits, self.main_index, member_bits)

    def _member_missing_bits(self, index: int, member: Member) -> int:
        if self.own_status[index] == NOT_MET:
            return 0
        bits = BIRTH_BIT if self.adult[index] == UNKNOWN else 0
        if index != self.main_index:
            for condition, value in zip(self.regime.members, self.member_values[index], strict=True):
                if value == UNKNOWN:
                    bits |= condition.expr.missing_bits(member, self.household, self.params)
        return bits

    def evaluated(self) -> Evaluated:
        outcome = self.outcome
        return Evaluated(self.regime.id, outcome, self.low if outcome == MET else None, self.missing())


def _reason(
    condition: Condition, member: Member | None, value: int, e: RegimeEvaluation, fixed: dict[str, Any]
) -> dict[str, Any]:
    verified = condition.verified and all(e.params.verified(key) for key in condition.verified_by)
    if condition.unverified_if is not None and member is not None:
        verified = verified and condition.unverified_if.one(member, e.household, e.params) != MET
    member_id = member.id if member is not None else None
    return {"rule": condition.id, "member": member_id, "result": RESULT_NAMES[value], **fixed, "verified": verified}


def _fixed_reason_parts(regime: Regime, params: Params, lang: str) -> dict[str, dict[str, Any]]:
    """Per condition, the parts of a reason that depend only on the language and the day."""
    return {c.id: {"text": c.text(lang, params), "source": c.source, "statute": c.statute} for c in regime.conditions}


def _reasons(e: RegimeEvaluation, lang: str) -> list[dict[str, Any]]:
    fixed = e.params.derived(("reasons", e.regime.id, lang), lambda: _fixed_reason_parts(e.regime, e.params, lang))
    main = e.household.members[e.main_index]
    reasons = [
        _reason(c, None if c.scope == "household" else main, v, e, fixed[c.id])
        for c, v in zip(e.regime.household, e.household_values, strict=True)
    ]
    for index, member in enumerate(e.household.members):
        if index != e.main_index:
            for condition, value in zip(e.regime.members, e.member_values[index], strict=True):
                reasons.append(_reason(condition, member, value, e, fixed[condition.id]))
    return reasons


def _member_result(e: RegimeEvaluation, index: int, lang: str) -> dict[str, Any]:
    member = e.household.members[index]
    status, adult = e.member_status(index), e.adult[index]
    result: dict[str, Any] = {"id": member.id, "role": member.role}
    if status == NOT_MET:
        household_failed = [c for c, v in zip(e.regime.household, e.household_values, strict=True) if v == NOT_MET]
        own_failed = [c for c, v in zip(e.regime.members, e.member_values[index], strict=False) if v == NOT_MET]
        failed = own_failed or household_failed
        reason = (
            TEXTS["main_not_qualifying"][lang]
            if not own_failed and index != e.main_index
            else "; ".join(c.text(lang, e.params) for c in failed)
        )
        result.update(
            counted_as="excluded",
            outcome="not_eligible",
            amount_sek=None,
            excluded_by=[c.id for c in failed],
            reason=reason,
        )
        return result
    low_rates, _ = rate_tables(e.regime, e.params)
    # How the member counts once their own conditions are met and the age is known; the member's
    # outcome is decided only when the main applicant's conditions are met too.
    counts = e.own_status[index] == MET and adult != UNKNOWN
    decided = counts and status == MET
    result.update(
        counted_as=("adult" if adult == MET else "child") if counts else "undetermined",
        outcome="eligible" if decided else "needs_information",
        amount_sek=low_rates[MET][adult] if decided else None,
    )
    return result


def _documents(e: RegimeEvaluation, lang: str) -> tuple[list[str], list[dict[str, Any]]]:
    texts: list[str] = []
    structured: list[dict[str, Any]] = []
    for document in e.regime.documents:
        missing_for = []
        if document.fact_column is not None:
            getter = fact(document.fact_column).get
            missing_for = [m.id for m in e.household.members if getter(m, e.household) is False]
        text = document.text(lang)
        if missing_for:
            label = "saknas enligt uppgifterna för" if lang == "sv" else "missing according to the facts for"
            text = f"{text} ({label}: {', '.join(missing_for)})"
        texts.append(text)
        structured.append({"id": document.id, "text": document.text(lang), "missing_for": missing_for})
    return texts, structured


def _notes(regime: Regime, kind: NoteKind, lang: str) -> list[dict[str, Any]]:
    """Agency checks or consequences: shown with their sources and flags, never conditions."""
    return [_note(note, lang) for note in regime.notes_of(kind)]


def _note(note: Note, lang: str) -> dict[str, Any]:
    return {"id": note.id, "text": note.text(lang), "source": note.source, "statute": note.statute,
            "verified": note.verified}  # fmt: skip


def _not_in_force(program: Program, params: Params, lang: str) -> dict[str, Any]:
    return {
        "program": program.id,
        "regime": None,
        "outcome": "not_eligible",
        "amount_sek": None,
        "members": [],
        "reasons": [
            {
                "rule": f"{program.id}.in_force",
                "member": None,
                "result": "not_met",
                "text": TEXTS["not_in_force"][lang],
                "source": None,
                "statute": None,
                "verified": True,
            }
        ],
        "missing": [],
        "documents_to_show": [],
        "documents": [],
        "agency_checks": [],
        "consequences": [],
        "instalments": None,
        "parameters": {program.regime_parameter: None},
    }


def _parameters(regime: Regime, params: Params) -> dict[str, Any]:
    return {key: jsonable(params.get(key)) for key in regime.parameter_keys}


def regime_in_force(program: Program, params: Params) -> Regime | None:
    regime_id = params.get(program.regime_parameter)
    return program.regime(regime_id) if isinstance(regime_id, str) else None


def evaluate_program(program: Program, household: Household, params: Params, lang: str = "sv") -> dict[str, Any]:
    regime = regime_in_force(program, params)
    if regime is None:
        return _not_in_force(program, params, lang)
    e = RegimeEvaluation(regime, household, params)
    outcome = e.outcome
    amount = e.low if outcome == MET else None
    documents_to_show, documents = _documents(e, lang)
    return {
        "program": program.id,
        "program_name": program.name(lang),
        "regime": regime.id,
        "statute": regime.statute,
        "outcome": OUTCOME_NAMES[outcome],
        "amount_sek": amount,
        "amount_range_sek": [e.low, e.high] if outcome == UNKNOWN and e.main_status != NOT_MET else None,
        "members": [_member_result(e, i, lang) for i in range(len(household.members))],
        "reasons": _reasons(e, lang),
        "missing": e.missing(),
        "documents_to_show": documents_to_show,
        "documents": documents,
        # What Migrationsverket also checks (the engine cannot know it) and what follows from a grant.
        "agency_checks": _notes(regime, "agency_check", lang),
        "consequences": _notes(regime, "consequence", lang),
        "instalments": instalments(regime, params, amount, lang),
        "parameters": dict(params.derived(("parameters", regime.id), lambda: _parameters(regime, params))),
    }


def evaluate(
    household: Household, program: str = "all", lang: str = "sv", parameters: ParameterSet | None = None
) -> dict[str, Any]:
    """The contract's result document for one household (``program``: an id or ``all``)."""
    params = (parameters or default_parameters()).on(household.application_date)
    return {
        "evaluated_on": household.application_date.isoformat(),
        "results": [evaluate_program(p, household, params, lang) for p in selected_programs(program)],
    }


def evaluate_numeric(household: Household, program: Program, parameters: ParameterSet | None = None) -> Evaluated:
    """Outcome, amount, missing and regime only: the fields the batch path produces."""
    params = (parameters or default_parameters()).on(household.application_date)
    regime = regime_in_force(program, params)
    if regime is None:
        return Evaluated(None, NOT_MET, None, [])
    return RegimeEvaluation(regime, household, params).evaluated()
