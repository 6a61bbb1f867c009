"""The forecasts' live fact for statements on motions and remisser: one finished run of the unit's scenarios,
quoted with its scenario, run, date and rules, and with the range and the reminder that its assumptions are
guesses. Computed for the drafter's own unit (matters authorise the drafter before they ask)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hemvag.core.reporting import Fact, FactError
from hemvag.forecasts import queries

MILLION = 1_000_000


def _millions(value: int) -> str:
    return number_format(round(value / MILLION), force_grouping=True)


def forecast_run(actor: object, unit: Any, argument: str) -> Fact:
    run = queries.unit_run(unit, int(argument)) if argument.isdigit() else None
    if run is None:
        raise FactError(_("Give the number of a finished forecast run of the unit (see Cost forecasts)."))
    result = run.result
    years = result["years"]
    totals = result["totals"]
    with translation.override("sv"):
        rules = ", ".join(sorted({y["regime"] for y in years if y["regime"]})) or "–"
        text = _("According to scenario %(scenario)s (run %(run)s of %(day)s, rules %(rules)s), on average "
                 "%(grants)s grants a year would be decided in %(first)d–%(last)d (%(low)s–%(high)s in all), and "
                 "SEK %(paid)s million would be paid in those years (%(paid_low)s–%(paid_high)s million).") % {
            "scenario": run.scenario_id, "run": run.pk, "day": f"{run.finished_at:%Y-%m-%d}", "rules": rules,
            "grants": number_format(round(totals["grants"]["mean"] / len(years), 1)),
            "first": years[0]["year"], "last": years[-1]["year"],
            "low": number_format(totals["grants"]["p5"], force_grouping=True),
            "high": number_format(totals["grants"]["p95"], force_grouping=True),
            "paid": _millions(totals["paid_sek"]["mean"]), "paid_low": _millions(totals["paid_sek"]["p5"]),
            "paid_high": _millions(totals["paid_sek"]["p95"])}
        definition = _("A cost forecast by Hemväg's rules engine: who is eligible and the amounts from the rules, "
                       "household by household; take-up, decision lag and instalments are the scenario's "
                       "assumptions (%(assumptions)s). The ranges are the 5th and 95th percentiles over %(runs)s "
                       "runs and show only the chance in who applies.") % {
            "assumptions": run.scenario.assumptions.splitlines()[0] if run.scenario.assumptions
            else _("not described"), "runs": result["runs"]}
    return Fact(key="forecasts.forecast_run", argument=str(run.pk), text=text, definition=definition,
                computed_at=timezone.localtime().isoformat(timespec="seconds"))
