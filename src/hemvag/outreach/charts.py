"""A project's budget against its spend, per year: bars with the table beside them on the page."""

from __future__ import annotations

import matplotlib
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from hemvag.core.charts import COLOURS, STYLE, figure_svg, safe_id
from hemvag.outreach.queries import BudgetYear


def budget_chart(years: list[BudgetYear], chart_id: str) -> str:
    chart_id = safe_id(chart_id)
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(6.0, 2.8), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(years)))
        axes.bar([p - 0.2 for p in positions], [y.budget / 1000 for y in years], width=0.4, color=COLOURS[0],
                 label=_("Budget"))
        axes.bar([p + 0.2 for p in positions], [y.spent / 1000 for y in years], width=0.4, color=COLOURS[1],
                 label=_("Spent"))
        axes.set_xticks(positions, [str(y.year) for y in years])
        axes.set_ylabel(_("thousand SEK"))
        axes.set_ylim(bottom=0)
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
        words = ". ".join(_("%(year)d: budget %(budget)s, spent %(spent)s") % {
            "year": y.year, "budget": f"{y.budget:,}".replace(",", " "), "spent": f"{y.spent:,}".replace(",", " ")}
            for y in years)
        return figure_svg(figure, _("Budget and spend per year (thousand SEK)"), words + ".", chart_id)
