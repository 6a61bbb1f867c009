"""The forecasts' section of the annual report: the unit's forecasts finished in the year, each with its rules,
its assumptions in the author's words and a plain statement of what is a guess, so a committee reading the PDF
never takes a forecast for more certain than its inputs."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hemvag.core.reporting import Heading, Paragraph, ReportPeriod, Section, TableFigure
from hemvag.forecasts import charts, queries
from hemvag.forecasts.presentation import FIGURES

SHOWN = ("applications", "grants", "granted_sek", "paid_sek")


def _figure(value: dict[str, Any]) -> str:
    def number(n: Any) -> str:
        return number_format(n, force_grouping=True)

    return f"{number(value['mean'])} ({number(value['p5'])}–{number(value['p95'])})"


def _table(run: Any) -> TableFigure:
    labels = dict(FIGURES)
    rows = [[str(year["year"]), year["regime"] or "–", *(_figure(year[name]) for name in SHOWN)]
            for year in run.result["years"]]
    rows.append([_("Total"), "", *(_figure(run.result["totals"][name]) for name in SHOWN)])
    return TableFigure(
        key=f"forecast-{run.pk}", caption=_("Scenario %(number)s, run %(run)s: %(name)s") % {
            "number": run.scenario_id, "run": run.pk, "name": run.scenario.name},
        headers=[_("Year"), _("Rules"), *(str(labels[name]) for name in SHOWN)], rows=rows,
        svg=charts.cost_chart(run.result, f"forecast-cost-{run.pk}"),
        notes=[_("Means over %(runs)s runs; in brackets the 5th–95th percentile.") % {"runs": run.result["runs"]}])


def forecasts(actor: object, period: ReportPeriod) -> Section | None:
    runs = queries.report_runs(actor, period.unit, period.year)
    if not runs:
        return None
    with translation.override(period.language):
        blocks: list[Heading | Paragraph | TableFigure] = [Paragraph(_(
            "The unit's cost forecasts of the year, each the latest run of its scenario. Who is eligible and the "
            "amounts come from the rules engine, household by household; take-up, the share of households that "
            "apply without being eligible, the time to a decision and the instalments are assumptions. The ranges "
            "show only the chance in who applies, not how wrong the assumptions may be."))]
        for run in runs:
            blocks.append(Heading(run.scenario.name))
            blocks.append(Paragraph(_("Scenario %(number)s, run %(run)s of %(day)s; rules: %(rules)s.") % {
                "number": run.scenario_id, "run": run.pk, "day": f"{run.finished_at:%Y-%m-%d}",
                "rules": ", ".join(sorted({y["regime"] for y in run.result["years"] if y["regime"]})) or "–"}))
            blocks.append(Paragraph(run.scenario.assumptions or _(
                "This scenario does not say where its assumptions come from.")))
            blocks.append(_table(run))
        return Section("forecasts", _("Cost forecasts"), list(blocks))
