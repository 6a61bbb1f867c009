"""Payment in instalments (return grant from 2026): the count is confirmed, the schedule is not.

RULES.md §2: the grant is paid in three instalments (confirmed by news, TT 2026-03-02); the schedule
one outlet reported (one fifth before leaving, 40 % on arrival, the rest after at least 15 months
abroad) is ``verified: false``.  The schedule is a dated parameter (``return_grant.instalment_schedule``)
and is the *default* schedule of a forecast of payments: an assumption, and every result that shows it
says so.
"""

from __future__ import annotations

from typing import Any, Final

from hemvag.rules.parameters import Params
from hemvag.rules.programs import Regime

# When each instalment of the reported three-part schedule falls due; a schedule of another length
# is shown by number only.
STAGES: Final = ("before_departure", "on_arrival", "after_months_abroad")
STAGE_TEXTS: Final = {
    "before_departure": {"sv": "före avresan", "en": "before leaving"},
    "on_arrival": {"sv": "vid ankomsten", "en": "on arrival"},
    "after_months_abroad": {
        "sv": "efter minst {months} månader utomlands",
        "en": "after at least {months} months abroad",
    },
}
TEXTS: Final = {
    "assumed": {
        "sv": "Bidraget betalas ut i {count} delar. Fördelningen är ett antagande (rapporterad, inte bekräftad).",
        "en": "The grant is paid in {count} instalments. The split is an assumption (reported, not confirmed).",
    },
    "confirmed": {
        "sv": "Bidraget betalas ut i {count} delar.",
        "en": "The grant is paid in {count} instalments.",
    },
    "number": {"sv": "delutbetalning {number}", "en": "instalment {number}"},
}


def split(amount: int, shares: tuple[int, ...]) -> list[int]:
    """``amount`` in whole kronor by per-cent shares; the last instalment is the rest, so they add up."""
    parts = [amount * share // 100 for share in shares[:-1]]
    return [*parts, amount - sum(parts)]


def default_schedule(params: Params, program: str = "return_grant") -> tuple[int, ...]:
    """The per-cent shares a forecast assumes unless told otherwise (empty: no instalments in force)."""
    return params.percents(f"{program}.instalment_schedule")


def instalments(regime: Regime, params: Params, amount: int | None, lang: str) -> dict[str, Any] | None:
    """The result's ``instalments`` field, or None when the regime pays in one sum (or says nothing)."""
    count = params.get(regime.amount_key("instalments"))
    shares = default_schedule(params, regime.program)
    if not regime.instalments or not isinstance(count, int):
        return None
    months = params.get(regime.amount_key("last_instalment_months_abroad"))
    stages = STAGES if len(shares) == len(STAGES) else ()
    amounts = split(amount, shares) if amount is not None and shares else [None] * len(shares)
    schedule = []
    for number, (share, part) in enumerate(zip(shares, amounts, strict=True), 1):
        stage = stages[number - 1] if stages else None
        when = (
            STAGE_TEXTS[stage][lang].format(months=months)
            if stage
            else TEXTS["number"][lang].format(number=number)
        )
        schedule.append({"number": number, "share_percent": share, "when": stage, "text": when, "amount_sek": part})
    schedule_keys = ("instalment_schedule", "last_instalment_months_abroad")
    schedule_verified = all(params.verified(regime.amount_key(key)) for key in schedule_keys)
    return {
        "count": count,
        "count_verified": params.verified(regime.amount_key("instalments")),
        "schedule": schedule,
        "schedule_verified": schedule_verified,
        "assumption": not schedule_verified,
        "text": TEXTS["confirmed" if schedule_verified else "assumed"][lang].format(count=count),
        "source": params.entries[regime.amount_key("instalments")].source,
    }
